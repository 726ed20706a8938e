package web

import (
	"net/http"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/password"
	"convene/internal/paths"
	"convene/views"
)

func (s *Server) handleInviteForm(c echo.Context) error {
	m, g, err := s.loadDelegation(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.InvitePage(m, g, views.Form{}))
}

// handleInvite sends a focal point their single-use invitation link; the
// e-mail is queued in the outbox in the same transaction, and the link is
// shown once to the secretariat in case no mail server is configured. The
// form on the delegation's page (on=delegation) comes back to that page
// when refused, so the secretariat never leaves it.
func (s *Server) handleInvite(c echo.Context) error {
	m, g, err := s.loadDelegation(c)
	if err != nil {
		return err
	}
	href := paths.Delegation(m.Code, g.Country.ISO3)
	page := func(f views.Form) (templ.Component, error) { return views.InvitePage(m, g, f), nil }
	if c.FormValue("on") == "delegation" {
		page = func(f views.Form) (templ.Component, error) {
			return s.delegationPage(c, m, g, delegationForms{invite: f})
		}
	}
	f := views.Form{Values: formValues(c, "name", "email")}
	token, err := s.db.CreateFocalInvitation(c.Request().Context(), g.ID, f.Get("email"), f.Get("name"))
	if err != nil {
		return s.renderFormOf(c, err, page, f)
	}
	return s.redirect(c, href, "Invitation for "+f.Get("name")+" queued; link (works once, 7 days): "+s.db.Link(paths.Invitation(token)))
}

func (s *Server) handleInvitationForm(c echo.Context) error {
	inv, err := s.db.FindFocalInvitation(c.Request().Context(), c.Param("token"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	return s.render(c, http.StatusOK, views.AcceptInvitationPage(inv, views.Form{Values: map[string]string{"name": inv.Name}}))
}

// handleInvitationAccept creates the focal point's account; the link is
// used up in the same transaction, so it works exactly once.
func (s *Server) handleInvitationAccept(c echo.Context) error {
	ctx := c.Request().Context()
	token := c.Param("token")
	inv, err := s.db.FindFocalInvitation(ctx, token)
	if err != nil {
		return err
	}
	page := func(f views.Form) templ.Component { return views.AcceptInvitationPage(inv, f) }
	f := views.Form{Values: formValues(c, "name")}
	p := convene.Problems{}
	if f.Get("name") == "" {
		p.Add("name", "Enter your name.")
	}
	pw := c.FormValue("password")
	if err := convene.ValidatePassword(pw); err != nil {
		p.Add("password", convene.ErrorFields(err)["password"])
	}
	if c.FormValue("password2") != pw {
		p.Add("password2", "The two passwords differ.")
	}
	if err := p.Err(); err != nil {
		return s.renderForm(c, err, page, f)
	}
	hash, err := password.Hash(ctx, pw)
	if err != nil {
		return err
	}
	if _, err := s.db.AcceptFocalInvitation(ctx, token, f.Get("name"), hash); err != nil {
		if fields := convene.ErrorFields(err); fields["email"] != "" {
			return s.renderForm(c, convene.Errorf(convene.EINVALID,
				"An account with your e-mail address already exists: please sign in instead."), page, f)
		}
		return s.renderForm(c, err, page, f)
	}
	return s.redirect(c, paths.SignIn(), "Your account is ready: sign in with "+inv.Email+".")
}
