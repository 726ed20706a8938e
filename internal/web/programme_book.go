package web

import (
	"sort"
	"strconv"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// programmeBook is the printable programme book: the latest published
// version of the programme, the sessions delegates may see (never internal
// ones, whoever prints it), by day in venue time. With ?delegation=ISO3 it
// is that delegation's own book, and with ?delegation=all every
// delegation's book in one document (delegationBooks).
var programmeBook = document{file: "programme", pdf: paths.ProgrammeBookPDF, build: (*Server).programmeBook}

func (s *Server) handleProgrammeBook(c echo.Context) error {
	return s.serveDocument(c, programmeBook, false)
}
func (s *Server) handleProgrammeBookPDF(c echo.Context) error {
	return s.serveDocument(c, programmeBook, true)
}

func (s *Server) programmeBook(c echo.Context, m convene.Meeting, doc views.PrintDoc) (templ.Component, error) {
	if iso3 := c.QueryParam("delegation"); iso3 != "" {
		return s.delegationBooks(c, m, doc, iso3)
	}
	ctx := c.Request().Context()
	sessions, err := s.db.FindSessions(ctx, convene.SessionFilter{MeetingIDs: []int64{m.ID},
		Visibilities: convene.VisibleTo(convene.RoleDelegate), Published: true})
	if err != nil {
		return nil, err
	}
	v, err := s.db.LatestProgrammeVersion(ctx, m.ID)
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
	if v.Version > 0 {
		d.Version = "Version " + strconv.Itoa(v.Version) + ", published " + convene.FormatInZone(v.PublishedAt, loc, "2 January 2006")
	}
	type entry struct {
		at time.Time
		s  views.BookSession
	}
	var entries []entry
	for _, x := range sessions {
		entries = append(entries, entry{x.StartsAt, views.BookSession{Time: bookTime(x.StartsAt, x.EndsAt, loc),
			Title: x.Title, Kind: x.Kind.Label(), Room: x.RoomName, Notes: x.PublicNotes, Cancelled: x.Cancelled}})
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].at.Before(entries[j].at) })
	if len(entries) > 0 {
		d.Zone = m.TimeZone + " (" + convene.ZoneAbbrev(entries[0].at, loc) + ")"
	} else {
		d.Zone = m.TimeZone
	}
	for _, e := range entries {
		label := e.at.In(loc).Format("Monday 2 January 2006")
		if len(d.Days) == 0 || d.Days[len(d.Days)-1].Label != label {
			d.Days = append(d.Days, views.BookDay{Label: label})
		}
		day := &d.Days[len(d.Days)-1]
		day.Sessions = append(day.Sessions, e.s)
	}
	return views.ProgrammeBookPage(d), nil
}

// bookTime is a time range as the book prints it: "09:00–10:30 MYT".
func bookTime(start, end time.Time, loc *time.Location) string {
	return start.In(loc).Format("15:04") + "–" + convene.FormatInZone(end, loc, "15:04")
}
