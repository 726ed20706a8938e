package convene

import (
	"strings"
	"testing"
	"time"
)

// TestPlanDatesFlagsHolidays: a two-day ADSOM in September 2025; a range
// that takes in Cambodia's Pchum Ben is flagged with Cambodia's name, and
// the best candidate collides with nothing.
func TestPlanDatesFlagsHolidays(t *testing.T) {
	hs, err := ParseHolidayCSV(strings.NewReader("country,date,name,verified,source\n" +
		"# comment\nKHM,2025-09-22,Pchum Ben Festival,yes,Prakas\nMYS,2025-09-16,Malaysia Day,no,\n" +
		"SGP,2025-08-09,National Day,no,\n"))
	if err != nil || len(hs) != 3 {
		t.Fatalf("parse: %v %d", err, len(hs))
	}
	names := map[string]int64{"KHM": 1, "MYS": 2, "SGP": 3}
	country := map[int64]string{1: "Cambodia", 2: "Malaysia", 3: "Singapore"}
	for i := range hs {
		hs[i].CountryID = names[hs[i].ISO3]
		hs[i].Country = country[hs[i].CountryID]
	}
	m := Meeting{ID: 7, Title: "ADSOM 2025", DatePrecision: PrecisionMonth, StartDate: Date{2025, 9, 1},
		EndDate: Date{2025, 9, 30}, LengthDays: 2, TimeZone: "Asia/Kuala_Lumpur"}
	other := Meeting{ID: 8, Title: "ASEAN Navy Chiefs' Meeting", DatePrecision: PrecisionDay,
		StartDate: Date{2025, 9, 9}, EndDate: Date{2025, 9, 10}}
	cs := PlanDates(PlanInput{Meeting: m, Countries: country, Holidays: hs, Others: []Meeting{other},
		Weekend: []time.Weekday{time.Saturday, time.Sunday}, Today: Date{2025, 3, 1}, LeadDays: 60})
	if len(cs) != 29 {
		t.Fatalf("%d candidates, want 29 two-day ranges in September", len(cs))
	}
	if !cs[0].Clean() || cs[0].Start.Month != time.September {
		t.Errorf("best candidate %s is not clean: %+v", cs[0].Label(), cs[0])
	}
	byStart := map[string]Candidate{}
	for _, c := range cs {
		byStart[c.Start.String()] = c
	}
	c := byStart["2025-09-22"]
	if len(c.Holidays) != 1 || !strings.Contains(c.Holidays[0].HolidayLabel(), "Cambodia: Pchum Ben Festival") || c.Clean() {
		t.Errorf("22–23 September: %+v", c)
	}
	if c := byStart["2025-09-15"]; len(c.Holidays) != 1 || !strings.Contains(c.Holidays[0].HolidayLabel(), "Malaysia: Malaysia Day (16 September 2025) [unverified]") {
		t.Errorf("15–16 September: %+v", c)
	}
	if c := byStart["2025-09-10"]; len(c.Meetings) != 1 {
		t.Errorf("10–11 September should collide with the other meeting: %+v", c)
	}
	if c := byStart["2025-09-06"]; len(c.Weekend) != 2 {
		t.Errorf("6–7 September is a weekend: %+v", c)
	}
	// A planning day too close flags every candidate.
	late := PlanDates(PlanInput{Meeting: m, Countries: country, Today: Date{2025, 8, 20}, LeadDays: 60})
	for _, c := range late {
		if !c.TooSoon {
			t.Fatalf("%s not flagged too soon", c.Label())
		}
	}
}

func TestParseHolidayCSVNamesTheLine(t *testing.T) {
	_, err := ParseHolidayCSV(strings.NewReader("country,date,name\nMYS,2025-09-16,Malaysia Day\nMYS,16/09/2025,Malaysia Day\n"))
	if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), "Line 3") {
		t.Errorf("err = %v", err)
	}
}
