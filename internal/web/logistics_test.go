package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"convene/internal/convene"
	"convene/internal/sqlite"
)

// logisticsFixture adds a hotel with one small block to the Retreat and
// returns the block and the Retreat's expected delegates.
func logisticsFixture(t *testing.T, app *testApp, rooms, occupancy int) (convene.Meeting, convene.RoomBlock, []convene.Delegate) {
	t.Helper()
	ctx := context.Background()
	m, err := app.db.FindMeetingByCode(ctx, "admm-retreat-2025")
	if err != nil {
		t.Fatal(err)
	}
	h := convene.Venue{Name: "Hotel Penaga, George Town", Kind: "hotel", TimeZone: "Asia/Kuala_Lumpur"}
	if err := app.db.CreateVenue(ctx, &h); err != nil {
		t.Fatal(err)
	}
	b := convene.RoomBlock{MeetingID: m.ID, HotelID: h.ID, RoomType: "Heritage room", Rank: 3, Occupancy: occupancy,
		RoomCount: rooms, FirstNight: m.StartDate.AddDays(-1), LastNight: m.EndDate}
	if err := app.db.CreateRoomBlock(ctx, &b); err != nil {
		t.Fatal(err)
	}
	all, _, err := app.db.FindDelegates(ctx, convene.DelegateFilter{MeetingID: m.ID, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var people []convene.Delegate
	for _, p := range all {
		if p.Status.HoldsPlace() {
			people = append(people, p)
		}
	}
	return m, b, people
}

// assignConcurrently has one officer's browser send an assignment for each
// person into the block at the same moment, and counts the answers.
func assignConcurrently(t *testing.T, app *testApp, m convene.Meeting, b convene.RoomBlock, people []convene.Delegate) (accepted, refused int) {
	t.Helper()
	officer := app.as(convene.RoleOfficer)
	officer.get("/meetings/" + m.Code + "/hotels")
	var wg sync.WaitGroup
	var mu sync.Mutex
	start := make(chan struct{})
	codes := map[int]int{}
	for _, p := range people {
		form := url.Values{"_csrf": {officer.csrf}, "delegate_id": {strconv.FormatInt(p.ID, 10)},
			"block_id": {strconv.FormatInt(b.ID, 10)}, "check_in": {m.StartDate.AddDays(-1).String()},
			"check_out": {m.EndDate.AddDays(1).String()}}
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			req, _ := http.NewRequest(http.MethodPost, app.ts.URL+"/meetings/"+m.Code+"/hotels/assign",
				strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := officer.http.Do(req)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				codes[-1]++
				return
			}
			resp.Body.Close()
			codes[resp.StatusCode]++
		}()
	}
	close(start)
	wg.Wait()
	if codes[-1] > 0 || len(codes) > 2 {
		t.Errorf("unexpected answers: %v", codes)
	}
	return codes[http.StatusSeeOther], codes[http.StatusUnprocessableEntity]
}

// maxNightUse reads back the most rooms the block holds on any night.
func maxNightUse(t *testing.T, app *testApp, m convene.Meeting, b convene.RoomBlock) int {
	t.Helper()
	stays, err := app.db.FindStays(context.Background(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	var mine []convene.Stay
	for _, s := range stays {
		if s.BlockID == b.ID {
			mine = append(mine, s)
		}
	}
	most := 0
	for _, n := range convene.BlockUsage(mine) {
		most = max(most, n)
	}
	return most
}

// TestRoomBlockNeverOverbookedUnderConcurrentAssignment sends 12 parallel
// assignments into a block of 3 rooms: exactly 3 succeed and the block never
// holds more than 3 on any night. The control runs the same requests against
// the split check-then-write variant and must see the block overbooked,
// which proves that the test can catch the race it guards against.
func TestRoomBlockNeverOverbookedUnderConcurrentAssignment(t *testing.T) {
	const rooms = 3
	app := newTestApp(t)
	m, b, people := logisticsFixture(t, app, rooms, 1)
	if len(people) < 12 {
		t.Fatalf("need 12 expected delegates in the demo, have %d", len(people))
	}
	ok, refused := assignConcurrently(t, app, m, b, people[:12])
	used := maxNightUse(t, app, m, b)
	if ok != rooms || refused != 12-rooms || used != rooms {
		t.Errorf("atomic: %d accepted, %d refused, %d rooms used; want %d, %d, %d", ok, refused, used, rooms, 12-rooms, rooms)
	}

	// The control holds every request between its check and its write until
	// all 12 have checked, so the race it has is certain to show, whatever
	// the machine's load (the time-out only keeps a broken run from hanging;
	// it is under the test client's 30 s).
	var mu sync.Mutex
	arrived, all := 0, make(chan struct{})
	control := newTestApp(t, sqlite.WithHooks(sqlite.Hooks{BetweenBlockCheckAndAssign: func() {
		mu.Lock()
		if arrived++; arrived == 12 {
			close(all)
		}
		mu.Unlock()
		select {
		case <-all:
		case <-time.After(20 * time.Second):
		}
	}}))
	cm, cb, cpeople := logisticsFixture(t, control, rooms, 1)
	assignConcurrently(t, control, cm, cb, cpeople[:12])
	overbooked := maxNightUse(t, control, cm, cb)
	if overbooked <= rooms {
		t.Errorf("control: the split check never overbooked the block; the test cannot tell the race from the fix")
	}
	fmt.Printf("room block race: 12 parallel assignments into %d rooms: %d accepted, max %d rooms used; control (split check) used %d\n",
		rooms, ok, used, overbooked)
}

// TestRoomBlockFormRoundTrip sends a block with every field wrong: the page
// comes back 422 with a message next to each field and the typed values, and
// nothing is written.
func TestRoomBlockFormRoundTrip(t *testing.T) {
	app := newTestApp(t)
	officer := app.as(convene.RoleOfficer)
	officer.get("/meetings/admm-retreat-2025/hotels")
	before := app.tableCounts()
	resp, body := officer.post("/meetings/admm-retreat-2025/hotels/blocks", url.Values{
		"hotel_id": {"999"}, "room_type": {"Phòng Deluxe <b>"}, "rank": {"x"}, "occupancy": {"9"},
		"room_count": {"0"}, "first_night": {"2025-02-30"}, "last_night": {"2025-02-20"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", resp.StatusCode)
	}
	for _, want := range []string{"Enter a rank from 0 (best) to 9.", "Enter how many people may share a room (1 to 4).",
		"Enter how many rooms are held (1 to 2000).", "Enter the first night as YYYY-MM-DD.",
		`value="Phòng Deluxe &lt;b&gt;"`, `value="2025-02-30"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the refused form lacks %q", want)
		}
	}
	if after := app.tableCounts(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("a refused form wrote: %v -> %v", before, after)
	}
}

// TestSingleRoomCannotBeShared gives two people the same room number in a
// block of single rooms: the second is refused with a clear message and
// nothing is written.
func TestSingleRoomCannotBeShared(t *testing.T) {
	app := newTestApp(t)
	m, b, people := logisticsFixture(t, app, 5, 1)
	officer := app.as(convene.RoleOfficer)
	officer.get("/meetings/" + m.Code + "/hotels")
	assign := func(p convene.Delegate) (*http.Response, string) {
		return officer.post("/meetings/"+m.Code+"/hotels/assign", url.Values{
			"delegate_id": {strconv.FormatInt(p.ID, 10)}, "block_id": {strconv.FormatInt(b.ID, 10)},
			"room_label": {"1203"}, "check_in": {m.StartDate.AddDays(-1).String()}, "check_out": {m.EndDate.AddDays(1).String()}})
	}
	if resp, body := assign(people[0]); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("first guest: status %d\n%.400s", resp.StatusCode, body)
	}
	before := app.tableCounts()
	resp, body := assign(people[1])
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Room 1203 is a single room") {
		t.Errorf("second guest in a single room: status %d\n%.600s", resp.StatusCode, body)
	}
	if after := app.tableCounts(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("a refused assignment wrote: %v -> %v", before, after)
	}
}

// TestLogisticsDashboardFlagsDelegateWithoutHotel reads the demo's dashboard:
// Lao PDR's late nomination has no room yet, and the problem list says so
// by name.
func TestLogisticsDashboardFlagsDelegateWithoutHotel(t *testing.T) {
	app := newTestApp(t)
	resp, body := app.as(convene.RoleOrganiser).get("/meetings/admm-retreat-2025/logistics")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	problems := body[strings.Index(body, `id="problems"`):]
	problems = problems[:strings.Index(problems, "</ul>")]
	if !strings.Contains(problems, "ພອນສະຫວັນ") {
		t.Errorf("problem list does not flag the Lao delegate without a room:\n%s", problems)
	}
	if strings.Contains(problems, "(Indonesia) has no hotel room.") {
		t.Errorf("problem list flags a delegate who has a room:\n%s", problems)
	}
	if !strings.Contains(body, "Halal") || !strings.Contains(body, "Executive suite") {
		t.Errorf("dashboard lacks meal counts or room blocks")
	}
	fmt.Printf("logistics dashboard: %d problems listed\n", strings.Count(problems, "<li>"))
}

// TestRoomingListCSV gives the front desk names as typed, nights and diets,
// and never passport or medical data.
func TestRoomingListCSV(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	m, err := app.db.FindMeetingByCode(ctx, "admm-retreat-2025")
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := app.db.FindRoomBlocks(ctx, m.ID)
	if err != nil || len(blocks) == 0 {
		t.Fatalf("no demo blocks: %v", err)
	}
	resp, body := app.as(convene.RoleOrganiser).get(fmt.Sprintf("/meetings/%s/hotels/%d/rooming.csv", m.Code, blocks[0].HotelID))
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	lines := strings.Split(strings.TrimSpace(body), "\n")
	if len(lines) < 5 || !strings.HasPrefix(lines[0], "Guest,Country") {
		t.Fatalf("rooming CSV has %d lines:\n%s", len(lines), body)
	}
	if !strings.Contains(body, "ហេង សុភា") {
		t.Errorf("Khmer name not in the rooming list as typed:\n%s", body)
	}
	for _, secret := range []string{"Passport", "Medical"} {
		if strings.Contains(body, secret) {
			t.Errorf("rooming CSV carries %s data", secret)
		}
	}
	resp, body = app.as(convene.RoleOrganiser).get(fmt.Sprintf("/meetings/%s/hotels/%d/rooming.xlsx", m.Code, blocks[0].HotelID))
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(body, "PK") {
		t.Errorf("rooming XLSX: status %d, starts %q", resp.StatusCode, body[:min(len(body), 4)])
	}
}

// TestLiaisonOfficerForm adds an officer with a bad mobile number (422, kept,
// nothing written) and then a good one assigned to a delegation.
func TestLiaisonOfficerForm(t *testing.T) {
	app := newTestApp(t)
	officer := app.as(convene.RoleOfficer)
	officer.get("/meetings/admm-retreat-2025/liaison")
	before := app.tableCounts()
	resp, body := officer.post("/meetings/admm-retreat-2025/liaison", url.Values{
		"name": {"Kapt. ສົມພອນ"}, "mobile": {"0123"}, "delegation_id": {""}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "with its country code") ||
		!strings.Contains(body, `value="Kapt. ສົມພອນ"`) {
		t.Fatalf("bad mobile: status %d\n%.500s", resp.StatusCode, body)
	}
	if after := app.tableCounts(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("a refused form wrote: %v -> %v", before, after)
	}
	resp, _ = officer.post("/meetings/admm-retreat-2025/liaison", url.Values{
		"name": {"Kapt. ສົມພອນ"}, "mobile": {"+60 12 999 0000"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("good officer: status %d", resp.StatusCode)
	}
	_, page := officer.get("/meetings/admm-retreat-2025/liaison")
	if !strings.Contains(page, "Kapt. ສົມພອນ") || !strings.Contains(page, "Mej. Somchai a/l Boonmee") {
		t.Errorf("liaison page lacks the new or the demo officers")
	}
}
