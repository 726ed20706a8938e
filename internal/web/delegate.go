package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// loadPerson finds the meeting and the person the path names, with the same
// 404 for another country's person as for a missing one.
func (s *Server) loadPerson(c echo.Context) (convene.Meeting, convene.Registration, error) {
	m, err := s.pathMeeting(c)
	if err != nil {
		return m, convene.Registration{}, err
	}
	id, err := pathID(c, "id", "Delegate")
	if err != nil {
		return m, convene.Registration{}, err
	}
	r, err := s.db.FindRegistrationByID(c.Request().Context(), id)
	if err != nil {
		return m, r, err
	}
	if r.MeetingID != m.ID || !convene.CanSeeCountry(actor(c), r.Country.ID) {
		return m, convene.Registration{}, convene.NotFound("Delegate")
	}
	return m, r, nil
}

// personRow is the one place that decides what of a person a viewer sees:
// the full passport number only for the secretariat, date of birth and
// medical needs only for those convene.CanSeePersonalData allows.
func personRow(a convene.Actor, m convene.Meeting, r convene.Registration) views.PersonRow {
	p := views.PersonRow{ID: r.ID, Href: paths.Person(m.Code, r.ID), Name: r.DisplayName(), FullName: r.FullName(),
		Country: r.Country, Position: r.Position, Role: r.Role, Status: r.Status, WaitlistPos: r.WaitlistPos,
		StatusReason: r.StatusReason, Email: r.Email, Mobile: r.Mobile, Nationality: r.Nationality,
		Dietary: convene.DietaryLabel(r.Dietary, r.DietaryOther), SelfDone: !r.ConsentAt.IsZero()}
	if a.Role.IsSecretariat() {
		p.Passport = r.PassportNumber
	} else {
		p.Passport = convene.MaskPassport(r.PassportNumber)
	}
	self := a.Role == convene.RoleDelegate && a.DelegateID != 0 && a.DelegateID == r.ID
	if convene.CanSeePersonalData(a, r.Country.ID) || self {
		p.PassportExp = r.PassportExpiry.Long()
		p.PassportName = r.PassportName
		if r.PassportType != "" {
			p.PassportType = r.PassportType.Label() + " passport"
		}
		p.DateOfBirth = r.DateOfBirth.Long()
		p.Medical = r.Medical
	} else if r.Medical != "" {
		p.Medical = "Recorded (visible to the secretariat only)"
	}
	p.Arrival, p.Departure = r.Arrival.Label(), r.Departure.Label()
	return p
}

func (s *Server) handleDelegateNewForm(c echo.Context) error {
	m, g, err := s.loadDelegation(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: map[string]string{"role": string(convene.RoleMember), "dietary": "none",
		"nationality": g.Country.ISO3}}
	o, err := s.delegateFormOptions(c, m)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.DelegateFormPage(m, g, paths.DelegateNew(m.Code, g.Country.ISO3), 0, f, o))
}

// handleDelegateCreate nominates a person. Over quota the person goes to the
// waiting list with their position, decided atomically by the store.
func (s *Server) handleDelegateCreate(c echo.Context) error {
	m, g, err := s.loadDelegation(c)
	if err != nil {
		return err
	}
	o, err := s.delegateFormOptions(c, m)
	if err != nil {
		return err
	}
	page := func(f views.Form) templ.Component {
		return views.DelegateFormPage(m, g, paths.DelegateNew(m.Code, g.Country.ISO3), 0, f, o)
	}
	f := views.Form{Values: formValues(c, delegateFormFields...)}
	r, err := s.registrationFromForm(c, f, m)
	if err != nil {
		return s.renderForm(c, err, page, f)
	}
	r.DelegationID, r.Country = g.ID, g.Country
	if err := s.db.Nominate(c.Request().Context(), &r); err != nil {
		return s.renderForm(c, err, page, f)
	}
	msg := r.FullName() + " is nominated."
	if r.Status == convene.RegWaitlisted {
		msg = "The quota is full: " + r.FullName() + " is on the waiting list, number " + strconv.Itoa(r.WaitlistPos) + "."
	}
	return s.redirect(c, paths.Delegation(m.Code, g.Country.ISO3), msg)
}

func (s *Server) handlePerson(c echo.Context) error {
	m, r, err := s.loadPerson(c)
	if err != nil {
		return err
	}
	return s.renderPerson(c, m, r, views.Form{}, http.StatusOK)
}

// renderPerson shows a person's page with the decision form as given: the
// history for those who may read the audit log, the photo if one is on file.
func (s *Server) renderPerson(c echo.Context, m convene.Meeting, r convene.Registration, f views.Form, status int) error {
	a := actor(c)
	act := views.DelegationActions{Nominate: convene.Allow(a.Role, convene.PermNominate),
		Manage: convene.Allow(a.Role, convene.PermManageDelegations)}
	var history []views.AuditRow
	if convene.Allow(a.Role, convene.PermViewAudit) {
		entries, _, err := s.db.FindAuditEntries(c.Request().Context(), convene.AuditFilter{Entity: "delegate", EntityID: r.ID})
		if err != nil {
			return err
		}
		if history, err = s.auditRows(c, entries, m.Location()); err != nil {
			return err
		}
	}
	row, err := s.personPageRow(c, a, m, r)
	if err != nil {
		return err
	}
	return s.render(c, status, views.PersonPage(m, paths.Delegation(m.Code, r.Country.ISO3), row, act, history, f, zoneName(m)))
}

// personPageRow is personRow with what only a person's own page shows:
// whether a photo is on file, and the change waiting for approval.
func (s *Server) personPageRow(c echo.Context, a convene.Actor, m convene.Meeting, r convene.Registration) (views.PersonRow, error) {
	ctx := c.Request().Context()
	row := personRow(a, m, r)
	if _, err := s.db.FindDelegatePhoto(ctx, r.ID); err == nil {
		row.HasPhoto = true
	} else if convene.ErrorCode(err) != convene.ENOTFOUND {
		return row, err
	}
	open, err := s.db.FindOpenChange(ctx, r.ID)
	if err == nil {
		row.Pending = pendingView(a, m, r, open)
	} else if convene.ErrorCode(err) != convene.ENOTFOUND {
		return row, err
	}
	return row, nil
}

// proposedRegistration is r with its waiting change applied: what a form
// shows an accredited person with a pending change, so that saving it again
// keeps the proposal. pending says whether a change waits.
func (s *Server) proposedRegistration(c echo.Context, r convene.Registration) (convene.Registration, bool, error) {
	open, err := s.db.FindOpenChange(c.Request().Context(), r.ID)
	if convene.ErrorCode(err) == convene.ENOTFOUND {
		return r, false, nil
	} else if err != nil {
		return r, false, err
	}
	proposed, err := convene.ApplyChanges(r, open.Fields)
	return proposed, true, err
}

func (s *Server) handleDelegateEditForm(c echo.Context) error {
	m, r, err := s.loadPerson(c)
	if err != nil {
		return err
	}
	a := actor(c)
	proposed, pending, err := s.proposedRegistration(c, r)
	if err != nil {
		return err
	}
	o, err := s.delegateFormOptions(c, m)
	if err != nil {
		return err
	}
	o.PassportHint, o.Pending, o.Accredited = passportHint(a, proposed), pending, r.Status == convene.RegAccredited
	g := convene.Delegation{ID: r.DelegationID, Country: r.Country}
	return s.render(c, http.StatusOK, views.DelegateFormPage(m, g, paths.DelegateEdit(m.Code, r.ID), r.ID,
		registrationForm(a, m, proposed), o))
}

// handleDelegateUpdate saves a person's details, whoever edits them. The
// status never changes: for an accredited person the identity fields wait
// as a pending change for the secretariat, the rest applies at once
// (sqlite.updateRegistration).
func (s *Server) handleDelegateUpdate(c echo.Context) error {
	m, approved, err := s.loadPerson(c)
	if err != nil {
		return err
	}
	// Fields the viewer cannot see keep what is on file, as proposed.
	old, pending, err := s.proposedRegistration(c, approved)
	if err != nil {
		return err
	}
	a := actor(c)
	o, err := s.delegateFormOptions(c, m)
	if err != nil {
		return err
	}
	o.PassportHint, o.Pending, o.Accredited = passportHint(a, old), pending, approved.Status == convene.RegAccredited
	g := convene.Delegation{ID: old.DelegationID, Country: old.Country}
	page := func(f views.Form) templ.Component {
		return views.DelegateFormPage(m, g, paths.DelegateEdit(m.Code, old.ID), old.ID, f, o)
	}
	f := views.Form{Values: formValues(c, delegateFormFields...)}
	keep := strings.TrimSpace(f.Get("passport_number")) == "" && !a.Role.IsSecretariat()
	if keep {
		f.Values["passport_number"] = old.PassportNumber
	}
	r, err := s.registrationFromForm(c, f, m)
	if keep {
		f.Values["passport_number"] = ""
	}
	if err != nil {
		return s.renderForm(c, err, page, f)
	}
	if !convene.CanSeePersonalData(a, old.Country.ID) {
		r.DateOfBirth, r.Medical = old.DateOfBirth, old.Medical
	}
	r.ID = old.ID
	change, err := s.db.UpdateRegistration(c.Request().Context(), &r)
	if err != nil {
		return s.renderForm(c, err, page, f)
	}
	return s.redirect(c, paths.Person(m.Code, r.ID), "Details of "+r.FullName()+" saved."+pendingFlash(change))
}

func (s *Server) handleDelegateWithdraw(c echo.Context) error {
	m, r, err := s.loadPerson(c)
	if err != nil {
		return err
	}
	if _, err := s.db.Transition(c.Request().Context(), r.ID, convene.ActWithdraw, ""); err != nil {
		return err
	}
	return s.redirect(c, paths.Delegation(m.Code, r.Country.ISO3), r.FullName()+" is withdrawn; the history is kept.")
}
