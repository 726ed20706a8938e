package convene

import (
	"fmt"
	"testing"
)

func TestAttendeesFollowTheSessionsRule(t *testing.T) {
	people := []Delegate{
		{ID: 1, DelegationID: 10, Role: RoleHead}, {ID: 2, DelegationID: 10, Role: RoleAlternate},
		{ID: 3, DelegationID: 10, Role: RoleMember}, {ID: 4, DelegationID: 20, Role: RoleHead},
		{ID: 5, DelegationID: 30, Role: RoleMember}, // a delegation without a head yet
	}
	ids := func(ds []Delegate) (out []int64) {
		for _, d := range ds {
			out = append(out, d.ID)
		}
		return out
	}
	for _, c := range []struct {
		s    Session
		want []int64
	}{
		{Session{Attendance: AttendHeads}, []int64{1, 4}},
		{Session{Attendance: AttendHeadsPlus, HeadsPlus: 1}, []int64{1, 2, 4, 5}},
		{Session{Attendance: AttendDelegations}, []int64{1, 2, 3, 4, 5}},
		{Session{Attendance: AttendSecretariat}, nil},
	} {
		if got := ids(Attendees(c.s, people)); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s: got %v, want %v", c.s.Attendance, got, c.want)
		}
	}
}
