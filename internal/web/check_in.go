package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// sessionChoice is the message for a session that is not one of the list's.
const sessionChoice = "Choose a session from the list."

// checkInPage builds the desk of one session (0: arrival at the venue) with
// the form as given.
func (s *Server) checkInPage(c echo.Context, m convene.Meeting, sessionID int64, f views.Form) (templ.Component, error) {
	ctx := c.Request().Context()
	counts, err := s.db.CheckInCounts(ctx, m.ID, sessionID)
	if err != nil {
		return nil, err
	}
	sessions, err := s.db.FindSessions(ctx, convene.SessionFilter{MeetingIDs: []int64{m.ID}})
	if err != nil {
		return nil, err
	}
	opts := []views.Option{{Value: "", Label: "The meeting (arrival at the venue)"}}
	loc := m.Location()
	for _, x := range sessions {
		opts = append(opts, views.Option{Value: strconv.FormatInt(x.ID, 10),
			Label: convene.FormatInZone(x.StartsAt, loc, "Mon 15:04") + " · " + x.Title})
	}
	d := views.CheckInData{Meeting: m, Sessions: opts, Session: f.Get("session"), Form: f, Counts: counts,
		SessionID: sessionID}
	for _, x := range counts {
		d.Total.Accredited += x.Accredited
		d.Total.CheckedIn += x.CheckedIn
	}
	return views.CheckInPage(d), nil
}

// handleCheckInDesk is the desk of the meeting, or with ?session=ID of one
// session; a session that is not a number is a bad request.
func (s *Server) handleCheckInDesk(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	sessionID, err := queryID(c, "session", sessionChoice)
	if err != nil {
		return err
	}
	page, err := s.checkInPage(c, m, sessionID, views.Form{Values: map[string]string{"session": c.QueryParam("session")}})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, page)
}

// handleCheckIn checks a badge in. A refused code comes back on the same
// form, 422, with the reason next to the field and the code kept; a second
// scan of the same badge is not an error, the desk is told when the person
// was first checked in.
func (s *Server) handleCheckIn(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, "session", "code")}
	p := convene.Problems{}
	sessionID := formID(f.Get("session"), "session", sessionChoice, p)
	err = p.Err()
	var ci convene.CheckIn
	if err == nil {
		ci, err = s.db.CheckIn(c.Request().Context(), m.ID, sessionID, f.Get("code"))
	}
	if err != nil {
		if convene.ErrorCode(err) != convene.EINVALID {
			return err
		}
		f.Errors = convene.ErrorFields(err)
		page, perr := s.checkInPage(c, m, sessionID, f)
		if perr != nil {
			return perr
		}
		return s.render(c, http.StatusUnprocessableEntity, page)
	}
	who := fmt.Sprintf("%s (%s, %s)", ci.Delegate.DisplayName(), ci.Delegate.Country.Name, ci.Delegate.Role.Label())
	at := convene.FormatInZone(ci.At, m.Location(), "15:04")
	msg := "Checked in: " + who + " at " + at + "."
	if !ci.New {
		msg = "Already checked in: " + who + " at " + at + ". Nothing changed."
	}
	return s.redirect(c, paths.CheckInAt(m.Code, sessionID), msg)
}
