package sqlite

import (
	"context"
	"slices"
	"strings"
	"testing"

	"convene/internal/convene"
)

// twoMeetings stores the ADMM Retreat of 26 February 2025 and the ADMM of
// November 2025 (month only), each with the delegations of the ten Member
// States, Timor-Leste, one partner (Australia) and the ASEAN Secretariat,
// created in reverse order so that nothing follows from insertion order;
// every delegation has a member and, after them, its head.
func twoMeetings(t *testing.T) (*DB, convene.Meeting, convene.Meeting) {
	t.Helper()
	ctx := context.Background()
	d := openTest(t)
	codes := []string{"XAS", "AUS", "VNM", "TLS", "THA", "SGP", "PHL", "MMR", "MYS", "LAO", "IDN", "KHM", "BRN"}
	var retreat, admm convene.Meeting
	err := d.Seed(ctx, func(se *Seeder) error {
		mys, err := seedCountry(ctx, se, "MYS")
		if err != nil {
			return err
		}
		retreat = convene.Meeting{Code: "admm-retreat-2025", Title: "ADMM Retreat 2025", Kind: convene.KindADMMRetreat,
			HostCountryID: mys.ID, TimeZone: "Asia/Kuala_Lumpur", Status: convene.StatusRegistrationOpen,
			DatePrecision: convene.PrecisionDay, StartDate: date(2025, 2, 26), EndDate: date(2025, 2, 26)}
		admm = convene.Meeting{Code: "admm-2025", Title: "ADMM 2025", Kind: convene.KindADMM, HostCountryID: mys.ID,
			TimeZone: "Asia/Kuala_Lumpur", Status: convene.StatusProposed, DatePrecision: convene.PrecisionMonth,
			StartDate: date(2025, 11, 1), LengthDays: 2}
		for _, m := range []*convene.Meeting{&retreat, &admm} {
			if err := se.CreateMeeting(ctx, m); err != nil {
				return err
			}
			for _, code := range codes {
				c, err := seedCountry(ctx, se, code)
				if err != nil {
					return err
				}
				g := convene.Delegation{MeetingID: m.ID, CountryID: c.ID, Quota: 5}
				if err := se.CreateDelegation(ctx, &g); err != nil {
					return err
				}
				for _, p := range []convene.Delegate{
					{GivenName: "Member", FamilyName: code, Role: convene.RoleMember},
					{GivenName: "Head", FamilyName: code, Role: convene.RoleHead},
				} {
					p.DelegationID, p.Country, p.Status = g.ID, c, convene.RegAccredited
					if err := se.CreateDelegate(ctx, &p); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return d, retreat, admm
}

const (
	februaryOrder = "BRN KHM IDN LAO MYS MMR PHL SGP THA VNM TLS AUS XAS"
	novemberOrder = "BRN KHM IDN LAO MYS MMR PHL SGP THA TLS VNM AUS XAS"
)

// TestStoreProtocolOrderOfTwoMeetings: the delegations, people, badges'
// input and check-in counts of the two meetings come in each meeting's own
// protocol order: Timor-Leste last of the ASEAN participants, as observer,
// in February; among the Member States (after Thailand, before Viet Nam) in
// November; the partner after the observer, the organisation last.
func TestStoreProtocolOrderOfTwoMeetings(t *testing.T) {
	ctx := context.Background()
	d, retreat, admm := twoMeetings(t)
	for _, c := range []struct {
		m     convene.Meeting
		want  string
		tls   convene.Standing
		label string
	}{
		{retreat, februaryOrder, convene.StandingObserver, "February"},
		{admm, novemberOrder, convene.StandingMember, "November"},
	} {
		gs, err := d.FindDelegations(ctx, convene.DelegationFilter{MeetingID: c.m.ID})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, g := range gs {
			got = append(got, g.Country.ISO3)
			if g.Country.ISO3 == "TLS" && (g.Country.Standing != c.tls || g.Country.Observer != (c.tls == convene.StandingObserver)) {
				t.Errorf("%s: Timor-Leste's delegation is %q (observer %v), want %q", c.label, g.Country.Standing, g.Country.Observer, c.tls)
			}
		}
		if s := strings.Join(got, " "); s != c.want {
			t.Errorf("%s delegations:\n got %s\nwant %s", c.label, s, c.want)
		}

		// Liaison officers: assigned ones in their delegations' order,
		// then the unassigned.
		officers := map[string]string{"VNM": "Aaron", "TLS": "Bakri", "BRN": "Zainab", "": "Abu"}
		for _, g := range append(gs, convene.Delegation{}) {
			if name, ok := officers[g.Country.ISO3]; ok {
				if err := d.CreateLiaisonOfficer(ctx, &convene.LiaisonOfficer{MeetingID: c.m.ID, DelegationID: g.ID, Name: name}); err != nil {
					t.Fatal(err)
				}
			}
		}
		los, err := d.FindLiaisonOfficers(ctx, c.m.ID)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, o := range los {
			names = append(names, o.Name+" "+o.Country.ISO3)
		}
		wantLO := map[string]string{"February": "Zainab BRN,Aaron VNM,Bakri TLS,Abu ", "November": "Zainab BRN,Bakri TLS,Aaron VNM,Abu "}[c.label]
		if s := strings.Join(names, ","); s != wantLO {
			t.Errorf("%s liaison officers: %q, want %q", c.label, s, wantLO)
		}

		// The people, paged by SQL 5 at a time: the pages join into
		// exactly the protocol order, head before member in each country.
		var people []string
		for offset := 0; ; offset += 5 {
			page, total, err := d.FindDelegates(ctx, convene.DelegateFilter{MeetingID: c.m.ID, Limit: 5, Offset: offset})
			if err != nil {
				t.Fatal(err)
			}
			if total != 26 {
				t.Fatalf("%s: total %d, want 26", c.label, total)
			}
			for _, p := range page {
				people = append(people, p.GivenName+" "+p.FamilyName)
				if p.Country.ISO3 == "TLS" && p.Country.Standing != c.tls {
					t.Errorf("%s: %s is %q", c.label, p.FamilyName, p.Country.Standing)
				}
			}
			if len(page) < 5 {
				break
			}
		}
		var want []string
		for _, code := range strings.Fields(c.want) {
			want = append(want, "Head "+code, "Member "+code)
		}
		if !slices.Equal(people, want) {
			t.Errorf("%s delegates, paged:\n got %v\nwant %v", c.label, people, want)
		}
		regs, _, err := d.FindRegistrations(ctx, convene.RegistrationFilter{MeetingID: c.m.ID, Offset: 20, Limit: 4})
		if err != nil || len(regs) != 4 || regs[0].GivenName+" "+regs[0].FamilyName != want[20] {
			t.Errorf("%s registrations from 20: %v %v", c.label, regs, err)
		}
		counts, err := d.CheckInCounts(ctx, c.m.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		got = got[:0]
		for _, n := range counts {
			got = append(got, n.Country.ISO3)
		}
		if s := strings.Join(got, " "); s != c.want {
			t.Errorf("%s check-in counts: %s", c.label, s)
		}
	}

	// One country across the two meetings: each delegation and person
	// carries the standing of its own meeting's day.
	tls, err := d.FindCountryByISO3(ctx, "TLS")
	if err != nil {
		t.Fatal(err)
	}
	gs, err := d.FindDelegations(ctx, convene.DelegationFilter{CountryID: tls.ID})
	if err != nil || len(gs) != 2 {
		t.Fatalf("Timor-Leste's delegations: %v %v", gs, err)
	}
	for _, g := range gs {
		want := map[int64]convene.Standing{retreat.ID: convene.StandingObserver, admm.ID: convene.StandingMember}[g.MeetingID]
		if g.Country.Standing != want {
			t.Errorf("delegation to meeting %d: %q, want %q", g.MeetingID, g.Country.Standing, want)
		}
		one, err := d.FindDelegationByID(ctx, g.ID)
		if err != nil || one.Country.Standing != want || one.Country.Observer != (want == convene.StandingObserver) {
			t.Errorf("FindDelegationByID(%d): %q %v", g.ID, one.Country.Standing, err)
		}
	}
	regs, _, err := d.FindRegistrations(ctx, convene.RegistrationFilter{CountryID: tls.ID})
	if err != nil || len(regs) != 4 {
		t.Fatalf("Timor-Leste's people: %d %v", len(regs), err)
	}
	for _, r := range regs {
		if want := r.MeetingID == retreat.ID; r.Country.Observer != want {
			t.Errorf("%s in meeting %d: observer %v", r.FamilyName, r.MeetingID, r.Country.Observer)
		}
	}
}

// TestPlannerExpectsParticipantsByStanding: a meeting with no delegations
// yet counts the holidays of the countries a meeting of its kind expects on
// its protocol date (Member States and observers; partners only for an
// ADMM-Plus meeting; never the ASEAN Secretariat).
func TestPlannerExpectsParticipantsByStanding(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	mys, err := d.FindCountryByISO3(ctx, "MYS")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		code string
		kind convene.MeetingKind
		want int
	}{{"adsom", convene.KindADSOM, 11}, {"admm-plus", convene.KindADMMPlus, 19}} {
		m := convene.Meeting{Code: c.code, Title: "M", Kind: c.kind, HostCountryID: mys.ID,
			TimeZone: "Asia/Kuala_Lumpur", Status: convene.StatusProposed, DatePrecision: convene.PrecisionMonth,
			StartDate: date(2025, 9, 1), LengthDays: 2}
		if err := d.CreateMeeting(ctx, &m); err != nil {
			t.Fatal(err)
		}
		in, err := d.PlannerInput(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, n := range in.Countries {
			names = append(names, n)
		}
		if len(in.Countries) != c.want || slices.Contains(names, "ASEAN Secretariat") || !slices.Contains(names, "Timor-Leste") {
			t.Errorf("%s: planner counts %d countries %v, want %d", c.kind, len(in.Countries), names, c.want)
		}
	}
}
