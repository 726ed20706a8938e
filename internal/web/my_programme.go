package web

import (
	"net/http"
	"sort"
	"strconv"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/views"
)

// handleMyProgramme shows a delegate the sessions they attend, day by day.
func (s *Server) handleMyProgramme(c echo.Context) error {
	a := actor(c)
	meetings, ss, err := s.db.MyProgramme(c.Request().Context(), a.DelegateID)
	if err != nil {
		return err
	}
	sort.SliceStable(ss, func(i, j int) bool { return ss[i].StartsAt.Before(ss[j].StartsAt) })
	var days []views.ProgrammeDay
	zone := "venue time"
	var last convene.Date
	for _, x := range ss {
		m := meetings[x.MeetingID]
		loc := m.Location()
		zone = views.ZoneLabel(m)
		if d := x.Day(loc); len(days) == 0 || d != last {
			days = append(days, views.ProgrammeDay{Label: x.StartsAt.In(loc).Format("Monday, 2 January 2006")})
			last = d
		}
		it := views.ProgrammeItem{ID: x.ID, Title: x.Title, Kind: m.Title + " · " + x.Kind.Label(), Room: x.RoomName,
			Attendance: views.AttendanceLabel(x), Visibility: x.Visibility, PublicNotes: x.PublicNotes, Cancelled: x.Cancelled,
			Time: x.StartsAt.In(loc).Format("15:04") + "–" + convene.FormatInZone(x.EndsAt, loc, "15:04")}
		days[len(days)-1].Items = append(days[len(days)-1].Items, it)
	}
	return s.render(c, http.StatusOK, views.MyProgrammePage(a.Name+" ("+strconv.Itoa(len(ss))+" sessions)", days, zone))
}
