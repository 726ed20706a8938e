package demo_test

import (
	"context"
	"path/filepath"
	"testing"

	"convene/internal/convene"
	"convene/internal/demo"
	"convene/internal/sqlite"
)

// TestDemoProgramme checks the Penang programme: both meetings have their
// sessions on 26 February 2025 in venue time, the demo holds no clash, and
// the Indonesian delegate's account is linked to a delegate record.
func TestDemoProgramme(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Seed(ctx, func(s *sqlite.Seeder) error { return demo.Load(ctx, s, "hash") }); err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"admm-retreat-2025", "adsom-wg-2025"} {
		m, err := db.FindMeetingByCode(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		ss, err := db.FindSessions(ctx, convene.SessionFilter{MeetingIDs: []int64{m.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if len(ss) < 5 {
			t.Errorf("%s has %d sessions, want a full day", code, len(ss))
		}
		for _, s := range ss {
			if d := s.Day(m.Location()); d.String() != "2025-02-26" {
				t.Errorf("%s: %q is on %s", code, s.Title, d)
			}
		}
		clashes, err := db.MeetingClashes(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range clashes {
			t.Errorf("%s: demo clash: %s", code, c.Message)
		}
	}
	u, err := db.FindUserByEmail(ctx, "delegate.idn@demo.test")
	if err != nil {
		t.Fatal(err)
	}
	if u.Role != convene.RoleDelegate || u.DelegateID == 0 {
		t.Errorf("delegate.idn: role %s, delegate %d", u.Role, u.DelegateID)
	}
}
