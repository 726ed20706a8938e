package web

import (
	"net/http"
	"strconv"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// venueFormFields are the venue form's fields, in the order they round-trip.
var venueFormFields = []string{"name", "kind", "city", "address", "map_url", "time_zone", "region", "notes"}

func venueKindOptions() []views.Option {
	var o []views.Option
	for _, k := range convene.VenueKinds {
		o = append(o, views.Option{Value: string(k), Label: k.Label()})
	}
	return o
}

// venueFromForm reads a venue as typed; the field names start with prefix
// (the hotels page's form uses "hotel_").
func venueFromForm(f views.Form, prefix string) convene.Venue {
	return convene.Venue{Name: f.Get(prefix + "name"), Kind: convene.VenueKind(f.Get(prefix + "kind")),
		City: f.Get(prefix + "city"), Address: f.Get(prefix + "address"), MapURL: f.Get(prefix + "map_url"),
		TimeZone: f.Get(prefix + "time_zone"), Region: f.Get(prefix + "region"), Notes: f.Get(prefix + "notes")}
}

// pathVenue finds the venue the path's :venue names.
func (s *Server) pathVenue(c echo.Context) (convene.Venue, error) {
	id, err := pathID(c, "venue", "Venue")
	if err != nil {
		return convene.Venue{}, err
	}
	return s.db.FindVenueByID(c.Request().Context(), id)
}

func (s *Server) handleVenues(c echo.Context) error {
	vs, err := s.db.FindVenues(c.Request().Context())
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.VenuesPage(vs, s.canManage(c)))
}

func (s *Server) handleVenue(c echo.Context) error {
	v, err := s.pathVenue(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.VenuePage(v, views.Form{}, s.canManage(c)))
}

func (s *Server) handleVenueNewForm(c echo.Context) error {
	f := views.Form{Values: map[string]string{"kind": string(convene.VenueConventionCentre), "time_zone": s.cfg.TimeZone.String()}}
	return s.render(c, http.StatusOK, views.VenueFormPage(0, f, venueKindOptions()))
}

func (s *Server) handleVenueCreate(c echo.Context) error {
	f := views.Form{Values: formValues(c, venueFormFields...)}
	v := venueFromForm(f, "")
	if err := s.db.CreateVenue(c.Request().Context(), &v); err != nil {
		return s.renderForm(c, err, func(f views.Form) templ.Component {
			return views.VenueFormPage(0, f, venueKindOptions())
		}, f)
	}
	return s.redirect(c, paths.Venue(v.ID), "Venue “"+v.Name+"” added. Add its rooms next.")
}

func (s *Server) handleVenueEditForm(c echo.Context) error {
	v, err := s.pathVenue(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: map[string]string{"name": v.Name, "kind": string(v.Kind), "city": v.City,
		"address": v.Address, "map_url": v.MapURL, "time_zone": v.TimeZone, "region": v.Region, "notes": v.Notes}}
	return s.render(c, http.StatusOK, views.VenueFormPage(v.ID, f, venueKindOptions()))
}

func (s *Server) handleVenueUpdate(c echo.Context) error {
	id, err := pathID(c, "venue", "Venue")
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, venueFormFields...)}
	v := venueFromForm(f, "")
	if err := s.db.UpdateVenue(c.Request().Context(), id, &v); err != nil {
		return s.renderForm(c, err, func(f views.Form) templ.Component {
			return views.VenueFormPage(id, f, venueKindOptions())
		}, f)
	}
	return s.redirect(c, paths.Venue(id), "Venue “"+v.Name+"” saved.")
}

// handleVenueDelete deletes a venue nobody uses; a venue in use comes back
// as its page, 422, with the refusal's message.
func (s *Server) handleVenueDelete(c echo.Context) error {
	v, err := s.pathVenue(c)
	if err != nil {
		return err
	}
	if err := s.db.DeleteVenue(c.Request().Context(), v.ID); err != nil {
		return s.renderForm(c, err, func(f views.Form) templ.Component {
			return views.VenuePage(v, f, true)
		}, views.Form{})
	}
	return s.redirect(c, paths.Venues(), "Venue “"+v.Name+"” deleted.")
}

// handleHotelCreate adds a hotel from the hotels page, so that a room block
// can be held there without leaving the page; a refused form comes back as
// the hotels page, 422, with the hotel form open as typed.
func (s *Server) handleHotelCreate(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, "hotel_name", "hotel_city", "hotel_address", "hotel_map_url",
		"hotel_time_zone", "hotel_region", "hotel_notes")}
	v := venueFromForm(f, "hotel_")
	v.Kind = convene.VenueHotel
	if err := s.db.CreateVenue(c.Request().Context(), &v); err != nil {
		if fs := convene.ErrorFields(err); fs != nil {
			prefixed := make(map[string]string, len(fs))
			for k, msg := range fs {
				prefixed["hotel_"+k] = msg
			}
			err = &convene.Error{Code: convene.EINVALID, Message: convene.ErrorMessage(err), Fields: prefixed}
		}
		return s.renderFormOf(c, err, func(f views.Form) (templ.Component, error) {
			l, err := s.logisticsOf(c.Request().Context(), m, needHotelsPage)
			if err != nil {
				return nil, err
			}
			in, out := defaultStay(m)
			d := l.hotelsData(views.Form{Values: map[string]string{"rank": "1", "occupancy": "1",
				"first_night": in.String(), "last_night": out.AddDays(-1).String()}}, assignDefaults(m), true)
			d.HotelForm = f
			return views.HotelsPage(d), nil
		}, f)
	}
	return s.redirect(c, paths.Hotels(m.Code), "Hotel “"+v.Name+"” added: choose it for a room block below.")
}

// optionID formats an id for a select's value.
func optionID(id int64) string { return strconv.FormatInt(id, 10) }
