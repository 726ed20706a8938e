package web

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"convene/internal/convene"
	"convene/internal/sqlite"
)

// rawDB opens a second connection to the test app's database file, for the
// few things the store has no method for (setting a quota, reading the
// whole audit trail in order). The store's own pool is left untouched.
func (a *testApp) rawDB() *sql.DB {
	a.t.Helper()
	db, err := sql.Open("sqlite", "file:"+a.db.Path()+"?_pragma=busy_timeout(10000)")
	if err != nil {
		a.t.Fatal(err)
	}
	a.t.Cleanup(func() { db.Close() })
	return db
}

// setTLSQuota sets the quota of Timor-Leste's Retreat delegation.
func (a *testApp) setTLSQuota(quota int) {
	a.t.Helper()
	_, err := a.rawDB().Exec(`UPDATE delegations SET quota = ? WHERE id = (SELECT g.id FROM delegations g
		JOIN meetings m ON m.id = g.meeting_id JOIN countries c ON c.id = g.country_id
		WHERE m.code = 'admm-retreat-2025' AND c.iso3 = 'TLS')`, quota)
	if err != nil {
		a.t.Fatal(err)
	}
}

// postAtOnce posts the same form to path n times, all requests released
// together, and returns their status codes.
func postAtOnce(t *testing.T, app *testApp, c *client, path string, forms func(i int) url.Values, n int) []int {
	t.Helper()
	start := make(chan struct{})
	var wg sync.WaitGroup
	codes := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := forms(i)
			f.Set("_csrf", c.csrf)
			body := f.Encode()
			req, _ := http.NewRequest(http.MethodPost, app.ts.URL+path, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			<-start
			resp, err := c.http.Do(req)
			if err != nil {
				return
			}
			resp.Body.Close()
			codes[i] = resp.StatusCode
		}()
	}
	close(start)
	wg.Wait()
	return codes
}

// TestDuplicateSubmit posts the same nomination (same passport number and
// e-mail) 10 times at once: one registration and one "nominate" audit row
// result, the other nine are refused as probable duplicates (422). The
// duplicate check runs inside the write transaction, so it cannot race.
func TestDuplicateSubmit(t *testing.T) {
	app := newTestApp(t)
	focal := app.signInAs("focal.tls@demo.test")
	focal.get(retreat + "/delegations/tls/delegates/new")
	codes := postAtOnce(t, app, focal, retreat+"/delegations/tls/delegates/new", func(int) url.Values {
		f := nominee("Xanana", "Trùng Lặp")
		f.Set("passport_number", "TL0000001")
		f.Set("email", "xanana.dup@example.org")
		return f
	}, 10)
	ok, refused := 0, 0
	for _, c := range codes {
		switch c {
		case http.StatusSeeOther:
			ok++
		case http.StatusUnprocessableEntity:
			refused++
		default:
			t.Errorf("unexpected status %d", c)
		}
	}
	rs, _, err := app.db.FindRegistrations(context.Background(), convene.RegistrationFilter{Query: "Trùng Lặp"})
	if err != nil {
		t.Fatal(err)
	}
	var audits int
	if err := app.rawDB().QueryRow(`SELECT count(*) FROM audit_log WHERE action = 'nominate' AND entity = 'delegate'
		AND entity_id IN (SELECT id FROM delegates WHERE family_name = 'Trùng Lặp')`).Scan(&audits); err != nil {
		t.Fatal(err)
	}
	if ok != 1 || len(rs) != 1 || audits != 1 {
		t.Errorf("10 identical posts: %d accepted, %d registrations, %d audit rows; want 1, 1, 1", ok, len(rs), audits)
	}
	fmt.Printf("duplicate submit: 10 identical posts at once -> %d registration, %d audit row, %d refused as duplicates\n",
		len(rs), audits, refused)
}

var (
	nominateSummary   = regexp.MustCompile(`^status: "(\w+)"`)
	transitionSummary = regexp.MustCompile(`^status: "(\w+)" → "(\w+)"`)
)

// replayTLS replays the audit trail of Timor-Leste's Retreat delegation in
// commit order and checks, after every row, that no more than quota people
// hold a place, that every promotion takes the head of the waiting list and
// that nobody is promoted twice. It returns the number of promotions.
func replayTLS(app *testApp, quota int) (promotions, maxHeld int, err error) {
	rows, err := app.rawDB().Query(`SELECT a.action, a.entity_id, a.summary FROM audit_log a
		JOIN delegates p ON p.id = a.entity_id JOIN delegations g ON g.id = p.delegation_id
		JOIN meetings m ON m.id = g.meeting_id JOIN countries c ON c.id = g.country_id
		WHERE a.entity = 'delegate' AND m.code = 'admm-retreat-2025' AND c.iso3 = 'TLS' ORDER BY a.id`)
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	held := 0
	var queue []int64
	promoted := map[int64]bool{}
	holds := func(s string) bool { return convene.RegistrationStatus(s).HoldsPlace() }
	for rows.Next() {
		var action, summary string
		var id int64
		if err := rows.Scan(&action, &id, &summary); err != nil {
			return 0, 0, err
		}
		switch action {
		case "nominate":
			m := nominateSummary.FindStringSubmatch(summary)
			if m == nil {
				return 0, 0, fmt.Errorf("nominate row %d: %q", id, summary)
			}
			if holds(m[1]) {
				held++
			} else {
				queue = append(queue, id)
			}
		case "create":
		default:
			m := transitionSummary.FindStringSubmatch(summary)
			if m == nil {
				continue
			}
			from, to := m[1], m[2]
			if action == string(convene.ActPromote) {
				if promoted[id] {
					return 0, 0, fmt.Errorf("person %d promoted twice", id)
				}
				promoted[id] = true
				if len(queue) == 0 || queue[0] != id {
					return 0, 0, fmt.Errorf("person %d promoted out of waiting-list order (head %v)", id, queue)
				}
				promotions++
			}
			if from == string(convene.RegWaitlisted) {
				for i, q := range queue {
					if q == id {
						queue = append(queue[:i:i], queue[i+1:]...)
						break
					}
				}
			}
			if holds(from) && !holds(to) {
				held--
			} else if !holds(from) && holds(to) {
				held++
			}
		}
		maxHeld = max(maxHeld, held)
		if held > quota {
			return promotions, maxHeld, fmt.Errorf("%d people hold a place in a quota of %d after %s of %d", held, quota, action, id)
		}
	}
	return promotions, maxHeld, rows.Err()
}

// TestWaitingListChurn: a delegation with a quota of 10 holds 10 people and
// 30 on the waiting list; then 30 withdrawals (of the first 30 nominated,
// place holders and waiting alike) and 30 new nominations run at once. The
// audit trail, replayed in commit order, never shows more than the quota
// holding places; every promotion takes the head of the waiting list; nobody
// is promoted twice; and the end state agrees.
func TestWaitingListChurn(t *testing.T) {
	const quota = 10
	app := newTestApp(t)
	app.setTLSQuota(quota)
	focal := app.signInAs("focal.tls@demo.test")
	for i := range 40 {
		if resp, _ := focal.post(retreat+"/delegations/tls/delegates/new", nominee(fmt.Sprintf("Đầu %02d", i), "Churn")); resp.StatusCode != 303 {
			t.Fatalf("nominate %d: %d", i, resp.StatusCode)
		}
	}
	rs, _, err := app.db.FindRegistrations(context.Background(), convene.RegistrationFilter{Query: "Churn"})
	if err != nil || len(rs) != 40 {
		t.Fatalf("setup: %d people, %v", len(rs), err)
	}
	// The first 30 by id: all 10 place holders and the first 20 waiting.
	ids := make([]int64, 0, 40)
	for _, r := range rs {
		ids = append(ids, r.ID)
	}
	slices.Sort(ids)
	start := make(chan struct{})
	var wg sync.WaitGroup
	codes := make([]int, 60)
	for i := range 60 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var path string
			f := url.Values{}
			if i%2 == 0 {
				path = fmt.Sprintf("%s/delegates/%d/withdraw", retreat, ids[i/2])
				f.Set("confirm", "yes")
			} else {
				path = retreat + "/delegations/tls/delegates/new"
				f = nominee(fmt.Sprintf("Mới %02d", i/2), "Churn")
			}
			f.Set("_csrf", focal.csrf)
			req, _ := http.NewRequest(http.MethodPost, app.ts.URL+path, strings.NewReader(f.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			<-start
			resp, err := focal.http.Do(req)
			if err != nil {
				return
			}
			resp.Body.Close()
			codes[i] = resp.StatusCode
		}()
	}
	close(start)
	wg.Wait()
	for i, c := range codes {
		if c != http.StatusSeeOther {
			t.Errorf("request %d: status %d", i, c)
		}
	}
	promotions, maxHeld, err := replayTLS(app, quota)
	if err != nil {
		t.Fatal(err)
	}
	rs, _, err = app.db.FindRegistrations(context.Background(), convene.RegistrationFilter{Query: "Churn"})
	if err != nil {
		t.Fatal(err)
	}
	held, waiting := 0, []int{}
	for _, r := range rs {
		if r.Status.HoldsPlace() {
			held++
		} else if r.Status == convene.RegWaitlisted {
			waiting = append(waiting, r.WaitlistPos)
		}
	}
	// 70 people, 30 withdrawn: 40 still in the running, 10 of them in quota.
	if err := quotaKept(held, quota, waiting); err != nil || len(waiting) != 30 {
		t.Errorf("end state: %v, %d waiting", err, len(waiting))
	}
	fmt.Printf("waiting-list churn: 30 withdrawals + 30 nominations at once, quota %d: max %d holding at any commit, %d promotions in order, 0 double, end %d held + %d waiting\n",
		quota, maxHeld, promotions, held, len(waiting))
}

// TestWaitingListChurnControl proves the replay can fail: a trail in which
// someone other than the head of the waiting list is promoted is caught.
func TestWaitingListChurnControl(t *testing.T) {
	app := newTestApp(t)
	app.setTLSQuota(1)
	focal := app.signInAs("focal.tls@demo.test")
	for _, n := range []string{"Một", "Hai", "Ba"} {
		if resp, _ := focal.post(retreat+"/delegations/tls/delegates/new", nominee(n, "Churn")); resp.StatusCode != 303 {
			t.Fatalf("nominate %s: %d", n, resp.StatusCode)
		}
	}
	// Jump the queue by hand: "Ba" (second waiting) takes the place.
	db := app.rawDB()
	ba := app.findPerson("admm-retreat-2025", "Ba Churn")
	if _, err := db.Exec(`INSERT INTO audit_log (at, action, entity, entity_id, summary) VALUES (?, 'promote', 'delegate', ?, ?)`,
		time.Now().UTC().Format(time.RFC3339), ba.ID, `status: "waitlisted" → "nominated"`); err != nil {
		t.Fatal(err)
	}
	_, _, err := replayTLS(app, 1)
	if err == nil {
		t.Fatal("a queue-jumping promotion went unnoticed: the churn test could not catch it")
	}
	fmt.Printf("waiting-list churn control, as expected: %v\n", err)
}

// TestCapacityRace200 is issue 8's capacity race at its scale: 200
// simultaneous nominations over HTTP into 50 places, repeated
// CONVENE_RACE_REPS times (default the 20): exactly 50 in quota, 150
// waitlisted at 1..150 without gaps, 0 errors. TestCapacityRace200Control
// is its control.
func TestCapacityRace200(t *testing.T) {
	reps := 20
	if s := os.Getenv("CONVENE_RACE_REPS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("CONVENE_RACE_REPS=%q", s)
		}
		reps = n
	}
	for rep := range reps {
		app := newTestApp(t)
		app.setTLSQuota(50)
		held, pos := raceNominations(t, app, 200)
		if err := quotaKept(held, 50, pos); err != nil || len(pos) != 150 {
			t.Fatalf("repetition %d: %v (%d waitlisted)", rep+1, err, len(pos))
		}
	}
	fmt.Printf("capacity race: 200 simultaneous nominations into 50 places x %d repetitions: 50 in quota, 150 waitlisted at 1..150, 0 errors, 0 lost\n", reps)
}

func TestCapacityRace200Control(t *testing.T) {
	const n = 200
	var mu sync.Mutex
	arrived := 0
	all := make(chan struct{})
	app := newTestApp(t, sqlite.WithHooks(sqlite.Hooks{BetweenQuotaCheckAndInsert: func() {
		mu.Lock()
		arrived++
		if arrived == n {
			close(all)
		}
		mu.Unlock()
		// Every request waits here, between its quota check and its
		// insert, until all have checked; the fallback only keeps a
		// broken run from hanging (the client waits 5 minutes).
		select {
		case <-all:
		case <-time.After(4 * time.Minute):
		}
	}}))
	app.setTLSQuota(50)
	held, pos := raceNominations(t, app, n)
	err := quotaKept(held, 50, pos)
	if err == nil {
		t.Fatal("the split check-then-insert kept the quota: the capacity race could not catch the bug")
	}
	fmt.Printf("capacity race control, as expected: %v\n", strings.SplitN(err.Error(), ":", 2)[0])
}
