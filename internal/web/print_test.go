package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"convene/internal/convene"
	"convene/internal/sqlite"
)

const retreatPath = "/meetings/admm-retreat-2025"

var badgeCode = regexp.MustCompile(`data-code="([0-9A-Z-]+)"`)

// retreatID returns the Retreat's meeting id.
func (a *testApp) retreatID() int64 {
	a.t.Helper()
	m, err := a.db.FindMeetingByCode(context.Background(), "admm-retreat-2025")
	if err != nil {
		a.t.Fatal(err)
	}
	return m.ID
}

// delegateNamed finds a Retreat delegate by given name.
func (a *testApp) delegateNamed(given string) convene.Delegate {
	a.t.Helper()
	all, _, err := a.db.FindDelegates(context.Background(), convene.DelegateFilter{MeetingID: a.retreatID(), Limit: 1000})
	if err != nil {
		a.t.Fatal(err)
	}
	for _, p := range all {
		if p.GivenName == given {
			return p
		}
	}
	a.t.Fatalf("no Retreat delegate named %q", given)
	return convene.Delegate{}
}

// printOne prints one delegate's badge as c and returns its code from the sheet.
func printOne(t *testing.T, c *client, id int64) string {
	t.Helper()
	c.get(retreatPath + "/badges")
	resp, body := c.post(retreat+"/badges/print", url.Values{"scope": {"delegate"}, "delegate": {fmt.Sprint(id)}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("print badge: status %d\n%.400s", resp.StatusCode, body)
	}
	_, sheet := c.get(resp.Header.Get("Location"))
	m := badgeCode.FindAllStringSubmatch(sheet, -1)
	if len(m) != 1 {
		t.Fatalf("sheet for one delegate shows %d badges", len(m))
	}
	return m[0][1]
}

// checkIn types a code at the desk and returns the status and the flash
// message of the page it lands on (or the refused form's body).
func checkIn(t *testing.T, c *client, code string) (int, string) {
	t.Helper()
	c.get(retreatPath + "/check-in")
	resp, body := c.post(retreat+"/check-in", url.Values{"code": {code}, "session": {""}})
	if resp.StatusCode == http.StatusSeeOther {
		_, body = c.get(resp.Header.Get("Location"))
	}
	return resp.StatusCode, body
}

// TestBadgeCheckInFlow prints a badge as the organiser, checks it in twice
// (one row), reprints it as the secretariat and shows that the old code is
// refused while the new one is accepted.
func TestBadgeCheckInFlow(t *testing.T) {
	app := newTestApp(t)
	org := app.as(convene.RoleOrganiser)
	vn := app.delegateNamed("Quốc Bình")
	code := printOne(t, org, vn.ID)
	if len(convene.NormalizeBadgeCode(code)) != convene.BadgeCodeLen || strings.Contains(code, fmt.Sprint(vn.ID)+"-") {
		t.Errorf("badge code %q is not a %d-symbol random code", code, convene.BadgeCodeLen)
	}

	status, body := checkIn(t, org, strings.ToLower(code))
	if status != http.StatusSeeOther || !strings.Contains(body, "Checked in: Sen. Lt Gen. Trần Quốc Bình (Viet Nam") {
		t.Fatalf("first check-in: status %d\n%.600s", status, body)
	}
	status, body = checkIn(t, org, code)
	if status != http.StatusSeeOther || !strings.Contains(body, "Already checked in") {
		t.Fatalf("second check-in: status %d\n%.600s", status, body)
	}
	if n, _ := app.db.CountCheckIns(t.Context(), app.retreatID(), 0); n != 1 {
		t.Errorf("two scans wrote %d check-in rows, want 1", n)
	}
	if !regexp.MustCompile(`data-country="VNM">\s*<td>Viet Nam</td>\s*<td class="num checked">1</td>`).MatchString(body) {
		t.Errorf("desk count for Viet Nam is not 1:\n%s", body)
	}

	// An organiser may not reprint; the secretariat may.
	org.get(retreatPath + "/badges")
	if resp, _ := org.post(fmt.Sprintf("%s/badges/%d/reprint", retreatPath, vn.ID), nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("organiser reprint: status %d, want 403", resp.StatusCode)
	}
	staff := app.as(convene.RoleOfficer)
	staff.get(retreatPath + "/badges")
	resp, body := staff.post(fmt.Sprintf("%s/badges/%d/reprint", retreatPath, vn.ID), nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("reprint: status %d\n%.400s", resp.StatusCode, body)
	}
	_, sheet := staff.get(resp.Header.Get("Location"))
	m := badgeCode.FindStringSubmatch(sheet)
	if m == nil || m[1] == code || !strings.Contains(sheet, "v2") {
		t.Fatalf("reprint sheet does not show a new version 2 code:\n%.600s", sheet)
	}
	before := app.tableCounts()
	status, body = checkIn(t, staff, code)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "replaced by a reprint") {
		t.Errorf("superseded code: status %d, want 422 with the reason\n%.600s", status, body)
	}
	if !strings.Contains(body, `value="`+code+`"`) {
		t.Errorf("refused form lost the typed code")
	}
	if after := app.tableCounts(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("a refused check-in wrote: %v → %v", before, after)
	}
	if status, _ := checkIn(t, staff, m[1]); status != http.StatusSeeOther {
		t.Errorf("new code refused: status %d", status)
	}
	status, body = checkIn(t, staff, "ZZZZ-ZZZZ-ZZZZ-ZZZZ")
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "No badge has this code") {
		t.Errorf("unknown code: status %d\n%.400s", status, body)
	}

	// Revoking refuses the current code too.
	badges, err := app.db.FindBadges(t.Context(), convene.BadgeFilter{MeetingID: app.retreatID(), DelegateID: vn.ID,
		Statuses: []convene.BadgeStatus{convene.BadgeActive}})
	if err != nil || len(badges) != 1 {
		t.Fatalf("active badges: %v %v", badges, err)
	}
	staff.get(retreatPath + "/badges")
	if resp, _ := staff.post(fmt.Sprintf("%s/badges/%d/revoke", retreatPath, badges[0].ID), url.Values{"confirm": {"yes"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: status %d", resp.StatusCode)
	}
	if status, body := checkIn(t, staff, m[1]); status != http.StatusUnprocessableEntity || !strings.Contains(body, "revoked") {
		t.Errorf("revoked code: status %d\n%.400s", status, body)
	}
}

// TestBadgeRefusedForNonAccredited: printing a badge for someone whose
// registration is only submitted is refused with the reason and writes
// nothing; a withdrawn holder's badge is refused at check-in.
func TestBadgeRefusedForNonAccredited(t *testing.T) {
	app := newTestApp(t)
	org := app.as(convene.RoleOrganiser)
	anan := app.delegateNamed("Anan") // Thailand, submitted
	org.get(retreatPath + "/badges")
	before := app.tableCounts()
	resp, body := org.post(retreat+"/badges/print", url.Values{"scope": {"delegate"}, "delegate": {fmt.Sprint(anan.ID)}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "not accredited") {
		t.Fatalf("badge for a submitted delegate: status %d\n%.600s", resp.StatusCode, body)
	}
	if after := app.tableCounts(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("a refused print wrote: %v → %v", before, after)
	}
	// Another meeting's delegate is refused too.
	wg, _, _ := app.db.FindDelegates(t.Context(), convene.DelegateFilter{Limit: 1000})
	for _, p := range wg {
		if p.Status == convene.RegAccredited && p.DelegationID != anan.DelegationID {
			if ok, _ := app.inRetreat(p); !ok {
				resp, body = org.post(retreat+"/badges/print", url.Values{"scope": {"delegate"}, "delegate": {fmt.Sprint(p.ID)}})
				if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "not in this meeting") {
					t.Errorf("badge for another meeting's delegate: status %d", resp.StatusCode)
				}
				break
			}
		}
	}
	// Print everyone not yet printed: only accredited people get badges.
	resp, _ = org.post(retreat+"/badges/print", url.Values{"scope": {"unprinted"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("print all: status %d", resp.StatusCode)
	}
	_, sheet := org.get(resp.Header.Get("Location"))
	people, _ := app.accreditedCount()
	// The sheet of every valid badge prints the badge holders who are not
	// delegates (staff, liaison, drivers, media, security) after them.
	_, holders := retreatHolders(t, app)
	if got := len(badgeCode.FindAllString(sheet, -1)); got != people+len(holders) {
		t.Errorf("sheet of all badges has %d, want %d accredited and %d badge holders", got, people, len(holders))
	}
	for _, secret := range []string{"C1234567", "wheelchair", "passport", "Passport"} {
		if strings.Contains(sheet, secret) {
			t.Errorf("badge sheet shows personal data %q", secret)
		}
	}
	if strings.Contains(sheet, "Anan") {
		t.Errorf("badge sheet includes a delegate who is not accredited")
	}
	// A second "print all" prints nothing new.
	org.get(retreatPath + "/badges")
	org.post(retreat+"/badges/print", url.Values{"scope": {"unprinted"}})
	if got, _ := app.db.FindBadges(t.Context(), convene.BadgeFilter{MeetingID: app.retreatID()}); len(got) != people {
		t.Errorf("printing all twice made %d badges, want %d", len(got), people)
	}
}

func (a *testApp) inRetreat(p convene.Delegate) (bool, error) {
	all, _, err := a.db.FindDelegates(context.Background(), convene.DelegateFilter{MeetingID: a.retreatID(), Limit: 1000})
	for _, x := range all {
		if x.ID == p.ID {
			return true, err
		}
	}
	return false, err
}

func (a *testApp) accreditedCount() (int, error) {
	all, _, err := a.db.FindDelegates(context.Background(), convene.DelegateFilter{MeetingID: a.retreatID(), Limit: 1000})
	n := 0
	for _, x := range all {
		if x.Status == convene.RegAccredited {
			n++
		}
	}
	return n, err
}

// TestParallelCheckInsOfOneCode has 16 desks scan the same badge at once:
// exactly one is told "checked in now" and one row exists. Control: the
// store's split check-then-insert variant, with every desk held between its
// check and its insert, tells several desks "checked in now", so the test
// can fail.
func TestParallelCheckInsOfOneCode(t *testing.T) {
	const desks = 16
	run := func(app *testApp, code string) (fresh int, errs []error) {
		var wg sync.WaitGroup
		var mu sync.Mutex
		ctx := convene.WithActor(context.Background(), convene.Actor{UserID: 0})
		for range desks {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ci, err := app.db.CheckIn(ctx, app.retreatID(), 0, code, convene.AttendanceOverride{})
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					errs = append(errs, err)
				} else if ci.New {
					fresh++
				}
			}()
		}
		wg.Wait()
		return fresh, errs
	}
	setup := func(opts ...sqlite.Option) (*testApp, string) {
		app := newTestApp(t, opts...)
		return app, printOne(t, app.as(convene.RoleOrganiser), app.delegateNamed("สมชาย").ID)
	}

	app, code := setup()
	// Every request through the router too: all answer 303 and one row results.
	var wg sync.WaitGroup
	statuses := make(chan int, desks)
	for range desks {
		c := app.as(convene.RoleOrganiser)
		c.get(retreatPath + "/check-in")
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, _ := c.post(retreat+"/check-in", url.Values{"code": {code}})
			statuses <- resp.StatusCode
		}()
	}
	wg.Wait()
	close(statuses)
	for s := range statuses {
		if s != http.StatusSeeOther {
			t.Errorf("parallel check-in answered %d", s)
		}
	}
	if n, _ := app.db.CountCheckIns(t.Context(), app.retreatID(), 0); n != 1 {
		t.Fatalf("%d parallel check-ins over HTTP wrote %d rows, want 1", desks, n)
	}

	app, code = setup()
	fresh, errs := run(app, code)
	if len(errs) > 0 || fresh != 1 {
		t.Errorf("atomic store: %d desks told \"checked in now\" (want 1), errors %v", fresh, errs)
	}

	var barrier sync.WaitGroup
	barrier.Add(desks)
	ctl, code := setup(sqlite.WithHooks(sqlite.Hooks{BetweenCheckInLookupAndInsert: func() { barrier.Done(); barrier.Wait() }}))
	fresh, errs = run(ctl, code)
	if len(errs) > 0 || fresh < 2 {
		t.Errorf("control: the split check-then-insert told %d desks \"checked in now\" (errors %v); the test cannot tell a race", fresh, errs)
	}
	t.Logf("parallel check-ins: atomic 1 fresh of %d; control (split) %d fresh", desks, fresh)
}

// TestSeatingPlanPage shows the Retreat's table with Malaysia in the chair
// and the other Member States in protocol order, Timor-Leste last.
func TestSeatingPlanPage(t *testing.T) {
	app := newTestApp(t)
	_, body := app.as(convene.RoleOrganiser).get(retreatPath + "/seating")
	i := strings.Index(body, `id="seat-order"`)
	if i < 0 {
		t.Fatalf("no seat order:\n%.500s", body)
	}
	order := body[i:]
	want := []string{"Malaysia", "Brunei Darussalam", "Cambodia", "Indonesia", "Lao PDR", "Myanmar", "Philippines",
		"Singapore", "Thailand", "Viet Nam", "Timor-Leste"}
	last := -1
	for _, w := range want {
		j := strings.Index(order, w)
		if j < 0 || j < last {
			t.Errorf("seat order lacks %s or has it out of protocol order", w)
		}
		last = j
	}
	if !strings.Contains(order, "Malaysia\n\t\t\t\t\t\t\t(chair)") && !regexp.MustCompile(`Malaysia\s*\(chair\)`).MatchString(order) {
		t.Errorf("Malaysia is not in the chair")
	}
	if strings.Count(body, `class="seat`) != 11 {
		t.Errorf("plan draws %d seats, want 11", strings.Count(body, `class="seat`))
	}
}

// TestParticipantsCSV lists the final participants in protocol order with
// the observer last, without personal data.
func TestParticipantsCSV(t *testing.T) {
	app := newTestApp(t)
	c := app.as(convene.RoleOrganiser)
	resp, body := c.get(retreatPath + "/participants.csv?final=1")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV: status %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	n, _ := app.accreditedCount()
	if len(rows) != n+1 {
		t.Errorf("final list has %d rows, want %d accredited", len(rows)-1, n)
	}
	prev := ""
	seen := map[string]bool{}
	for _, r := range rows[1:] {
		if r[1] != prev && seen[r[1]] {
			t.Errorf("%s appears in two places: not grouped in protocol order", r[1])
		}
		seen[r[1]], prev = true, r[1]
		if r[7] != "Accredited" {
			t.Errorf("final list has %s, %s", r[4], r[7])
		}
	}
	if strings.Contains(body, "C1234567") || strings.Contains(body, "@") {
		t.Errorf("CSV carries personal data")
	}
	_, page := c.get(retreatPath + "/participants")
	if !strings.Contains(page, "(provisional)") || !strings.Contains(page, "Anan") {
		t.Errorf("provisional list lacks the submitted delegate")
	}
	_, book := c.get(retreatPath + "/programme-book")
	if !strings.Contains(book, "MYT") || !strings.Contains(book, "Asia/Kuala_Lumpur") {
		t.Errorf("programme book does not name the venue zone")
	}
}
