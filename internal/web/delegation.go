package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/views"
)

// delegateFormFields are the fields of the delegate form, for the round trip.
var delegateFormFields = []string{"honorific", "given_name", "family_name", "family_name_first", "badge_name",
	"position", "role", "gender", "nationality", "passport_number", "passport_expiry", "date_of_birth", "email",
	"mobile", "dietary", "dietary_other", "medical", "arrival_flight", "arrival_at", "departure_flight",
	"departure_at", "consent"}

// localTimeLayout is what an <input type="datetime-local"> sends.
const localTimeLayout = "2006-01-02T15:04"

func delegationHref(m convene.Meeting, g convene.Delegation) string {
	return "/meetings/" + m.Code + "/delegations/" + strings.ToLower(g.Country.ISO3)
}

func personHref(m convene.Meeting, id int64) string {
	return "/meetings/" + m.Code + "/delegates/" + strconv.FormatInt(id, 10)
}

// loadDelegation finds the meeting and the delegation the path names. A
// delegation of another country answers 404 for a focal point, exactly like
// one that does not exist (DESIGN.md rule 5).
func (s *Server) loadDelegation(c echo.Context) (convene.Meeting, convene.Delegation, error) {
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
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

// loadPerson finds the meeting and the person the path names, with the same
// 404 for another country's person as for a missing one.
func (s *Server) loadPerson(c echo.Context) (convene.Meeting, convene.Registration, error) {
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return m, convene.Registration{}, err
	}
	id, err := pathID(c, "id", "Delegate")
	if err != nil {
		return m, convene.Registration{}, err
	}
	r, err := s.db.FindRegistrationByID(ctx, id)
	if err != nil {
		return m, r, err
	}
	if r.MeetingID != m.ID || !convene.CanSeeCountry(actor(c), r.Country.ID) {
		return m, convene.Registration{}, convene.NotFound("Delegate")
	}
	return m, r, nil
}

// delegationRows counts where each delegation's people stand, from one
// query over the meeting's registrations.
func delegationRows(m convene.Meeting, gs []convene.Delegation, people []convene.Registration) []views.DelegationRow {
	rows := make([]views.DelegationRow, len(gs))
	idx := map[int64]int{}
	for i, g := range gs {
		rows[i] = views.DelegationRow{Delegation: g, Href: delegationHref(m, g)}
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

// personRow is the one place that decides what of a person a viewer sees:
// the full passport number only for the secretariat, date of birth and
// medical needs only for those convene.CanSeePersonalData allows.
func personRow(a convene.Actor, m convene.Meeting, r convene.Registration) views.PersonRow {
	loc := m.Location()
	p := views.PersonRow{ID: r.ID, Href: personHref(m, r.ID), Name: r.DisplayName(), FullName: r.FullName(),
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
		p.DateOfBirth = r.DateOfBirth.Long()
		p.Medical = r.Medical
	} else if r.Medical != "" {
		p.Medical = "Recorded (visible to the secretariat only)"
	}
	travel := func(flight string, at time.Time) string {
		out := flight
		if !at.IsZero() {
			if out != "" {
				out += ", "
			}
			out += convene.FormatInZone(at, loc, "2 January 2006 15:04")
		}
		return out
	}
	p.Arrival, p.Departure = travel(r.ArrivalFlight, r.ArrivalAt), travel(r.DepartureFlight, r.DepartureAt)
	return p
}

func (s *Server) handleDelegations(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	a := actor(c)
	f := convene.DelegationFilter{MeetingID: m.ID}
	rf := convene.RegistrationFilter{MeetingID: m.ID, Limit: 5000}
	if !a.Role.IsSecretariat() && a.Role != convene.RoleOrganiser {
		f.CountryID, rf.CountryID = a.CountryID, a.CountryID
		if a.CountryID == 0 {
			return convene.NotFound("Meeting")
		}
	}
	gs, err := s.db.FindDelegations(ctx, f)
	if err != nil {
		return err
	}
	people, _, err := s.db.FindRegistrations(ctx, rf)
	if err != nil {
		return err
	}
	settings, err := s.db.FindRegistrationSettings(ctx, m.ID)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.DelegationsPage(m, delegationRows(m, gs, people),
		convene.Allow(a.Role, convene.PermManageDelegations), deadlineLabel(m, settings)))
}

func (s *Server) handleDelegation(c echo.Context) error {
	m, g, err := s.loadDelegation(c)
	if err != nil {
		return err
	}
	a := actor(c)
	people, _, err := s.db.FindRegistrations(c.Request().Context(), convene.RegistrationFilter{DelegationID: g.ID})
	if err != nil {
		return err
	}
	rows := make([]views.PersonRow, len(people))
	for i, r := range people {
		rows[i] = personRow(a, m, r)
	}
	act := views.DelegationActions{Nominate: convene.Allow(a.Role, convene.PermNominate),
		Manage: convene.Allow(a.Role, convene.PermManageDelegations)}
	settings, err := s.db.FindRegistrationSettings(c.Request().Context(), m.ID)
	if err != nil {
		return err
	}
	act.Deadline = deadlineLabel(m, settings)
	act.Closed = a.Role == convene.RoleFocal && settings.Closed(s.db.Now())
	if act.Nominate {
		ms, _, err := s.db.FindMeetings(c.Request().Context(), convene.MeetingFilter{})
		if err != nil {
			return err
		}
		for _, x := range ms {
			if x.ID != m.ID {
				act.CarryFrom = append(act.CarryFrom, views.Option{Value: x.Code, Label: x.Title})
			}
		}
	}
	return s.render(c, http.StatusOK, views.DelegationPage(m, delegationRows(m, []convene.Delegation{g}, people)[0], rows, act))
}

// delegateFormOptions are the choices of the delegate form.
func delegateFormOptions(m convene.Meeting) views.DelegateFormOptions {
	o := views.DelegateFormOptions{Zone: convene.ZoneAbbrev(m.StartDate.In(m.Location()), m.Location())}
	for _, r := range convene.DelegateRoles {
		o.Roles = append(o.Roles, views.Option{Value: string(r), Label: r.Label()})
	}
	o.Genders = []views.Option{{Value: "", Label: "Not given"}, {Value: "female", Label: "Female"},
		{Value: "male", Label: "Male"}, {Value: "other", Label: "Other"}}
	for _, d := range convene.DietaryChoices {
		o.Dietary = append(o.Dietary, views.Option{Value: d, Label: convene.DietaryLabel(d, "")})
	}
	return o
}

// registrationFromForm reads the delegate form into a registration and
// validates it; problems with dates and times that do not parse are added
// to the same list, so the person sees every problem at once.
func (s *Server) registrationFromForm(f views.Form, m convene.Meeting) (convene.Registration, error) {
	p := convene.Problems{}
	r := convene.Registration{Delegate: convene.Delegate{Honorific: f.Get("honorific"), GivenName: f.Get("given_name"),
		FamilyName: f.Get("family_name"), FamilyNameFirst: f.Get("family_name_first") == "1",
		BadgeName: f.Get("badge_name"), Position: f.Get("position"), Role: convene.DelegateRole(f.Get("role")),
		Gender: f.Get("gender"), Nationality: f.Get("nationality"), PassportNumber: f.Get("passport_number"),
		Email: f.Get("email"), Mobile: f.Get("mobile"), Dietary: f.Get("dietary"), DietaryOther: f.Get("dietary_other"),
		Medical: f.Get("medical")},
		ArrivalFlight: f.Get("arrival_flight"), DepartureFlight: f.Get("departure_flight")}
	date := func(field string) convene.Date {
		v := strings.TrimSpace(f.Get(field))
		if v == "" {
			return convene.Date{}
		}
		d, err := convene.ParseDate(v)
		if err != nil {
			p.Add(field, "Enter a date such as 2031-05-31.")
		}
		return d
	}
	instant := func(field string) time.Time {
		v := strings.TrimSpace(f.Get(field))
		if v == "" {
			return time.Time{}
		}
		t, err := time.ParseInLocation(localTimeLayout, v, m.Location())
		if err != nil {
			p.Add(field, "Enter a date and time such as 2025-02-25T14:05.")
		}
		return t.UTC()
	}
	r.PassportExpiry = date("passport_expiry")
	r.DateOfBirth = date("date_of_birth")
	r.ArrivalAt = instant("arrival_at")
	r.DepartureAt = instant("departure_at")
	if err := r.Validate(m, convene.DateOf(s.db.Now().In(m.Location()))); err != nil {
		for k, v := range convene.ErrorFields(err) {
			p.Add(k, v)
		}
	}
	return r, p.Err()
}

// registrationForm fills the form from a stored registration for editing.
// The passport number is filled only for the secretariat; everyone else sees
// a masked hint and leaves the field empty to keep the number on file.
func registrationForm(a convene.Actor, m convene.Meeting, r convene.Registration) views.Form {
	v := map[string]string{"honorific": r.Honorific, "given_name": r.GivenName, "family_name": r.FamilyName,
		"family_name_first": boolValue(r.FamilyNameFirst), "badge_name": r.BadgeName, "position": r.Position,
		"role": string(r.Role), "gender": r.Gender, "nationality": r.Nationality,
		"passport_expiry": r.PassportExpiry.String(), "email": r.Email, "mobile": r.Mobile, "dietary": r.Dietary,
		"dietary_other": r.DietaryOther, "arrival_flight": r.ArrivalFlight, "departure_flight": r.DepartureFlight}
	if a.Role.IsSecretariat() {
		v["passport_number"] = r.PassportNumber
	}
	if convene.CanSeePersonalData(a, r.Country.ID) || a.Role == convene.RoleAnonymous {
		v["date_of_birth"] = r.DateOfBirth.String()
		v["medical"] = r.Medical
	}
	if !r.ArrivalAt.IsZero() {
		v["arrival_at"] = r.ArrivalAt.In(m.Location()).Format(localTimeLayout)
	}
	if !r.DepartureAt.IsZero() {
		v["departure_at"] = r.DepartureAt.In(m.Location()).Format(localTimeLayout)
	}
	return views.Form{Values: v}
}

func passportHint(a convene.Actor, r convene.Registration) string {
	if r.PassportNumber == "" || a.Role.IsSecretariat() {
		return "Letters and digits, as printed in the passport."
	}
	return "On file: " + convene.MaskPassport(r.PassportNumber) + ". Leave empty to keep it; type a new number to replace it."
}

func (s *Server) handleDelegateNewForm(c echo.Context) error {
	m, g, err := s.loadDelegation(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: map[string]string{"role": string(convene.RoleMember), "dietary": "none",
		"nationality": g.Country.ISO3}}
	return s.render(c, http.StatusOK, views.DelegateFormPage(m, g, delegationHref(m, g)+"/delegates/new", 0, f,
		delegateFormOptions(m)))
}

// handleDelegateCreate nominates a person. Over quota the person goes to the
// waiting list with their position, decided atomically by the store.
func (s *Server) handleDelegateCreate(c echo.Context) error {
	m, g, err := s.loadDelegation(c)
	if err != nil {
		return err
	}
	o := delegateFormOptions(m)
	page := func(f views.Form) templ.Component {
		return views.DelegateFormPage(m, g, delegationHref(m, g)+"/delegates/new", 0, f, o)
	}
	f := views.Form{Values: formValues(c, delegateFormFields...)}
	r, err := s.registrationFromForm(f, m)
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
	return s.redirect(c, delegationHref(m, g), msg)
}

func (s *Server) handlePerson(c echo.Context) error {
	m, r, err := s.loadPerson(c)
	if err != nil {
		return err
	}
	return s.renderPerson(c, m, r, views.Form{}, http.StatusOK)
}

func (s *Server) renderPerson(c echo.Context, m convene.Meeting, r convene.Registration, f views.Form, status int) error {
	a := actor(c)
	act := views.DelegationActions{Nominate: convene.Allow(a.Role, convene.PermNominate),
		Manage: convene.Allow(a.Role, convene.PermManageDelegations)}
	var history []convene.AuditEntry
	if convene.Allow(a.Role, convene.PermViewAudit) {
		var err error
		history, _, err = s.db.FindAuditEntries(c.Request().Context(), convene.AuditFilter{Entity: "delegate", EntityID: r.ID})
		if err != nil {
			return err
		}
		for i := range history {
			history[i].At = history[i].At.In(m.Location())
		}
	}
	g := convene.Delegation{Country: r.Country}
	row := personRow(a, m, r)
	if _, err := s.db.FindDelegatePhoto(c.Request().Context(), r.ID); err == nil {
		row.HasPhoto = true
	} else if convene.ErrorCode(err) != convene.ENOTFOUND {
		return err
	}
	return s.render(c, status, views.PersonPage(m, delegationHref(m, g), row, act, history, f, zoneName(m)))
}

func (s *Server) handleDelegateEditForm(c echo.Context) error {
	m, r, err := s.loadPerson(c)
	if err != nil {
		return err
	}
	a := actor(c)
	o := delegateFormOptions(m)
	o.PassportHint = passportHint(a, r)
	g := convene.Delegation{ID: r.DelegationID, Country: r.Country}
	return s.render(c, http.StatusOK, views.DelegateFormPage(m, g, personHref(m, r.ID)+"/edit", r.ID,
		registrationForm(a, m, r), o))
}

// handleDelegateUpdate saves a person's details. An edit by a focal point
// after accreditation sends the person back to the secretariat's queue.
func (s *Server) handleDelegateUpdate(c echo.Context) error {
	m, old, err := s.loadPerson(c)
	if err != nil {
		return err
	}
	a := actor(c)
	o := delegateFormOptions(m)
	o.PassportHint = passportHint(a, old)
	g := convene.Delegation{ID: old.DelegationID, Country: old.Country}
	page := func(f views.Form) templ.Component {
		return views.DelegateFormPage(m, g, personHref(m, old.ID)+"/edit", old.ID, f, o)
	}
	f := views.Form{Values: formValues(c, delegateFormFields...)}
	keep := strings.TrimSpace(f.Get("passport_number")) == "" && !a.Role.IsSecretariat()
	if keep {
		f.Values["passport_number"] = old.PassportNumber
	}
	r, err := s.registrationFromForm(f, m)
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
	if err := s.db.UpdateRegistration(c.Request().Context(), &r, !a.Role.IsSecretariat()); err != nil {
		return s.renderForm(c, err, page, f)
	}
	msg := "Details of " + r.FullName() + " saved."
	if old.Status == convene.RegAccredited && r.Status == convene.RegSubmitted {
		msg += " The change goes back to the secretariat for review."
	}
	return s.redirect(c, personHref(m, r.ID), msg)
}

func (s *Server) handleDelegationSubmit(c echo.Context) error {
	m, g, err := s.loadDelegation(c)
	if err != nil {
		return err
	}
	n, err := s.db.SubmitDelegation(c.Request().Context(), g.ID)
	if err != nil {
		return err
	}
	return s.redirect(c, delegationHref(m, g), strconv.Itoa(n)+" submitted to the secretariat.")
}

func (s *Server) handleDelegateWithdraw(c echo.Context) error {
	m, r, err := s.loadPerson(c)
	if err != nil {
		return err
	}
	if _, err := s.db.Transition(c.Request().Context(), r.ID, convene.ActWithdraw, ""); err != nil {
		return err
	}
	g := convene.Delegation{Country: r.Country}
	return s.redirect(c, delegationHref(m, g), r.FullName()+" is withdrawn; the history is kept.")
}

// handleDelegateDecision is the secretariat's accredit, return or reject.
func (s *Server) handleDelegateDecision(c echo.Context) error {
	m, r, err := s.loadPerson(c)
	if err != nil {
		return err
	}
	act := convene.RegAction(c.FormValue("action"))
	switch act {
	case convene.ActAccredit, convene.ActReturn, convene.ActReject:
	default:
		return convene.Errorf(convene.EINVALID, "Choose accredit, return or reject.")
	}
	f := views.Form{Values: formValues(c, "reason")}
	next, err := s.db.Transition(c.Request().Context(), r.ID, act, f.Get("reason"))
	if convene.ErrorCode(err) == convene.EINVALID && len(convene.ErrorFields(err)) > 0 {
		f.Errors = convene.ErrorFields(err)
		return s.renderPerson(c, m, r, f, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(c, personHref(m, r.ID), r.FullName()+": "+strings.ToLower(next.Status.Label())+".")
}

func (s *Server) handleAccreditationQueue(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	return s.renderQueue(c, m, views.Form{}, http.StatusOK)
}

func (s *Server) renderQueue(c echo.Context, m convene.Meeting, f views.Form, status int) error {
	people, _, err := s.db.FindRegistrations(c.Request().Context(), convene.RegistrationFilter{MeetingID: m.ID,
		Statuses: []convene.RegistrationStatus{convene.RegSubmitted}})
	if err != nil {
		return err
	}
	rows := make([]views.PersonRow, len(people))
	for i, r := range people {
		rows[i] = personRow(actor(c), m, r)
	}
	return s.render(c, status, views.AccreditationPage(m, rows, f))
}

// handleBulkAccredit accredits every selected person, each with its own
// audit row, all in one transaction: either all are accredited or none.
func (s *Server) handleBulkAccredit(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	form, _ := c.FormParams()
	var ids []int64
	for _, v := range form["id"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return convene.Errorf(convene.EINVALID, "Select people from the list.")
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return s.renderQueue(c, m, views.Form{Message: "Select at least one person to accredit."}, http.StatusUnprocessableEntity)
	}
	n, err := s.db.AccreditMany(ctx, m.ID, ids)
	if err != nil {
		return err
	}
	return s.redirect(c, "/meetings/"+m.Code+"/accreditation", strconv.Itoa(n)+" accredited.")
}

func (s *Server) handleDelegateLink(c echo.Context) error {
	m, r, err := s.loadPerson(c)
	if err != nil {
		return err
	}
	base := c.Scheme() + "://" + c.Request().Host
	token, err := s.db.CreateRegistrationLink(c.Request().Context(), r.ID, base)
	if err != nil {
		return err
	}
	msg := "Personal link for " + r.FullName() + ": " + base + "/register/" + token + " (works for 14 days"
	if r.Email != "" {
		msg += "; also e-mailed to " + r.Email
	}
	return s.redirect(c, personHref(m, r.ID), msg+").")
}

// handleRegisterForm is the self-service form behind a personal link. An
// unknown or expired link answers 404 like any missing page.
func (s *Server) handleRegisterForm(c echo.Context) error {
	ctx := c.Request().Context()
	r, err := s.db.FindRegistrationByToken(ctx, c.Param("token"))
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
		for k, v := range convene.ErrorFields(err) {
			p.Add(k, v)
		}
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

// meetingByID finds the meeting a registration belongs to.
func (s *Server) meetingByID(c echo.Context, id int64) (convene.Meeting, error) {
	code, err := s.db.FindMeetingCodeByID(c.Request().Context(), id)
	if err != nil {
		return convene.Meeting{}, err
	}
	return s.db.FindMeetingByCode(c.Request().Context(), code)
}

func (s *Server) handleOutbox(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	msgs, err := s.db.FindOutbox(ctx, m.ID)
	if err != nil {
		return err
	}
	for i := range msgs {
		msgs[i].CreatedAt = msgs[i].CreatedAt.In(m.Location())
	}
	return s.render(c, http.StatusOK, views.OutboxPage(m, msgs, m.TimeZone))
}

// handleDelegates is the meeting's delegates list with filters by status,
// role and delegation and a name search in any script. A focal point's list
// holds only their own country, whatever the filter says.
func (s *Server) handleDelegates(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	a := actor(c)
	f := views.Form{Values: map[string]string{"q": c.QueryParam("q"), "status": c.QueryParam("status"),
		"role": c.QueryParam("role"), "country": strings.ToUpper(c.QueryParam("country"))}}
	page := 1
	if n, err := strconv.Atoi(c.QueryParam("page")); err == nil && n > 1 && n <= 10000 {
		page = n
	}
	rf := convene.RegistrationFilter{MeetingID: m.ID, Query: f.Get("q"), Role: convene.DelegateRole(f.Get("role")),
		Limit: delegatesPerPage, Offset: (page - 1) * delegatesPerPage}
	if st := f.Get("status"); st != "" {
		rf.Statuses = []convene.RegistrationStatus{convene.RegistrationStatus(st)}
	}
	countries, err := s.db.FindCountries(ctx)
	if err != nil {
		return err
	}
	countryOpts := []views.Option{{Value: "", Label: "All"}}
	for _, ct := range countries {
		if !convene.CanSeeCountry(a, ct.ID) {
			continue
		}
		countryOpts = append(countryOpts, views.Option{Value: ct.ISO3, Label: ct.Name})
		if ct.ISO3 == f.Get("country") {
			rf.CountryID = ct.ID
		}
	}
	if !a.Role.IsSecretariat() && a.Role != convene.RoleOrganiser {
		if a.CountryID == 0 {
			return convene.NotFound("Meeting")
		}
		rf.CountryID = a.CountryID
	}
	people, total, err := s.db.FindRegistrations(ctx, rf)
	if err != nil {
		return err
	}
	rows := make([]views.PersonRow, len(people))
	for i, r := range people {
		rows[i] = personRow(a, m, r)
	}
	statuses := []views.Option{{Value: "", Label: "All"}}
	for _, st := range []convene.RegistrationStatus{convene.RegNominated, convene.RegSubmitted, convene.RegReturned,
		convene.RegAccredited, convene.RegWaitlisted, convene.RegRejected, convene.RegWithdrawn} {
		statuses = append(statuses, views.Option{Value: string(st), Label: st.Label()})
	}
	roles := []views.Option{{Value: "", Label: "All"}}
	for _, r := range convene.DelegateRoles {
		roles = append(roles, views.Option{Value: string(r), Label: r.Label()})
	}
	pager := views.ListPager{First: rf.Offset + 1, Last: rf.Offset + len(rows), Total: total}
	if page > 1 {
		pager.Previous = delegatesPageURL(m.Code, f, page-1)
	}
	if rf.Offset+len(rows) < total {
		pager.Next = delegatesPageURL(m.Code, f, page+1)
	}
	return s.render(c, http.StatusOK, views.DelegatesPage(m, rows, pager, f, statuses, roles, countryOpts))
}

// delegatesPerPage is how many people one page of the delegates list shows:
// a delegation's worth several times over, few enough that the page stays
// quick when a meeting has hundreds of delegates (BENCHMARKS.md). It is a
// variable only so that a test can page the small test dataset.
var delegatesPerPage = 100

// delegatesPageURL is the delegates list with the same filters on another page.
func delegatesPageURL(code string, f views.Form, page int) string {
	q := url.Values{}
	for _, k := range []string{"q", "status", "role", "country"} {
		if v := f.Get(k); v != "" {
			q.Set(k, v)
		}
	}
	if page > 1 {
		q.Set("page", strconv.Itoa(page))
	}
	u := "/meetings/" + url.PathEscape(code) + "/delegates"
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// deadlineLabel shows a registration deadline in the meeting's zone, named.
func deadlineLabel(m convene.Meeting, st convene.RegistrationSettings) string {
	if st.Deadline.IsZero() {
		return ""
	}
	return convene.FormatInZone(st.Deadline, m.Location(), "2 January 2006 15:04")
}

func (s *Server) handleRegistrationSettingsForm(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	st, err := s.db.FindRegistrationSettings(ctx, m.ID)
	if err != nil {
		return err
	}
	f := views.Form{Values: map[string]string{"review": boolValue(st.ReviewAfterAccreditation)}}
	if !st.Deadline.IsZero() {
		f.Values["deadline"] = st.Deadline.In(m.Location()).Format(localTimeLayout)
	}
	return s.render(c, http.StatusOK, views.RegistrationSettingsPage(m, f, zoneName(m)))
}

func zoneName(m convene.Meeting) string {
	return convene.ZoneAbbrev(m.StartDate.In(m.Location()), m.Location())
}

func (s *Server) handleRegistrationSettings(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	page := func(f views.Form) templ.Component { return views.RegistrationSettingsPage(m, f, zoneName(m)) }
	f := views.Form{Values: formValues(c, "deadline", "review")}
	st := convene.RegistrationSettings{MeetingID: m.ID, ReviewAfterAccreditation: f.Get("review") == "1"}
	if v := strings.TrimSpace(f.Get("deadline")); v != "" {
		t, err := time.ParseInLocation(localTimeLayout, v, m.Location())
		if err != nil {
			return s.renderForm(c, convene.Problems{"deadline": "Enter a date and time such as 2025-02-20T17:00."}.Err(), page, f)
		}
		st.Deadline = t.UTC()
	}
	if err := s.db.UpdateRegistrationSettings(ctx, st); err != nil {
		return s.renderForm(c, err, page, f)
	}
	return s.redirect(c, "/meetings/"+m.Code+"/delegations", "Registration settings saved.")
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
	return s.render(c, http.StatusOK, views.PersonPage(m, "/my-registration", row, views.DelegationActions{}, nil,
		views.Form{}, zoneName(m)))
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
	return s.redirect(c, delegationHref(m, g), fmt.Sprintf("%d people carried over from %s.", n, from.Title))
}
