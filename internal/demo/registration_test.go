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

// TestDemoHasAPendingChange: the secretariat's queue of pending changes is
// not empty in the demo, and the person stays accredited on the approved
// name while the change waits; the Working Group's Thị Mai has her flights
// in the travel store that the arrivals board reads.
func TestDemoHasAPendingChange(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Seed(ctx, func(s *sqlite.Seeder) error { return demo.Load(ctx, s, "hash") }); err != nil {
		t.Fatal(err)
	}
	m, err := db.FindMeetingByCode(ctx, "admm-retreat-2025")
	if err != nil {
		t.Fatal(err)
	}
	cs, err := db.FindPendingChanges(ctx, convene.PendingChangeFilter{MeetingID: m.ID, Statuses: []convene.ChangeStatus{convene.ChangePending}})
	if err != nil || len(cs) != 1 {
		t.Fatalf("pending changes: %v %d", err, len(cs))
	}
	r, err := db.FindRegistrationByID(ctx, cs[0].DelegateID)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != convene.RegAccredited || r.FamilyName != "Lestari" || cs[0].Fields[0].After != "Lestari Wibowo" {
		t.Errorf("%s %q, change %+v", r.Status, r.FamilyName, cs[0].Fields)
	}
	wg, err := db.FindMeetingByCode(ctx, "adsom-wg-2025")
	if err != nil {
		t.Fatal(err)
	}
	legs, err := db.FindTravelLegs(ctx, wg.ID)
	if err != nil || len(legs) != 2 || legs[0].Flight != "VN 681" {
		t.Errorf("Thị Mai's flights in the travel store: %v %+v", err, legs)
	}
}
