package web

import (
	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// programmeBook is the printable programme book: the sessions delegates may
// see (never internal ones, whoever prints it), by day in venue time.
var programmeBook = document{file: "programme", pdf: paths.ProgrammeBookPDF, build: (*Server).programmeBook}

func (s *Server) handleProgrammeBook(c echo.Context) error {
	return s.serveDocument(c, programmeBook, false)
}
func (s *Server) handleProgrammeBookPDF(c echo.Context) error {
	return s.serveDocument(c, programmeBook, true)
}

func (s *Server) programmeBook(c echo.Context, m convene.Meeting, doc views.PrintDoc) (templ.Component, error) {
	ctx := c.Request().Context()
	sessions, err := s.db.FindSessions(ctx, convene.SessionFilter{MeetingIDs: []int64{m.ID},
		Visibilities: convene.VisibleTo(convene.RoleDelegate)})
	if err != nil {
		return nil, err
	}
	gs, err := s.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
	if err != nil {
		return nil, err
	}
	loc := m.Location()
	doc.Title = "Programme book"
	d := views.ProgrammeBookData{Doc: doc, Delegations: gs}
	if len(sessions) > 0 {
		d.Zone = m.TimeZone + " (" + convene.ZoneAbbrev(sessions[0].StartsAt, loc) + ")"
	} else {
		d.Zone = m.TimeZone
	}
	for _, x := range sessions {
		label := x.StartsAt.In(loc).Format("Monday 2 January 2006")
		if len(d.Days) == 0 || d.Days[len(d.Days)-1].Label != label {
			d.Days = append(d.Days, views.BookDay{Label: label})
		}
		day := &d.Days[len(d.Days)-1]
		day.Sessions = append(day.Sessions, views.BookSession{
			Time:  x.StartsAt.In(loc).Format("15:04") + "–" + convene.FormatInZone(x.EndsAt, loc, "15:04"),
			Title: x.Title, Kind: x.Kind.Label(), Room: x.RoomName, Notes: x.PublicNotes})
	}
	return views.ProgrammeBookPage(d), nil
}
