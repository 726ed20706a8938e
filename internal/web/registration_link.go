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

// handleRegisterForm is the self-service form behind a personal link. An
// unknown or expired link answers 404 like any missing page.
func (s *Server) handleRegisterForm(c echo.Context) error {
	r, err := s.db.FindRegistrationByToken(c.Request().Context(), c.Param("token"))
	if err != nil {
		return err
	}
	m, err := s.meetingByID(c, r.MeetingID)
	if err != nil {
		return err
	}
	o := delegateFormOptions(m)
	o.Consent = true
	o.PassportHint = passportHint(convene.Actor{}, r)
	f := registrationForm(convene.Actor{}, m, r)
	if !r.ConsentAt.IsZero() {
		f.Values["consent"] = "1"
	}
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	return s.render(c, http.StatusOK, views.RegisterPage(m, personRow(convene.Actor{}, m, r), f, o))
}

// handleRegister saves what a person entered behind their link. The role
// stays the focal point's decision, and an empty passport field keeps the
// number on file.
func (s *Server) handleRegister(c echo.Context) error {
	ctx := c.Request().Context()
	token := c.Param("token")
	old, err := s.db.FindRegistrationByToken(ctx, token)
	if err != nil {
		return err
	}
	m, err := s.meetingByID(c, old.MeetingID)
	if err != nil {
		return err
	}
	o := delegateFormOptions(m)
	o.Consent = true
	o.PassportHint = passportHint(convene.Actor{}, old)
	page := func(f views.Form) templ.Component {
		return views.RegisterPage(m, personRow(convene.Actor{}, m, old), f, o)
	}
	f := views.Form{Values: formValues(c, delegateFormFields...)}
	// The role is the focal point's decision, not the person's.
	f.Values["role"] = string(old.Role)
	keep := strings.TrimSpace(f.Get("passport_number")) == ""
	if keep {
		f.Values["passport_number"] = old.PassportNumber
	}
	r, err := s.registrationFromForm(f, m)
	if keep {
		f.Values["passport_number"] = ""
	}
	if f.Get("consent") != "1" {
		p := convene.Problems{"consent": "Please read the notice and tick the box to continue."}
		mergeProblems(p, err)
		err = p.Err()
	}
	if err != nil {
		return s.renderForm(c, err, page, f)
	}
	if err := s.db.UpdateRegistrationByToken(ctx, token, &r); err != nil {
		return s.renderForm(c, err, page, f)
	}
	return s.render(c, http.StatusOK, views.RegisterDonePage(m, r.DisplayName()))
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
	row := personRow(a, m, r)
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
