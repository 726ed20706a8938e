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

	// Timor-Leste, an observer at the Retreat of February 2025, was
	// admitted as the 11th Member State on 26 October 2025: the ADMM of
	// November lists it among the Member States, after Thailand.
	for _, c := range []struct {
		code string
		want []string
		tls  convene.Standing
	}{
		{"admm-retreat-2025", []string{"BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS"},
			convene.StandingObserver},
		{"adsom-2025", []string{"BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS"},
			convene.StandingObserver},
		{"admm-2025", []string{"BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "TLS", "VNM"},
			convene.StandingMember},
	} {
		m, err := db.FindMeetingByCode(ctx, c.code)
		if err != nil {
			t.Fatal(err)
		}
		gs, err := db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
		if err != nil {
			t.Fatal(err)
		}
		var order []string
		for _, g := range gs {
			order = append(order, g.Country.ISO3)
			if g.Country.ISO3 == "TLS" && (g.Country.Standing != c.tls || g.Country.Observer != (c.tls == convene.StandingObserver)) {
				t.Errorf("%s: Timor-Leste is %q (observer %v), want %q", c.code, g.Country.Standing, g.Country.Observer, c.tls)
			}
		}
		if !slices.Equal(order, c.want) {
			t.Errorf("%s: delegations in order %v, want %v", c.code, order, c.want)
		}
	}

	// The countries come from the migrations, not the demo: the demo
	// database has the ADMM-Plus partners and the ASEAN Secretariat too.
	countries, err := db.FindCountries(ctx)
	if err != nil || len(countries) != 20 {
		t.Errorf("%d countries: %v", len(countries), err)
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
