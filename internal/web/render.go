package web

import (
	"bytes"
	"net/http"
	"strconv"
	"sync"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/static"
	"convene/views"
)

// render renders a full page into a buffer first and only then writes it,
// so that a failing component never sends half a page and every response
// carries a Content-Length (templ's own echo helper streams instead). A
// page that shows a form gets the browser's CSRF token on first use, which
// may set the state cookie; the page is rendered before anything is written
// for that reason too.
func (s *Server) render(c echo.Context, status int, page templ.Component) error {
	pc := &views.PageContext{
		Actor:   actor(c),
		Path:    c.Request().URL.Path,
		Nav:     navFor(actor(c)),
		Asset:   static.Path,
		Flashes: s.takeFlashes(c),
		Refused: refusedFields(c),
	}
	var tokenErr error
	pc.NewCSRF = func() string {
		t, err := s.csrfToken(c)
		tokenErr = err
		return t
	}
	pc.Now = convene.FormatInZone(s.db.Now(), s.cfg.TimeZone, "2 January 2006 15:04")
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer putPageBuffer(buf)
	if err := page.Render(views.WithPage(c.Request().Context(), pc), buf); err != nil {
		return err
	}
	if tokenErr != nil {
		return tokenErr
	}
	c.Response().Header().Set(echo.HeaderContentLength, strconv.Itoa(buf.Len()))
	return c.HTMLBlob(status, buf.Bytes())
}

// pageBuffers are the buffers render renders pages into, used again: a
// page grew a new buffer from nothing on every request, doubling it up to
// the page's size (tens of kB for a list), which was a fifth of the bytes
// the server allocated under load (convene-bench's delegates search, issue
// 20) and so much of its garbage collection. The response writer copies
// the bytes, so a buffer is free again once the page is written.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledPage is the largest buffer kept for another page: a rare huge
// page (a printout of thousands of rows) is left to the collector rather
// than held.
const maxPooledPage = 1 << 20

func putPageBuffer(b *bytes.Buffer) {
	if b.Cap() > maxPooledPage {
		return
	}
	b.Reset()
	pageBuffers.Put(b)
}

// navFor decides the main navigation from the actor's role; the policy
// decides what each link's page allows, the menu only mirrors it.
func navFor(a convene.Actor) []views.NavItem {
	// Someone signed in finds the home of their role at "/" (home_role.go).
	nav := []views.NavItem{{Label: "Meetings", Href: paths.Home()}}
	if a.SignedIn() {
		nav[0].Label = "Home"
	}

	// Meetings, programme and scheduling.
	nav = append(nav, views.NavItem{Label: "Calendar", Href: paths.Calendar()})
	if convene.Allow(a.Role, convene.PermOwnProgramme) {
		nav = append(nav, views.NavItem{Label: "My programme", Href: paths.MyProgramme()})
	}
	if convene.Allow(a.Role, convene.PermManageMeetings) {
		nav = append(nav, views.NavItem{Label: "Holidays", Href: paths.Holidays()},
			views.NavItem{Label: "Chairs", Href: paths.Chairs()})
	}

	// Delegations, registration and accreditation.
	if a.Role == convene.RoleDelegate && a.DelegateID != 0 {
		nav = append(nav, views.NavItem{Label: "My registration", Href: paths.MyRegistration()})
	}

	// Venue logistics.
	if convene.Allow(a.Role, convene.PermPrint) {
		nav = append(nav, views.NavItem{Label: "Venues", Href: paths.Venues()})
	}

	// Print room and on-site.

	// Bilateral meetings.

	if convene.Allow(a.Role, convene.PermViewAudit) {
		nav = append(nav, views.NavItem{Label: "Audit log", Href: paths.Audit()})
	}
	if convene.Allow(a.Role, convene.PermManageUsers) {
		nav = append(nav, views.NavItem{Label: "Users", Href: paths.Users()})
	}
	return nav
}

// renderForm renders a form page: 200 on first show, 422 when err carries
// field problems (the form comes back with what was typed and a message next
// to each field). Any other error goes to the error handler.
func (s *Server) renderForm(c echo.Context, err error, page func(views.Form) templ.Component, f views.Form) error {
	return s.renderFormOf(c, err, func(f views.Form) (templ.Component, error) { return page(f), nil }, f)
}

// renderFormOf is renderForm for a page whose data is read only when it is
// shown: page runs after err is known to be a form's problems, so a refused
// POST reads what its page shows and a failing one reads nothing; an error
// reading it goes to the error handler, never an empty page.
func (s *Server) renderFormOf(c echo.Context, err error, page func(views.Form) (templ.Component, error), f views.Form) error {
	status := http.StatusOK
	if err != nil {
		if convene.ErrorCode(err) != convene.EINVALID {
			return err
		}
		f.Errors = convene.ErrorFields(err)
		if len(f.Errors) == 0 {
			f.Message = convene.ErrorMessage(err)
		}
		status = http.StatusUnprocessableEntity
	}
	p, err := page(f)
	if err != nil {
		return err
	}
	return s.render(c, status, p)
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

// redirectError answers a refused action that has no form of its own (a
// button on a list) with 303 back to the page and the reason in an error
// flash message.
func (s *Server) redirectError(c echo.Context, to, msg string) error {
	_ = s.flash(c, "error", msg)
	return c.Redirect(http.StatusSeeOther, to)
}
