package web

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/static"
	"convene/views"
)

// render renders a full page into a buffer first and only then writes it,
// so that a failing component never sends half a page and every response
// carries a Content-Length (templ's own echo helper streams instead).
func (s *Server) render(c echo.Context, status int, page templ.Component) error {
	pc := &views.PageContext{
		Actor:   actor(c),
		Path:    c.Request().URL.Path,
		Nav:     navFor(actor(c)),
		Asset:   static.Path,
		Flashes: s.takeFlashes(c),
	}
	pc.CSRFToken, _ = c.Get(ctxCSRF).(string)
	pc.Now = convene.FormatInZone(s.db.Now(), s.cfg.TimeZone, "2 January 2006 15:04")
	var buf bytes.Buffer
	if err := page.Render(views.WithPage(c.Request().Context(), pc), &buf); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentLength, strconv.Itoa(buf.Len()))
	return c.HTMLBlob(status, buf.Bytes())
}

// navFor decides the main navigation from the actor's role; the policy
// decides what each link's page allows, the menu only mirrors it.
func navFor(a convene.Actor) []views.NavItem {
	nav := []views.NavItem{{Label: "Meetings", Href: "/"}}

	// Meetings, programme and scheduling.
	nav = append(nav, views.NavItem{Label: "Calendar", Href: "/calendar"})
	if convene.Allow(a.Role, convene.PermOwnProgramme) {
		nav = append(nav, views.NavItem{Label: "My programme", Href: "/my-programme"})
	}

	// Delegations, registration and accreditation.
	if a.Role == convene.RoleDelegate && a.DelegateID != 0 {
		nav = append(nav, views.NavItem{Label: "My registration", Href: "/my-registration"})
	}

	// Venue logistics.

	// Print room and on-site.

	// Bilateral meetings.

	if convene.Allow(a.Role, convene.PermViewAudit) {
		nav = append(nav, views.NavItem{Label: "Audit log", Href: "/audit"})
	}
	if convene.Allow(a.Role, convene.PermManageUsers) {
		nav = append(nav, views.NavItem{Label: "Users", Href: "/admin/users"})
	}
	return nav
}

// renderForm renders a form page: 200 on first show, 422 when err carries
// field problems (the form comes back with what was typed and a message next
// to each field). Any other error goes to the error handler.
func (s *Server) renderForm(c echo.Context, err error, page func(views.Form) templ.Component, f views.Form) error {
	if err == nil {
		return s.render(c, http.StatusOK, page(f))
	}
	if convene.ErrorCode(err) != convene.EINVALID {
		return err
	}
	f.Errors = convene.ErrorFields(err)
	if len(f.Errors) == 0 {
		f.Message = convene.ErrorMessage(err)
	}
	return s.render(c, http.StatusUnprocessableEntity, page(f))
}

// formValues copies the named form fields as typed, for the round trip.
func formValues(c echo.Context, names ...string) map[string]string {
	m := make(map[string]string, len(names))
	for _, n := range names {
		m[n] = c.FormValue(n)
	}
	return m
}

// redirect answers a successful form with 303 and a flash message.
func (s *Server) redirect(c echo.Context, to, flash string) error {
	if flash != "" {
		if err := s.flash(c, "success", flash); err != nil {
			return err
		}
	}
	return c.Redirect(http.StatusSeeOther, to)
}
