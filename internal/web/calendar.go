package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/views"
)

// handleCalendar shows the meetings of one or more years, each with its
// chair: confirmed meetings on their days, tentative ones across their
// month. ?from=2025&years=2 chooses the years (?year=2025 is one year).
// Without them it shows the current year, or the latest year with meetings
// if the current one has none, together with the year before it when that
// one has meetings too (else the year after, when it has some).
func (s *Server) handleCalendar(c echo.Context) error {
	ctx := c.Request().Context()
	from, n, err := convene.ParseCycleYears(c.QueryParam("from"), c.QueryParam("years"), s.db.Now().Year())
	if err != nil {
		return err
	}
	if v := c.QueryParam("year"); v != "" {
		if from, _, err = convene.ParseCycleYears(v, "", 0); err != nil {
			return err
		}
	}
	if c.QueryParam("year") == "" && c.QueryParam("from") == "" {
		all, _, err := s.db.FindMeetings(ctx, convene.MeetingFilter{Limit: 1000})
		if err != nil {
			return err
		}
		from, n = defaultYears(from, all)
	}
	chairs, err := s.db.FindChairs(ctx, from, from+n-1)
	if err != nil {
		return err
	}
	var years []views.CalendarYear
	for y := from; y < from+n; y++ {
		ms, _, err := s.db.FindMeetings(ctx, convene.MeetingFilter{Year: y, Limit: 500})
		if err != nil {
			return err
		}
		years = append(years, views.CalendarYear{Year: y, Chair: convene.ChairOf(chairs, y), Months: calendarMonths(y, ms),
			HasMeetings: len(ms) > 0})
	}
	return s.render(c, http.StatusOK, views.CalendarPage(years, convene.Allow(actor(c).Role, convene.PermManageMeetings)))
}

// defaultYears is the calendar's years without a choice: the current year
// (or the latest earlier year with meetings, else the first later one)
// with its neighbour that has meetings, the year before first.
func defaultYears(year int, all []convene.Meeting) (int, int) {
	if !hasMeetingsIn(all, year) {
		best := 0
		for _, m := range all {
			y := m.StartDate.Year
			if (y <= year && y > best) || (best == 0 && y > year) {
				best = y
			}
		}
		if best != 0 {
			year = best
		}
	}
	switch {
	case hasMeetingsIn(all, year-1):
		return year - 1, 2
	case hasMeetingsIn(all, year+1):
		return year, 2
	}
	return year, 1
}

func hasMeetingsIn(all []convene.Meeting, year int) bool {
	for _, m := range all {
		if m.StartDate.Year == year {
			return true
		}
	}
	return false
}

// calendarMonths places each meeting in every month of year it touches.
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
