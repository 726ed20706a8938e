package paths

import (
	"net/url"
	"strconv"
	"strings"
)

// Delegations is a meeting's list of delegations.
func Delegations(code string) string { return meeting(code, "delegations") }

// Delegation is one country's delegation to a meeting, by its ISO 3166
// alpha-3 code (written in lower case in the path).
func Delegation(code, iso3 string) string { return meeting(code, "delegations", strings.ToLower(iso3)) }

// DelegateNew is the form that nominates a person into a delegation.
func DelegateNew(code, iso3 string) string { return Delegation(code, iso3) + join("delegates", "new") }

// CarryOver nominates a delegation's people from another meeting (POST).
func CarryOver(code, iso3 string) string { return Delegation(code, iso3) + join("carry-over") }

// DelegationLinks sends a personal link to everyone of a delegation who
// has none (POST).
func DelegationLinks(code, iso3 string) string { return Delegation(code, iso3) + join("links") }

// DelegationSubmit submits a delegation to the secretariat (POST).
func DelegationSubmit(code, iso3 string) string { return Delegation(code, iso3) + join("submit") }

// ImportTemplate is the nomination spreadsheet of a delegation.
func ImportTemplate(code, iso3 string) string { return Delegation(code, iso3) + join("template.xlsx") }

// Import is the form that nominates a delegation from the spreadsheet.
func Import(code, iso3 string) string { return Delegation(code, iso3) + join("import") }

// Invite is the form that invites a delegation's focal point.
func Invite(code, iso3 string) string { return Delegation(code, iso3) + join("invite") }

// Delegates is a meeting's list of delegates.
func Delegates(code string) string { return meeting(code, "delegates") }

// MeetingLinks sends a personal link to everyone of every delegation of a
// meeting who may have one, has an e-mail address and holds none that
// works (after a confirmation page, the GET of the same path).
func MeetingLinks(code string) string { return meeting(code, "links") }

// DelegatesFilter is what the delegates list is filtered by; empty fields
// filter nothing, and Page counts from 1.
type DelegatesFilter struct {
	Query, Status, Role, Country string
	Page                         int
}

// DelegatesList is the delegates list with filters and a page.
func DelegatesList(code string, f DelegatesFilter) string {
	q := url.Values{}
	for k, v := range map[string]string{"q": f.Query, "status": f.Status, "role": f.Role, "country": f.Country} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if f.Page > 1 {
		q.Set("page", strconv.Itoa(f.Page))
	}
	if len(q) == 0 {
		return Delegates(code)
	}
	return WithQuery(Delegates(code), q.Encode())
}

// DelegatesCSV is a meeting's roster as CSV.
func DelegatesCSV(code string) string { return meeting(code, "delegates.csv") }

// DelegatesXLSX is a meeting's roster as a spreadsheet.
func DelegatesXLSX(code string) string { return meeting(code, "delegates.xlsx") }

// Person is one delegate's page.
func Person(code string, delegateID int64) string { return meeting(code, "delegates", id(delegateID)) }

// DelegateEdit is the form that changes a delegate's details.
func DelegateEdit(code string, delegateID int64) string {
	return Person(code, delegateID) + join("edit")
}

// DelegateWithdraw withdraws a delegate (POST).
func DelegateWithdraw(code string, delegateID int64) string {
	return Person(code, delegateID) + join("withdraw")
}

// DelegateLink sends a delegate their personal registration link (POST).
func DelegateLink(code string, delegateID int64) string {
	return Person(code, delegateID) + join("link")
}

// DelegatePhoto is a delegate's badge photo (GET) and its upload (POST).
func DelegatePhoto(code string, delegateID int64) string {
	return Person(code, delegateID) + join("photo")
}

// DelegateDecision is the secretariat's accredit, return or reject (POST).
func DelegateDecision(code string, delegateID int64) string {
	return Person(code, delegateID) + join("decision")
}

// Accreditation is the secretariat's accreditation queue.
func Accreditation(code string) string { return meeting(code, "accreditation") }

// RegistrationSettings is the form of a meeting's registration deadline
// and review rule.
func RegistrationSettings(code string) string { return meeting(code, "registration-settings") }

// Outbox is a meeting's outgoing mail.
func Outbox(code string) string { return meeting(code, "outbox") }

// Register is the self-registration form behind a personal link.
func Register(token string) string { return join("register", token) }

// Invitation is the form behind a focal point's invitation link.
func Invitation(token string) string { return join("invitation", token) }

// DelegationNew adds participants to a meeting: one delegation each (POST).
func DelegationNew(code string) string { return meeting(code, "delegations", "new") }

// DelegationDelete removes a participant whose delegation is empty (POST).
func DelegationDelete(code, iso3 string) string { return Delegation(code, iso3) + join("delete") }

// DelegationQuota changes one delegation's quota (POST).
func DelegationQuota(code, iso3 string) string { return Delegation(code, iso3) + join("quota") }

// DelegationFocal assigns an existing focal account to a delegation (POST).
func DelegationFocal(code, iso3 string) string { return Delegation(code, iso3) + join("focal") }

// DelegationFocalPoint is a delegation's page at its focal-point forms.
func DelegationFocalPoint(code, iso3 string) string { return Delegation(code, iso3) + "#focal-point" }

// Quotas saves a meeting's quota table: the default and every delegation's
// quota (POST).
func Quotas(code string) string { return meeting(code, "quotas") }

// DelegationsQuotas is the delegations page at its quota table.
func DelegationsQuotas(code string) string { return Delegations(code) + "#quotas" }

// PendingChanges is the secretariat's queue of changes to accredited
// people, waiting for approval.
func PendingChanges(code string) string { return meeting(code, "pending-changes") }

// PendingChange is one change, before and after, with the approve and
// decline form (POST).
func PendingChange(code string, changeID int64) string {
	return PendingChanges(code) + join(id(changeID))
}

// PendingChangePhoto is the photo a change proposes.
func PendingChangePhoto(code string, changeID int64) string {
	return PendingChange(code, changeID) + join("photo")
}
