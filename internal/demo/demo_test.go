package demo_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"convene/internal/convene"
	"convene/internal/demo"
	"convene/internal/sqlite"
)

// TestLoad loads the demo into a real database and checks the facts of the
// press release, protocol order and that names are stored exactly as typed.
func TestLoad(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Seed(ctx, func(s *sqlite.Seeder) error { return demo.Load(ctx, s, "hash") }); err != nil {
		t.Fatal(err)
	}

	retreat, err := db.FindMeetingByCode(ctx, "admm-retreat-2025")
	if err != nil {
		t.Fatal(err)
	}
	if retreat.DatesLabel() != "26 February 2025" || retreat.VenueName != "Shangri-La Hotel, Pulau Pinang" ||
		retreat.TimeZone != "Asia/Kuala_Lumpur" || len(retreat.FocusAreas) != 5 {
		t.Errorf("retreat: %q at %q in %s with %d focus areas", retreat.DatesLabel(), retreat.VenueName,
			retreat.TimeZone, len(retreat.FocusAreas))
	}
	for code, want := range map[string]string{"adsom-2025": "September 2025 (dates to be confirmed)",
		"admm-2025": "November 2025 (dates to be confirmed)"} {
		m, err := db.FindMeetingByCode(ctx, code)
		if err != nil || m.DatesLabel() != want || !m.Tentative() {
			t.Errorf("%s: %q %v", code, m.DatesLabel(), err)
		}
	}

	gs, err := db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: retreat.ID})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, g := range gs {
		order = append(order, g.Country.ISO3)
	}
	want := []string{"BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS"}
	if !slices.Equal(order, want) {
		t.Errorf("delegations in order %v, want %v", order, want)
	}
	if !gs[10].Country.Observer {
		t.Error("Timor-Leste is not marked observer")
	}

	people, _, err := db.FindDelegates(ctx, convene.DelegateFilter{MeetingID: retreat.ID, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, p := range people {
		names[p.FullName()] = true
	}
	for _, n := range []string{"Trần Quốc Bình", "สมชาย ใจดี", "ພອນສະຫວັນ ສີຫາລາດ", "ហេង សុភា", "မောင်မောင်", "Darmawan"} {
		if !names[n] {
			t.Errorf("demo lacks %q (names must be stored exactly as typed)", n)
		}
	}
	accounts := demo.Accounts()
	if len(accounts) != 15 || accounts[0].Email != "admin@demo.test" || accounts[len(accounts)-1].Email != "focal.tls@demo.test" {
		t.Errorf("accounts: %v", accounts)
	}
}
