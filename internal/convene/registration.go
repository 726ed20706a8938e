package convene

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Registration is one person's full registration: the delegate as the
// foundation stores them plus what an accreditation desk needs beyond names
// (date of birth, the reason for a return or rejection), and their flights.
// It lives in its own type so that the foundation's Delegate stays the small
// value lists and badges use.
//
// Arrival and Departure are the person's travel legs, read from and written
// to the one travel store that logistics reads too (DESIGN.md rule 11): a
// zero leg means no flight is recorded.
type Registration struct {
	Delegate
	MeetingID    int64
	DateOfBirth  Date
	Arrival      TravelLeg
	Departure    TravelLeg
	StatusReason string    // why the secretariat returned or rejected the person
	ConsentAt    time.Time // when the person accepted the data-protection notice
}

// HoldsPlace reports whether a person in this status uses one of the
// delegation's quota places. Waitlisted, rejected and withdrawn people do
// not; everyone else is on the way to a badge.
func (s RegistrationStatus) HoldsPlace() bool {
	switch s {
	case RegNominated, RegSubmitted, RegReturned, RegAccredited:
		return true
	}
	return false
}

// Linkable reports whether a person in this status may be sent a personal
// link to complete their record: anyone on the way to a badge or waiting
// for a place; a link would not help the rejected or withdrawn.
func (s RegistrationStatus) Linkable() bool { return s.HoldsPlace() || s == RegWaitlisted }

// PlaceHoldingStatuses are the statuses that count against a quota, for SQL.
var PlaceHoldingStatuses = []RegistrationStatus{RegNominated, RegSubmitted, RegReturned, RegAccredited}

// RegAction is one step of the registration state machine.
type RegAction string

// The steps of the registration state machine and who takes them.
const (
	ActSubmit   RegAction = "submit"   // focal point: nominated or returned → submitted
	ActAccredit RegAction = "accredit" // secretariat: submitted → accredited
	ActReturn   RegAction = "return"   // secretariat: submitted or accredited → returned for correction
	ActReject   RegAction = "reject"   // secretariat: submitted, returned or waitlisted → rejected
	ActWithdraw RegAction = "withdraw" // focal point or secretariat: anyone still in the running → withdrawn
	ActPromote  RegAction = "promote"  // the store: first waitlisted → nominated when a place frees
)

// An edit after accreditation never changes the status: identity fields wait
// as a pending change for the secretariat (pending_change.go), the rest
// applies at once. There is no step back to "submitted".

// Label is the action as a button says it.
func (a RegAction) Label() string {
	switch a {
	case ActSubmit:
		return "Submit"
	case ActAccredit:
		return "Accredit"
	case ActReturn:
		return "Return for correction"
	case ActReject:
		return "Reject"
	case ActWithdraw:
		return "Withdraw"
	case ActPromote:
		return "Promote from waiting list"
	}
	return string(a)
}

// transitions is the whole state machine: for each action, the statuses it
// may start from and where it leads. Anything not listed is refused.
var transitions = map[RegAction]struct {
	from []RegistrationStatus
	to   RegistrationStatus
}{
	ActSubmit:   {[]RegistrationStatus{RegNominated, RegReturned}, RegSubmitted},
	ActAccredit: {[]RegistrationStatus{RegSubmitted}, RegAccredited},
	ActReturn:   {[]RegistrationStatus{RegSubmitted, RegAccredited}, RegReturned},
	ActReject:   {[]RegistrationStatus{RegNominated, RegSubmitted, RegReturned, RegWaitlisted}, RegRejected},
	ActWithdraw: {[]RegistrationStatus{RegNominated, RegSubmitted, RegReturned, RegAccredited, RegWaitlisted}, RegWithdrawn},
	ActPromote:  {[]RegistrationStatus{RegWaitlisted}, RegNominated},
}

// NextStatus returns where an action leads from a status, or an ECONFLICT
// error in plain words when the action does not apply (for example
// accrediting someone the focal point has not submitted yet).
func NextStatus(from RegistrationStatus, act RegAction) (RegistrationStatus, error) {
	t, ok := transitions[act]
	if !ok {
		return "", Errorf(EINVALID, "Unknown action.")
	}
	for _, f := range t.from {
		if f == from {
			return t.to, nil
		}
	}
	return "", Errorf(ECONFLICT, "%s is not possible for a registration that is %s.", act.Label(),
		strings.ToLower(from.Label()))
}

// NeedsReason reports whether an action must say why: a person returned or
// rejected must be told what to correct or why they cannot attend.
func (a RegAction) NeedsReason() bool { return a == ActReturn || a == ActReject }

// Honorifics are the titles the form offers; free text is accepted too.
var Honorifics = []string{"H.E.", "Dato' Seri", "Dato'", "Dr", "Gen.", "Lt Gen.", "Maj. Gen.", "BG", "Adm.",
	"VADM", "RADM", "Col.", "Lt Col.", "Maj.", "Capt.", "Mr", "Ms", "Mrs"}

// DietaryChoices are the dietary requirements a form offers.
var DietaryChoices = []string{"none", "halal", "vegetarian", "vegan", "other"}

// DietaryLabel is a dietary requirement in plain words.
func DietaryLabel(d, other string) string {
	switch d {
	case "", "none":
		return "None"
	case "halal":
		return "Halal"
	case "vegetarian":
		return "Vegetarian"
	case "vegan":
		return "Vegan"
	case "other":
		if other != "" {
			return "Other: " + other
		}
		return "Other"
	}
	return d
}

var (
	passportPattern = regexp.MustCompile(`^[A-Z0-9]{5,20}$`)
	// passportNamePattern is a name as a passport's data page prints it in
	// Latin letters: capitals, spaces, hyphens, apostrophes, commas, dots.
	passportNamePattern = regexp.MustCompile(`^[A-Z][A-Z '\-,.]*$`)
	mobilePattern       = regexp.MustCompile(`^\+?[0-9 ()-]{6,24}$`)
	isoCodePattern      = regexp.MustCompile(`^[A-Z]{3}$`)
)

// PassportMinValidity is how long a passport must remain valid after the
// meeting ends: most host countries refuse entry with less than six months.
const PassportMinValidity = 6

// Normalize trims what people paste around their input and puts codes
// (passport, flight, nationality, e-mail) in their canonical case. Names are
// left exactly as typed apart from surrounding spaces (DESIGN.md rule 8).
func (r *Registration) Normalize() {
	for _, p := range []*string{&r.Honorific, &r.GivenName, &r.FamilyName, &r.BadgeName, &r.Position,
		&r.DietaryOther, &r.Medical, &r.Mobile} {
		*p = strings.TrimSpace(*p)
	}
	r.PassportNumber = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(r.PassportNumber), " ", ""))
	r.Nationality = strings.ToUpper(strings.TrimSpace(r.Nationality))
	// The passport's Latin name is compared and printed in capitals, as the
	// machine-readable zone writes it; the same as the name as written
	// means there is nothing to record.
	r.PassportName = strings.ToUpper(strings.Join(strings.Fields(r.PassportName), " "))
	if r.PassportName != "" && r.PassportName == strings.ToUpper(r.FullName()) {
		r.PassportName = ""
	}
	r.Email = NormalizeEmail(r.Email)
	if r.Dietary == "" {
		r.Dietary = "none"
	}
	if r.Dietary != "other" {
		r.DietaryOther = ""
	}
}

// Messages of the rules every path shares (the focal point's form, the
// personal link and the spreadsheet import), exported so that tests can
// hold each path to the same words.
const (
	MsgGivenNameRequired   = "Enter the person's given name. For a single name (mononym), use this field only."
	MsgNationalityRequired = "Enter the three-letter country code of the passport, such as VNM."
)

// Validate checks a registration against the rules of the accreditation desk
// and returns every problem at once, by form field. It is the one validation
// of a person, whatever the path: the focal point's form, the personal link
// and the spreadsheet import all call it (travel is checked by ReadTravel).
// m is the meeting, whose end date decides how long the passport must stay
// valid; today decides that a date of birth lies in the past.
func (r *Registration) Validate(m Meeting, today Date) error {
	r.Normalize()
	p := Problems{}
	long := func(field, v string, n int) {
		if utf8.RuneCountInString(v) > n {
			p.Add(field, fmt.Sprintf("Use at most %d characters.", n))
		}
	}
	if r.GivenName == "" {
		p.Add("given_name", MsgGivenNameRequired)
	}
	long("honorific", r.Honorific, 60)
	long("given_name", r.GivenName, 120)
	long("family_name", r.FamilyName, 120)
	long("badge_name", r.BadgeName, 60)
	long("position", r.Position, 200)
	long("dietary_other", r.DietaryOther, 200)
	long("medical", r.Medical, 1000)
	if r.Role.Precedence() >= len(DelegateRoles) {
		p.Add("role", "Choose the person's role in the delegation.")
	}
	switch r.Gender {
	case "", "female", "male", "other":
	default:
		p.Add("gender", "Choose female, male, other, or leave it empty.")
	}
	if !isoCodePattern.MatchString(r.Nationality) {
		p.Add("nationality", MsgNationalityRequired)
	}
	if r.PassportNumber != "" && !passportPattern.MatchString(r.PassportNumber) {
		p.Add("passport_number", "A passport number has 5 to 20 letters and digits.")
	}
	if !r.PassportType.Valid() {
		p.Add("passport_type", "Choose ordinary, official or diplomatic, or leave it empty.")
	}
	if r.PassportName != "" && !passportNamePattern.MatchString(r.PassportName) {
		p.Add("passport_name", "Type the name in Latin letters exactly as the passport prints it, such as NGUYEN VAN AN; leave empty if it reads as the name above.")
	}
	long("passport_name", r.PassportName, 120)
	if r.PassportNumber != "" && r.PassportExpiry.IsZero() {
		p.Add("passport_expiry", "Enter the passport's expiry date.")
	}
	if !r.PassportExpiry.IsZero() {
		end := m.EndDate
		if end.IsZero() {
			end = m.StartDate
		}
		need := DateOf(end.In(time.UTC).AddDate(0, PassportMinValidity, 0))
		if r.PassportExpiry.Before(need) {
			p.Add("passport_expiry", fmt.Sprintf("The passport must be valid until at least %s, six months after the meeting ends.", need.Long()))
		}
	}
	if !r.DateOfBirth.IsZero() {
		if !r.DateOfBirth.Before(today) {
			p.Add("date_of_birth", "The date of birth must be in the past.")
		} else if r.DateOfBirth.Year < today.Year-110 {
			p.Add("date_of_birth", "Check the year of birth.")
		}
	}
	if r.Email != "" && !ValidEmail(r.Email) {
		p.Add("email", "Enter an e-mail address such as name@example.org, or leave it empty.")
	}
	if r.Mobile != "" && !mobilePattern.MatchString(r.Mobile) {
		p.Add("mobile", "Enter a phone number with its country code, such as +84 912 345 678.")
	}
	valid := false
	for _, d := range DietaryChoices {
		valid = valid || d == r.Dietary
	}
	if !valid {
		p.Add("dietary", "Choose a dietary requirement from the list.")
	}
	if r.Dietary == "other" && r.DietaryOther == "" {
		p.Add("dietary_other", "Say which dietary requirement.")
	}
	return p.Err()
}

// RegistrationLinkTTL is how long a personal registration link works: long
// enough for a busy official to find the e-mail, short enough that a
// forwarded link stops working before the meeting.
const RegistrationLinkTTL = 14 * 24 * time.Hour

// RegistrationSettings are a meeting's registration rules, set by the
// secretariat.
type RegistrationSettings struct {
	MeetingID int64
	// Deadline is when focal points stop adding people on their own (UTC);
	// zero means no deadline. The secretariat can still add after it.
	Deadline time.Time
	// NotifyEmail is where the secretariat's notifications of the meeting
	// go (a delegation submitted, a change proposed). Empty means every
	// administrator and officer account that is not disabled.
	NotifyEmail string
}

// Validate checks the settings; the address is normalised.
func (s *RegistrationSettings) Validate() error {
	s.NotifyEmail = NormalizeEmail(s.NotifyEmail)
	if s.NotifyEmail != "" && !ValidEmail(s.NotifyEmail) {
		return Problems{"notify_email": "Enter an e-mail address such as secretariat@example.org, or leave it empty."}.Err()
	}
	return nil
}

// Closed reports whether the deadline has passed at now.
func (s RegistrationSettings) Closed(now time.Time) bool {
	return !s.Deadline.IsZero() && !now.Before(s.Deadline)
}

// InvitationTTL is how long a focal point's invitation link works.
const InvitationTTL = 7 * 24 * time.Hour

// FocalInvitation is the secretariat's invitation to a country's focal
// point to set up their account for a delegation.
type FocalInvitation struct {
	ID           int64
	DelegationID int64
	MeetingID    int64
	Country      Country
	Email        string
	Name         string
	ExpiresAt    time.Time
}

// RegistrationFilter selects registrations for the roster, the accreditation
// queue and exports.
type RegistrationFilter struct {
	MeetingID    int64
	DelegationID int64
	CountryID    int64
	Statuses     []RegistrationStatus
	Role         DelegateRole
	Query        string // matched against names as typed, in any script
	Offset       int
	Limit        int
}

// PageSize is how many people one page of f lists: f.Limit, or 1,000 when
// it is unset or above 5,000 (a list is never read whole by accident).
func (f RegistrationFilter) PageSize() int {
	if f.Limit <= 0 || f.Limit > 5000 {
		return 1000
	}
	return f.Limit
}
