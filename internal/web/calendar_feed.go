package web

import (
	"bytes"
	"net/http"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/icalfeed"
	"convene/internal/paths"
	"convene/views"
)

// uidHost is the domain part of every session UID. It is fixed, not taken
// from the request, so that a session keeps one UID however Convene is
// reached and calendar clients never see it twice.
const uidHost = "convene.admm"

// writeICS answers with a calendar. Feeds are personal or change often, so
// they are never cached by intermediaries.
func writeICS(c echo.Context, f icalfeed.Feed, filename string) error {
	var buf bytes.Buffer
	if err := icalfeed.Write(&buf, f); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Disposition", `inline; filename="`+filename+`"`)
	return c.Blob(http.StatusOK, "text/calendar; charset=utf-8", buf.Bytes())
}

// handleProgrammeICS is a meeting's published programme as a calendar:
// the sessions of its latest published version the requester may see (a
// calendar client is a visitor: public sessions only). Like every feed it
// never shows the working draft: an edit reaches calendars when the
// secretariat publishes it, with the event's SEQUENCE raised.
func (s *Server) handleProgrammeICS(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	a := actor(c)
	ss, err := s.db.FindSessions(ctx, convene.SessionFilter{MeetingIDs: []int64{m.ID}, Visibilities: convene.VisibleTo(a.Role),
		Published: true})
	if err != nil {
		return err
	}
	return writeICS(c, icalfeed.Feed{Name: m.Title + " programme", Host: uidHost,
		Meetings: map[int64]convene.Meeting{m.ID: m}, Sessions: ss, Now: s.db.Now(),
		Internal: convene.CanSeeInternalNotes(a.Role)}, m.Code+".ics")
}

// handleFeed is a person's subscription feed, found by its token: a
// delegate's own programme (the published sessions and the bilaterals they
// attend, as "My programme"), or for anyone else every published session
// their role may see, and for a focal point their country's bilaterals. A
// revoked or unknown token answers 404.
func (s *Server) handleFeed(c echo.Context) error {
	ctx := c.Request().Context()
	u, err := s.db.FindUserByCalendarFeed(ctx, c.Param("token"))
	if err != nil {
		return err
	}
	f := icalfeed.Feed{Name: "Convene: " + u.Name, Host: uidHost, Now: s.db.Now(),
		Internal: convene.CanSeeInternalNotes(u.Role)}
	if u.Role == convene.RoleDelegate {
		pp, err := s.db.MyProgramme(ctx, u.DelegateID)
		if err != nil {
			return err
		}
		f.Meetings, f.Sessions, f.Bilaterals = pp.Meetings, pp.Sessions, pp.Bilaterals
		return writeICS(c, f, "convene.ics")
	}
	all, _, err := s.db.FindMeetings(ctx, convene.MeetingFilter{Limit: 1000})
	if err != nil {
		return err
	}
	f.Meetings = map[int64]convene.Meeting{}
	ids := make([]int64, 0, len(all))
	for _, m := range all {
		f.Meetings[m.ID] = m
		ids = append(ids, m.ID)
	}
	if f.Sessions, err = s.db.FindSessions(ctx, convene.SessionFilter{Visibilities: convene.VisibleTo(u.Role), Published: true}); err != nil {
		return err
	}
	if u.Role == convene.RoleFocal {
		bs, err := s.db.ProgrammeBilaterals(ctx, ids)
		if err != nil {
			return err
		}
		f.Bilaterals = convene.BilateralsInProgramme(convene.Actor{UserID: u.ID, Role: u.Role, CountryID: u.CountryID}, bs)
	}
	return writeICS(c, f, "convene.ics")
}

func (s *Server) handleCalendarFeedPage(c echo.Context) error {
	has, err := s.db.HasCalendarFeed(c.Request().Context(), actor(c).UserID)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.CalendarFeedPage(has, ""))
}

// handleCalendarFeedCreate makes a new feed address (revoking the old one)
// and shows it once; it is not put in a flash cookie or a redirect URL.
func (s *Server) handleCalendarFeedCreate(c echo.Context) error {
	token, err := s.db.CreateCalendarFeed(c.Request().Context(), actor(c).UserID)
	if err != nil {
		return err
	}
	url := s.db.Link(paths.Feed(token))
	return s.render(c, http.StatusOK, views.CalendarFeedPage(true, url))
}

func (s *Server) handleCalendarFeedRevoke(c echo.Context) error {
	if err := s.db.RevokeCalendarFeeds(c.Request().Context(), actor(c).UserID); err != nil {
		return err
	}
	return s.redirect(c, paths.CalendarFeed(), "Your calendar feed is stopped.")
}
