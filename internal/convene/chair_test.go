package convene

import (
	"strconv"
	"strings"
	"testing"
)

// byISO3 finds a country of reference() by its code.
func byISO3(cs []Country, iso3 string) Country {
	for _, c := range cs {
		if c.ISO3 == iso3 {
			return c
		}
	}
	return Country{}
}

// TestChairRotation: from the recorded years, every later year is proposed
// as the Member State after the previous year's chair in alphabetical
// order of the Member States on 1 January of that year; Timor-Leste, a
// Member State from 26 October 2025, takes its turn from 2026, and the
// rotation wraps round from Viet Nam to Brunei Darussalam. A year recorded
// after a gap is kept, and the years after it follow from it.
func TestChairRotation(t *testing.T) {
	cs, periods := reference()
	membersOn := func(d Date) []Country { return CountriesOn(cs, periods, d) }
	rec := func(year int, iso3 string) Chair {
		return Chair{Year: year, Country: byISO3(cs, iso3), Status: ChairRecorded}
	}
	tests := []struct {
		name          string
		stored        []Chair
		from, through int
		want          string // "2027 SGP* 2028 THA" (* a stored year)
	}{
		{"2027 from a recorded 2026", []Chair{rec(2025, "MYS"), rec(2026, "PHL")}, 2025, 2028,
			"2025 MYS* 2026 PHL* 2027 SGP 2028 THA"},
		{"2028 on from 2027, Timor-Leste included, wrapping round",
			[]Chair{rec(2025, "MYS"), rec(2026, "PHL"), rec(2027, "SGP")}, 2027, 2032,
			"2027 SGP* 2028 THA 2029 TLS 2030 VNM 2031 BRN 2032 KHM"},
		{"Lao PDR, then Malaysia and Myanmar", []Chair{rec(2023, "IDN"), rec(2024, "LAO")}, 2024, 2026,
			"2024 LAO* 2025 MYS 2026 MMR"},
		{"the year after Thailand in 2025 skips the observer Timor-Leste", []Chair{rec(2024, "THA")}, 2025, 2025,
			"2025 VNM"},
		{"a year recorded after a gap is kept and the rotation follows it",
			[]Chair{rec(2025, "MYS"), {Year: 2028, Country: byISO3(cs, "IDN"), Status: ChairProposed}}, 2026, 2029,
			"2026 MMR 2027 PHL 2028 IDN* 2029 LAO"},
		{"nothing before the first stored year", []Chair{rec(2025, "MYS")}, 2020, 2025, "2025 MYS*"},
		{"nothing stored, nothing proposed", nil, 2025, 2030, ""},
	}
	for _, tc := range tests {
		var got []string
		for _, c := range ChairRotation(tc.stored, membersOn, tc.from, tc.through) {
			s := c.Country.ISO3
			if !c.Rotation {
				s += "*"
			} else if c.Status != ChairProposed {
				t.Errorf("%s: %d proposed from the rotation with status %q", tc.name, c.Year, c.Status)
			}
			got = append(got, strconv.Itoa(c.Year)+" "+s)
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, strings.Join(got, " "), tc.want)
		}
	}
}

// TestCheckChair: a chair must be a Member State on 1 January of its year.
func TestCheckChair(t *testing.T) {
	cs, periods := reference()
	on := func(iso3 string, year int) Country {
		return byISO3(CountriesOn(cs, periods, ChairDay(year)), iso3)
	}
	tests := []struct {
		name  string
		c     Chair
		field string // "" for no problem
	}{
		{"Malaysia 2025", Chair{Year: 2025, Country: on("MYS", 2025), Status: ChairRecorded}, ""},
		{"Timor-Leste 2026", Chair{Year: 2026, Country: on("TLS", 2026), Status: ChairProposed}, ""},
		{"Timor-Leste 2025", Chair{Year: 2025, Country: on("TLS", 2025), Status: ChairRecorded}, "country"},
		{"a partner", Chair{Year: 2026, Country: on("JPN", 2026), Status: ChairRecorded}, "country"},
		{"no country", Chair{Year: 2026, Status: ChairRecorded}, "country"},
		{"year", Chair{Year: 1900, Country: on("MYS", 1990), Status: ChairRecorded}, "year"},
		{"status", Chair{Year: 2026, Country: on("PHL", 2026), Status: "maybe"}, "status"},
		{"note", Chair{Year: 2026, Country: on("PHL", 2026), Status: ChairRecorded, Note: strings.Repeat("ន", 201)}, "note"},
	}
	for _, tc := range tests {
		p := Problems{}
		CheckChair(tc.c, p)
		if tc.field == "" && len(p) > 0 || tc.field != "" && p[tc.field] == "" {
			t.Errorf("%s: problems %v, want one for %q", tc.name, p, tc.field)
		}
	}
}

// TestCochairs: an Experts' Working Group's co-chairs are a Member State
// and a Plus partner for three years; cycles of one group may not overlap.
func TestCochairs(t *testing.T) {
	cs, periods := reference()
	on := CountriesOn(cs, periods, ChairDay(2024))
	mys, aus, jpn := byISO3(on, "MYS"), byISO3(on, "AUS"), byISO3(on, "JPN")
	ms := Cochairs{Kind: KindEWGMaritimeSecurity, FirstYear: 2024, Member: mys, Partner: aus}
	if !ms.Covers(2026) || ms.Covers(2027) || ms.Years() != "2024–2026" || ms.Title() != "Co-chairs: Malaysia and Australia" {
		t.Errorf("cycle: %v %v %q %q", ms.Covers(2026), ms.Covers(2027), ms.Years(), ms.Title())
	}
	tests := []struct {
		name   string
		c      Cochairs
		others []Cochairs
		field  string
	}{
		{"good", ms, nil, ""},
		{"the same cycle saved again", ms, []Cochairs{ms}, ""},
		{"the next cycle", Cochairs{Kind: KindEWGMaritimeSecurity, FirstYear: 2027, Member: mys, Partner: jpn}, []Cochairs{ms}, ""},
		{"another group", Cochairs{Kind: KindEWGCyberSecurity, FirstYear: 2025, Member: mys, Partner: jpn}, []Cochairs{ms}, ""},
		{"overlap", Cochairs{Kind: KindEWGMaritimeSecurity, FirstYear: 2026, Member: mys, Partner: jpn}, []Cochairs{ms}, "first_year"},
		{"not an EWG", Cochairs{Kind: KindADSOM, FirstYear: 2024, Member: mys, Partner: aus}, nil, "kind"},
		{"two members", Cochairs{Kind: KindEWGHADR, FirstYear: 2024, Member: mys, Partner: mys}, nil, "partner"},
		{"a partner as the member", Cochairs{Kind: KindEWGHADR, FirstYear: 2024, Member: aus, Partner: jpn}, nil, "member"},
	}
	for _, tc := range tests {
		p := Problems{}
		CheckCochairs(tc.c, tc.others, p)
		if tc.field == "" && len(p) > 0 || tc.field != "" && p[tc.field] == "" {
			t.Errorf("%s: problems %v, want one for %q", tc.name, p, tc.field)
		}
	}
}

// TestDefaultChair: a new meeting's host and chair come from the chair of
// its year for the ADMM track, from the co-chairs for an Experts' Working
// Group, and are left alone when chosen already or for another kind.
func TestDefaultChair(t *testing.T) {
	cs, periods := reference()
	on := CountriesOn(cs, periods, ChairDay(2026))
	phl := Chair{Year: 2026, Country: byISO3(on, "PHL"), Status: ChairRecorded}
	co := []Cochairs{{Kind: KindEWGCyberSecurity, FirstYear: 2024, Member: byISO3(on, "SGP"), Partner: byISO3(on, "IND")}}
	tests := []struct {
		kind      MeetingKind
		host      int64
		chairText string
		wantHost  string
		wantChair string
	}{
		{KindADMM, 0, "", "PHL", "Minister of Defence, Philippines"},
		{KindADMMRetreat, 0, "", "PHL", "Minister of Defence, Philippines"},
		{KindADSOM, 0, "", "PHL", "Philippines"},
		{KindADSOMWG, 0, "", "PHL", "Philippines"},
		{KindADSOMPlus, 0, "", "PHL", "Philippines"},
		{KindADSOM, 0, "Permanent Secretary", "PHL", "Permanent Secretary"},
		{KindADSOM, byISO3(on, "MYS").ID, "", "MYS", ""},
		{KindEWGCyberSecurity, 0, "", "SGP", "Co-chairs: Singapore and India"},
		{KindEWGMineAction, 0, "", "", ""},
		{KindOther, 0, "", "", ""},
	}
	for _, tc := range tests {
		m := Meeting{Kind: tc.kind, HostCountryID: tc.host, Chair: tc.chairText, StartDate: day(2026, 9, 1)}
		m.DefaultChair(phl, co)
		host := ""
		for _, c := range on {
			if c.ID == m.HostCountryID {
				host = c.ISO3
			}
		}
		if host != tc.wantHost || m.Chair != tc.wantChair {
			t.Errorf("%s: host %q chair %q, want %q %q", tc.kind, host, m.Chair, tc.wantHost, tc.wantChair)
		}
	}
}

// TestMeetingKinds: every kind has a label, the Plus track expects the
// partners, and the chair of the year hosts the ADMM track.
func TestMeetingKinds(t *testing.T) {
	for _, k := range MeetingKinds {
		if k.Label() == string(k) {
			t.Errorf("%s has no label", k)
		}
	}
	for k, want := range map[MeetingKind][3]bool{ // Plus, EWG, ChairedByYear
		KindADMM: {false, false, true}, KindADSOMWG: {false, false, true}, KindADMMPlus: {true, false, true},
		KindADSOMPlus: {true, false, true}, KindADSOMPlusWG: {true, false, true},
		KindEWGHADR: {true, true, false}, KindEWGCyberSecurity: {true, true, false}, KindOther: {false, false, false},
	} {
		if got := [3]bool{k.Plus(), k.EWG(), k.ChairedByYear()}; got != want {
			t.Errorf("%s: plus, EWG, chaired by year = %v, want %v", k, got, want)
		}
		if k.Expects(StandingPartner) != want[0] || !k.Expects(StandingMember) {
			t.Errorf("%s: expects partner %v", k, k.Expects(StandingPartner))
		}
	}
	if got := KindEWGMineAction.Label(); got != "ADMM-Plus Experts' Working Group on Humanitarian Mine Action" {
		t.Errorf("label %q", got)
	}
}
