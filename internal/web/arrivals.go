package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/views"
)

// board turns legs into board lines, by local day of the airport.
func (l logistics) board() []views.BoardDay {
	people, hotels, runs := l.people(), l.hotelOf(), l.runOf()
	departs := map[int64]string{}
	for _, r := range l.runs {
		departs[r.ID] = "Transfer " + convene.FormatInZone(r.DepartsAt, l.meeting.Location(), "15:04")
	}
	var days []views.BoardDay
	for _, leg := range l.legs {
		p, ok := people[leg.DelegateID]
		if !ok {
			continue
		}
		a, _ := l.airports.Find(leg.Airport)
		day := leg.At.In(a.Location()).Format("Monday 2 January 2006")
		if len(days) == 0 || days[len(days)-1].Day != day {
			days = append(days, views.BoardDay{Day: day})
		}
		days[len(days)-1].Legs = append(days[len(days)-1].Legs, views.BoardLeg{Leg: leg, Person: p,
			Local: convene.FormatInZone(leg.At, a.Location(), "15:04"), Hotel: hotels[p.ID], RunID: runs[leg.Direction][p.ID],
			Run: departs[runs[leg.Direction][p.ID]]})
	}
	return days
}

// handleArrivals is the board of arrivals and departures, by day.
func (s *Server) handleArrivals(c echo.Context) error {
	l, err := s.loadLogistics(c, needBoard)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.ArrivalsPage(l.meeting, l.board()))
}
