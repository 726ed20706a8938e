package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/internal/sqlite"
	"convene/views"
)

// loadDelegation finds the meeting and the delegation the path names. A
// delegation of another country answers 404 for a focal point, exactly like
// one that does not exist (DESIGN.md rule 5).
func (s *Server) loadDelegation(c echo.Context) (convene.Meeting, convene.Delegation, error) {
	ctx := c.Request().Context()
	m, err := s.pathMeeting(c)
	if err != nil {
		return m, convene.Delegation{}, err
	}
	iso := strings.ToUpper(c.Param("country"))
	if len(iso) != 3 {
		return m, convene.Delegation{}, convene.NotFound("Delegation")
	}
	ct, err := s.db.FindCountryByISO3(ctx, iso)
	if err != nil || !convene.CanSeeCountry(actor(c), ct.ID) {
		return m, convene.Delegation{}, convene.NotFound("Delegation")
	}
	gs, err := s.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID, CountryID: ct.ID})
	if err != nil {
		return m, convene.Delegation{}, err
	}
	if len(gs) == 0 {
		return m, convene.Delegation{}, convene.NotFound("Delegation")
	}
	return m, gs[0], nil
}

// delegationRows counts where each delegation's people stand, from one
// query over the meeting's registrations.
func delegationRows(m convene.Meeting, gs []convene.Delegation, people []convene.Registration) []views.DelegationRow {
	rows := make([]views.DelegationRow, len(gs))
	idx := map[int64]int{}
	for i, g := range gs {
		rows[i] = views.DelegationRow{Delegation: g, Href: paths.Delegation(m.Code, g.Country.ISO3)}
		idx[g.ID] = i
	}
	for _, p := range people {
		i, ok := idx[p.DelegationID]
		if !ok {
			continue
		}
		r := &rows[i]
		if p.Status.HoldsPlace() {
			r.Held++
		}
		switch p.Status {
		case convene.RegNominated, convene.RegReturned:
			r.ToSubmit++
		case convene.RegSubmitted:
			r.Submitted++
		case convene.RegAccredited:
			r.Accredited++
		case convene.RegWaitlisted:
			r.Waitlisted++
		}
	}
	return rows
}

// handleDelegations lists a meeting's delegations in protocol order with
// where their people stand; a focal point sees only their own country's.
func (s *Server) handleDelegations(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	page, err := s.delegationsPage(c, m, nil)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, page)
}

// delegationsPage is the delegations list; quotas is the quota table's
// form as typed, or nil for the stored quotas.
func (s *Server) delegationsPage(c echo.Context, m convene.Meeting, quotas *views.Form) (templ.Component, error) {
	ctx := c.Request().Context()
	a := actor(c)
	f := convene.DelegationFilter{MeetingID: m.ID}
	rf := convene.RegistrationFilter{MeetingID: m.ID, Limit: 5000}
	if !a.Role.IsSecretariat() && a.Role != convene.RoleOrganiser {
		f.CountryID, rf.CountryID = a.CountryID, a.CountryID
		if a.CountryID == 0 {
			return nil, convene.NotFound("Meeting")
		}
	}
	gs, err := s.db.FindDelegations(ctx, f)
	if err != nil {
		return nil, err
	}
	people, _, err := s.db.FindRegistrations(ctx, rf)
	if err != nil {
		return nil, err
	}
	settings, err := s.db.FindRegistrationSettings(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	manage := convene.Allow(a.Role, convene.PermManageDelegations)
	if manage && quotas == nil {
		if quotas, err = s.storedQuotas(c, m, gs); err != nil {
			return nil, err
		}
	}
	return views.DelegationsPage(m, delegationRows(m, gs, people), manage, deadlineLabel(m, settings), quotas), nil
}

// handleDelegation shows one delegation with its people and, to those who
// may act on it, the nomination and accreditation buttons.
func (s *Server) handleDelegation(c echo.Context) error {
	m, g, err := s.loadDelegation(c)
	if err != nil {
		return err
	}
	page, err := s.delegationPage(c, m, g, delegationForms{})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, page)
}

// delegationPage is one delegation's page; forms are the secretariat's
// forms as typed (zero values for the stored ones).
func (s *Server) delegationPage(c echo.Context, m convene.Meeting, g convene.Delegation, forms delegationForms) (templ.Component, error) {
	ctx := c.Request().Context()
	a := actor(c)
	people, _, err := s.db.FindRegistrations(ctx, convene.RegistrationFilter{DelegationID: g.ID})
	if err != nil {
		return nil, err
	}
	rows := make([]views.PersonRow, len(people))
	for i, r := range people {
		rows[i] = personRow(a, m, r)
	}
	act := views.DelegationActions{Nominate: convene.Allow(a.Role, convene.PermNominate),
		Manage: convene.Allow(a.Role, convene.PermManageDelegations)}
	settings, err := s.db.FindRegistrationSettings(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	act.Deadline = deadlineLabel(m, settings)
	act.Closed = a.Role == convene.RoleFocal && settings.Closed(s.db.Now())
	if act.Nominate {
		ms, _, err := s.db.FindMeetings(ctx, convene.MeetingFilter{})
		if err != nil {
			return nil, err
		}
		for _, x := range ms {
			if x.ID != m.ID {
				act.CarryFrom = append(act.CarryFrom, views.Option{Value: x.Code, Label: x.Title})
			}
		}
	}
	if act.Manage {
		if err := s.manageForms(c, g, forms, &act); err != nil {
			return nil, err
		}
	}
	return views.DelegationPage(m, delegationRows(m, []convene.Delegation{g}, people)[0], rows, act), nil
}

// handleDelegationSubmit sends a delegation's nominations to the secretariat.
func (s *Server) handleDelegationSubmit(c echo.Context) error {
	m, g, err := s.loadDelegation(c)
	if err != nil {
		return err
	}
	n, err := s.db.SubmitDelegation(c.Request().Context(), g.ID)
	if err != nil {
		return err
	}
	return s.redirect(c, paths.Delegation(m.Code, g.Country.ISO3), strconv.Itoa(n)+" submitted to the secretariat.")
}

// handleDelegationLinks sends a personal link by e-mail to everyone of the
// delegation who has none (sqlite.SendMissingLinks, through the single
// link's code path), and says what it did.
func (s *Server) handleDelegationLinks(c echo.Context) error {
	m, g, err := s.loadDelegation(c)
	if err != nil {
		return err
	}
	res, err := s.db.SendMissingLinks(c.Request().Context(), g.ID)
	if err != nil {
		return err
	}
	return s.redirect(c, paths.Delegation(m.Code, g.Country.ISO3), linksSent(res))
}

// handleMeetingLinks sends the missing personal links of every delegation
// of the meeting (after its confirmation page, askMeetingLinks).
func (s *Server) handleMeetingLinks(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	res, err := s.db.SendMeetingMissingLinks(c.Request().Context(), m.ID)
	if err != nil {
		return err
	}
	return s.redirect(c, paths.Delegations(m.Code), linksSent(res))
}

// linksSent says what sending the missing links did.
func linksSent(res sqlite.SentLinks) string {
	msg := "Everyone who can be sent a personal link already has one that works."
	if res.Sent > 0 {
		msg = "Personal links e-mailed to " + peopleCount(res.Sent) + "."
	}
	if res.NoEmail > 0 {
		msg += " " + peopleCount(res.NoEmail) + " without an e-mail address: send theirs from their page."
	}
	return msg
}

// peopleCount says a number of people in words: "1 person", "3 people".
func peopleCount(n int) string {
	if n == 1 {
		return "1 person"
	}
	return strconv.Itoa(n) + " people"
}

// handleCarryOver nominates the country's people from another meeting of
// the cycle into this delegation.
func (s *Server) handleCarryOver(c echo.Context) error {
	ctx := c.Request().Context()
	m, g, err := s.loadDelegation(c)
	if err != nil {
		return err
	}
	from, err := s.db.FindMeetingByCode(ctx, c.FormValue("from"))
	if err != nil {
		return convene.Errorf(convene.EINVALID, "Choose a meeting to carry the roster over from.")
	}
	src, err := s.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: from.ID, CountryID: g.CountryID})
	if err != nil {
		return err
	}
	if len(src) == 0 {
		return convene.Errorf(convene.EINVALID, "%s had no delegation of %s.", from.Title, g.Country.Name)
	}
	n, err := s.db.CarryOverRoster(ctx, src[0].ID, g.ID)
	if err != nil {
		return err
	}
	return s.redirect(c, paths.Delegation(m.Code, g.Country.ISO3), fmt.Sprintf("%d people carried over from %s.", n, from.Title))
}
