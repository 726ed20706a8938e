package convene

import (
	"strings"
	"testing"
)

// TestFocalAssignmentProblem: only an enabled focal account of the
// delegation's own country, not already its focal point, may be assigned.
func TestFocalAssignmentProblem(t *testing.T) {
	g := Delegation{ID: 3, CountryID: 7, FocalUserID: 40}
	ok := User{ID: 41, Name: "Joana Soares", Role: RoleFocal, CountryID: 7}
	for _, tc := range []struct {
		name string
		edit func(u *User)
		want string
	}{
		{"same country", func(*User) {}, ""},
		{"officer", func(u *User) { u.Role = RoleOfficer }, "not a focal point"},
		{"other country", func(u *User) { u.CountryID = 8 }, "another country"},
		{"disabled", func(u *User) { u.Disabled = true }, "disabled"},
		{"already", func(u *User) { u.ID = 40 }, "already"},
	} {
		u := ok
		tc.edit(&u)
		got := FocalAssignmentProblem(u, g)
		if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
