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

// handleDelegateLink makes a person's personal registration link (14 days)
// and e-mails it when an address is on file; the secretariat or focal point
// sees it once in the flash, in case no mail server is configured.
func (s *Server) handleDelegateLink(c echo.Context) error {
	m, r, err := s.loadPerson(c)
	if err != nil {
		return err
	}
	token, err := s.db.CreateRegistrationLink(c.Request().Context(), r.ID)
	if err != nil {
		return err
	}
	msg := "Personal link for " + r.FullName() + ": " + s.db.Link(paths.Register(token)) + " (works for 14 days"
	if r.Email != "" {
		msg += "; also e-mailed to " + r.Email
	}
	return s.redirect(c, paths.Person(m.Code, r.ID), msg+").")
}

// linkActor is who holds a personal link: the person themselves, for what
// of their own record they may see (their dates and needs; the passport
// number masked as for everyone but the secretariat).
func linkActor(r convene.Registration) convene.Actor {
	return convene.Actor{Role: convene.RoleDelegate, DelegateID: r.ID, CountryID: r.Country.ID}
}

// registerPage builds the page behind a personal link: the form while the
// person completes their details, then their data read-only with a form
// that proposes a change (once they saved their details, or their focal
// point submitted them).
func (s *Server) registerPage(c echo.Context, r convene.Registration) (convene.Meeting, func(views.Form) templ.Component,
	views.Form, error) {
	m, err := s.meetingByID(c, r.MeetingID)
	if err != nil {
		return m, nil, views.Form{}, err
	}
	proposed, pending, err := s.proposedRegistration(c, r)
	if err != nil {
		return m, nil, views.Form{}, err
	}
	row, err := s.personPageRow(c, linkActor(r), m, r)
	if err != nil {
		return m, nil, views.Form{}, err
	}
	o, err := s.delegateFormOptions(c, m)
	if err != nil {
		return m, nil, views.Form{}, err
	}
	o.Consent, o.Pending, o.RoleFixed = true, pending, r.Role.Label()
	o.PassportHint = passportHint(convene.Actor{}, proposed)
	readOnly := !r.ConsentAt.IsZero() || r.Status == convene.RegSubmitted || r.Status == convene.RegAccredited
	f := registrationForm(convene.Actor{}, m, proposed)
	if !r.ConsentAt.IsZero() {
		f.Values["consent"] = "1"
	}
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	return m, func(f views.Form) templ.Component { return views.RegisterPage(m, row, f, o, readOnly) }, f, nil
}

// handleRegisterForm is the self-service page behind a personal link. An
// unknown or expired link answers 404 like any missing page; the link of a
// person withdrawn or rejected answers 410 with a page that says so.
func (s *Server) handleRegisterForm(c echo.Context) error {
	r, err := s.db.FindRegistrationByToken(c.Request().Context(), c.Param("token"))
	if err != nil {
		return err
	}
	_, page, f, err := s.registerPage(c, r)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, page(f))
}

// handleRegister saves what a person entered behind their link, through
// the same validation as the focal point's form. The role is the focal
// point's decision: a posted role other than the one on file is refused
// (422), not silently dropped. An empty passport field keeps the number on
// file.
func (s *Server) handleRegister(c echo.Context) error {
	ctx := c.Request().Context()
	token := c.Param("token")
	old, err := s.db.FindRegistrationByToken(ctx, token)
	if err != nil {
		return err
	}
	m, page, _, err := s.registerPage(c, old)
	if err != nil {
		return err
	}
	base, _, err := s.proposedRegistration(c, old)
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, delegateFormFields...)}
	p := convene.Problems{}
	if role := f.Get("role"); role != "" && role != string(old.Role) {
		p.Add("role", "Your role in the delegation is decided by your focal point; please ask them to change it.")
	}
	f.Values["role"] = string(old.Role)
	keep := strings.TrimSpace(f.Get("passport_number")) == ""
	if keep {
		f.Values["passport_number"] = base.PassportNumber
	}
	r, err := s.registrationFromForm(c, f, m)
	if keep {
		f.Values["passport_number"] = ""
	}
	mergeProblems(p, err)
	if f.Get("consent") != "1" {
		p.Add("consent", "Please read the notice and tick the box to continue.")
	}
	if err := p.Err(); err != nil {
		return s.renderForm(c, err, page, f)
	}
	change, err := s.db.UpdateRegistrationByToken(ctx, token, &r)
	if err != nil {
		return s.renderForm(c, err, page, f)
	}
	note := "Your details are saved. Your focal point will submit them to the secretariat."
	switch {
	case change.ID != 0:
		note = "Your contact details, needs and flights are saved. The change of " + strings.ToLower(change.FieldNames()) +
			" waits for the secretariat's approval; until then your accreditation and badge stay on the approved details."
	case old.Status == convene.RegSubmitted || old.Status == convene.RegAccredited:
		note = "Your details are saved."
	}
	return s.render(c, http.StatusOK, views.RegisterDonePage(m, r.DisplayName(), note))
}

// handleMyRegistration shows a delegate their own record, and only theirs:
// every other account answers 404 here.
func (s *Server) handleMyRegistration(c echo.Context) error {
	a := actor(c)
	if a.Role != convene.RoleDelegate || a.DelegateID == 0 {
		return convene.NotFound("Registration")
	}
	r, err := s.db.FindRegistrationByID(c.Request().Context(), a.DelegateID)
	if err != nil {
		return err
	}
	m, err := s.meetingByID(c, r.MeetingID)
	if err != nil {
		return err
	}
	row, err := s.personPageRow(c, a, m, r)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.PersonPage(m, paths.MyRegistration(), row, views.DelegationActions{}, nil,
		views.Form{}, zoneName(m)))
}

// meetingByID finds the meeting a registration belongs to.
func (s *Server) meetingByID(c echo.Context, id int64) (convene.Meeting, error) {
	code, err := s.db.FindMeetingCodeByID(c.Request().Context(), id)
	if err != nil {
		return convene.Meeting{}, err
	}
	return s.db.FindMeetingByCode(c.Request().Context(), code)
}
