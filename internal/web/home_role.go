package web

import (
	"net/http"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/sqlite"
	"convene/views"
)

// roleHome is the signed-in home of the actor's role (issue 23): the
// secretariat's meetings with what needs action, a focal point's
// delegations with their next step, a delegate's meeting, programme and
// record, an organiser's print work. It answers nil for a role that has no
// home of its own; they see the landing page. The public cache never keeps
// these pages: publicCache serves kept bytes to visitors only and every
// answer of "/" says Vary: Cookie.
func (s *Server) roleHome(c echo.Context, a convene.Actor) (templ.Component, error) {
	switch {
	case a.Role.IsSecretariat():
		rows, err := s.meetingWork(c, true)
		return views.SecretariatHomePage(rows), err
	case a.Role == convene.RoleOrganiser:
		rows, err := s.meetingWork(c, false)
		return views.PrintHomePage(rows), err
	case a.Role == convene.RoleFocal && a.CountryID != 0:
		ds, err := s.db.FindDelegationProgress(c.Request().Context(), a.CountryID)
		return views.FocalHomePage(ds), err
	case a.Role == convene.RoleDelegate && a.DelegateID != 0:
		r, err := s.db.FindRegistrationByID(c.Request().Context(), a.DelegateID)
		if err != nil {
			return nil, err
		}
		m, err := s.meetingByID(c, r.MeetingID)
		if err != nil {
			return nil, err
		}
		return views.DelegateHomePage(views.DelegateHome{Meeting: m, Status: r.Status, Name: r.FullName()}), nil
	}
	return nil, nil
}

// meetingWork reads the meetings a signed-in home lists (the upcoming and
// current ones, and the latest past ones in the room left, as the landing
// page does) with what waits at each; clashes (withClashes) are counted by
// the one clash check, for meetings still to come.
func (s *Server) meetingWork(c echo.Context, withClashes bool) ([]views.MeetingWorkRow, error) {
	ctx := c.Request().Context()
	today := convene.DateOf(s.db.Now().UTC())
	upcoming, _, err := s.db.FindMeetingsAround(ctx, sqlite.MeetingWindow{Today: today, Limit: homePageSize})
	if err != nil {
		return nil, err
	}
	past, _, err := s.db.FindMeetingsAround(ctx, sqlite.MeetingWindow{Today: today, Past: true,
		Limit: homePageSize - len(upcoming)})
	if err != nil {
		return nil, err
	}
	rows := make([]views.MeetingWorkRow, 0, len(upcoming)+len(past))
	ids := make([]int64, 0, cap(rows))
	for _, m := range upcoming {
		rows = append(rows, views.MeetingWorkRow{Meeting: m})
		ids = append(ids, m.ID)
	}
	for _, m := range past {
		rows = append(rows, views.MeetingWorkRow{Meeting: m, Past: true})
		ids = append(ids, m.ID)
	}
	work, err := s.db.FindMeetingWork(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		rows[i].Work = work[rows[i].Meeting.ID]
		if withClashes && !rows[i].Past && rows[i].Meeting.Status != convene.StatusCancelled {
			clashes, err := s.db.MeetingClashes(ctx, rows[i].Meeting.ID)
			if err != nil {
				return nil, err
			}
			rows[i].Work.Clashes = len(clashes)
		}
	}
	return rows, nil
}

// handleHome is "/": for a visitor the landing page (a page of the cycle's
// meetings, home_page.go, cached for visitors); for someone signed in, the
// home of their role. Asking for a page of the list (?page, ?past) shows
// the list to anyone.
func (s *Server) handleHome(c echo.Context) error {
	if a := actor(c); a.SignedIn() && c.Request().URL.RawQuery == "" {
		page, err := s.roleHome(c, a)
		if err != nil {
			return err
		}
		if page != nil {
			return s.render(c, http.StatusOK, page)
		}
	}
	h, err := s.homeList(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.HomePage(h))
}
