package views

import (
	"convene/internal/convene"
)

// DelegationRow is one line of the delegations list: the delegation and how
// many of its people stand where, counted by the web layer from one query.
type DelegationRow struct {
	convene.Delegation
	Held, ToSubmit, Submitted, Accredited, Waitlisted int
	Href                                              string
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
	// The secretariat's forms (Manage only): the quota ("quota"), the
	// assignment of one of the country's existing focal accounts
	// ("focal_user", from FocalAccounts) and the invitation of a new focal
	// point ("name", "email").
	QuotaForm, AssignForm, InviteForm Form
	FocalAccounts                     []Option
}
