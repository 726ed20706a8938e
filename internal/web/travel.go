package web

import (
	"net/http"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// travelDelegate finds the delegate of the path in the meeting, answering
// 404 for one the actor may not see (another country's, for a focal point).
func (s *Server) travelDelegate(c echo.Context) (convene.Meeting, convene.Delegate, error) {
	m, err := s.pathMeeting(c)
	if err != nil {
		return m, convene.Delegate{}, err
	}
	id, err := pathID(c, "delegate", "Delegate")
	if err != nil {
		return m, convene.Delegate{}, err
	}
	people, _, err := s.db.FindDelegates(c.Request().Context(), convene.DelegateFilter{MeetingID: m.ID, Limit: 1000})
	if err != nil {
		return m, convene.Delegate{}, err
	}
	for _, p := range people {
		if p.ID == id && convene.CanSeeCountry(actor(c), p.Country.ID) {
			return m, p, nil
		}
	}
	return m, convene.Delegate{}, convene.NotFound("Delegate")
}

// travelFields are the form's fields, prefixed a_ for the arrival and d_ for
// the departure.
var travelFields = []string{"a_day", "a_time", "a_flight", "a_airport", "a_terminal",
	"d_day", "d_time", "d_flight", "d_airport", "d_terminal"}

func airportOptions(airports convene.Airports) []views.Option {
	opts := []views.Option{{Value: "", Label: "Choose an airport"}}
	for _, a := range airports {
		opts = append(opts, views.Option{Value: a.IATA, Label: a.IATA + " · " + a.Name})
	}
	return opts
}

func (s *Server) handleTravelForm(c echo.Context) error {
	m, p, err := s.travelDelegate(c)
	if err != nil {
		return err
	}
	legs, err := s.db.FindTravelLegs(c.Request().Context(), m.ID)
	if err != nil {
		return err
	}
	airports, err := s.db.FindAirports(c.Request().Context())
	if err != nil {
		return err
	}
	f := views.Form{Values: map[string]string{"a_airport": "PEN", "d_airport": "PEN",
		"a_day": m.StartDate.AddDays(-1).String(), "d_day": m.EndDate.AddDays(1).String()}}
	for _, l := range legs {
		if l.DelegateID != p.ID {
			continue
		}
		k := "a_"
		if l.Direction == convene.Departure {
			k = "d_"
		}
		a, _ := airports.Find(l.Airport)
		f.Values[k+"day"] = l.At.In(a.Location()).Format("2006-01-02")
		f.Values[k+"time"] = l.At.In(a.Location()).Format("15:04")
		f.Values[k+"flight"], f.Values[k+"airport"], f.Values[k+"terminal"] = l.Flight, l.Airport, l.Terminal
	}
	return s.render(c, http.StatusOK, views.TravelFormPage(m, p, f, airportOptions(airports)))
}

// handleTravelSave stores a delegate's arrival and departure together: both
// are checked first, and nothing is written if either is wrong. A leg left
// without a time is not stored (travel not yet booked).
func (s *Server) handleTravelSave(c echo.Context) error {
	m, p, err := s.travelDelegate(c)
	if err != nil {
		return err
	}
	airports, err := s.db.FindAirports(c.Request().Context())
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, travelFields...)}
	page := func(f views.Form) templ.Component { return views.TravelFormPage(m, p, f, airportOptions(airports)) }
	probs := convene.Problems{}
	var legs []convene.TravelLeg
	for _, side := range []struct {
		prefix string
		dir    convene.Direction
	}{{"a_", convene.Arrival}, {"d_", convene.Departure}} {
		if f.Get(side.prefix+"time") == "" && f.Get(side.prefix+"flight") == "" {
			continue
		}
		l := convene.TravelLeg{DelegateID: p.ID, Direction: side.dir, Flight: f.Get(side.prefix + "flight"),
			Airport: f.Get(side.prefix + "airport"), Terminal: f.Get(side.prefix + "terminal")}
		a, ok := airports.Find(l.Airport)
		loc := time.UTC
		if ok {
			loc = a.Location()
		} else {
			probs.Add(side.prefix+"airport", "Choose the airport from the list.")
		}
		at, err := convene.ParseLocal(f.Get(side.prefix+"day"), f.Get(side.prefix+"time"), loc)
		if err == nil {
			l.At = at
		}
		if err := l.Validate(); err != nil {
			for k, v := range convene.ErrorFields(err) {
				if k == "at" {
					k = "time"
				}
				probs.Add(side.prefix+k, v)
			}
		}
		legs = append(legs, l)
	}
	if len(legs) == 2 && len(probs) == 0 && !legs[1].At.After(legs[0].At) {
		probs.Add("d_time", "The departure is before the arrival.")
	}
	if err := probs.Err(); err != nil {
		return s.renderForm(c, err, page, f)
	}
	ctx := c.Request().Context()
	if err := s.db.SaveTravelLegs(ctx, m.ID, legs); err != nil {
		return s.renderForm(c, err, page, f)
	}
	return s.redirect(c, paths.Travel(m.Code, p.ID), "Travel saved for "+p.DisplayName()+".")
}
