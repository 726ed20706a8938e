package sqlite

import (
	"context"
	"testing"

	"convene/internal/convene"
)

// TestDelegationHead: a delegation's head is its first head still in the
// running; a withdrawn or rejected head before it, a member, or a later head
// is not; with no head in the running there is none.
func TestDelegationHead(t *testing.T) {
	d, m, g := cacheDB(t)
	ctx := context.Background()
	head := func() string {
		t.Helper()
		gs, err := d.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
		if err != nil || len(gs) != 1 {
			t.Fatalf("delegations %v, %v", gs, err)
		}
		return gs[0].HeadName
	}
	add := func(given string, role convene.DelegateRole, status convene.RegistrationStatus) {
		t.Helper()
		p := convene.Delegate{DelegationID: g.ID, GivenName: given, FamilyName: "Wongsa", Role: role, Status: status}
		if err := d.CreateDelegate(ctx, &p); err != nil {
			t.Fatal(err)
		}
	}
	add("Somchai", convene.RoleHead, convene.RegWithdrawn)
	add("Anong", convene.RoleHead, convene.RegRejected)
	add("Malee", convene.RoleMember, convene.RegAccredited)
	if got := head(); got != "" {
		t.Errorf("head %q; want none in the running", got)
	}
	add("Prasert", convene.RoleHead, convene.RegSubmitted)
	add("Kanya", convene.RoleHead, convene.RegAccredited)
	want := convene.Delegate{GivenName: "Prasert", FamilyName: "Wongsa"}.DisplayName()
	if got := head(); got != want {
		t.Errorf("head %q; want %q, the first head in the running", got, want)
	}
}
