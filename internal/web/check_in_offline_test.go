package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"convene/internal/convene"
	"convene/internal/sqlite"
)

// deskListAnswer is the JSON of the desk's offline list as a test reads it.
type deskListAnswer struct {
	CSRF    string           `json:"csrf"`
	SyncURL string           `json:"sync_url"`
	Badges  []map[string]any `json:"badges"`
}

// fetchDeskList fetches the desk's list as c and returns it with the answer.
func fetchDeskList(t *testing.T, c *client) (*http.Response, deskListAnswer) {
	t.Helper()
	resp, body := c.get(retreatPath + "/check-in/list")
	var out deskListAnswer
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatalf("list is not JSON: %v\n%.300s", err, body)
		}
	}
	return resp, out
}

type scan struct {
	ID        string `json:"id"`
	Code      string `json:"code"`
	Session   int64  `json:"session"`
	ScannedAt string `json:"scanned_at"`
}

type syncAnswer struct {
	Results []struct {
		ID      string `json:"id"`
		Outcome string `json:"outcome"`
		Message string `json:"message"`
		CheckIn int64  `json:"checkin"`
		New     bool   `json:"new"`
		Name    string `json:"name"`
		Org     string `json:"organisation"`
	} `json:"results"`
}

// sendQueue posts a desk's queue as JSON with the token in X-CSRF-Token.
func sendQueue(t *testing.T, c *client, token string, scans []scan) (int, syncAnswer) {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"checkins": scans})
	req, _ := http.NewRequest(http.MethodPost, c.app.ts.URL+retreatPath+"/check-in/sync", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("X-CSRF-Token", token)
	}
	resp, body := c.do(req)
	var out syncAnswer
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatalf("sync answer is not JSON: %v\n%.300s", err, body)
		}
	}
	return resp.StatusCode, out
}

// clientID is a fixed, valid client-made id for scan n of a test.
func clientID(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }

// TestCheckInListIsTheDesksAndCarriesNoPersonalData: the desk officer gets
// the meeting's badges with what the desk decides with, never cached, and
// nothing of the passport, birth date, contact or medical data; a focal
// point is refused and a visitor sent to sign in.
func TestCheckInListIsTheDesksAndCarriesNoPersonalData(t *testing.T) {
	app := newTestApp(t)
	org := app.as(convene.RoleOrganiser)
	p := app.delegateNamed("Kumaran")
	code := printOne(t, org, p.ID)
	resp, list := fetchDeskList(t, org)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") ||
		resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("list: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"))
	}
	if list.CSRF == "" || list.SyncURL != retreatPath+"/check-in/sync" {
		t.Errorf("list lacks the token or the sync address: %+v", list.SyncURL)
	}
	allowed := map[string]bool{"code": true, "name": true, "position": true, "country": true, "role": true, "band": true,
		"version": true, "status": true, "refusal": true, "photo": true, "sessions": true,
		"holder": true, "category": true, "organisation": true, "zones": true}
	_, holders := retreatHolders(t, app)
	media := holders["Trần Thị Hương"]
	var found, holder map[string]any
	for _, b := range list.Badges {
		for k := range b {
			if !allowed[k] {
				t.Errorf("the list carries %q", k)
			}
		}
		if z, _ := b["zones"].(string); z == "" {
			t.Errorf("badge %v carries no zones", b["name"])
		}
		switch b["code"] {
		case convene.NormalizeBadgeCode(code):
			found = b
		case media.Badge.Code:
			holder = b
		}
	}
	zones := convene.ZoneWords(convene.DefaultZones(convene.Band(p.Role)))
	if found == nil || found["status"] != "active" || found["refusal"] != "" || found["country"] != "Malaysia" ||
		found["zones"] != zones || found["holder"] != false || found["category"] != "" {
		t.Fatalf("Kumaran's badge on the list: %v, want zones %q", found, zones)
	}
	// A badge holder's badge reads as the desk's online answer shows it:
	// category, organisation and zones, every session, no country or photo.
	sessions, err := app.db.FindSessions(t.Context(), convene.SessionFilter{MeetingIDs: []int64{app.retreatID()}})
	if err != nil {
		t.Fatal(err)
	}
	if holder == nil || holder["holder"] != true || holder["name"] != "Trần Thị Hương" || holder["category"] != "Media" ||
		holder["role"] != "Media" || holder["band"] != "media" || holder["organisation"] != "Vietnam News Agency" ||
		holder["zones"] != "Media centre" || holder["country"] != "" || holder["photo"] != "" || holder["refusal"] != "" ||
		len(holder["sessions"].([]any)) != len(sessions) || len(sessions) == 0 {
		t.Fatalf("the media holder's badge on the list: %v (%d sessions)", holder, len(sessions))
	}
	full, err := app.db.FindRegistrationByID(t.Context(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, raw := org.get(retreatPath + "/check-in/list")
	for what, v := range map[string]string{"passport": full.PassportNumber, "e-mail": full.Email, "mobile": full.Mobile, "medical": full.Medical} {
		if v != "" && strings.Contains(raw, v) {
			t.Errorf("the list contains the %s of the holder", what)
		}
	}
	if resp, _ := fetchDeskList(t, app.as(convene.RoleFocal)); resp.StatusCode != http.StatusForbidden {
		t.Errorf("focal point: %d, want 403", resp.StatusCode)
	}
	if resp, _ := fetchDeskList(t, app.as(convene.RoleAnonymous)); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("visitor: %d, want 303 to sign in", resp.StatusCode)
	}
}

// TestCheckInSyncRecordsEachScanOnce: three scans queued offline and one of
// a badge revoked meanwhile arrive together: three rows, dated by the scan,
// and a conflict; sending the same queue again writes nothing and answers
// the same; another desk's scan of someone already in is "already"; without
// the CSRF header nothing is written.
func TestCheckInSyncRecordsEachScanOnce(t *testing.T) {
	app := newTestApp(t)
	now := time.Now().UTC().Truncate(time.Second)
	app.db.Now = func() time.Time { return now }
	org := app.as(convene.RoleOrganiser)
	var codes []string
	for _, given := range []string{"Ahmad Faizal bin Rahman", "Zulkifli bin Hassan", "Siti Mariam binti Yusof", "Kumaran"} {
		codes = append(codes, printOne(t, org, app.delegateNamed(given).ID))
	}
	_, list := fetchDeskList(t, org)
	badges, err := app.db.FindBadges(t.Context(), convene.BadgeFilter{MeetingID: app.retreatID(), DelegateID: app.delegateNamed("Kumaran").ID})
	if err != nil || len(badges) != 1 {
		t.Fatalf("Kumaran's badges: %v %v", badges, err)
	}
	if err := app.db.RevokeBadge(t.Context(), app.retreatID(), badges[0].ID); err != nil {
		t.Fatal(err)
	}
	scanned := now.Add(-10 * time.Minute)
	var queue []scan
	for i, code := range codes {
		queue = append(queue, scan{ID: clientID(i + 1), Code: code, ScannedAt: scanned.Add(time.Duration(i) * time.Second).Format(time.RFC3339)})
	}
	rows := func() int {
		n, err := app.db.CountCheckIns(t.Context(), app.retreatID(), 0)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if status, _ := sendQueue(t, org, "", queue); status != http.StatusForbidden || rows() != 0 {
		t.Fatalf("sync without the token: %d, %d rows", status, rows())
	}
	outcomes := func(a syncAnswer) string {
		var out []string
		for _, r := range a.Results {
			out = append(out, fmt.Sprintf("%s:%s:%v", r.ID[len(r.ID)-1:], r.Outcome, r.New))
		}
		return strings.Join(out, " ")
	}
	status, first := sendQueue(t, org, list.CSRF, queue)
	if status != http.StatusOK || outcomes(first) != "1:recorded:true 2:recorded:true 3:recorded:true 4:conflict:false" {
		t.Fatalf("first send: %d %s", status, outcomes(first))
	}
	if !strings.Contains(first.Results[3].Message, "revoked") || !strings.Contains(first.Results[3].Name, "Kumaran") {
		t.Errorf("conflict: %+v", first.Results[3])
	}
	if rows() != 3 {
		t.Fatalf("%d rows after the first send, want 3", rows())
	}
	ci, err := app.db.FindCheckIn(t.Context(), app.retreatID(), first.Results[0].CheckIn)
	if err != nil || !ci.At.Equal(scanned) {
		t.Errorf("check-in dated %v, want the scan's time %v (%v)", ci.At, scanned, err)
	}
	status, again := sendQueue(t, org, list.CSRF, queue)
	if status != http.StatusOK || outcomes(again) != "1:recorded:false 2:recorded:false 3:recorded:false 4:conflict:false" || rows() != 3 {
		t.Fatalf("repeat send: %d %s, %d rows", status, outcomes(again), rows())
	}
	for i := range 3 {
		if again.Results[i].CheckIn != first.Results[i].CheckIn {
			t.Errorf("repeat send of scan %d answers check-in %d, first %d", i+1, again.Results[i].CheckIn, first.Results[i].CheckIn)
		}
	}
	// Another desk scanned the first person too, with its own id.
	status, other := sendQueue(t, org, list.CSRF, []scan{{ID: clientID(9), Code: codes[0], ScannedAt: now.Format(time.RFC3339)}})
	if status != http.StatusOK || outcomes(other) != "9:already:false" || rows() != 3 {
		t.Errorf("another desk's scan: %d %s, %d rows", status, outcomes(other), rows())
	}
	if id, _ := app.db.CheckInOfClient(t.Context(), clientID(9)); id != 0 {
		t.Errorf("the other desk's scan wrote check-in %d", id)
	}
	// A malformed id is refused without writing.
	if status, bad := sendQueue(t, org, list.CSRF, []scan{{ID: "not-a-uuid", Code: codes[1]}}); status != http.StatusOK ||
		len(bad.Results) != 1 || bad.Results[0].Outcome != "invalid" || rows() != 3 {
		t.Errorf("malformed id: %d %+v", status, bad)
	}
	// Not JSON: 400, nothing written.
	req, _ := http.NewRequest(http.MethodPost, app.ts.URL+retreatPath+"/check-in/sync", strings.NewReader("code="+url.QueryEscape(codes[1])))
	req.Header.Set("X-CSRF-Token", list.CSRF)
	if resp, _ := org.do(req); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a form body: %d, want 400", resp.StatusCode)
	}
}

// TestCheckInSyncRecordsAHolderOnce: a badge holder's scan queued offline
// is recorded once, by the same store path as the desk's online check-in
// (a holder's check-in, dated by the scan); a repeat send writes nothing
// and answers the same check-in; the desk's online scan afterwards finds
// the holder already in; a holder's badge revoked meanwhile is a conflict
// with nothing written.
func TestCheckInSyncRecordsAHolderOnce(t *testing.T) {
	app := newTestApp(t)
	now := time.Now().UTC().Truncate(time.Second)
	app.db.Now = func() time.Time { return now }
	org := app.as(convene.RoleOrganiser)
	_, holders := retreatHolders(t, app)
	media, security := holders["Trần Thị Hương"], holders["Insp. Kumaran a/l Velu"]
	_, list := fetchDeskList(t, org)
	if err := app.db.RevokeHolderBadge(t.Context(), app.retreatID(), security.Badge.ID); err != nil {
		t.Fatal(err)
	}
	scanned := now.Add(-5 * time.Minute)
	queue := []scan{
		{ID: clientID(1), Code: strings.ToLower(convene.GroupBadgeCode(media.Badge.Code)), ScannedAt: scanned.Format(time.RFC3339)},
		{ID: clientID(2), Code: security.Badge.Code, ScannedAt: scanned.Format(time.RFC3339)},
	}
	before := app.tableCounts()
	status, first := sendQueue(t, org, list.CSRF, queue)
	if status != http.StatusOK || len(first.Results) != 2 {
		t.Fatalf("first send: %d %+v", status, first)
	}
	if r := first.Results[0]; r.Outcome != "recorded" || !r.New || r.Name != "Trần Thị Hương" || r.Org != "Vietnam News Agency" {
		t.Errorf("the media holder's scan: %+v", r)
	}
	if r := first.Results[1]; r.Outcome != "conflict" || r.New || !strings.Contains(r.Message, "revoked") ||
		r.Name != "Insp. Kumaran a/l Velu" {
		t.Errorf("the revoked holder's scan: %+v", r)
	}
	after := app.tableCounts()
	if after["holder_checkins"] != before["holder_checkins"]+1 || after["checkins"] != before["checkins"] ||
		after["audit_log"] != before["audit_log"]+1 {
		t.Fatalf("first send wrote holder_checkins %d→%d, checkins %d→%d, audit_log %d→%d, want one holder's check-in and its audit row",
			before["holder_checkins"], after["holder_checkins"], before["checkins"], after["checkins"], before["audit_log"], after["audit_log"])
	}
	ci, err := app.db.FindHolderCheckIn(t.Context(), app.retreatID(), first.Results[0].CheckIn)
	if err != nil || ci.Holder.ID != media.ID || !ci.At.Equal(scanned) {
		t.Errorf("the holder's check-in: holder %d at %v, want %d at the scan's time %v (%v)", ci.Holder.ID, ci.At, media.ID, scanned, err)
	}
	status, again := sendQueue(t, org, list.CSRF, queue)
	if status != http.StatusOK || again.Results[0].Outcome != "recorded" || again.Results[0].New ||
		again.Results[0].CheckIn != first.Results[0].CheckIn || again.Results[1].Outcome != "conflict" {
		t.Errorf("repeat send: %d %+v", status, again)
	}
	if now := app.tableCounts(); !maps.Equal(after, now) {
		t.Errorf("a repeat send wrote rows")
	}
	if status, body := deskCheckIn(t, org, media.Badge.Code, nil); status != http.StatusSeeOther || !strings.Contains(body, "Already checked in") {
		t.Errorf("the desk's online scan after the sync: %d", status)
	}
	if now := app.tableCounts(); !maps.Equal(after, now) {
		t.Errorf("the online scan of a holder checked in offline wrote rows")
	}
}

// TestParallelSendsOfOneQueue: a desk whose connection flaps sends the same
// queue many times at once; every send is answered, each scan is recorded
// once and reported new once. Control: the store's split variant (lookups
// in one transaction, inserts in another, every send held between them)
// lets several sends past the lookup, and the later inserts fail: the
// sends did overlap, so the test can fail.
func TestParallelSendsOfOneQueue(t *testing.T) {
	const sends = 12
	setup := func(opts ...sqlite.Option) (*testApp, *client, []scan, string) {
		app := newTestApp(t, opts...)
		org := app.as(convene.RoleOrganiser)
		var queue []scan
		for i, given := range []string{"Ahmad Faizal bin Rahman", "Zulkifli bin Hassan", "Siti Mariam binti Yusof"} {
			queue = append(queue, scan{ID: clientID(i + 1), Code: printOne(t, org, app.delegateNamed(given).ID)})
		}
		// A badge holder's scan too: recorded by the holders' own path.
		_, holders := retreatHolders(t, app)
		queue = append(queue, scan{ID: clientID(4), Code: holders["Trần Thị Hương"].Badge.Code})
		_, list := fetchDeskList(t, org)
		return app, org, queue, list.CSRF
	}
	app, org, queue, token := setup()
	holderRows := app.tableCounts()["holder_checkins"]
	var wg sync.WaitGroup
	var mu sync.Mutex
	fresh := map[string]int{}
	var statuses []int
	for range sends {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, a := sendQueue(t, org, token, queue)
			mu.Lock()
			defer mu.Unlock()
			statuses = append(statuses, status)
			for _, r := range a.Results {
				if r.New {
					fresh[r.ID]++
				}
			}
		}()
	}
	wg.Wait()
	sort.Ints(statuses)
	if statuses[0] != http.StatusOK || statuses[len(statuses)-1] != http.StatusOK {
		t.Errorf("parallel sends answered %v", statuses)
	}
	if n, _ := app.db.CountCheckIns(t.Context(), app.retreatID(), 0); n != 3 {
		t.Fatalf("%d parallel sends of 3 delegates' scans wrote %d rows, want 3", sends, n)
	}
	if n := app.tableCounts()["holder_checkins"]; n != holderRows+1 {
		t.Fatalf("%d parallel sends of a holder's scan wrote %d rows, want 1", sends, n-holderRows)
	}
	for _, q := range queue {
		if fresh[q.ID] != 1 {
			t.Errorf("scan %s reported new %d times, want once", q.ID, fresh[q.ID])
		}
	}

	var barrier sync.WaitGroup
	barrier.Add(sends)
	ctl, _, queue, _ := setup(sqlite.WithHooks(sqlite.Hooks{BetweenSyncLookupAndInsert: func() { barrier.Done(); barrier.Wait() }}))
	ctx := convene.WithActor(t.Context(), convene.Actor{})
	scans := make([]convene.QueuedCheckIn, len(queue))
	for i, q := range queue {
		scans[i] = convene.QueuedCheckIn{ClientID: q.ID, Code: q.Code}
	}
	failed := 0
	for range sends {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := ctl.db.SyncCheckIns(ctx, ctl.retreatID(), scans); err != nil {
				mu.Lock()
				failed++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if failed == 0 {
		t.Errorf("control: no split send failed; the sends did not overlap and the test cannot tell a race")
	}
	t.Logf("parallel sends: atomic, every scan new once; control (split) %d of %d sends failed on the unique index", failed, sends)
}

// TestCheckInWorkerIsServedAsScriptWithoutCookies: the desk's service
// worker comes from the root, as JavaScript, to anyone, without reading or
// setting a cookie, and the desk page registers it with the desk's scope.
func TestCheckInWorkerIsServedAsScriptWithoutCookies(t *testing.T) {
	app := newTestApp(t)
	resp, body := app.client().get("/check-in-worker.js")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/javascript; charset=utf-8" ||
		!strings.Contains(body, `addEventListener("fetch"`) || len(resp.Header.Values("Set-Cookie")) != 0 {
		t.Fatalf("worker: %d %q, %d cookies\n%.200s", resp.StatusCode, resp.Header.Get("Content-Type"), len(resp.Header.Values("Set-Cookie")), body)
	}
	_, page := app.as(convene.RoleOrganiser).get(retreatPath + "/check-in")
	for _, want := range []string{`data-worker="/check-in-worker.js"`, `data-scope="` + retreatPath + `/check-in"`,
		`data-list="` + retreatPath + `/check-in/list"`, `/static/vendor/jsQR-1.4.0.`, `/static/js/desk.`} {
		if !strings.Contains(page, want) {
			t.Errorf("the desk page lacks %s", want)
		}
	}
	if strings.Contains(page, "<script>") {
		t.Error("the desk page has an inline script; the policy allows only Convene's files")
	}
}
