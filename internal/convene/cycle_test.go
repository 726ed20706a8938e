package convene

import (
	"strings"
	"testing"
)

// TestNextCycle: 2025's meetings give 2026's as proposals known to the
// month: same kinds and months, the next chair hosting the ADMM track in
// its capital's zone, an Experts' Working Group hosted by its Member State
// co-chair, another kind keeping its host; the participants those the kind
// expects on the new date (Timor-Leste a Member State, the partners for a
// Plus meeting); a cancelled meeting and another year's left out; a code
// already taken marked.
func TestNextCycle(t *testing.T) {
	cs, periods := reference()
	countriesOn := func(d Date) []Country { return CountriesOn(cs, periods, d) }
	now := countriesOn(day(2025, 1, 1))
	mys, phl := byISO3(now, "MYS"), byISO3(now, "PHL")
	src := []Meeting{
		{Code: "admm-retreat-2025", Title: "ADMM Retreat 2025", Kind: KindADMMRetreat, HostCountryID: mys.ID,
			HostCountryName: "Malaysia", VenueID: 4, City: "George Town", TimeZone: "Asia/Kuala_Lumpur", Theme: "Inclusivity",
			Status: StatusHeld, DatePrecision: PrecisionDay, StartDate: day(2025, 2, 26), EndDate: day(2025, 2, 27),
			LengthDays: 2, Cluster: "penang-2025-02", FocusAreas: []FocusArea{{ID: 1}}},
		{Code: "adsom-2025", Title: "ADSOM 2025", Kind: KindADSOM, HostCountryID: mys.ID, TimeZone: "Asia/Kuala_Lumpur",
			Status: StatusProposed, DatePrecision: PrecisionMonth, StartDate: day(2025, 9, 1), EndDate: day(2025, 9, 30), LengthDays: 2},
		{Code: "admm-plus-2025", Title: "ADMM-Plus 2025", Kind: KindADMMPlus, HostCountryID: mys.ID, TimeZone: "Asia/Kuala_Lumpur",
			Status: StatusHeld, DatePrecision: PrecisionDay, StartDate: day(2025, 11, 1), EndDate: day(2025, 11, 1)},
		{Code: "ewg-hadr-2025", Title: "EWG on HADR 2025", Kind: KindEWGHADR, HostCountryID: byISO3(now, "IDN").ID,
			TimeZone: "Asia/Jakarta", Status: StatusHeld, DatePrecision: PrecisionDay, StartDate: day(2025, 5, 5), EndDate: day(2025, 5, 6)},
		{Code: "ewg-ct-2025", Title: "EWG on CT 2025", Kind: KindEWGCounterTerrorism, HostCountryID: byISO3(now, "SGP").ID,
			TimeZone: "Asia/Singapore", Status: StatusHeld, DatePrecision: PrecisionDay, StartDate: day(2025, 6, 5), EndDate: day(2025, 6, 5)},
		{Code: "seminar-2025", Title: "Seminar 2025", Kind: KindOther, HostCountryID: byISO3(now, "THA").ID,
			TimeZone: "Asia/Bangkok", Status: StatusHeld, DatePrecision: PrecisionDay, StartDate: day(2025, 7, 1), EndDate: day(2025, 7, 1)},
		{Code: "cancelled-2025", Title: "Cancelled 2025", Kind: KindADSOMWG, HostCountryID: mys.ID, TimeZone: "Asia/Kuala_Lumpur",
			Status: StatusCancelled, DatePrecision: PrecisionDay, StartDate: day(2025, 3, 1), EndDate: day(2025, 3, 1)},
		{Code: "admm-2024", Title: "ADMM 2024", Kind: KindADMM, HostCountryID: byISO3(now, "LAO").ID, TimeZone: "Asia/Vientiane",
			Status: StatusHeld, DatePrecision: PrecisionDay, StartDate: day(2024, 11, 20), EndDate: day(2024, 11, 21)},
	}
	chair := Chair{Year: 2026, Country: phl, Status: ChairRecorded}
	cochairs := []Cochairs{{Kind: KindEWGHADR, FirstYear: 2024, Member: byISO3(now, "VNM"), Partner: byISO3(now, "AUS")}}
	props := NextCycle(src, 2025, chair, cochairs, countriesOn, func(code string) bool { return code == "adsom-2026" })
	if len(props) != 6 {
		t.Fatalf("%d proposals, want 6", len(props))
	}
	names := func(ids []int64) string {
		var s []string
		for _, c := range countriesOn(day(2026, 1, 1)) {
			for _, id := range ids {
				if id == c.ID {
					s = append(s, c.ISO3)
				}
			}
		}
		return strings.Join(s, " ")
	}
	const asean = "BRN KHM IDN LAO MYS MMR PHL SGP THA TLS VNM"
	for i, want := range []struct {
		code, title, month, host, zone, chair, participants string
		exists                                              bool
	}{
		{"admm-retreat-2026", "ADMM Retreat 2026", "February 2026 (dates to be confirmed)", "PHL", "Asia/Manila",
			"Minister of Defence, Philippines", asean, false},
		{"adsom-2026", "ADSOM 2026", "September 2026 (dates to be confirmed)", "PHL", "Asia/Manila", "Philippines", asean, true},
		{"admm-plus-2026", "ADMM-Plus 2026", "November 2026 (dates to be confirmed)", "PHL", "Asia/Manila",
			"Minister of Defence, Philippines", asean + " AUS CHN IND JPN NZL KOR RUS USA", false},
		{"ewg-hadr-2026", "EWG on HADR 2026", "May 2026 (dates to be confirmed)", "VNM", "Asia/Ho_Chi_Minh",
			"Co-chairs: Viet Nam and Australia", asean + " AUS CHN IND JPN NZL KOR RUS USA", false},
		{"ewg-ct-2026", "EWG on CT 2026", "June 2026 (dates to be confirmed)", "SGP", "Asia/Singapore", "",
			asean + " AUS CHN IND JPN NZL KOR RUS USA", false},
		{"seminar-2026", "Seminar 2026", "July 2026 (dates to be confirmed)", "THA", "Asia/Bangkok", "", asean, false},
	} {
		p := props[i]
		m := p.Meeting
		host := ""
		for _, c := range now {
			if c.ID == m.HostCountryID {
				host = c.ISO3
			}
		}
		if m.Code != want.code || m.Title != want.title || m.DatesLabel() != want.month || host != want.host ||
			m.TimeZone != want.zone || m.Chair != want.chair || p.Exists != want.exists || m.Kind != p.Source.Kind {
			t.Errorf("proposal %d: %s %q %q host %s zone %s chair %q exists %v", i, m.Code, m.Title, m.DatesLabel(), host,
				m.TimeZone, m.Chair, p.Exists)
		}
		if got := names(p.Participants); got != want.participants {
			t.Errorf("%s: participants %s, want %s", m.Code, got, want.participants)
		}
		if !m.Tentative() || m.Status != StatusProposed || m.VenueID != 0 || m.City != "" || m.Theme != "" ||
			len(m.FocusAreas) != 0 || m.ID != 0 {
			t.Errorf("%s: not a bare proposal: %+v", m.Code, m)
		}
		if err := m.Validate(); err != nil {
			t.Errorf("%s: %v", m.Code, err)
		}
	}
	if props[0].Meeting.LengthDays != 2 || props[0].Meeting.Cluster != "penang-2026-02" {
		t.Errorf("retreat: %d days, cluster %q", props[0].Meeting.LengthDays, props[0].Meeting.Cluster)
	}
	if err := CheckCycleChoice(props, nil); ErrorFields(err)["meetings"] == "" {
		t.Errorf("nothing ticked: %v", err)
	}
	if err := CheckCycleChoice(props, []string{"adsom-2026"}); ErrorFields(err)["meetings"] == "" {
		t.Errorf("an existing code ticked: %v", err)
	}
	if err := CheckCycleChoice(props, []string{"admm-retreat-2026", "seminar-2026"}); err != nil {
		t.Errorf("a good choice: %v", err)
	}
}

// TestParseCycleYears: the calendar's years from the query.
func TestParseCycleYears(t *testing.T) {
	for _, tc := range []struct {
		from, years string
		f, n        int
		ok          bool
	}{
		{"", "", 2026, 1, true}, {"2025", "2", 2025, 2, true}, {"2025", "", 2025, 1, true},
		{"abc", "", 0, 0, false}, {"2025", "9", 0, 0, false}, {"2025", "0", 0, 0, false}, {"1800", "1", 0, 0, false},
	} {
		f, n, err := ParseCycleYears(tc.from, tc.years, 2026)
		if (err == nil) != tc.ok || f != tc.f || n != tc.n {
			t.Errorf("%q %q: %d %d %v", tc.from, tc.years, f, n, err)
		}
	}
}

// TestMissingHolidays: the planner names the participants without any
// holiday in the year, never the ASEAN Secretariat.
func TestMissingHolidays(t *testing.T) {
	m := adsom2025()
	m.StartDate = day(2029, 9, 1)
	in := PlanInput{Meeting: m, Participants: []Country{
		{ID: 1, Name: "Malaysia", Standing: StandingMember}, {ID: 2, Name: "Myanmar", Standing: StandingMember},
		{ID: 3, Name: "Timor-Leste", Standing: StandingMember}, {ID: 4, Name: "ASEAN Secretariat", Standing: StandingOrganisation}},
		HolidaysRecorded: map[int64]bool{1: true}}
	if got := in.MissingHolidaysMessage(); got != "No holidays recorded for Myanmar and Timor-Leste in 2029: import them." {
		t.Errorf("message %q", got)
	}
	in.HolidaysRecorded[3] = true
	if got := in.MissingHolidaysMessage(); got != "No holidays recorded for Myanmar in 2029: import them." {
		t.Errorf("message %q", got)
	}
	in.HolidaysRecorded[2] = true
	if got := in.MissingHolidaysMessage(); got != "" {
		t.Errorf("message %q", got)
	}
}
