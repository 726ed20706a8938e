package views

import "convene/internal/convene"

// DelegationRow is one line of the delegations list: the delegation and how
// many of its people stand where, counted by the web layer from one query.
type DelegationRow struct {
	convene.Delegation
	Held, ToSubmit, Submitted, Accredited, Waitlisted int
	Href                                              string
}

// PersonRow is one person as the viewer may see them. The web layer fills
// it through convene.CanSeePersonalData, so a view can never show a passport
// number or medical needs to someone who may not see them: the masked or
// empty value is all it receives.
type PersonRow struct {
	ID           int64
	Href         string
	Name         string // display name, as typed, with honorific
	FullName     string
	Country      convene.Country
	Position     string
	Role         convene.DelegateRole
	Status       convene.RegistrationStatus
	WaitlistPos  int
	StatusReason string
	Email        string
	Mobile       string
	Nationality  string
	Passport     string // full for the secretariat, masked for everyone else
	PassportExp  string // empty unless the viewer may see personal data
	DateOfBirth  string // empty unless the viewer may see personal data
	Medical      string // empty unless the viewer may see personal data; "Recorded" when hidden
	Dietary      string
	Arrival      string // "MH 1142, 25 February 2025 14:05 MYT"
	Departure    string
	SelfDone     bool // the person completed their own details through their link
	HasPhoto     bool // a badge photo is on file
}

// DelegationActions says which buttons a viewer gets on a delegation page.
type DelegationActions struct {
	Nominate bool   // add, edit, withdraw, send links, submit
	Manage   bool   // accredit, return, reject (the secretariat)
	Deadline string // the registration deadline in the meeting's zone, or ""
	Closed   bool   // the deadline has passed: focal points cannot add people
	// CarryFrom lists the other meetings whose roster of this country can be
	// carried over (value: meeting code).
	CarryFrom []Option
}

// StatusTag is the tag colour of a registration status.
func StatusTag(s convene.RegistrationStatus) string {
	switch s {
	case convene.RegAccredited:
		return "tag-ok"
	case convene.RegReturned, convene.RegWaitlisted:
		return "tag-warn"
	case convene.RegRejected, convene.RegWithdrawn:
		return "tag-bad"
	}
	return "tag-tentative"
}
