package convene

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Attendees returns who of a meeting's expected delegates attend a session
// under its attendance rule: heads of delegation only; heads plus a set
// number each (the most senior after the head); whole delegations; or no
// delegate at all for secretariat-only sessions. A delegation without a
// head is led by its most senior person, who counts as its head. people
// must be in protocol order, as the store returns them, so "most senior" is
// simply "first".
//
// This is the one rule of who may attend a session: the caterer's
// headcount, the logistics dashboard, "My programme" and the check-in desk
// all ask it (MayAttend asks it about one person).
func Attendees(s Session, people []Delegate) []Delegate {
	if s.Attendance == AttendSecretariat {
		return nil
	}
	var out []Delegate
	taken := map[int64]int{} // per delegation: how many besides the head
	hasHead := map[int64]bool{}
	for _, p := range people {
		if p.Role == RoleHead {
			hasHead[p.DelegationID] = true
		}
	}
	led := map[int64]bool{} // delegations without a head whose first person is taken
	for _, p := range people {
		switch s.Attendance {
		case AttendDelegations:
			out = append(out, p)
		case AttendHeads:
			if p.Role == RoleHead || (!hasHead[p.DelegationID] && !led[p.DelegationID]) {
				led[p.DelegationID] = true
				out = append(out, p)
			}
		case AttendHeadsPlus:
			if p.Role == RoleHead {
				out = append(out, p)
			} else if taken[p.DelegationID] < s.HeadsPlus || (!hasHead[p.DelegationID] && taken[p.DelegationID] <= s.HeadsPlus) {
				taken[p.DelegationID]++
				out = append(out, p)
			}
		}
	}
	return out
}

// MayAttend reports whether p is among the people s's attendance rule
// admits. delegation is p's delegation (its people expected at the meeting,
// in protocol order): "heads plus two" depends on who else is in it.
func MayAttend(s Session, p Delegate, delegation []Delegate) bool {
	for _, a := range Attendees(s, delegation) {
		if a.ID == p.ID {
			return true
		}
	}
	return false
}

// AttendanceWarning is what the check-in desk reads out when p presents a
// valid badge at session s: "" when the session's attendance rule admits p
// (MayAttend), else the warning, after which the desk admits p only with an
// override and a reason.
func AttendanceWarning(s Session, p Delegate, delegation []Delegate) string {
	if MayAttend(s, p, delegation) {
		return ""
	}
	return fmt.Sprintf("Not on the list for “%s” (%s): %s is %s of %s. Do not admit, or admit with a reason, recorded under your name.",
		s.Title, s.AttendanceRule(), p.DisplayName(), p.Role.Label(), p.Country.Name)
}

// BilateralAttendees returns who of the two delegations' people attend a
// scheduled bilateral: at ministers' or heads' level the head of each
// delegation (its most senior person when it has no head) and the alternate
// head; at senior officials' level the officials, that is everyone of the
// delegation but its head and its support staff (liaison, security, media);
// and at every level the interpreters when interpretation was asked for.
// people must be in protocol order; those of other delegations are ignored.
func BilateralAttendees(b Bilateral, people []Delegate) []Delegate {
	hasHead := map[int64]bool{}
	for _, p := range people {
		if p.Role == RoleHead {
			hasHead[p.DelegationID] = true
		}
	}
	var out []Delegate
	led := map[int64]bool{}
	for _, p := range people {
		if !b.Involves(p.DelegationID) {
			continue
		}
		head := p.Role == RoleHead || (!hasHead[p.DelegationID] && !led[p.DelegationID])
		led[p.DelegationID] = true
		var in bool
		switch {
		case p.Role == RoleInterpreter:
			in = b.Interpretation != ""
		case b.Level.needsHeads():
			in = head || p.Role == RoleAlternate
		default:
			in = !head && p.Role != RoleLiaison && p.Role != RoleSecurity && p.Role != RoleMedia
		}
		if in {
			out = append(out, p)
		}
	}
	return out
}

// InProgramme reports whether a bilateral belongs in its delegations'
// programmes and calendars: once scheduled (or held), and still when
// cancelled after it had a time, so that it shows as cancelled and calendar
// clients drop it.
func (b Bilateral) InProgramme() bool {
	return !b.StartsAt.IsZero() && (b.Booked() || b.Status == BilateralCancelled)
}

// BilateralsInProgramme returns the bilaterals a programme shows this
// actor: for a focal point or a delegate those of their own country's
// delegations (InProgramme), for anyone else none. A bilateral is never
// public, and the secretariat follows bilaterals on their own board.
func BilateralsInProgramme(a Actor, bs []Bilateral) []Bilateral {
	if (a.Role != RoleFocal && a.Role != RoleDelegate) || a.CountryID == 0 {
		return nil
	}
	var out []Bilateral
	for _, b := range bs {
		if b.InProgramme() && (b.Requester.CountryID == a.CountryID || b.Counterpart.CountryID == a.CountryID) {
			out = append(out, b)
		}
	}
	return out
}

// PersonalProgramme is what one person attends across the meetings held
// together with theirs: sessions of each meeting's published programme and
// bilaterals, with the meetings they belong to.
type PersonalProgramme struct {
	Meetings   map[int64]Meeting
	Sessions   []Session
	Bilaterals []Bilateral
}

// Attending selects what one person attends: the sessions whose attendance
// rule (Attendees) and the bilaterals whose level (BilateralAttendees) take
// them in. The person is recognised in every meeting of the cluster by
// country and full name; people holds each meeting's expected delegates by
// meeting id, each delegation in protocol order. Internal sessions are
// never anyone's programme.
func Attending(countryID int64, fullName string, people map[int64][]Delegate, sessions []Session,
	bilaterals []Bilateral) ([]Session, []Bilateral) {
	isPerson := func(ps []Delegate) bool {
		for _, p := range ps {
			if p.Country.ID == countryID && p.FullName() == fullName {
				return true
			}
		}
		return false
	}
	var ss []Session
	for _, s := range sessions {
		if s.Visibility != VisibleInternal && isPerson(Attendees(s, people[s.MeetingID])) {
			ss = append(ss, s)
		}
	}
	var bs []Bilateral
	for _, b := range bilaterals {
		if b.InProgramme() && isPerson(BilateralAttendees(b, people[b.MeetingID])) {
			bs = append(bs, b)
		}
	}
	return ss, bs
}

// AttendanceOverride is the desk officer's decision to admit to a session
// someone its attendance rule does not admit: Admit is the explicit second
// step (the desk's override=1) and Reason is required; both are recorded
// with the officer's name.
type AttendanceOverride struct {
	Admit  bool
	Reason string
}

// OverrideField is the form field of the override's reason: the error that
// asks for an override carries its message there, which is how the desk
// knows to offer the override.
const OverrideField = "override_reason"

// Check decides a check-in against the attendance warning of the person
// (AttendanceWarning): nil when there is none or when the override admits
// with a reason of at most 300 characters, else an EINVALID error whose
// message is the warning, with what the desk must do next on the reason's
// field. It returns whether the check-in is admitted by override.
func (o AttendanceOverride) Check(warning string) (bool, error) {
	if warning == "" {
		return false, nil
	}
	reason := strings.TrimSpace(o.Reason)
	var field string
	switch {
	case !o.Admit:
		field = "Not admitted. To admit them anyway, give the reason; it is recorded with your name."
	case reason == "":
		field = "Give the reason for admitting them; it is recorded with your name."
	case utf8.RuneCountInString(reason) > 300:
		field = "Keep the reason under 300 characters."
	default:
		return true, nil
	}
	return false, &Error{Code: EINVALID, Message: warning, Fields: map[string]string{OverrideField: field}}
}
