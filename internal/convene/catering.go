package convene

// Attendees returns who of a meeting's expected delegates attend a session
// under its attendance rule: heads of delegation only; heads plus a set
// number each (the most senior after the head); whole delegations; or no
// delegate at all for secretariat-only sessions. people must be in protocol
// order, as the store returns them, so "most senior" is simply "first".
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
	for _, p := range people {
		switch s.Attendance {
		case AttendDelegations:
			out = append(out, p)
		case AttendHeads:
			if p.Role == RoleHead {
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
