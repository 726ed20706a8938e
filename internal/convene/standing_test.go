package convene

import (
	"slices"
	"testing"
	"time"
)

func day(y, m, d int) Date {
	return Date{Year: y, Month: time.Month(m), Day: d}
}

// reference is the participants of the ADMM cycle with their standing over
// time, as migration 01000 ships them: the Member States from their
// accession, Timor-Leste an observer from 11 November 2022 until it was
// admitted on 26 October 2025, the ADMM-Plus partners from the first
// ADMM-Plus (12 October 2010) and the ASEAN Secretariat from 1976.
func reference() ([]Country, map[int64][]StandingPeriod) {
	type row struct {
		iso3, name string
		periods    []StandingPeriod
	}
	member := func(y, m, d int) []StandingPeriod {
		return []StandingPeriod{{Standing: StandingMember, From: day(y, m, d)}}
	}
	partner := []StandingPeriod{{Standing: StandingPartner, From: day(2010, 10, 12)}}
	rows := []row{
		{"BRN", "Brunei Darussalam", member(1984, 1, 7)},
		{"KHM", "Cambodia", member(1999, 4, 30)},
		{"IDN", "Indonesia", member(1967, 8, 8)},
		{"LAO", "Lao PDR", member(1997, 7, 23)},
		{"MYS", "Malaysia", member(1967, 8, 8)},
		{"MMR", "Myanmar", member(1997, 7, 23)},
		{"PHL", "Philippines", member(1967, 8, 8)},
		{"SGP", "Singapore", member(1967, 8, 8)},
		{"THA", "Thailand", member(1967, 8, 8)},
		{"VNM", "Viet Nam", member(1995, 7, 28)},
		{"TLS", "Timor-Leste", []StandingPeriod{
			{Standing: StandingObserver, From: day(2022, 11, 11), To: day(2025, 10, 25)},
			{Standing: StandingMember, From: day(2025, 10, 26)}}},
		{"AUS", "Australia", partner}, {"CHN", "China", partner}, {"IND", "India", partner},
		{"JPN", "Japan", partner}, {"NZL", "New Zealand", partner}, {"KOR", "Republic of Korea", partner},
		{"RUS", "Russian Federation", partner}, {"USA", "United States", partner},
		{"XAS", "ASEAN Secretariat", []StandingPeriod{{Standing: StandingOrganisation, From: day(1976, 2, 24)}}},
	}
	// Shuffled ids, so that nothing can follow from insertion order.
	var cs []Country
	periods := map[int64][]StandingPeriod{}
	for i, r := range rows {
		id := int64((i*7)%len(rows) + 1)
		cs = append(cs, Country{ID: id, ISO3: r.iso3, Name: r.name})
		periods[id] = r.periods
	}
	slices.Reverse(cs)
	return cs, periods
}

// TestStandingOn: Timor-Leste's standing, day by day around its admission,
// with its periods in either order.
func TestStandingOn(t *testing.T) {
	tls := []StandingPeriod{
		{Standing: StandingMember, From: day(2025, 10, 26)},
		{Standing: StandingObserver, From: day(2022, 11, 11), To: day(2025, 10, 25)},
	}
	cases := []struct {
		day  Date
		want Standing
	}{
		{day(2022, 11, 10), NoStanding},
		{day(2022, 11, 11), StandingObserver},
		{day(2025, 2, 26), StandingObserver}, // the ADMM Retreat
		{day(2025, 10, 25), StandingObserver},
		{day(2025, 10, 26), StandingMember}, // admitted as the 11th Member State
		{day(2025, 11, 1), StandingMember},  // the ADMM, month only
		{day(2040, 1, 1), StandingMember},
	}
	for _, c := range cases {
		if got := StandingOn(tls, c.day); got != c.want {
			t.Errorf("StandingOn(%s) = %q, want %q", c.day, got, c.want)
		}
		reversed := slices.Clone(tls)
		slices.Reverse(reversed)
		if got := StandingOn(reversed, c.day); got != c.want {
			t.Errorf("periods reversed: StandingOn(%s) = %q, want %q", c.day, got, c.want)
		}
	}
	if got := StandingOn(nil, day(2025, 1, 1)); got != NoStanding {
		t.Errorf("no periods: %q", got)
	}
}

// TestMeetingProtocolDate: the first day, or the first of the month while
// only the month is known.
func TestMeetingProtocolDate(t *testing.T) {
	cases := []struct {
		m    Meeting
		want Date
	}{
		{Meeting{DatePrecision: PrecisionDay, StartDate: day(2025, 2, 26), EndDate: day(2025, 2, 26)}, day(2025, 2, 26)},
		{Meeting{DatePrecision: PrecisionMonth, StartDate: day(2025, 11, 1), EndDate: day(2025, 11, 30)}, day(2025, 11, 1)},
		{Meeting{DatePrecision: PrecisionMonth, StartDate: day(2025, 11, 17)}, day(2025, 11, 1)},
		{Meeting{DatePrecision: PrecisionDay, StartDate: day(2025, 10, 25), EndDate: day(2025, 10, 27)}, day(2025, 10, 25)},
	}
	for _, c := range cases {
		if got := c.m.ProtocolDate(); got != c.want {
			t.Errorf("%s %s: ProtocolDate = %s, want %s", c.m.DatePrecision, c.m.StartDate, got, c.want)
		}
	}
}

// TestProtocolOrderOverTime: one function orders the February 2025 Retreat
// (Timor-Leste last of the ASEAN participants, as observer) and the
// November 2025 ADMM (Timor-Leste among the Member States, after Thailand,
// before Viet Nam); partners come after observers and the organisation last.
func TestProtocolOrderOverTime(t *testing.T) {
	cs, periods := reference()
	retreat := Meeting{DatePrecision: PrecisionDay, StartDate: day(2025, 2, 26), EndDate: day(2025, 2, 26)}
	admm := Meeting{DatePrecision: PrecisionMonth, StartDate: day(2025, 11, 1), EndDate: day(2025, 11, 30)}
	partners := []string{"AUS", "CHN", "IND", "JPN", "NZL", "KOR", "RUS", "USA"}
	cases := []struct {
		name string
		day  Date
		want []string
		tls  Standing
	}{
		{"ADMM Retreat, 26 February 2025", retreat.ProtocolDate(),
			append([]string{"BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS"},
				append(partners, "XAS")...), StandingObserver},
		{"ADMM, November 2025", admm.ProtocolDate(),
			append([]string{"BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "TLS", "VNM"},
				append(partners, "XAS")...), StandingMember},
		// Before the first ADMM-Plus the partners had no standing: last.
		{"2009", day(2009, 6, 1),
			append([]string{"BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "XAS", "AUS", "CHN",
				"IND", "JPN", "NZL", "KOR", "RUS"}, "TLS", "USA"), NoStanding},
	}
	for _, c := range cases {
		var got []string
		var tls Country
		for _, ct := range CountriesOn(cs, periods, c.day) {
			got = append(got, ct.ISO3)
			if ct.ISO3 == "TLS" {
				tls = ct
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s:\n got %v\nwant %v", c.name, got, c.want)
		}
		if tls.Standing != c.tls || tls.Observer != (c.tls == StandingObserver) {
			t.Errorf("%s: Timor-Leste is %q (observer %v), want %q", c.name, tls.Standing, tls.Observer, c.tls)
		}
	}
}

// TestCompareProtocolGroups: standing decides before the name (a partner
// named "Australia" after the observer "Timor-Leste"), then the name, then
// the people inside a delegation.
func TestCompareProtocolGroups(t *testing.T) {
	cases := []struct {
		a, b ProtocolKey
		want int
	}{
		{ProtocolKey{Standing: StandingMember, CountryName: "Viet Nam"}, ProtocolKey{Standing: StandingObserver, CountryName: "Brunei Darussalam"}, -1},
		{ProtocolKey{Standing: StandingObserver, CountryName: "Timor-Leste"}, ProtocolKey{Standing: StandingPartner, CountryName: "Australia"}, -1},
		{ProtocolKey{Standing: StandingPartner, CountryName: "United States"}, ProtocolKey{Standing: StandingOrganisation, CountryName: "ASEAN Secretariat"}, -1},
		{ProtocolKey{Standing: StandingOrganisation, CountryName: "ASEAN Secretariat"}, ProtocolKey{Standing: NoStanding, CountryName: "Atlantis"}, -1},
		{ProtocolKey{Standing: Standing("bogus"), CountryName: "A"}, ProtocolKey{Standing: StandingOrganisation, CountryName: "Z"}, 1},
		{ProtocolKey{Standing: StandingPartner, CountryName: "Japan"}, ProtocolKey{Standing: StandingPartner, CountryName: "India"}, 1},
		{ProtocolKey{Standing: StandingMember, CountryName: "Thailand"}, ProtocolKey{Standing: StandingMember, CountryName: "Timor-Leste"}, -1},
		{ProtocolKey{Standing: StandingMember, CountryName: "Malaysia", Precedence: 0, Name: "Zul"},
			ProtocolKey{Standing: StandingMember, CountryName: "Malaysia", Precedence: 1, Name: "Ahmad"}, -1},
		{ProtocolKey{Standing: StandingMember, CountryName: "Malaysia", Name: "b"},
			ProtocolKey{Standing: StandingMember, CountryName: "Malaysia", Name: "A"}, 1},
		{ProtocolKey{Standing: StandingMember, CountryName: "Malaysia", Name: "a"},
			ProtocolKey{Standing: StandingMember, CountryName: "Malaysia", Name: "a"}, 0},
	}
	for _, c := range cases {
		if got := CompareProtocol(c.a, c.b); got != c.want {
			t.Errorf("CompareProtocol(%+v, %+v) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := CompareProtocol(c.b, c.a); got != -c.want {
			t.Errorf("CompareProtocol(%+v, %+v) = %d, want %d", c.b, c.a, got, -c.want)
		}
	}
}

func TestValidateStandingPeriods(t *testing.T) {
	cases := []struct {
		name    string
		periods []StandingPeriod
		ok      bool
	}{
		{"none", nil, true},
		{"Timor-Leste", []StandingPeriod{
			{Standing: StandingMember, From: day(2025, 10, 26)},
			{Standing: StandingObserver, From: day(2022, 11, 11), To: day(2025, 10, 25)}}, true},
		{"one day", []StandingPeriod{{Standing: StandingObserver, From: day(2025, 1, 1), To: day(2025, 1, 1)}}, true},
		{"unknown standing", []StandingPeriod{{Standing: "dialogue", From: day(2025, 1, 1)}}, false},
		{"no standing stored", []StandingPeriod{{Standing: NoStanding, From: day(2025, 1, 1)}}, false},
		{"no first day", []StandingPeriod{{Standing: StandingMember}}, false},
		{"ends before it begins", []StandingPeriod{{Standing: StandingMember, From: day(2025, 2, 2), To: day(2025, 2, 1)}}, false},
		{"overlap of one day", []StandingPeriod{
			{Standing: StandingObserver, From: day(2022, 11, 11), To: day(2025, 10, 26)},
			{Standing: StandingMember, From: day(2025, 10, 26)}}, false},
		{"open period then another", []StandingPeriod{
			{Standing: StandingObserver, From: day(2022, 11, 11)},
			{Standing: StandingMember, From: day(2025, 10, 26)}}, false},
	}
	for _, c := range cases {
		err := ValidateStandingPeriods(c.periods)
		if (err == nil) != c.ok {
			t.Errorf("%s: err = %v, want ok %v", c.name, err, c.ok)
		}
		if err != nil && ErrorCode(err) != EINVALID {
			t.Errorf("%s: code %q", c.name, ErrorCode(err))
		}
	}
	_, periods := reference()
	for id, ps := range periods {
		if err := ValidateStandingPeriods(ps); err != nil {
			t.Errorf("reference country %d: %v", id, err)
		}
	}
}
