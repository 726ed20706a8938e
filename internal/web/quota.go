package web

import (
	"fmt"
	"strconv"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// Quotas: the secretariat changes the default quota and every
// delegation's quota in the table on the delegations page, and one
// delegation's quota on its own page. Both call sqlite.UpdateQuotas, which
// refuses a quota below the places taken and promotes the waiting list
// into raised ones.

// storedQuotas is the quota table's form filled from the store.
func (s *Server) storedQuotas(c echo.Context, m convene.Meeting, gs []convene.Delegation) (*views.Form, error) {
	q, err := s.db.FindDefaultQuota(c.Request().Context(), m.ID)
	if err != nil {
		return nil, err
	}
	f := views.Form{Values: map[string]string{"default_quota": strconv.Itoa(q)}}
	for _, g := range gs {
		f.Values[convene.QuotaField(g.Country.ISO3)] = strconv.Itoa(g.Quota)
	}
	return &f, nil
}

// promotedNote is the flash's sentence about the people a raised quota
// gave a place.
func promotedNote(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" %d %s from the waiting list now %s a place.", n, pluralWord(n, "person", "people"),
		pluralWord(n, "has", "have"))
}

// handleQuotas saves the quota table: the default for delegations added
// later and each quota that changed, all or nothing.
func (s *Server) handleQuotas(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	gs, err := s.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
	if err != nil {
		return err
	}
	names := []string{"default_quota"}
	for _, g := range gs {
		names = append(names, convene.QuotaField(g.Country.ISO3))
	}
	f := views.Form{Values: formValues(c, names...)}
	page := func(f views.Form) (templ.Component, error) { return s.delegationsPage(c, m, &f) }
	p := convene.Problems{}
	def := quotaValue(f, "default_quota", p)
	upd := convene.QuotaUpdate{Default: &def, Delegations: map[int64]int{}}
	for _, g := range gs {
		name := convene.QuotaField(g.Country.ISO3)
		if q := quotaValue(f, name, p); q != g.Quota && p[name] == "" {
			upd.Delegations[g.ID] = q
		}
	}
	if err := p.Err(); err != nil {
		return s.renderFormOf(c, err, page, f)
	}
	promoted, err := s.db.UpdateQuotas(ctx, m.ID, upd)
	if err != nil {
		return s.renderFormOf(c, err, page, f)
	}
	return s.redirect(c, paths.DelegationsQuotas(m.Code), fmt.Sprintf("Quotas saved: %d %s changed.%s",
		len(upd.Delegations), pluralWord(len(upd.Delegations), "delegation", "delegations"), promotedNote(promoted)))
}

// handleDelegationQuota saves one delegation's quota from its page.
func (s *Server) handleDelegationQuota(c echo.Context) error {
	m, g, err := s.loadDelegation(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, "quota")}
	page := func(f views.Form) (templ.Component, error) {
		return s.delegationPage(c, m, g, delegationForms{quota: f})
	}
	p := convene.Problems{}
	q := quotaValue(f, "quota", p)
	if err := p.Err(); err != nil {
		return s.renderFormOf(c, err, page, f)
	}
	promoted, err := s.db.UpdateQuotas(c.Request().Context(), m.ID, convene.QuotaUpdate{Delegations: map[int64]int{g.ID: q}})
	if err != nil {
		if msg := convene.ErrorFields(err)[convene.QuotaField(g.Country.ISO3)]; msg != "" {
			err = &convene.Error{Code: convene.EINVALID, Message: convene.ErrorMessage(err), Fields: map[string]string{"quota": msg}}
		}
		return s.renderFormOf(c, err, page, f)
	}
	return s.redirect(c, paths.Delegation(m.Code, g.Country.ISO3),
		fmt.Sprintf("Quota of %s: %d %s.%s", g.Country.Name, q, pluralWord(q, "place", "places"), promotedNote(promoted)))
}
