package convene

import (
	"testing"
	"time"
)

// TestLocationIsCached checks that a meeting's zone is loaded once and then
// shared (the delegates list asks for it once per row), that an airport's
// and a flight's zone are the same shared one, that it is the named zone,
// and that a name that does not load still gives UTC and is not kept.
func TestLocationIsCached(t *testing.T) {
	m := Meeting{TimeZone: "Asia/Ho_Chi_Minh"}
	a, b := m.Location(), m.Location()
	if a != b {
		t.Error("two calls loaded the zone twice")
	}
	if (Airport{TimeZone: "Asia/Ho_Chi_Minh"}).Location() != a || (TravelLeg{Zone: "Asia/Ho_Chi_Minh"}).Location() != a {
		t.Error("the airport's or the flight's zone was loaded again, not shared")
	}
	if a.String() != "Asia/Ho_Chi_Minh" {
		t.Errorf("zone %s, want Asia/Ho_Chi_Minh", a)
	}
	at := time.Date(2025, 2, 26, 1, 0, 0, 0, time.UTC).In(a)
	if at.Hour() != 8 {
		t.Errorf("01:00 UTC is %02d:00 in Hanoi's zone, want 08:00", at.Hour())
	}
	bad := Meeting{TimeZone: "Asia/Nowhere"}
	if bad.Location() != time.UTC || (Airport{TimeZone: "Asia/Nowhere"}).Location() != time.UTC {
		t.Error("an unknown zone did not give UTC")
	}
	if _, ok := locations.Load("Asia/Nowhere"); ok {
		t.Error("an unknown zone was cached")
	}
}
