package convene

// Permission names one thing a route or a store method lets someone do. Every
// route in internal/web declares exactly one permission, and Allow is the one
// place that says which roles hold it. Record-level scoping (a focal point's own
// country, a delegate's own record) is decided by the Can* functions below.
type Permission string

// The permissions of Convene.
const (
	// PermPublic is anything anyone may see without signing in.
	PermPublic Permission = "public"
	// PermSignIn covers the sign-in form, which only makes sense when signed out
	// but is harmless when signed in.
	PermSignIn Permission = "sign_in"
	// PermSignedIn is anything every signed-in user may do for themselves
	// (their home page, sign out, change their own password).
	PermSignedIn Permission = "signed_in"
	// PermViewMeetings lets a user see meetings, delegations and their rosters;
	// the rows they may see are scoped by CanSeeCountry.
	PermViewMeetings Permission = "view_meetings"
	// PermPrint lets a user open printable lists and badges.
	PermPrint Permission = "print"
	// PermManageMeetings lets the secretariat create and change meetings,
	// venues, programmes and logistics.
	PermManageMeetings Permission = "manage_meetings"
	// PermManageDelegations lets the secretariat accredit, return and reject.
	PermManageDelegations Permission = "manage_delegations"
	// PermNominate lets a focal point (or the secretariat) add and edit the
	// delegates of a delegation they may see.
	PermNominate Permission = "nominate"
	// PermViewAudit lets the secretariat read the audit log.
	PermViewAudit Permission = "view_audit"
	// PermManageUsers lets an administrator create accounts and change roles.
	PermManageUsers Permission = "manage_users"

	// Meetings, programme and scheduling.
	// PermOwnProgramme lets a delegate see the sessions they attend.
	PermOwnProgramme Permission = "own_programme"
	// PermAnswerPoll lets a focal point answer a meeting's availability
	// poll for their own delegation, and the secretariat see or record any
	// delegation's answers; which delegation is decided by CanSeeCountry.
	PermAnswerPoll Permission = "answer_poll"

	// Delegations, registration and accreditation.

	// Venue logistics.

	// Print room and on-site.

	// Bilateral meetings.

	// PermRequestBilateral lets a focal point request and answer bilaterals
	// for their own delegation, and the secretariat on any delegation's
	// behalf; which requests they may touch is decided by BilateralSideOf.
	PermRequestBilateral Permission = "request_bilateral"
)

// grants is the whole role-to-permission table. Keeping it as data makes it
// reviewable at a glance and lets the route test compare against it.
var grants = map[Permission][]Role{
	PermPublic:            {RoleAnonymous, RoleAdmin, RoleOfficer, RoleOrganiser, RoleFocal, RoleDelegate},
	PermSignIn:            {RoleAnonymous, RoleAdmin, RoleOfficer, RoleOrganiser, RoleFocal, RoleDelegate},
	PermSignedIn:          {RoleAdmin, RoleOfficer, RoleOrganiser, RoleFocal, RoleDelegate},
	PermViewMeetings:      {RoleAdmin, RoleOfficer, RoleOrganiser, RoleFocal},
	PermPrint:             {RoleAdmin, RoleOfficer, RoleOrganiser},
	PermManageMeetings:    {RoleAdmin, RoleOfficer},
	PermManageDelegations: {RoleAdmin, RoleOfficer},
	PermNominate:          {RoleAdmin, RoleOfficer, RoleFocal},
	PermViewAudit:         {RoleAdmin, RoleOfficer},
	PermManageUsers:       {RoleAdmin},

	// Meetings, programme and scheduling.
	PermOwnProgramme: {RoleDelegate},
	PermAnswerPoll:   {RoleAdmin, RoleOfficer, RoleFocal},

	// Delegations, registration and accreditation.

	// Venue logistics.

	// Print room and on-site.

	// Bilateral meetings.
	PermRequestBilateral: {RoleAdmin, RoleOfficer, RoleFocal},
}

// Allow reports whether a role holds a permission. An unknown permission is
// never allowed, so a typo fails closed.
func Allow(r Role, p Permission) bool {
	for _, x := range grants[p] {
		if x == r {
			return true
		}
	}
	return false
}

// CanSeeCountry reports whether the actor may see records that belong to a
// country's delegations. The secretariat and organisers see every country; a
// focal point sees only their own. Callers answer ENOTFOUND when this is false,
// so that another country's record looks exactly like a missing one.
func CanSeeCountry(a Actor, countryID int64) bool {
	switch a.Role {
	case RoleAdmin, RoleOfficer, RoleOrganiser:
		return true
	case RoleFocal:
		return a.CountryID != 0 && a.CountryID == countryID
	}
	return false
}

// CanSeePersonalData reports whether the actor may see passport, date of
// birth and medical data in full. Organisers print badges and lists but do not
// need them; focal points see their own people's data (they entered it).
func CanSeePersonalData(a Actor, countryID int64) bool {
	if a.Role.IsSecretariat() {
		return true
	}
	return a.Role == RoleFocal && a.CountryID != 0 && a.CountryID == countryID
}
