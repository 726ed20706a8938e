package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"convene/internal/convene"
	"convene/internal/sqlite"
)

const retreatBilaterals = "/meetings/admm-retreat-2025/bilaterals"

// delegationID returns the id of a country's Retreat delegation as a form value.
func (a *testApp) delegationID(iso3 string) string {
	a.t.Helper()
	ctx := context.Background()
	m, err := a.db.FindMeetingByCode(ctx, "admm-retreat-2025")
	if err != nil {
		a.t.Fatal(err)
	}
	c, err := a.db.FindCountryByISO3(ctx, iso3)
	if err != nil {
		a.t.Fatal(err)
	}
	gs, err := a.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID, CountryID: c.ID})
	if err != nil || len(gs) != 1 {
		a.t.Fatalf("delegation of %s: %v", iso3, err)
	}
	return strconv.FormatInt(gs[0].ID, 10)
}

// focalOf signs in as a country's focal point.
func (a *testApp) focalOf(iso3 string) *client {
	a.t.Helper()
	c := a.client()
	c.signIn("focal."+strings.ToLower(iso3)+"@demo.test", testPassword)
	return c
}

// bilateral reads one bilateral of the Retreat straight from the store.
func (a *testApp) bilateral(id int64) convene.Bilateral {
	a.t.Helper()
	ctx := context.Background()
	m, err := a.db.FindMeetingByCode(ctx, "admm-retreat-2025")
	if err != nil {
		a.t.Fatal(err)
	}
	b, err := a.db.FindBilateralByID(ctx, m.ID, id)
	if err != nil {
		a.t.Fatal(err)
	}
	return b
}

// requestBilateral posts a valid request and returns the new id.
func requestBilateral(t *testing.T, c *client, form url.Values) int64 {
	t.Helper()
	c.get(retreatBilaterals + "/new")
	resp, body := c.post(retreatBilaterals+"/new", form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("request bilateral: %d\n%.600s", resp.StatusCode, body)
	}
	loc := resp.Header.Get("Location")
	id, err := strconv.ParseInt(loc[strings.LastIndex(loc, "/")+1:], 10, 64)
	if err != nil {
		t.Fatalf("redirect to %q", loc)
	}
	return id
}

var csrfValue = regexp.MustCompile(`name="_csrf" value="[^"]*"`)

// TestBilateralRequestFormRoundTrip sends a request with everything wrong:
// 422, a message next to each field, what was typed kept, nothing written.
func TestBilateralRequestFormRoundTrip(t *testing.T) {
	app := newTestApp(t)
	vnm := app.focalOf("VNM")
	vnm.get(retreatBilaterals + "/new")
	before := app.tableCounts()
	note := "Thảo luận về hợp tác quốc phòng"
	resp, body := vnm.post(retreatBilaterals+"/new", url.Values{
		"requester": {app.delegationID("VNM")}, "counterpart": {app.delegationID("VNM")}, "level": {"kings"},
		"duration": {"abc"}, "preferred_day": {"2025-03-01"}, "interpretation": {"ภาษาไทย"}, "notes": {note}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422\n%.500s", resp.StatusCode, body)
	}
	for _, want := range []string{
		"A delegation cannot request a bilateral with itself.",
		"Choose who meets",
		"Enter a length from 15 to 120 minutes",
		"choose a day inside it",
		note, "ภาษาไทย", `value="abc"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("refused form lacks %q", want)
		}
	}
	if after := app.tableCounts(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("a refused request wrote rows:\nbefore %v\nafter  %v", before, after)
	}

	// A focal point cannot ask on another delegation's behalf.
	resp, body = vnm.post(retreatBilaterals+"/new", url.Values{
		"requester": {app.delegationID("THA")}, "counterpart": {app.delegationID("IDN")}, "level": {"ministers"},
		"duration": {"30"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Choose your own delegation.") {
		t.Errorf("request on Thailand's behalf: %d", resp.StatusCode)
	}
	if after := app.tableCounts(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("a refused request wrote rows")
	}
}

// TestBilateralLifecycle walks a request through the real router: Viet Nam
// asks Thailand, Indonesia's focal point gets 404 exactly as for a missing
// request, Thailand accepts, the secretariat's clashing placement is refused
// with the clash named and nothing written, the proposed slot is confirmed,
// and the board lists it with both liaison officers.
func TestBilateralLifecycle(t *testing.T) {
	app := newTestApp(t)
	vnm, tha, idn := app.focalOf("VNM"), app.focalOf("THA"), app.focalOf("IDN")
	id := requestBilateral(t, vnm, url.Values{"requester": {app.delegationID("VNM")},
		"counterpart": {app.delegationID("THA")}, "level": {"ministers"}, "duration": {"30"},
		"interpretation": {"Thai"}, "notes": {"Hợp tác sông Mê Kông"}})
	href := retreatBilaterals + "/" + strconv.FormatInt(id, 10)
	if b := app.bilateral(id); b.Status != convene.BilateralRequested {
		t.Fatalf("new request is %s", b.Status)
	}

	for who, c := range map[string]*client{"Viet Nam": vnm, "Thailand": tha} {
		if resp, body := c.get(href); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Hợp tác sông Mê Kông") {
			t.Errorf("%s focal point: %d", who, resp.StatusCode)
		}
	}
	// Another country's focal point: the same answer as a missing record.
	respReal, bodyReal := idn.get(href)
	respMissing, bodyMissing := idn.get(retreatBilaterals + "/999999")
	if respReal.StatusCode != http.StatusNotFound || respMissing.StatusCode != http.StatusNotFound {
		t.Errorf("Indonesia sees the request: %d (missing: %d)", respReal.StatusCode, respMissing.StatusCode)
	}
	if csrfValue.ReplaceAllString(bodyReal, "") != csrfValue.ReplaceAllString(bodyMissing, "") {
		t.Errorf("404 for another country's request differs from 404 for a missing one")
	}
	if resp, _ := idn.post(href+"/respond", url.Values{"action": {"accept"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("Indonesia answers the request: %d", resp.StatusCode)
	}
	if _, body := idn.get(retreatBilaterals); strings.Contains(body, "Viet Nam – Thailand") || strings.Contains(body, "Thailand – Viet Nam") {
		t.Errorf("Indonesia's list shows the Viet Nam–Thailand request")
	}
	// The requester cannot accept its own request.
	vnm.get(href)
	if resp, _ := vnm.post(href+"/respond", url.Values{"action": {"accept"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("requester accepts own request: %d", resp.StatusCode)
	}
	if b := app.bilateral(id); b.Status != convene.BilateralRequested {
		t.Fatalf("status %s after refused answers", b.Status)
	}

	// Thailand's list says it is their turn to answer.
	if _, body := tha.get(retreatBilaterals); !strings.Contains(body, "Awaiting your answer") {
		t.Errorf("Thailand's list does not ask for an answer")
	}
	// Thailand accepts.
	tha.get(href)
	if resp, _ := tha.post(href+"/respond", url.Values{"action": {"accept"}, "response": {"ยินดี"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: %d", resp.StatusCode)
	}
	if b := app.bilateral(id); b.Status != convene.BilateralAccepted || b.Response != "ยินดี" {
		t.Fatalf("after accept: %s %q", b.Status, b.Response)
	}

	// The secretariat places it during the retreat session: refused, named, nothing written.
	officer := app.as(convene.RoleOfficer)
	_, page := officer.get(href)
	if !strings.Contains(page, "Confirm this slot") {
		t.Fatalf("no proposed slots on the officer's page")
	}
	room := app.roomID("admm-retreat-2025", "Bilateral Room 1")
	before := app.tableCounts()
	resp, body := officer.post(href+"/schedule", url.Values{"day": {"2025-02-26"}, "start": {"15:00"}, "end": {"15:30"}, "room": {room}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Retreat session: regional security outlook") ||
		!strings.Contains(body, `value="15:00"`) {
		t.Errorf("clashing placement: %d\n%.800s", resp.StatusCode, body)
	}
	// The demo's bilateral at 17:45–18:15 holds the room until 18:30 with
	// its turnover buffer.
	resp, body = officer.post(href+"/schedule", url.Values{"day": {"2025-02-26"}, "start": {"18:15"}, "end": {"18:45"}, "room": {room}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "turn the room round") {
		t.Errorf("placement inside the turnover buffer: %d", resp.StatusCode)
	}
	resp, _ = officer.post(href+"/schedule", url.Values{"day": {"2025-02-27"}, "start": {"09:00"}, "end": {"09:30"}, "room": {room}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("placement outside the meeting's days: %d", resp.StatusCode)
	}
	if after := app.tableCounts(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("refused placements wrote rows")
	}
	// The first proposed slot is confirmed.
	m := regexp.MustCompile(`name="day" value="([^"]+)">\s*<input type="hidden" name="start" value="([^"]+)">\s*<input type="hidden" name="end" value="([^"]+)">\s*<input type="hidden" name="room" value="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("cannot read the proposed slot")
	}
	resp, body = officer.post(href+"/schedule", url.Values{"day": {m[1]}, "start": {m[2]}, "end": {m[3]}, "room": {m[4]}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm proposed slot: %d\n%.800s", resp.StatusCode, body)
	}
	b := app.bilateral(id)
	if b.Status != convene.BilateralScheduled || b.RoomID == 0 {
		t.Fatalf("after scheduling: %+v", b)
	}

	// The board, in protocol order (Thailand before Viet Nam), with both liaison officers.
	org := app.as(convene.RoleOrganiser)
	resp, board := org.get(retreatBilaterals + "/board")
	if resp.StatusCode != http.StatusOK || !strings.Contains(board, "Thailand – Viet Nam") || strings.Contains(board, "Viet Nam – Thailand") {
		t.Errorf("board: %d, protocol order wrong or row missing", resp.StatusCode)
	}
	officers, err := app.db.FindLiaisonOfficers(context.Background(), b.MeetingID)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range officers {
		if (o.Country.ISO3 == "THA" || o.Country.ISO3 == "VNM") && !strings.Contains(board, o.Name) {
			t.Errorf("board lacks liaison officer %s of %s", o.Name, o.Country.Name)
		}
	}
	if !strings.Contains(board, "MYT") {
		t.Errorf("board times do not name the zone")
	}

	// Every transition left its audit row.
	entries, _, err := app.db.FindAuditEntries(context.Background(), convene.AuditFilter{Entity: "bilateral", EntityID: id, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	actions := map[string]bool{}
	for _, e := range entries {
		if e.Entity == "bilateral" && e.EntityID == id {
			actions[e.Action] = true
		}
	}
	for _, a := range []string{"create", "accept", "schedule"} {
		if !actions[a] {
			t.Errorf("no audit row for %s", a)
		}
	}
}

// scheduleInParallel sends one schedule request per bilateral at once, all
// for the same room and time, and returns the statuses. One signed-in
// officer's session sends them all (the server sees concurrent requests
// either way; signing in five officers would only add password hashing).
func scheduleInParallel(t *testing.T, app *testApp, officer *client, ids []int64, form url.Values) []int {
	officer.get(retreatBilaterals + "/" + strconv.FormatInt(ids[0], 10))
	codes := make([]int, len(ids))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range ids {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			f := url.Values{}
			for k, v := range form {
				f[k] = v
			}
			req, _ := http.NewRequest(http.MethodPost, app.ts.URL+retreatBilaterals+"/"+strconv.FormatInt(ids[i], 10)+"/schedule",
				strings.NewReader(withCSRF(f, officer.csrf).Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := officer.http.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			codes[i] = resp.StatusCode
		}(i)
	}
	close(start)
	wg.Wait()
	return codes
}

// acceptedPairs creates accepted requests between disjoint pairs of
// delegations, so that only the room can stop them sharing a time.
func acceptedPairs(t *testing.T, app *testApp, officer *client) []int64 {
	pairs := [][2]string{{"BRN", "KHM"}, {"IDN", "LAO"}, {"MYS", "MMR"}, {"PHL", "SGP"}, {"THA", "VNM"}}
	var ids []int64
	for _, p := range pairs {
		id := requestBilateral(t, officer, url.Values{"requester": {app.delegationID(p[0])},
			"counterpart": {app.delegationID(p[1])}, "level": {"ministers"}, "duration": {"30"}})
		officer.get(retreatBilaterals + "/" + strconv.FormatInt(id, 10))
		if resp, _ := officer.post(retreatBilaterals+"/"+strconv.FormatInt(id, 10)+"/respond",
			url.Values{"action": {"accept"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("accept %v: %d", p, resp.StatusCode)
		}
		ids = append(ids, id)
	}
	return ids
}

// bookedAt counts the bilaterals booked in a room at an instant.
func bookedAt(t *testing.T, app *testApp, roomID string, at time.Time) int {
	ctx := context.Background()
	m, err := app.db.FindMeetingByCode(ctx, "admm-retreat-2025")
	if err != nil {
		t.Fatal(err)
	}
	bs, err := app.db.FindBilaterals(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, b := range bs {
		if b.Booked() && strconv.FormatInt(b.RoomID, 10) == roomID && b.StartsAt.Equal(at) {
			n++
		}
	}
	return n
}

// TestParallelBilateralScheduling sends five officers' placements of five
// different accepted bilaterals (disjoint pairs) into the same room and time
// at once: exactly one wins and the room holds one booking. The control
// runs the same requests with the check and the write split into two
// transactions, held apart until all have checked, and must see the room
// double-booked: the test can tell the race from the fix.
func TestParallelBilateralScheduling(t *testing.T) {
	form := func(app *testApp) (url.Values, string) {
		room := app.roomID("admm-retreat-2025", "Bilateral Room 1")
		return url.Values{"day": {"2025-02-26"}, "start": {"08:30"}, "end": {"09:00"}, "room": {room}}, room
	}
	at := time.Date(2025, 2, 26, 0, 30, 0, 0, time.UTC) // 08:30 MYT

	app := newTestApp(t)
	officer := app.as(convene.RoleOfficer)
	ids := acceptedPairs(t, app, officer)
	f, room := form(app)
	codes := scheduleInParallel(t, app, officer, ids, f)
	won, refused := 0, 0
	for _, c := range codes {
		switch c {
		case http.StatusSeeOther:
			won++
		case http.StatusUnprocessableEntity:
			refused++
		}
	}
	if won != 1 || refused != len(ids)-1 {
		t.Errorf("same room and time in parallel: statuses %v, want one 303 and %d 422", codes, len(ids)-1)
	}
	if n := bookedAt(t, app, room, at); n != 1 {
		t.Errorf("room booked %d times at 08:30 MYT, want 1", n)
	}

	var mu sync.Mutex
	arrived, all, placements := 0, make(chan struct{}), 0
	control := newTestApp(t, sqlite.WithHooks(sqlite.Hooks{BetweenPlacementCheckAndSchedule: func() {
		mu.Lock()
		if arrived++; arrived == placements {
			close(all)
		}
		mu.Unlock()
		select {
		case <-all:
		case <-time.After(20 * time.Second): // never hang the suite if a request died early
		}
	}}))
	cofficer := control.as(convene.RoleOfficer)
	cids := acceptedPairs(t, control, cofficer)
	mu.Lock()
	placements = len(cids)
	mu.Unlock()
	cf, croom := form(control)
	ccodes := scheduleInParallel(t, control, cofficer, cids, cf)
	double := bookedAt(t, control, croom, at)
	if double <= 1 {
		t.Errorf("control: the split check never double-booked the room; the test cannot tell the race from the fix")
	}
	fmt.Printf("bilateral race: %d parallel placements into one room and time: statuses %v; control (split check) %v, booked %d times\n",
		len(ids), codes, ccodes, double)
}

// TestBilateralMatrixInProtocolOrder reads the board's matrix: columns and
// rows in protocol order (Member States by English short name, then the
// observer), and the demo's pairs marked with their state on both sides.
func TestBilateralMatrixInProtocolOrder(t *testing.T) {
	app := newTestApp(t)
	resp, body := app.as(convene.RoleOrganiser).get(retreatBilaterals + "/board")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("board: %d", resp.StatusCode)
	}
	i := strings.Index(body, `id="matrix"`)
	if i < 0 {
		t.Fatal("no matrix on the board")
	}
	matrix := body[i:]
	var codes []string
	for _, m := range regexp.MustCompile(`<th scope="col" title="[^"]*">([A-Z]{3})</th>`).FindAllStringSubmatch(matrix, -1) {
		codes = append(codes, m[1])
	}
	if got, want := strings.Join(codes, " "), "BRN KHM IDN LAO MYS MMR PHL SGP THA VNM TLS"; got != want {
		t.Errorf("matrix columns %q, want %q", got, want)
	}
	cell := func(row, col int) string {
		rows := regexp.MustCompile(`(?s)<tr><th scope="row">[^<]*</th>(.*?)</tr>`).FindAllStringSubmatch(matrix, -1)
		if row >= len(rows) {
			t.Fatalf("matrix has %d rows", len(rows))
		}
		cells := regexp.MustCompile(`<td title="[^"]*">([A-Z]?)</td>`).FindAllStringSubmatch(rows[row][1], -1)
		if col >= len(cells) {
			t.Fatalf("row %d has %d cells", row, len(cells))
		}
		return cells[col][1]
	}
	// Thailand (8) and Viet Nam (9) are scheduled; Malaysia (4) and the
	// Philippines (6) held; Singapore (7) declined the observer (10).
	for _, c := range []struct {
		r, c int
		want string
	}{{8, 9, "S"}, {9, 8, "S"}, {4, 6, "H"}, {7, 10, "D"}, {10, 7, "D"}, {0, 1, ""}} {
		if got := cell(c.r, c.c); got != c.want {
			t.Errorf("cell %s/%s = %q, want %q", codes[c.r], codes[c.c], got, c.want)
		}
	}
}
