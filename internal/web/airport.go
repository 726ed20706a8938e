package web

import (
	"net/http"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// airportsPage is the airports page with the add form as given.
func (s *Server) airportsPage(c echo.Context, f views.Form) (templ.Component, error) {
	as, err := s.db.FindAirports(c.Request().Context())
	return views.AirportsPage(as, f, s.canManage(c)), err
}

func (s *Server) handleAirports(c echo.Context) error {
	return s.renderFormOf(c, nil, func(f views.Form) (templ.Component, error) { return s.airportsPage(c, f) }, views.Form{})
}

// handleAirportCreate adds an airport; a refused form comes back 422 with
// what was typed and nothing written.
func (s *Server) handleAirportCreate(c echo.Context) error {
	f := views.Form{Values: formValues(c, "iata", "name", "city", "time_zone")}
	a := convene.Airport{IATA: f.Get("iata"), Name: f.Get("name"), City: f.Get("city"), TimeZone: f.Get("time_zone")}
	if err := s.db.CreateAirport(c.Request().Context(), &a); err != nil {
		return s.renderFormOf(c, err, func(f views.Form) (templ.Component, error) { return s.airportsPage(c, f) }, f)
	}
	return s.redirect(c, paths.Airports(), "Airport "+a.IATA+" added.")
}

func (s *Server) handleAirportForm(c echo.Context) error {
	a, err := s.db.FindAirport(c.Request().Context(), c.Param("iata"))
	if err != nil {
		return err
	}
	f := views.Form{Values: map[string]string{"name": a.Name, "city": a.City, "time_zone": a.TimeZone}}
	return s.render(c, http.StatusOK, views.AirportFormPage(a.IATA, f))
}

func (s *Server) handleAirportUpdate(c echo.Context) error {
	iata := c.Param("iata")
	f := views.Form{Values: formValues(c, "name", "city", "time_zone")}
	a := convene.Airport{Name: f.Get("name"), City: f.Get("city"), TimeZone: f.Get("time_zone")}
	if err := s.db.UpdateAirport(c.Request().Context(), iata, &a); err != nil {
		return s.renderForm(c, err, func(f views.Form) templ.Component { return views.AirportFormPage(iata, f) }, f)
	}
	return s.redirect(c, paths.Airports(), "Airport "+iata+" saved.")
}
