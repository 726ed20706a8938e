package web

import (
	"net/http"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// venueNoteFields are the venue notes' form fields, in the form's order.
var venueNoteFields = []string{"dress_code", "wifi", "prayer_rooms", "medical", "security"}

func (s *Server) handleVenueNotes(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	v, err := s.db.FindVenueNotes(c.Request().Context(), m.ID)
	if err != nil {
		return err
	}
	f := views.Form{Values: map[string]string{"dress_code": v.DressCode, "wifi": v.WiFi, "prayer_rooms": v.PrayerRooms,
		"medical": v.Medical, "security": v.Security}}
	return s.render(c, http.StatusOK, views.VenueNotesPage(m, f, s.canManage(c)))
}

// handleVenueNotesSave writes the meeting's venue notes; a note too long
// comes back 422 with the message next to it and everything typed kept.
func (s *Server) handleVenueNotesSave(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, venueNoteFields...)}
	v := convene.VenueNotes{MeetingID: m.ID, DressCode: f.Get("dress_code"), WiFi: f.Get("wifi"),
		PrayerRooms: f.Get("prayer_rooms"), Medical: f.Get("medical"), Security: f.Get("security")}
	if err := s.db.SaveVenueNotes(c.Request().Context(), v); err != nil {
		return s.renderFormOf(c, err, func(f views.Form) (templ.Component, error) {
			return views.VenueNotesPage(m, f, true), nil
		}, f)
	}
	return s.redirect(c, paths.VenueNotes(m.Code), "Venue notes saved: every delegation's programme book prints them.")
}
