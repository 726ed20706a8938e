package web

import (
	"net/http"
	"strings"

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

// defaultAirport is the airport a travel form proposes: the one whose city
// the meeting's city names (Penang's for "George Town, Pulau Pinang"), else
// the first in the meeting's time zone, else none.
func defaultAirport(airports convene.Airports, m convene.Meeting) string {
	city := strings.ToLower(m.City)
	for _, a := range airports {
		if a.City != "" && strings.Contains(city, strings.ToLower(a.City)) {
			return a.IATA
		}
	}
	for _, a := range airports {
		if a.TimeZone == m.TimeZone {
			return a.IATA
		}
	}
	return ""
}

// travelInput reads one side of the travel fields (prefix a_ or d_) as typed.
func travelInput(f views.Form, prefix string) convene.TravelInput {
	return convene.TravelInput{Day: f.Get(prefix + "day"), Time: f.Get(prefix + "time"), Flight: f.Get(prefix + "flight"),
		Airport: f.Get(prefix + "airport"), Terminal: f.Get(prefix + "terminal")}
}

// setTravelValues fills a form's travel fields from a person's legs, local
// at the airport; a side with no leg keeps what v already has (a preset).
func setTravelValues(v map[string]string, arrival, departure convene.TravelLeg) {
	for prefix, l := range map[string]convene.TravelLeg{"a_": arrival, "d_": departure} {
		if !l.Recorded() {
			continue
		}
		in := l.Input()
		v[prefix+"day"], v[prefix+"time"], v[prefix+"flight"] = in.Day, in.Time, in.Flight
		v[prefix+"airport"], v[prefix+"terminal"] = in.Airport, in.Terminal
	}
}

func (s *Server) handleTravelForm(c echo.Context) error {
	m, p, err := s.travelDelegate(c)
	if err != nil {
		return err
	}
	r, err := s.db.FindRegistrationByID(c.Request().Context(), p.ID)
	if err != nil {
		return err
	}
	airports, err := s.db.FindAirports(c.Request().Context())
	if err != nil {
		return err
	}
	home := defaultAirport(airports, m)
	f := views.Form{Values: map[string]string{"a_airport": home, "d_airport": home,
		"a_day": m.StartDate.AddDays(-1).String(), "d_day": m.EndDate.AddDays(1).String()}}
	setTravelValues(f.Values, r.Arrival, r.Departure)
	return s.render(c, http.StatusOK, views.TravelFormPage(m, p, f, airportOptions(airports)))
}

// handleTravelSave stores a delegate's arrival and departure together,
// through the same rule as the registration forms (convene.ReadTravel):
// both are checked first, and nothing is written if either is wrong. A side
// left without time and flight removes that leg (travel not booked, or no
// longer).
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
	arrival, departure, err := convene.ReadTravel(airports, travelInput(f, "a_"), travelInput(f, "d_"))
	if err != nil {
		return s.renderForm(c, err, page, f)
	}
	if err := s.db.SaveTravel(c.Request().Context(), m.ID, p.ID, arrival, departure); err != nil {
		return s.renderForm(c, err, page, f)
	}
	return s.redirect(c, paths.Travel(m.Code, p.ID), "Travel saved for "+p.DisplayName()+".")
}
