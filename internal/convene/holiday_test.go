package convene

import (
	"strings"
	"testing"
)

func TestParseHolidayCSVColumns(t *testing.T) {
	for _, tc := range []struct {
		name, csv string
		want      Holiday
	}{
		{"five columns, as holidays_2025.csv", "country,date,name,verified,source\nKHM,2025-09-22,Pchum Ben Festival,yes,Prakas\n",
			Holiday{ISO3: "KHM", Date: Date{2025, 9, 22}, Name: "Pchum Ben Festival", Verified: true, Source: "Prakas"}},
		{"three columns", "MYS,2026-08-31,National Day\n",
			Holiday{ISO3: "MYS", Date: Date{2026, 8, 31}, Name: "National Day"}},
		{"six columns, national", "country,date,name,verified,source,region\nVNM,2026-02-17,Tet,no,date-holidays 3.37.0,\n",
			Holiday{ISO3: "VNM", Date: Date{2026, 2, 17}, Name: "Tet", Source: "date-holidays 3.37.0"}},
		{"six columns, regional", "MYS,2026-02-01,Thaipusam,no,date-holidays 3.37.0,MY-07\n",
			Holiday{ISO3: "MYS", Date: Date{2026, 2, 1}, Name: "Thaipusam", Source: "date-holidays 3.37.0", Region: "MY-07"}},
		{"region in lower case, spaces", "lao, 2026-11-24 , Boun That Luang ,NO, expected , la-vt \n",
			Holiday{ISO3: "LAO", Date: Date{2026, 11, 24}, Name: "Boun That Luang", Source: "expected", Region: "LA-VT"}},
		{"quoted source with a comma", "SGP,2026-06-01,Vesak Day (substitute day),yes,\"MOM, Public Holidays for 2026\",\n",
			Holiday{ISO3: "SGP", Date: Date{2026, 6, 1}, Name: "Vesak Day (substitute day)", Verified: true, Source: "MOM, Public Holidays for 2026"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hs, err := ParseHolidayCSV(strings.NewReader(tc.csv))
			if err != nil || len(hs) != 1 {
				t.Fatalf("ParseHolidayCSV: %v, %d rows", err, len(hs))
			}
			hs[0].Line = 0 // the line is TestHolidayValidate's
			if hs[0] != tc.want {
				t.Errorf("got %+v\nwant %+v", hs[0], tc.want)
			}
		})
	}
}

func TestParseHolidayCSVRefuses(t *testing.T) {
	for _, tc := range []struct {
		name, csv, want string
	}{
		{"region of another country", "MYS,2026-02-01,Thaipusam,no,,LA-VT\n", `Line 1: "LA-VT" is not a region of MYS`},
		{"region without its country", "MYS,2026-02-01,Thaipusam,no,,07\n", `"07" is not a region of MYS`},
		{"region too long", "MYS,2026-02-01,Thaipusam,no,,MY-0777\n", "is not a region of MYS"},
		{"region with a bad character", "MYS,2026-02-01,Thaipusam,no,,MY-0.\n", "is not a region of MYS"},
		{"region of a country Convene cannot check", "FRA,2026-07-14,Fête nationale,no,,FR-75\n", "is not a region code Convene knows for FRA"},
		{"verified neither yes nor no", "country,date,name,verified\nSGP,2026-08-09,National Day,true\n", `Line 2: verified is "true"`},
		{"bad date", "MYS,31/08/2026,National Day\n", "Line 1"},
		{"no name", "MYS,2026-08-31,\n", "the holiday has no name"},
		{"short line", "MYS,2026-08-31\n", "needs at least country, date and name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseHolidayCSV(strings.NewReader(tc.csv))
			if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), tc.want) {
				t.Errorf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestValidRegion(t *testing.T) {
	for _, tc := range []struct {
		iso3, region string
		ok           bool
	}{
		{"MYS", "", true},
		{"MYS", "MY-07", true},
		{"MYS", "MY-16", true},
		{"LAO", "LA-VT", true},
		{"IDN", "ID-JK", true},
		{"USA", "US-DC", true},
		{"NZL", "NZ-AUK", true},
		{"MYS", "MY-", false},
		{"MYS", "MY07", false},
		{"MYS", "LA-VT", false},
		{"MYS", "my-07", false}, // the parser upper-cases; the check itself does not
		{"MYS", "MY-0007", false},
		{"XYZ", "XY-01", false},
	} {
		if got := ValidRegion(tc.iso3, tc.region); got != tc.ok {
			t.Errorf("ValidRegion(%q, %q) = %v, want %v", tc.iso3, tc.region, got, tc.ok)
		}
	}
}

// TestPlanDatesRegionalHolidays: a state holiday counts only where the venue
// is; while the venue's region is unknown only national holidays count.
func TestPlanDatesRegionalHolidays(t *testing.T) {
	hs := []Holiday{
		{CountryID: 1, Country: "Malaysia", Date: Date{2026, 2, 1}, Name: "Thaipusam", Region: "MY-07"},
		{CountryID: 1, Country: "Malaysia", Date: Date{2026, 2, 17}, Name: "Chinese New Year"},
		{CountryID: 1, Country: "Malaysia", Date: Date{2026, 2, 5}, Name: "Sabah holiday", Region: "MY-12"},
	}
	m := Meeting{ID: 1, Title: "ADSOM WG 2026", DatePrecision: PrecisionMonth, StartDate: Date{2026, 2, 1},
		EndDate: Date{2026, 2, 28}, LengthDays: 1}
	for _, tc := range []struct {
		region string
		want   map[string]int // first day -> holidays flagged
	}{
		{"", map[string]int{"2026-02-01": 0, "2026-02-05": 0, "2026-02-17": 1}},
		{"MY-07", map[string]int{"2026-02-01": 1, "2026-02-05": 0, "2026-02-17": 1}},
		{"MY-12", map[string]int{"2026-02-01": 0, "2026-02-05": 1, "2026-02-17": 1}},
	} {
		cs := PlanDates(PlanInput{Meeting: m, Countries: map[int64]string{1: "Malaysia"}, Holidays: hs, Region: tc.region})
		got := map[string]int{}
		for _, c := range cs {
			got[c.Start.String()] = len(c.Holidays)
		}
		for day, n := range tc.want {
			if got[day] != n {
				t.Errorf("venue in %q, %s: %d holidays, want %d", tc.region, day, got[day], n)
			}
		}
	}
}

func TestHolidayLabelNamesTheRegion(t *testing.T) {
	h := Holiday{Country: "Malaysia", Date: Date{2026, 2, 1}, Name: "Thaipusam", Region: "MY-07"}
	if got, want := h.HolidayLabel(), "Malaysia (MY-07): Thaipusam (1 February 2026) [unverified]"; got != want {
		t.Errorf("label %q, want %q", got, want)
	}
	h.Region, h.Verified = "", true
	if got, want := h.HolidayLabel(), "Malaysia: Thaipusam (1 February 2026)"; got != want {
		t.Errorf("label %q, want %q", got, want)
	}
}

// TestHolidayValidate: an edited holiday needs a day and a name, a region
// of its own country or none, and a short source; a parsed one knows its
// line.
func TestHolidayValidate(t *testing.T) {
	good := Holiday{ISO3: "MYS", Country: "Malaysia", Date: Date{2026, 2, 1}, Name: " Thaipusam ", Region: "my-07"}
	if err := good.Validate(); err != nil || good.Name != "Thaipusam" || good.Region != "MY-07" {
		t.Errorf("good: %v %+v", err, good)
	}
	for field, h := range map[string]Holiday{
		"date":   {ISO3: "MYS", Name: "Hari Raya"},
		"name":   {ISO3: "MYS", Date: Date{2026, 3, 20}},
		"region": {ISO3: "MYS", Date: Date{2026, 3, 20}, Name: "Hari Raya", Region: "LA-VT"},
		"source": {ISO3: "MYS", Date: Date{2026, 3, 20}, Name: "Hari Raya", Source: strings.Repeat("s", 301)},
	} {
		if err := h.Validate(); ErrorFields(err)[field] == "" {
			t.Errorf("%s: %v", field, err)
		}
	}
	hs, err := ParseHolidayCSV(strings.NewReader("country,date,name\n# note\nMYS,2026-08-31,Hari Kebangsaan\n"))
	if err != nil || len(hs) != 1 || hs[0].Line != 3 {
		t.Errorf("line: %+v %v", hs, err)
	}
}
