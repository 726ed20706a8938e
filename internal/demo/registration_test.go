package demo_test

import (
	"context"
	"path/filepath"
	"testing"

	"convene/internal/convene"
	"convene/internal/demo"
	"convene/internal/sqlite"
)

// TestDemoShowsEveryRegistrationStage checks that a newcomer finds every
// registration status and every delegation status in the demo, and that the
// returned and rejected people say why.
func TestDemoShowsEveryRegistrationStage(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Seed(ctx, func(s *sqlite.Seeder) error { return demo.Load(ctx, s, "hash") }); err != nil {
		t.Fatal(err)
	}
	statuses := map[convene.RegistrationStatus]int{}
	delegationStatuses := map[convene.DelegationStatus]bool{}
	for _, code := range []string{"admm-retreat-2025", "adsom-wg-2025"} {
		m, err := db.FindMeetingByCode(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		rs, _, err := db.FindRegistrations(ctx, convene.RegistrationFilter{MeetingID: m.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			statuses[r.Status]++
			if (r.Status == convene.RegRejected || (r.Status == convene.RegReturned && r.Country.ISO3 == "LAO")) && r.StatusReason == "" {
				t.Errorf("%s %s has no reason", r.Status, r.FullName())
			}
		}
		gs, err := db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range gs {
			delegationStatuses[g.Status] = true
		}
	}
	for _, s := range []convene.RegistrationStatus{convene.RegNominated, convene.RegSubmitted, convene.RegReturned,
		convene.RegAccredited, convene.RegRejected, convene.RegWithdrawn, convene.RegWaitlisted} {
		if statuses[s] == 0 {
			t.Errorf("no %s registration in the demo", s)
		}
	}
	for _, s := range []convene.DelegationStatus{convene.DelegationNotStarted, convene.DelegationNominating,
		convene.DelegationSubmitted, convene.DelegationAccredited} {
		if !delegationStatuses[s] {
			t.Errorf("no %s delegation in the demo", s)
		}
	}
}
