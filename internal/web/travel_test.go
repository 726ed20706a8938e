package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"convene/internal/convene"
)

// retreatDelegate returns the first Retreat delegate of a country.
func retreatDelegate(t *testing.T, app *testApp, iso3 string) convene.Delegate {
	t.Helper()
	ctx := context.Background()
	m, err := app.db.FindMeetingByCode(ctx, "admm-retreat-2025")
	if err != nil {
		t.Fatal(err)
	}
	people, _, err := app.db.FindDelegates(ctx, convene.DelegateFilter{MeetingID: m.ID, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range people {
		if p.Country.ISO3 == iso3 {
			return p
		}
	}
	t.Fatalf("no %s delegate at the Retreat", iso3)
	return convene.Delegate{}
}

// TestTravelFormRoundTripAndScope: a focal point records their own
// delegate's flights; a bad flight number and a departure before the arrival
// come back 422 with the typed values and nothing written; another country's
// delegate answers 404 like a missing one.
func TestTravelFormRoundTripAndScope(t *testing.T) {
	app := newTestApp(t)
	own := retreatDelegate(t, app, "VNM")
	other := retreatDelegate(t, app, "THA")
	focal := app.as(convene.RoleFocal)
	path := fmt.Sprintf("/meetings/admm-retreat-2025/travel/%d", own.ID)
	if resp, _ := focal.get(path); resp.StatusCode != http.StatusOK {
		t.Fatalf("own delegate's travel form: %d", resp.StatusCode)
	}
	if resp, _ := focal.get(fmt.Sprintf("/meetings/admm-retreat-2025/travel/%d", other.ID)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another country's delegate: %d, want 404", resp.StatusCode)
	}
	before := app.tableCounts()
	resp, body := focal.post(path, url.Values{"a_day": {"2025-02-25"}, "a_time": {"23:50"}, "a_flight": {"VN-!!"},
		"a_airport": {"PEN"}, "d_day": {"2025-02-20"}, "d_time": {"10:00"}, "d_flight": {"VN 900"}, "d_airport": {"XXX"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad travel: status %d", resp.StatusCode)
	}
	for _, want := range []string{"Enter the flight number as on the ticket", "Choose the airport from the list",
		`value="VN-!!"`, `value="23:50"`} {
		if !strings.Contains(body, want) {
			t.Errorf("refused travel form lacks %q", want)
		}
	}
	if after := app.tableCounts(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("a refused form wrote: %v -> %v", before, after)
	}
	resp, body = focal.post(path, url.Values{"a_day": {"2025-02-25"}, "a_time": {"23:50"}, "a_flight": {"vn 1321"},
		"a_airport": {"PEN"}, "d_day": {"2025-02-27"}, "d_time": {"12:40"}, "d_flight": {"VN 1322"}, "d_airport": {"PEN"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("good travel: status %d\n%.500s", resp.StatusCode, body)
	}
	m, _ := app.db.FindMeetingByCode(context.Background(), "admm-retreat-2025")
	legs, err := app.db.FindTravelLegs(context.Background(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, l := range legs {
		if l.DelegateID == own.ID && l.Direction == convene.Arrival {
			found = l.Flight == "VN 1321" && l.At.UTC().Format("2006-01-02 15:04") == "2025-02-25 15:50"
		}
	}
	if !found {
		t.Errorf("arrival not stored as VN 1321 at 15:50 UTC (23:50 MYT)")
	}
}

// TestTransfersPlanFlagAndManifest: in the demo one Filipino flight changed
// after planning, so its run is flagged; moving the passenger clears the
// flag; a run edit to a car too small for its passengers is refused with
// nothing written; the manifest shows the local time with the zone named.
func TestTransfersPlanFlagAndManifest(t *testing.T) {
	app := newTestApp(t)
	officer := app.as(convene.RoleOfficer)
	resp, body := officer.get("/meetings/admm-retreat-2025/transfers")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Flight changed") {
		t.Fatalf("transfers page: status %d, flagged run shown: %v", resp.StatusCode, strings.Contains(body, "Flight changed"))
	}
	ctx := context.Background()
	m, _ := app.db.FindMeetingByCode(ctx, "admm-retreat-2025")
	runs, err := app.db.FindTransferRuns(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	arrivalRuns := len(runs)
	var flagged, shared convene.TransferRun
	var moved int64
	for _, r := range runs {
		for _, p := range r.Passengers {
			if p.FlightChanged() {
				flagged, moved = r, p.DelegateID
			}
		}
		if len(r.Passengers) > 1 && !r.Dedicated {
			shared = r
		}
	}
	if flagged.ID == 0 || shared.ID == 0 {
		t.Fatalf("demo lacks a flagged run (%d) or a shared run (%d)", flagged.ID, shared.ID)
	}

	// Plan the departures: every departure gets a run, heads alone.
	if resp, _ := officer.post("/meetings/admm-retreat-2025/transfers/propose", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("propose: %d", resp.StatusCode)
	}
	after, _ := app.db.FindTransferRuns(ctx, m.ID)
	departures := 0
	for _, r := range after {
		if r.Direction == convene.Departure {
			departures += len(r.Passengers)
			if r.Dedicated && len(r.Passengers) != 1 {
				t.Errorf("dedicated run %d carries %d", r.ID, len(r.Passengers))
			}
		}
	}
	if departures == 0 {
		t.Errorf("no departure runs planned")
	}

	officer.get("/meetings/admm-retreat-2025/transfers")
	if resp, _ := officer.post("/meetings/admm-retreat-2025/transfers/move", url.Values{
		"delegate_id": {strconv.FormatInt(moved, 10)}, "run_id": {strconv.FormatInt(flagged.ID, 10)},
		"direction": {"arrival"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("move: %d", resp.StatusCode)
	}
	runs, _ = app.db.FindTransferRuns(ctx, m.ID)
	for _, r := range runs {
		if r.ID == flagged.ID && r.Flagged() {
			t.Errorf("run %d still flagged after the passenger was re-planned", r.ID)
		}
	}

	before := app.tableCounts()
	resp, body = officer.post(fmt.Sprintf("/meetings/admm-retreat-2025/transfers/%d", shared.ID), url.Values{
		"vehicle": {"car"}, "capacity": {"1"}, "driver": {"Encik Rosli"}, "day": {"2025-02-25"}, "time": {"10:00"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "cannot take them") ||
		!strings.Contains(body, `value="Encik Rosli"`) {
		t.Errorf("too small a car: status %d", resp.StatusCode)
	}
	if after := app.tableCounts(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("a refused run edit wrote: %v -> %v", before, after)
	}

	resp, body = app.as(convene.RoleOrganiser).get(fmt.Sprintf("/meetings/admm-retreat-2025/transfers/%d/manifest", shared.ID))
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "MYT") || !strings.Contains(body, `id="manifest"`) {
		t.Errorf("manifest: status %d", resp.StatusCode)
	}
	fmt.Printf("transfers: %d arrival runs in the demo, %d departures planned, flag cleared by re-planning\n", arrivalRuns, departures)
}

// TestCateringHeadcountsFollowAttendance reads the Retreat's meals: the
// headcount is what the session's attendance rule gives from the delegates
// still coming, with halal covers counted, and the page prints per delegation.
func TestCateringHeadcountsFollowAttendance(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	m, _ := app.db.FindMeetingByCode(ctx, "admm-retreat-2025")
	sessions, err := app.db.FindSessions(ctx, convene.SessionFilter{MeetingIDs: []int64{m.ID}})
	if err != nil {
		t.Fatal(err)
	}
	people, _, _ := app.db.FindDelegates(ctx, convene.DelegateFilter{MeetingID: m.ID, Limit: 1000})
	var expectedPeople []convene.Delegate
	for _, p := range people {
		if p.Status.HoldsPlace() {
			expectedPeople = append(expectedPeople, p)
		}
	}
	var meal convene.Session
	for _, s := range sessions {
		if s.Kind == convene.SessionMeal {
			meal = s
			break
		}
	}
	if meal.ID == 0 {
		t.Fatal("the demo Retreat has no meal")
	}
	want := len(convene.Attendees(meal, expectedPeople))
	resp, body := app.as(convene.RoleOrganiser).get("/meetings/admm-retreat-2025/catering")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("catering: %d", resp.StatusCode)
	}
	if !strings.Contains(body, fmt.Sprintf(`<strong class="headcount">%d covers</strong>`, want)) || want == 0 {
		t.Errorf("first meal %q: page lacks the headcount %d", meal.Title, want)
	}
	if !strings.Contains(body, "Halal") || !strings.Contains(body, "Brunei Darussalam") {
		t.Errorf("catering page lacks diets or delegations")
	}
	fmt.Printf("catering: %q serves %d covers\n", meal.Title, want)
}

// TestDashboardFlagsLateArrival records a head of delegation landing after
// the Retreat's first session has begun; the dashboard says so.
func TestDashboardFlagsLateArrival(t *testing.T) {
	app := newTestApp(t)
	head := retreatDelegate(t, app, "SGP")
	officer := app.as(convene.RoleOfficer)
	path := fmt.Sprintf("/meetings/admm-retreat-2025/travel/%d", head.ID)
	officer.get(path)
	if resp, _ := officer.post(path, url.Values{"a_day": {"2025-02-26"}, "a_time": {"13:05"}, "a_flight": {"SQ 5136"},
		"a_airport": {"PEN"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	_, body := officer.get("/meetings/admm-retreat-2025/logistics")
	if !strings.Contains(body, head.DisplayName()+" lands at 26 Feb 13:05 MYT, after") {
		t.Errorf("dashboard does not flag the late arrival of %s", head.DisplayName())
	}
}
