package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// Destructive actions (withdraw a person, delete a session, revoke a
// badge...) take a confirmation step that works without JavaScript (issue
// 23): the POST acts only when the form says confirm=yes, which only the
// confirmation page's form sends. Any other POST to it (the button on the
// record's page, an old form, a double click) is sent with a 303 to the
// confirmation page, a GET of the same path, and nothing is written. Both
// routes are in the route table with the same name, path and permission.

// confirmField is the form field the confirmation page's form sends.
const confirmField = "confirm"

// question describes a destructive action for its confirmation page from
// the request's path parameters (loading the record, so that a record the
// actor may not see answers 404 here too).
type question func(c echo.Context) (views.Confirm, error)

// confirmed wraps a destructive POST handler: without confirm=yes it sends
// the browser to the confirmation page instead of acting. It asks q first,
// so that a record the actor may not see (or that does not exist) answers
// exactly as the action would, 404, rather than with a redirect.
func confirmed(q question, h echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.FormValue(confirmField) != "yes" {
			if _, err := q(c); err != nil {
				return err
			}
			return c.Redirect(http.StatusSeeOther, c.Request().URL.Path)
		}
		return h(c)
	}
}

// confirmPage is the GET of a destructive action's path: what will happen,
// a danger button that posts it with confirm=yes, and a way back.
func (s *Server) confirmPage(q question) echo.HandlerFunc {
	return func(c echo.Context) error {
		conf, err := q(c)
		if err != nil {
			return err
		}
		conf.Action = c.Request().URL.Path
		if back := s.wayBack(c, http.StatusOK); back.Href != "" && back.Href != conf.Action {
			conf.Cancel = back.Href
		}
		if conf.Cancel == "" {
			conf.Cancel = conf.Fallback
		}
		return s.render(c, http.StatusOK, views.ConfirmPage(conf))
	}
}

// The questions of the destructive routes. Those that name a record load it
// as the action's handler does, so a record the actor may not see answers
// 404 on the confirmation page exactly as on the action.

func (s *Server) askDelegateWithdraw(c echo.Context) (views.Confirm, error) {
	m, r, err := s.loadPerson(c)
	if err != nil {
		return views.Confirm{}, err
	}
	return views.Confirm{Title: fmt.Sprintf("Withdraw %s from %s?", r.FullName(), m.Title),
		Detail: "They leave the delegation's list for this meeting and their badge no longer admits them; the history is kept.",
		Button: "Withdraw " + r.FullName(), Fallback: paths.Person(m.Code, r.ID)}, nil
}

func (s *Server) askSessionDelete(c echo.Context) (views.Confirm, error) {
	m, err := s.pathMeeting(c)
	if err != nil {
		return views.Confirm{}, err
	}
	id, err := pathID(c, "id", "Session")
	if err != nil {
		return views.Confirm{}, err
	}
	x, err := s.db.FindSessionByID(c.Request().Context(), id)
	if err != nil {
		return views.Confirm{}, err
	}
	if x.MeetingID != m.ID {
		return views.Confirm{}, convene.Errorf(convene.ENOTFOUND, "There is no such session.")
	}
	return views.Confirm{Title: fmt.Sprintf("Delete the session “%s”?", x.Title),
		Detail: "It leaves the working programme of " + m.Title + ". A published programme keeps it until the next publication.",
		Button: "Delete this session", Fallback: paths.Session(m.Code, x.ID)}, nil
}

func (s *Server) askDelegationDelete(c echo.Context) (views.Confirm, error) {
	m, err := s.pathMeeting(c)
	if err != nil {
		return views.Confirm{}, err
	}
	country, err := s.db.FindCountryByISO3(c.Request().Context(), strings.ToUpper(c.Param("country")))
	if err != nil {
		return views.Confirm{}, err
	}
	return views.Confirm{Title: fmt.Sprintf("Remove %s from %s?", country.Name, m.Title),
		Detail: "The delegation is taken off the meeting's participants.", Button: "Remove " + country.Name,
		Fallback: paths.Meeting(m.Code)}, nil
}

// askInMeeting is the question of a destructive action on a record of a
// meeting that the page names by its kind only.
func (s *Server) askInMeeting(title, detail, button string) question {
	return func(c echo.Context) (views.Confirm, error) {
		m, err := s.pathMeeting(c)
		if err != nil {
			return views.Confirm{}, err
		}
		return views.Confirm{Title: title, Detail: detail + " (" + m.Title + ")", Button: button, Fallback: paths.Meeting(m.Code)}, nil
	}
}

func (s *Server) askVenueDelete(c echo.Context) (views.Confirm, error) {
	id, err := pathID(c, "venue", "Venue")
	if err != nil {
		return views.Confirm{}, err
	}
	v, err := s.db.FindVenueByID(c.Request().Context(), id)
	if err != nil {
		return views.Confirm{}, err
	}
	return views.Confirm{Title: fmt.Sprintf("Delete the venue %s?", v.Name), Detail: "Its rooms are deleted with it.",
		Button: "Delete " + v.Name, Fallback: paths.Venue(v.ID)}, nil
}

func (s *Server) askRoomDelete(c echo.Context) (views.Confirm, error) {
	id, err := pathID(c, "venue", "Venue")
	if err != nil {
		return views.Confirm{}, err
	}
	v, err := s.db.FindVenueByID(c.Request().Context(), id)
	if err != nil {
		return views.Confirm{}, err
	}
	return views.Confirm{Title: fmt.Sprintf("Delete this room of %s?", v.Name), Detail: "Sessions and holds in it lose their room.",
		Button: "Delete the room", Fallback: paths.Venue(v.ID)}, nil
}

func (s *Server) askCalendarFeedRevoke(echo.Context) (views.Confirm, error) {
	return views.Confirm{Title: "Turn off your calendar link?",
		Detail: "Calendars subscribed to it stop updating. You can make a new link afterwards.",
		Button: "Turn off the link", Fallback: paths.Account()}, nil
}

func (s *Server) askMeetingLinks(c echo.Context) (views.Confirm, error) {
	m, err := s.pathMeeting(c)
	if err != nil {
		return views.Confirm{}, err
	}
	n, err := s.db.MeetingMissingLinks(c.Request().Context(), m.ID)
	if err != nil {
		return views.Confirm{}, err
	}
	conf := views.Confirm{Title: fmt.Sprintf("E-mail personal links to %s of %s?", peopleCount(n.Sent), m.Title),
		Detail: "Everyone in every delegation who may still register, has an e-mail address and holds no link that works " +
			"is sent a new link that works for 14 days. People who hold a working link get nothing.",
		Button: fmt.Sprintf("Send %d links", n.Sent), Fallback: paths.Delegations(m.Code)}
	if n.NoEmail > 0 {
		conf.Detail += " " + peopleCount(n.NoEmail) + " without an e-mail address get none: send theirs from their page."
	}
	return conf, nil
}
