package convene

import (
	"strings"
	"time"
)

// DelegationStatus is where a delegation's registration stands as a whole.
type DelegationStatus string

// Delegation statuses.
const (
	DelegationNotStarted DelegationStatus = "not_started"
	DelegationNominating DelegationStatus = "nominating"
	DelegationSubmitted  DelegationStatus = "submitted"
	DelegationAccredited DelegationStatus = "accredited"
)

// Label is the status in plain words.
func (s DelegationStatus) Label() string {
	switch s {
	case DelegationNotStarted:
		return "Not started"
	case DelegationNominating:
		return "Nominating"
	case DelegationSubmitted:
		return "Submitted by focal point"
	case DelegationAccredited:
		return "Accredited"
	}
	return string(s)
}

// DelegationStatusFrom derives a delegation's status from how many of its
// people stand in each registration status, so that it can never disagree
// with them: nobody holding a place yet is "not started", anyone still to
// submit (nominated or returned) makes it "nominating", anyone waiting for
// the secretariat "submitted", and everyone holding a place accredited
// "accredited". The store counts; this decides.
func DelegationStatusFrom(people map[RegistrationStatus]int) DelegationStatus {
	held := 0
	for s, n := range people {
		if s.HoldsPlace() {
			held += n
		}
	}
	switch {
	case held == 0:
	case people[RegNominated]+people[RegReturned] > 0:
		return DelegationNominating
	case people[RegSubmitted] > 0:
		return DelegationSubmitted
	case people[RegAccredited] == held:
		return DelegationAccredited
	}
	return DelegationNotStarted
}

// Delegation is one country's delegation to one meeting.
type Delegation struct {
	ID          int64
	MeetingID   int64
	CountryID   int64
	Country     Country // filled on read
	Quota       int     // accredit-eligible places; more nominations go to the waiting list
	Status      DelegationStatus
	FocalUserID int64 // the focal point who nominates; 0 when not yet invited
	FocalName   string
	HeadName    string // filled on read: the head of delegation's display name, if named
	Delegates   int    // filled on read: places taken (nominated, submitted, returned or accredited; not waitlisted)
}

// Key returns the delegation's protocol key: its country's place in protocol order.
func (d Delegation) Key() ProtocolKey { return d.Country.Key() }

// DelegateRole is a person's role in their delegation.
type DelegateRole string

// Roles in a delegation, most senior first.
const (
	RoleHead        DelegateRole = "head"
	RoleAlternate   DelegateRole = "alternate"
	RoleMember      DelegateRole = "delegate"
	RoleAdviser     DelegateRole = "adviser"
	RoleInterpreter DelegateRole = "interpreter"
	RoleLiaison     DelegateRole = "liaison"
	RoleSecurity    DelegateRole = "security"
	RoleMedia       DelegateRole = "media"
)

// DelegateRoles lists the roles in precedence order.
var DelegateRoles = []DelegateRole{RoleHead, RoleAlternate, RoleMember, RoleAdviser, RoleInterpreter,
	RoleLiaison, RoleSecurity, RoleMedia}

// Label is the role as a badge or list prints it.
func (r DelegateRole) Label() string {
	switch r {
	case RoleHead:
		return "Head of Delegation"
	case RoleAlternate:
		return "Alternate Head"
	case RoleMember:
		return "Delegate"
	case RoleAdviser:
		return "Adviser"
	case RoleInterpreter:
		return "Interpreter"
	case RoleLiaison:
		return "Liaison Officer"
	case RoleSecurity:
		return "Security"
	case RoleMedia:
		return "Media"
	}
	return string(r)
}

// Precedence is the role's rank inside a delegation: lower is more senior,
// and the head of delegation (0) always comes first.
func (r DelegateRole) Precedence() int {
	for i, x := range DelegateRoles {
		if x == r {
			return i
		}
	}
	return len(DelegateRoles)
}

// RegistrationStatus is where one person's registration stands.
type RegistrationStatus string

// Registration statuses of a delegate.
const (
	RegNominated  RegistrationStatus = "nominated"
	RegSubmitted  RegistrationStatus = "submitted"
	RegReturned   RegistrationStatus = "returned"
	RegAccredited RegistrationStatus = "accredited"
	RegRejected   RegistrationStatus = "rejected"
	RegWithdrawn  RegistrationStatus = "withdrawn"
	RegWaitlisted RegistrationStatus = "waitlisted"
)

// Label is the status in plain words.
func (s RegistrationStatus) Label() string {
	switch s {
	case RegNominated:
		return "Nominated"
	case RegSubmitted:
		return "Submitted"
	case RegReturned:
		return "Returned for correction"
	case RegAccredited:
		return "Accredited"
	case RegRejected:
		return "Rejected"
	case RegWithdrawn:
		return "Withdrawn"
	case RegWaitlisted:
		return "Waitlisted"
	}
	return string(s)
}

// Delegate is one person in one delegation.
type Delegate struct {
	ID              int64
	DelegationID    int64
	Honorific       string // H.E., Dato' Seri, Gen., RADM, ...
	GivenName       string // for a mononym, the only name
	FamilyName      string // empty for a mononym
	FamilyNameFirst bool   // Vietnamese, Khmer, ... names print family name first
	BadgeName       string // the name as the person wants it printed
	Position        string // appointment, e.g. "Minister of Defence"
	Role            DelegateRole
	Gender          string
	Nationality     string
	PassportNumber  string
	PassportExpiry  Date
	PassportType    PassportType
	PassportName    string // the name exactly as the passport prints it in Latin letters; empty if the same as written
	Email           string
	Mobile          string
	Dietary         string
	DietaryOther    string
	Medical         string
	Status          RegistrationStatus
	WaitlistPos     int
	CreatedAt       time.Time
	UpdatedAt       time.Time
	// Filled on read for lists.
	Country Country
}

// FullName is the name in the order the person writes it, without honorific.
func (d Delegate) FullName() string {
	g, f := strings.TrimSpace(d.GivenName), strings.TrimSpace(d.FamilyName)
	switch {
	case f == "":
		return g
	case g == "":
		return f
	case d.FamilyNameFirst:
		return f + " " + g
	}
	return g + " " + f
}

// DisplayName is the name as badges and lists print it: the badge name if
// the person chose one, else the full name, after the honorific.
func (d Delegate) DisplayName() string {
	n := strings.TrimSpace(d.BadgeName)
	if n == "" {
		n = d.FullName()
	}
	if h := strings.TrimSpace(d.Honorific); h != "" {
		return h + " " + n
	}
	return n
}

// NameInPassport is the name a visa letter prints: as in the passport if
// recorded, else the name as written.
func (d Delegate) NameInPassport() string {
	if d.PassportName != "" {
		return d.PassportName
	}
	return d.FullName()
}

// Key returns the delegate's protocol key within the whole meeting.
func (d Delegate) Key() ProtocolKey {
	return ProtocolKey{Standing: d.Country.Standing, CountryName: d.Country.Name,
		Precedence: d.Role.Precedence(), Name: d.FullName()}
}

// MaskPassport shows only the last three characters of a passport number,
// for everyone who does not need the whole number.
func MaskPassport(n string) string {
	r := []rune(n)
	if len(r) == 0 {
		return ""
	}
	if len(r) <= 3 {
		return strings.Repeat("•", len(r))
	}
	return strings.Repeat("•", len(r)-3) + string(r[len(r)-3:])
}

// DelegateFilter selects delegates.
type DelegateFilter struct {
	MeetingID    int64
	DelegationID int64
	CountryID    int64
	Offset       int
	Limit        int
}

// DelegationFilter selects delegations.
type DelegationFilter struct {
	MeetingID int64
	CountryID int64 // set for focal points: only their own country
}
