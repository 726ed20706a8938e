package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

func (s *Server) handleRegistrationSettingsForm(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	st, err := s.db.FindRegistrationSettings(c.Request().Context(), m.ID)
	if err != nil {
		return err
	}
	f := views.Form{Values: map[string]string{"notify_email": st.NotifyEmail}}
	if !st.Deadline.IsZero() {
		f.Values["deadline"] = st.Deadline.In(m.Location()).Format(localTimeLayout)
	}
	return s.render(c, http.StatusOK, views.RegistrationSettingsPage(m, f, zoneName(m)))
}

// handleRegistrationSettings saves a meeting's registration deadline (in
// the meeting's zone) and the address the secretariat's notifications go to.
func (s *Server) handleRegistrationSettings(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	page := func(f views.Form) templ.Component { return views.RegistrationSettingsPage(m, f, zoneName(m)) }
	f := views.Form{Values: formValues(c, "deadline", "notify_email")}
	st := convene.RegistrationSettings{MeetingID: m.ID, NotifyEmail: f.Get("notify_email")}
	if v := strings.TrimSpace(f.Get("deadline")); v != "" {
		t, err := time.ParseInLocation(localTimeLayout, v, m.Location())
		if err != nil {
			return s.renderForm(c, convene.Problems{"deadline": "Enter a date and time such as 2025-02-20T17:00."}.Err(), page, f)
		}
		st.Deadline = t.UTC()
	}
	if err := s.db.UpdateRegistrationSettings(c.Request().Context(), st); err != nil {
		return s.renderForm(c, err, page, f)
	}
	return s.redirect(c, paths.Delegations(m.Code), "Registration settings saved.")
}

// deadlineLabel shows a registration deadline in the meeting's zone, named.
func deadlineLabel(m convene.Meeting, st convene.RegistrationSettings) string {
	if st.Deadline.IsZero() {
		return ""
	}
	return convene.FormatInZone(st.Deadline, m.Location(), "2 January 2006 15:04")
}
