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

// handleProgrammeICS is a meeting's programme as a calendar: what the
// requester may see (a calendar client is a visitor: public sessions only).
func (s *Server) handleProgrammeICS(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	a := actor(c)
	ss, err := s.db.FindSessions(ctx, convene.SessionFilter{MeetingIDs: []int64{m.ID}, Visibilities: convene.VisibleTo(a.Role)})
	if err != nil {
		return err
	}
	return writeICS(c, icalfeed.Feed{Name: m.Title + " programme", Host: uidHost,
		Meetings: map[int64]convene.Meeting{m.ID: m}, Sessions: ss, Now: s.db.Now(),
		Internal: convene.CanSeeInternalNotes(a.Role)}, m.Code+".ics")
}

// handleFeed is a person's subscription feed, found by its token: a
// delegate's own programme, or for anyone else every session their role may
// see. A revoked or unknown token answers 404.
func (s *Server) handleFeed(c echo.Context) error {
	ctx := c.Request().Context()
	u, err := s.db.FindUserByCalendarFeed(ctx, c.Param("token"))
	if err != nil {
		return err
	}
	var meetings map[int64]convene.Meeting
	var ss []convene.Session
	if u.Role == convene.RoleDelegate {
		if meetings, ss, err = s.db.MyProgramme(ctx, u.DelegateID); err != nil {
			return err
		}
	} else {
		all, _, err := s.db.FindMeetings(ctx, convene.MeetingFilter{Limit: 1000})
		if err != nil {
			return err
		}
		meetings = map[int64]convene.Meeting{}
		for _, m := range all {
			meetings[m.ID] = m
		}
		if ss, err = s.db.FindSessions(ctx, convene.SessionFilter{Visibilities: convene.VisibleTo(u.Role)}); err != nil {
			return err
		}
	}
	return writeICS(c, icalfeed.Feed{Name: "Convene: " + u.Name, Host: uidHost, Meetings: meetings, Sessions: ss,
		Now: s.db.Now(), Internal: convene.CanSeeInternalNotes(u.Role)}, "convene.ics")
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
