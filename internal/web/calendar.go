package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/views"
)

// handleCalendar shows one year of meetings: confirmed ones on their days,
// tentative ones across their month. Without ?year it shows the current
// year, or the latest year with meetings if the current one has none.
func (s *Server) handleCalendar(c echo.Context) error {
	ctx := c.Request().Context()
	year := s.db.Now().Year()
	if v := c.QueryParam("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 1990 || y > 2200 {
			return convene.Errorf(convene.EINVALID, "The year must be a number such as 2025.")
		}
		year = y
	}
	meetings, _, err := s.db.FindMeetings(ctx, convene.MeetingFilter{Year: year, Limit: 500})
	if err != nil {
		return err
	}
	if len(meetings) == 0 && c.QueryParam("year") == "" {
		// Nothing this year: show the latest earlier year that has meetings,
		// else the first later one.
		all, _, err := s.db.FindMeetings(ctx, convene.MeetingFilter{Limit: 1000})
		if err != nil {
			return err
		}
		best := 0
		for _, m := range all {
			y := m.StartDate.Year
			if (y <= year && y > best) || (best == 0 && y > year) {
				best = y
			}
		}
		if best != 0 {
			year = best
			if meetings, _, err = s.db.FindMeetings(ctx, convene.MeetingFilter{Year: year, Limit: 500}); err != nil {
				return err
			}
		}
	}
	return s.render(c, http.StatusOK, views.CalendarPage(year, calendarMonths(year, meetings),
		convene.Allow(actor(c).Role, convene.PermManageMeetings)))
}

// calendarMonths places each meeting in every month it touches.
func calendarMonths(year int, meetings []convene.Meeting) []views.CalendarMonth {
	months := make([]views.CalendarMonth, 12)
	for i := range months {
		months[i].Name = time.Month(i + 1).String()
	}
	for _, m := range meetings {
		for d := m.StartDate.MonthStart(); !d.After(m.EndDate); d = convene.DateOf(d.In(time.UTC).AddDate(0, 1, 0)) {
			if d.Year != year {
				continue
			}
			e := views.CalendarEntry{Meeting: m, Tentative: m.Tentative()}
			switch {
			case m.Tentative():
				e.Days = "Dates to be confirmed"
			case m.StartDate == m.EndDate:
				e.Days = m.StartDate.In(time.UTC).Format("2 Jan")
			default:
				e.Days = m.StartDate.In(time.UTC).Format("2 Jan") + "–" + m.EndDate.In(time.UTC).Format("2 Jan")
			}
			months[d.Month-1].Entries = append(months[d.Month-1].Entries, e)
		}
	}
	return months
}
