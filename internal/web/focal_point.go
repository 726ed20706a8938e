package web

import (
	"strconv"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// A delegation's focal point, from the delegation's page: the secretariat
// assigns one of the country's existing focal accounts directly, or
// invites a new focal point (invitation.go) without leaving the page.

// delegationForms are the secretariat's forms of a delegation's page as
// typed; a zero Form shows the stored values.
type delegationForms struct {
	quota, assign, invite views.Form
}

// manageForms fills the secretariat's forms of a delegation's page: its
// quota, the country's focal accounts that may be assigned, and the
// invitation.
func (s *Server) manageForms(c echo.Context, g convene.Delegation, forms delegationForms, act *views.DelegationActions) error {
	if forms.quota.Values == nil {
		forms.quota.Values = map[string]string{"quota": strconv.Itoa(g.Quota)}
	}
	accounts, err := s.db.FindFocalAccounts(c.Request().Context(), g.CountryID)
	if err != nil {
		return err
	}
	for _, u := range accounts {
		if u.ID != g.FocalUserID {
			if act.FocalAccounts == nil {
				act.FocalAccounts = []views.Option{{Value: "", Label: "Choose…"}}
			}
			act.FocalAccounts = append(act.FocalAccounts, views.Option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name + " (" + u.Email + ")"})
		}
	}
	act.QuotaForm, act.AssignForm, act.InviteForm = forms.quota, forms.assign, forms.invite
	return nil
}

// handleFocalAssign makes one of the country's existing focal accounts
// the delegation's focal point, with no invitation round trip.
func (s *Server) handleFocalAssign(c echo.Context) error {
	m, g, err := s.loadDelegation(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, "focal_user")}
	page := func(f views.Form) (templ.Component, error) {
		return s.delegationPage(c, m, g, delegationForms{assign: f})
	}
	p := convene.Problems{}
	id := formID(f.Get("focal_user"), "focal_user", "Choose one of the accounts listed.", p)
	if id == 0 {
		p.Add("focal_user", "Choose one of the accounts listed.")
	}
	if err := p.Err(); err != nil {
		return s.renderFormOf(c, err, page, f)
	}
	u, err := s.db.AssignFocalPoint(c.Request().Context(), g.ID, id)
	if err != nil {
		return s.renderFormOf(c, err, page, f)
	}
	return s.redirect(c, paths.Delegation(m.Code, g.Country.ISO3),
		u.Name+" is now the focal point of "+g.Country.Name+" for "+m.Title+".")
}
