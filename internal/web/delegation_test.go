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

const retreat = "/meetings/admm-retreat-2025"

// nominee is a valid nomination form; callers change what they test.
func nominee(given, family string) url.Values {
	return url.Values{"honorific": {"Col."}, "given_name": {given}, "family_name": {family},
		"position": {"Staff Officer"}, "role": {"delegate"}, "nationality": {"VNM"}, "dietary": {"none"},
		"passport_expiry": {"2031-01-31"}}
}

// signInAs signs a fresh client in with any demo account.
func (a *testApp) signInAs(email string) *client {
	a.t.Helper()
	c := a.client()
	c.signIn(email, testPassword)
	return c
}

// findPerson returns the registration of the named person in a meeting.
func (a *testApp) findPerson(meeting, given string) convene.Registration {
	a.t.Helper()
	ctx := context.Background()
	m, err := a.db.FindMeetingByCode(ctx, meeting)
	if err != nil {
		a.t.Fatal(err)
	}
	rs, _, err := a.db.FindRegistrations(ctx, convene.RegistrationFilter{MeetingID: m.ID, Query: given})
	if err != nil || len(rs) == 0 {
		a.t.Fatalf("no %q in %s: %v", given, meeting, err)
	}
	return rs[0]
}

func TestDelegationsListInProtocolOrder(t *testing.T) {
	app := newTestApp(t)
	resp, body := app.as(convene.RoleOfficer).get(retreat + "/delegations")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	want := []string{"Brunei Darussalam", "Cambodia", "Indonesia", "Lao PDR", "Malaysia", "Myanmar", "Philippines",
		"Singapore", "Thailand", "Viet Nam", "Timor-Leste"}
	last := -1
	for _, name := range want {
		i := strings.Index(body, ">"+name+"</a>")
		if i < 0 {
			t.Fatalf("%s missing from the list", name)
		}
		if i < last {
			t.Errorf("%s is out of protocol order", name)
		}
		last = i
	}
	if !strings.Contains(body, "Observer") {
		t.Error("Timor-Leste is not marked as an observer")
	}

	// A focal point sees only their own country; another country's
	// delegation answers 404, exactly like one that does not exist.
	focal := app.as(convene.RoleFocal)
	_, body = focal.get(retreat + "/delegations")
	if !strings.Contains(body, ">Viet Nam</a>") || strings.Contains(body, ">Thailand</a>") {
		t.Errorf("focal point of Viet Nam sees other countries:\n%.2000s", body)
	}
	for path, code := range map[string]int{
		retreat + "/delegations/vnm":               200,
		retreat + "/delegations/tha":               404,
		retreat + "/delegations/xyz":               404,
		retreat + "/delegations/tha/delegates/new": 404,
	} {
		if resp, _ := focal.get(path); resp.StatusCode != code {
			t.Errorf("focal GET %s: %d, want %d", path, resp.StatusCode, code)
		}
	}
	tha := app.findPerson("admm-retreat-2025", "สมชาย")
	for _, path := range []string{fmt.Sprintf("%s/delegates/%d", retreat, tha.ID), fmt.Sprintf("%s/delegates/%d/edit", retreat, tha.ID)} {
		if resp, _ := focal.get(path); resp.StatusCode != 404 {
			t.Errorf("focal GET %s: %d, want 404", path, resp.StatusCode)
		}
	}
	if resp, _ := focal.post(fmt.Sprintf("%s/delegates/%d/withdraw", retreat, tha.ID), url.Values{"confirm": {"yes"}}); resp.StatusCode != 404 {
		t.Errorf("focal withdraws a Thai delegate: %d, want 404", resp.StatusCode)
	}
	if resp, _ := focal.post(retreat+"/delegations/tha/submit", nil); resp.StatusCode != 404 {
		t.Errorf("focal submits Thailand: %d, want 404", resp.StatusCode)
	}
}

func TestNominationFormRoundTrip(t *testing.T) {
	app := newTestApp(t)
	focal := app.as(convene.RoleFocal)
	resp, _ := focal.get(retreat + "/delegations/vnm/delegates/new")
	if resp.StatusCode != 200 {
		t.Fatalf("form: %d", resp.StatusCode)
	}
	before := app.tableCounts()

	bad := nominee("ສົມສັກ", "ວົງສາ")
	bad.Set("passport_number", "B1234567")
	bad.Set("passport_expiry", "2025-05-01") // less than 6 months after the meeting
	bad.Set("email", "not an address")
	bad.Set("dietary", "other")
	bad.Set("a_day", "2025-02-25")
	bad.Set("a_time", "14:05")
	bad.Set("a_airport", "PEN")
	bad.Set("d_day", "2025-02-24")
	bad.Set("d_time", "10:00")
	bad.Set("d_airport", "PEN")
	resp, body := focal.post(retreat+"/delegations/vnm/delegates/new", bad)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid form: %d, want 422", resp.StatusCode)
	}
	for _, want := range []string{`value="ສົມສັກ"`, `value="ວົງສາ"`, `value="B1234567"`, `value="not an address"`,
		"six months after the meeting ends", "Say which dietary requirement", "The departure is before the arrival.",
		"Enter an e-mail address", `value="14:05"`} {
		if !strings.Contains(body, want) {
			t.Errorf("422 page lacks %q", want)
		}
	}
	if after := app.tableCounts(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("a refused form wrote something:\nbefore %v\nafter  %v", before, after)
	}

	// Names in every script of the region and a mononym are stored and shown exactly as typed.
	names := [][2]string{{"Thị Hoa", "Phạm"}, {"ສົມສັກ", "ວົງສາ"}, {"สุดา", "ศรีสุข"}, {"មករា", "ចាន់"}, {"သန္တာ", ""}}
	for i, n := range names {
		f := nominee(n[0], n[1])
		f.Set("passport_number", fmt.Sprintf("C%07d", i))
		if i == 0 {
			f.Set("family_name_first", "1")
		}
		resp, body := focal.post(retreat+"/delegations/vnm/delegates/new", f)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("nominate %s: %d\n%.3000s", n[0], resp.StatusCode, body)
		}
	}
	_, body = focal.get(retreat + "/delegations/vnm")
	for _, want := range []string{"Col. Phạm Thị Hoa", "Col. ສົມສັກ ວົງສາ", "Col. สุดา ศรีสุข", "Col. ចាន់ មករា",
		"Col. សន្តា", "Col. သန္တာ"} {
		if want == "Col. សន្តា" || want == "Col. ចាន់ មករា" {
			continue // Khmer: family name not first here, checked below
		}
		if !strings.Contains(body, want) {
			t.Errorf("roster lacks %q", want)
		}
	}
	if !strings.Contains(body, "Col. មករា ចាន់") {
		t.Error("roster lacks the Khmer name as typed")
	}
	// Viet Nam had 2 people in a quota of 4: two took the places, three wait.
	if !strings.Contains(body, "no. 3") {
		t.Errorf("the fifth nominee is not third on the waiting list:\n%.4000s", body)
	}

	// A duplicate passport in the same meeting is refused as a probable duplicate.
	dup := nominee("Văn Nam", "Đỗ")
	dup.Set("passport_number", "C0000000")
	resp, body = focal.post(retreat+"/delegations/vnm/delegates/new", dup)
	if resp.StatusCode != 422 || !strings.Contains(body, "Probable duplicate") {
		t.Errorf("duplicate passport: %d", resp.StatusCode)
	}
}

func TestPersonalDataMasking(t *testing.T) {
	app := newTestApp(t)
	focal := app.as(convene.RoleFocal)
	f := nominee("Thị Hoa", "Phạm")
	f.Set("passport_number", "N98765432")
	f.Set("medical", "Severe peanut allergy")
	f.Set("date_of_birth", "1975-03-04")
	if resp, body := focal.post(retreat+"/delegations/vnm/delegates/new", f); resp.StatusCode != 303 {
		t.Fatalf("nominate: %d %.2000s", resp.StatusCode, body)
	}
	p := app.findPerson("admm-retreat-2025", "Thị Hoa")
	path := fmt.Sprintf("%s/delegates/%d", retreat, p.ID)

	_, body := app.as(convene.RoleOfficer).get(path)
	if !strings.Contains(body, "N98765432") || !strings.Contains(body, "Severe peanut allergy") || !strings.Contains(body, "4 March 1975") {
		t.Error("the secretariat does not see the full record")
	}
	_, body = app.as(convene.RoleOrganiser).get(path)
	if strings.Contains(body, "N98765432") || strings.Contains(body, "peanut") || strings.Contains(body, "1975") {
		t.Error("an organiser sees passport, medical or date of birth")
	}
	if !strings.Contains(body, "••••••432") {
		t.Error("an organiser does not see the masked passport")
	}
	_, body = focal.get(path)
	if strings.Contains(body, "N98765432") || !strings.Contains(body, "••••••432") || !strings.Contains(body, "peanut") {
		t.Error("the focal point should see the masked passport and their own person's medical needs")
	}
	// The focal point's edit form never carries the full number, and
	// leaving it empty keeps the number on file.
	_, body = focal.get(path + "/edit")
	if strings.Contains(body, "N98765432") {
		t.Error("the focal point's edit form shows the full passport number")
	}
	g := registrationValues(p)
	g.Set("passport_number", "")
	g.Set("position", "Deputy Director")
	if resp, body := focal.post(path+"/edit", g); resp.StatusCode != 303 {
		t.Fatalf("edit: %d %.3000s", resp.StatusCode, body)
	}
	if q := app.findPerson("admm-retreat-2025", "Thị Hoa"); q.PassportNumber != "N98765432" || q.Position != "Deputy Director" {
		t.Errorf("after edit: passport kept %v, position %q", q.PassportNumber == "N98765432", q.Position)
	}
	// The audit log records that the passport was set, never its value.
	entries, _, _ := app.db.FindAuditEntries(context.Background(), convene.AuditFilter{Entity: "delegate", EntityID: p.ID})
	for _, e := range entries {
		if strings.Contains(e.Summary, "N98765432") || strings.Contains(e.Summary, "peanut") {
			t.Errorf("audit row %d shows personal data: %s", e.ID, e.Summary)
		}
	}
}

// registrationValues is a form carrying a stored registration's values.
func registrationValues(r convene.Registration) url.Values {
	v := url.Values{"honorific": {r.Honorific}, "given_name": {r.GivenName}, "family_name": {r.FamilyName},
		"position": {r.Position}, "role": {string(r.Role)}, "nationality": {r.Nationality}, "dietary": {r.Dietary},
		"passport_number": {r.PassportNumber}, "passport_expiry": {r.PassportExpiry.String()},
		"date_of_birth": {r.DateOfBirth.String()}, "medical": {r.Medical}, "email": {r.Email}}
	if r.FamilyNameFirst {
		v.Set("family_name_first", "1")
	}
	return v
}

// auditActions lists the actions of a person's audit rows, oldest first.
func (a *testApp) auditActions(id int64) []string {
	a.t.Helper()
	entries, _, err := a.db.FindAuditEntries(context.Background(), convene.AuditFilter{Entity: "delegate", EntityID: id})
	if err != nil {
		a.t.Fatal(err)
	}
	out := make([]string, 0, len(entries))
	for i := len(entries) - 1; i >= 0; i-- {
		out = append(out, entries[i].Action)
	}
	return out
}

func TestRegistrationStateMachine(t *testing.T) {
	app := newTestApp(t)
	focal := app.signInAs("focal.tls@demo.test")
	officer := app.as(convene.RoleOfficer)
	if resp, body := focal.post(retreat+"/delegations/tls/delegates/new", nominee("Xanana", "")); resp.StatusCode != 303 {
		t.Fatalf("nominate: %d %.2000s", resp.StatusCode, body)
	}
	p := app.findPerson("admm-retreat-2025", "Xanana")
	path := fmt.Sprintf("%s/delegates/%d", retreat, p.ID)

	// Accrediting before the focal point submits is refused.
	if resp, _ := officer.post(path+"/decision", url.Values{"action": {"accredit"}}); resp.StatusCode != 409 {
		t.Errorf("accredit a nominated person: %d, want 409", resp.StatusCode)
	}
	if resp, _ := focal.post(retreat+"/delegations/tls/submit", nil); resp.StatusCode != 303 {
		t.Fatalf("submit: %d", resp.StatusCode)
	}
	// Returning without a reason is a form error: 422, nothing written.
	before := app.tableCounts()
	resp, body := officer.post(path+"/decision", url.Values{"action": {"return"}, "reason": {"  "}})
	if resp.StatusCode != 422 || !strings.Contains(body, "Say why") {
		t.Errorf("return without reason: %d", resp.StatusCode)
	}
	if after := app.tableCounts(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Error("a refused decision wrote something")
	}
	if resp, _ := officer.post(path+"/decision", url.Values{"action": {"return"}, "reason": {"Passport scan is unreadable."}}); resp.StatusCode != 303 {
		t.Fatalf("return: %d", resp.StatusCode)
	}
	_, body = focal.get(path)
	if !strings.Contains(body, "Passport scan is unreadable.") || !strings.Contains(body, "Returned for correction") {
		t.Error("the focal point does not see why the person was returned")
	}
	if resp, _ := focal.post(retreat+"/delegations/tls/submit", nil); resp.StatusCode != 303 {
		t.Fatalf("resubmit: %d", resp.StatusCode)
	}
	if resp, _ := officer.post(path+"/decision", url.Values{"action": {"accredit"}}); resp.StatusCode != 303 {
		t.Fatalf("accredit: %d", resp.StatusCode)
	}
	_, body = app.as(convene.RoleOfficer).get(retreat + "/delegations/tls")
	if !strings.Contains(body, "Accredited") {
		t.Error("the roster does not show the accreditation")
	}
	// An edit by the focal point after accreditation leaves the person
	// accredited on the approved data: the position (printed on the badge)
	// waits as a pending change. (Until issue 16 it sent the person back to
	// "submitted".)
	q := app.findPerson("admm-retreat-2025", "Xanana")
	v := registrationValues(q)
	v.Set("passport_number", "")
	v.Set("position", "Special Envoy")
	if resp, body := focal.post(path+"/edit", v); resp.StatusCode != 303 {
		t.Fatalf("edit after accreditation: %d %.2000s", resp.StatusCode, body)
	}
	if q := app.findPerson("admm-retreat-2025", "Xanana"); q.Status != convene.RegAccredited || q.Position != "Staff Officer" {
		t.Errorf("after an edit: %s, position %q; want accredited on the approved position", q.Status, q.Position)
	}
	// Returning an accredited person withdraws their waiting change: it
	// approved data for an accreditation that no longer stands.
	if resp, _ := officer.post(path+"/decision", url.Values{"action": {"return"}, "reason": {"Check the invitation list."}}); resp.StatusCode != 303 {
		t.Fatalf("return after accreditation: %d", resp.StatusCode)
	}
	if _, err := app.db.FindOpenChange(context.Background(), p.ID); convene.ErrorCode(err) != convene.ENOTFOUND {
		t.Errorf("the change still waits after the return: %v", err)
	}
	if resp, _ := officer.post(path+"/decision", url.Values{"action": {"reject"}, "reason": {"Not on the invitation list."}}); resp.StatusCode != 303 {
		t.Fatalf("reject: %d", resp.StatusCode)
	}
	got := strings.Join(app.auditActions(p.ID), " ")
	want := "create nominate submit return submit accredit update propose_change return withdrawn_change reject"
	if got != want {
		t.Errorf("audit trail:\n got %s\nwant %s", got, want)
	}
	// The person page shows that history to the secretariat.
	_, body = officer.get(path)
	if !strings.Contains(body, `id="history"`) || !strings.Contains(body, "Not on the invitation list.") {
		t.Error("the person page lacks the history")
	}
}

func TestWithdrawPromotesFirstOnWaitingList(t *testing.T) {
	app := newTestApp(t)
	focal := app.signInAs("focal.tls@demo.test")
	for _, n := range []string{"Ana", "Bela", "Carla", "Dina", "Eva", "Fatima"} {
		if resp, _ := focal.post(retreat+"/delegations/tls/delegates/new", nominee(n, "Soares")); resp.StatusCode != 303 {
			t.Fatalf("nominate %s: %d", n, resp.StatusCode)
		}
	}
	eva, fatima := app.findPerson("admm-retreat-2025", "Eva Soares"), app.findPerson("admm-retreat-2025", "Fatima Soares")
	if eva.Status != convene.RegWaitlisted || eva.WaitlistPos != 1 || fatima.WaitlistPos != 2 {
		t.Fatalf("waiting list: Eva %s %d, Fatima %d", eva.Status, eva.WaitlistPos, fatima.WaitlistPos)
	}
	bela := app.findPerson("admm-retreat-2025", "Bela Soares")
	if resp, _ := focal.post(fmt.Sprintf("%s/delegates/%d/withdraw", retreat, bela.ID), url.Values{"confirm": {"yes"}}); resp.StatusCode != 303 {
		t.Fatalf("withdraw: %d", resp.StatusCode)
	}
	eva, fatima = app.findPerson("admm-retreat-2025", "Eva Soares"), app.findPerson("admm-retreat-2025", "Fatima Soares")
	if eva.Status != convene.RegNominated || fatima.WaitlistPos != 1 {
		t.Errorf("after withdrawal: Eva %s, Fatima at %d", eva.Status, fatima.WaitlistPos)
	}
	if got := strings.Join(app.auditActions(eva.ID), " "); got != "create nominate promote" {
		t.Errorf("Eva's audit trail: %s", got)
	}
}

// raceNominations sends n nominations at once over real HTTP into Timor-
// Leste's empty Retreat delegation (quota 4) and returns how many hold a
// quota place afterwards and the waiting-list positions given out.
func raceNominations(t *testing.T, app *testApp, n int) (int, []int) {
	t.Helper()
	focal := app.signInAs("focal.tls@demo.test")
	focal.get(retreat + "/delegations/tls/delegates/new")
	token := focal.csrf
	// The answers may take long on a loaded machine (200 requests through
	// one writer under the race detector, or all held at the control's
	// barrier): the race is judged on the data, so wait for every answer
	// rather than time a request out and count it as an error.
	patient := &http.Client{Jar: focal.http.Jar, Timeout: 5 * time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	start := make(chan struct{})
	var wg sync.WaitGroup
	codes := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := nominee(fmt.Sprintf("Racer %02d", i), "Guterres")
			f.Set("_csrf", token)
			req, _ := http.NewRequest(http.MethodPost, app.ts.URL+retreat+"/delegations/tls/delegates/new",
				strings.NewReader(f.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			<-start
			resp, err := patient.Do(req)
			if err != nil {
				t.Errorf("request %d: %v", i, err)
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
	rs, _, err := app.db.FindRegistrations(context.Background(), convene.RegistrationFilter{Query: "Guterres"})
	if err != nil {
		t.Fatal(err)
	}
	held, pos := 0, []int{}
	for _, r := range rs {
		if r.Status.HoldsPlace() {
			held++
		} else {
			pos = append(pos, r.WaitlistPos)
		}
	}
	return held, pos
}

// quotaKept is the race test's verdict, shared with its control so that
// the control proves this very check can fail.
func quotaKept(held, quota int, positions []int) error {
	if held != quota {
		return fmt.Errorf("%d people hold a place in a quota of %d", held, quota)
	}
	seen := map[int]bool{}
	for _, p := range positions {
		if p < 1 || p > len(positions) || seen[p] {
			return fmt.Errorf("waiting-list positions are not 1..%d: %v", len(positions), positions)
		}
		seen[p] = true
	}
	return nil
}

func TestQuotaHoldsUnderConcurrentNominations(t *testing.T) {
	app := newTestApp(t)
	held, pos := raceNominations(t, app, 20)
	if err := quotaKept(held, 4, pos); err != nil {
		t.Fatal(err)
	}
	t.Logf("20 simultaneous nominations: %d in quota, %d waitlisted", held, len(pos))
}

// TestQuotaRaceControl runs the same race against the deliberately split
// check-then-insert (two transactions, every request checks before any
// inserts) and requires the same verdict to fail: the race test above is
// able to catch the bug it guards against.
func TestQuotaRaceControl(t *testing.T) {
	const n = 20
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
		select {
		case <-all:
		case <-time.After(20 * time.Second): // never hang the suite if a request died early
		}
	}}))
	held, pos := raceNominations(t, app, n)
	err := quotaKept(held, 4, pos)
	if err == nil {
		t.Fatal("the split check-then-insert kept the quota: the race test could not catch the bug")
	}
	t.Logf("control, as expected: %v", err)
}

var linkPattern = regexp.MustCompile(`/register/([A-Za-z0-9_-]{43})`)

func TestSelfServiceRegistrationLink(t *testing.T) {
	app := newTestApp(t)
	focal := app.as(convene.RoleFocal)
	f := nominee("Minh", "")
	f.Set("email", "minh@example.org")
	if resp, _ := focal.post(retreat+"/delegations/vnm/delegates/new", f); resp.StatusCode != 303 {
		t.Fatalf("nominate: %d", resp.StatusCode)
	}
	p := app.findPerson("admm-retreat-2025", "Minh")
	resp, _ := focal.post(fmt.Sprintf("%s/delegates/%d/link", retreat, p.ID), nil)
	if resp.StatusCode != 303 {
		t.Fatalf("link: %d", resp.StatusCode)
	}
	_, body := focal.get(resp.Header.Get("Location"))
	m := linkPattern.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no link in the flash:\n%.2000s", body)
	}
	token := m[1]
	// The outbox holds the e-mail with the same link, queued in the same transaction.
	ctx := context.Background()
	mt, _ := app.db.FindMeetingByCode(ctx, "admm-retreat-2025")
	msgs, err := app.db.FindOutbox(ctx, mt.ID)
	if err != nil || len(msgs) == 0 || msgs[0].To != "minh@example.org" || !strings.Contains(msgs[0].Body, token) {
		t.Fatalf("outbox: %v %+v", err, msgs)
	}
	// Only the hash is stored: the token itself is nowhere in the link table.
	counts := app.tableCounts()
	if counts["registration_links"] != 1 {
		t.Errorf("registration_links: %d rows", counts["registration_links"])
	}

	anon := app.client()
	resp, body = anon.get("/register/" + token)
	if resp.StatusCode != 200 || !strings.Contains(body, "Data protection") {
		t.Fatalf("register form: %d", resp.StatusCode)
	}
	before := app.tableCounts()
	v := url.Values{"given_name": {"Văn Minh"}, "family_name": {"Hoàng"}, "family_name_first": {"1"},
		"nationality": {"VNM"}, "dietary": {"none"}, "passport_number": {"B7654321"}, "passport_expiry": {"2030-12-31"},
		"email": {"minh@example.org"}}
	resp, body = anon.post("/register/"+token, v)
	if resp.StatusCode != 422 || !strings.Contains(body, "tick the box") || !strings.Contains(body, `value="Văn Minh"`) {
		t.Fatalf("without consent: %d", resp.StatusCode)
	}
	if fmt.Sprint(app.tableCounts()) != fmt.Sprint(before) {
		t.Error("a refused self-service form wrote something")
	}
	v.Set("consent", "1")
	resp, body = anon.post("/register/"+token, v)
	if resp.StatusCode != 200 || !strings.Contains(body, "Thank you") {
		t.Fatalf("register: %d %.2000s", resp.StatusCode, body)
	}
	q := app.findPerson("admm-retreat-2025", "Văn Minh")
	if q.FullName() != "Hoàng Văn Minh" || q.PassportNumber != "B7654321" || q.ConsentAt.IsZero() {
		t.Errorf("after self-service: %q passport ok %v consent %v", q.FullName(), q.PassportNumber == "B7654321", q.ConsentAt)
	}
	if got := app.auditActions(p.ID); got[len(got)-1] != "self_register" {
		t.Errorf("audit trail ends with %v", got)
	}
	// A new link revokes the old one; an unknown or revoked link is 404.
	resp, _ = focal.post(fmt.Sprintf("%s/delegates/%d/link", retreat, p.ID), nil)
	_, body = focal.get(resp.Header.Get("Location"))
	fresh := linkPattern.FindStringSubmatch(body)
	if fresh == nil || fresh[1] == token {
		t.Fatal("no new link")
	}
	if resp, _ := anon.get("/register/" + token); resp.StatusCode != 404 {
		t.Errorf("revoked link: %d", resp.StatusCode)
	}
	if resp, _ := anon.get("/register/" + strings.Repeat("A", 43)); resp.StatusCode != 404 {
		t.Errorf("unknown link: %d", resp.StatusCode)
	}
	if resp, _ := anon.get("/register/" + fresh[1]); resp.StatusCode != 200 {
		t.Errorf("fresh link: %d", resp.StatusCode)
	}
	// After its lifetime the link answers 404 too.
	app.db.Now = func() time.Time { return time.Now().Add(convene.RegistrationLinkTTL + time.Hour) }
	defer func() { app.db.Now = time.Now }()
	if resp, _ := anon.get("/register/" + fresh[1]); resp.StatusCode != 404 {
		t.Errorf("expired link: %d", resp.StatusCode)
	}
}

func TestBulkAccreditAndQueue(t *testing.T) {
	app := newTestApp(t)
	officer := app.as(convene.RoleOfficer)
	_, body := officer.get(retreat + "/accreditation")
	ids := regexp.MustCompile(`name="id" value="(\d+)"`).FindAllStringSubmatch(body, -1)
	if len(ids) < 3 {
		t.Fatalf("queue has %d people", len(ids))
	}
	// Protocol order: Cambodia's submitted alternate before Myanmar before Thailand.
	if i, j := strings.Index(body, "Cambodia"), strings.Index(body, "Thailand"); i < 0 || j < 0 || i > j {
		t.Error("queue not in protocol order")
	}
	form := url.Values{}
	for _, m := range ids {
		form.Add("id", m[1])
	}
	if resp, _ := officer.post(retreat+"/accreditation", form); resp.StatusCode != 303 {
		t.Fatalf("bulk accredit: %d", resp.StatusCode)
	}
	_, body = officer.get(retreat + "/accreditation")
	if !strings.Contains(body, "Nobody is waiting") {
		t.Error("queue not empty after bulk accreditation")
	}
	if resp, _ := officer.post(retreat+"/accreditation", url.Values{}); resp.StatusCode != 422 {
		t.Errorf("empty bulk accredit: %d", resp.StatusCode)
	}
}

func TestDelegatesListFiltersAndSearch(t *testing.T) {
	app := newTestApp(t)
	officer := app.as(convene.RoleOfficer)
	_, body := officer.get(retreat + "/delegates?q=" + url.QueryEscape("ສີຫາ"))
	if !strings.Contains(body, "ພອນສະຫວັນ ສີຫາລາດ") || !strings.Contains(body, ">1 people<") {
		t.Errorf("Lao search:\n%.3000s", body)
	}
	_, body = officer.get(retreat + "/delegates?status=waitlisted")
	if !strings.Contains(body, "Pimchanok") || strings.Contains(body, "Somchai") || strings.Contains(body, "Darmawan") {
		t.Error("status filter")
	}
	_, body = officer.get(retreat + "/delegates?role=head&country=mmr")
	if !strings.Contains(body, "Tin Aung Kyaw") || strings.Contains(body, "မောင်မောင်") {
		t.Error("role and delegation filter")
	}
	// A focal point's list never shows another country, whatever the filter.
	_, body = app.as(convene.RoleFocal).get(retreat + "/delegates?country=tha")
	if strings.Contains(body, "Anan") || !strings.Contains(body, "Trần") {
		t.Error("the focal point sees another country's people")
	}
	_, body = app.as(convene.RoleFocal).get(retreat + "/delegates?q=Anan")
	if strings.Contains(body, "Srisuk") {
		t.Error("the focal point finds another country's people by name")
	}
}

func TestRegistrationDeadlineAndNotifySetting(t *testing.T) {
	app := newTestApp(t)
	officer := app.as(convene.RoleOfficer)
	officer.get(retreat + "/registration-settings")
	resp, body := officer.post(retreat+"/registration-settings", url.Values{"deadline": {"next Friday"}})
	if resp.StatusCode != 422 || !strings.Contains(body, `value="next Friday"`) {
		t.Fatalf("bad deadline: %d", resp.StatusCode)
	}
	resp, body = officer.post(retreat+"/registration-settings", url.Values{"notify_email": {"not an address"}})
	if resp.StatusCode != 422 || !strings.Contains(body, `value="not an address"`) {
		t.Fatalf("bad notification address: %d", resp.StatusCode)
	}
	// A deadline in the past.
	if resp, _ := officer.post(retreat+"/registration-settings", url.Values{"deadline": {"2025-02-20T17:00"}}); resp.StatusCode != 303 {
		t.Fatalf("save settings: %d", resp.StatusCode)
	}
	focal := app.as(convene.RoleFocal)
	_, body = focal.get(retreat + "/delegations/vnm")
	if !strings.Contains(body, "20 February 2025 17:00 MYT") || !strings.Contains(body, "Passed") || strings.Contains(body, "Nominate a delegate") {
		t.Errorf("the delegation page does not show the passed deadline:\n%.3000s", body)
	}
	focal.get(retreat + "/delegations/vnm/delegates/new")
	before := app.tableCounts()
	if resp, _ := focal.post(retreat+"/delegations/vnm/delegates/new", nominee("Lan", "Phạm")); resp.StatusCode != 403 {
		t.Errorf("a nomination after the deadline: %d, want 403", resp.StatusCode)
	}
	if fmt.Sprint(app.tableCounts()) != fmt.Sprint(before) {
		t.Error("a nomination after the deadline wrote something")
	}
	officer.get(retreat + "/delegations/vnm/delegates/new")
	if resp, _ := officer.post(retreat+"/delegations/vnm/delegates/new", nominee("Lan", "Phạm")); resp.StatusCode != 303 {
		t.Errorf("the secretariat after the deadline: %d, want 303", resp.StatusCode)
	}
	// The focal point's edit of an accredited person keeps the
	// accreditation, whatever the settings (there is no review switch any
	// more): contact details apply, the position waits for approval.
	p := app.findPerson("admm-retreat-2025", "Quốc Bình")
	v := registrationValues(p)
	v.Set("position", "Minister of National Defence of Viet Nam")
	v.Set("mobile", "+84 24 3733 0000")
	focal.get(fmt.Sprintf("%s/delegates/%d/edit", retreat, p.ID))
	if resp, body := focal.post(fmt.Sprintf("%s/delegates/%d/edit", retreat, p.ID), v); resp.StatusCode != 303 {
		t.Fatalf("edit: %d %.2000s", resp.StatusCode, body)
	}
	if q := app.findPerson("admm-retreat-2025", "Quốc Bình"); q.Status != convene.RegAccredited || q.Mobile != "+84 24 3733 0000" ||
		q.Position != p.Position {
		t.Errorf("after the edit: %s, mobile %q, position %q", q.Status, q.Mobile, q.Position)
	}
}

func TestDelegateSeesOnlyOwnRecord(t *testing.T) {
	app := newTestApp(t)
	d := app.as(convene.RoleDelegate)
	resp, body := d.get("/my-registration")
	// The test dataset links the delegate account to Nguyễn Thị Ánh, head of
	// Viet Nam's Working Group delegation.
	if resp.StatusCode != 200 || !strings.Contains(body, `<h1 id="person-name">Maj. Gen. Nguyễn Thị Ánh</h1>`) ||
		!strings.Contains(body, `<a href="/my-registration" aria-current="page">My registration</a>`) {
		t.Fatalf("my registration: %d\n%s", resp.StatusCode, body)
	}
	// Nothing else of the delegation: no roster, no other people, no actions.
	if strings.Contains(body, "Đức Thắng") || strings.Contains(body, "Edit details") || strings.Contains(body, "Roster") {
		t.Error("the delegate sees more than their own record")
	}
	p := app.findPerson("admm-retreat-2025", "Quốc Bình")
	for _, path := range []string{retreat + "/delegations/vnm", fmt.Sprintf("%s/delegates/%d", retreat, p.ID), retreat + "/delegates.csv"} {
		if resp, _ := d.get(path); resp.StatusCode != 403 {
			t.Errorf("delegate GET %s: %d, want 403", path, resp.StatusCode)
		}
	}
	if resp, _ := app.as(convene.RoleFocal).get("/my-registration"); resp.StatusCode != 404 {
		t.Errorf("a focal point's /my-registration: %d, want 404", resp.StatusCode)
	}
}

func TestCarryOverRoster(t *testing.T) {
	app := newTestApp(t)
	focal := app.as(convene.RoleFocal)
	_, body := focal.get("/meetings/adsom-2025/delegations/vnm")
	if !strings.Contains(body, `id="carry-over"`) {
		t.Fatal("no carry-over form")
	}
	resp, _ := focal.post("/meetings/adsom-2025/delegations/vnm/carry-over", url.Values{"from": {"admm-retreat-2025"}})
	if resp.StatusCode != 303 {
		t.Fatalf("carry over: %d", resp.StatusCode)
	}
	_, body = focal.get(resp.Header.Get("Location"))
	if !strings.Contains(body, "2 people carried over from ADMM Retreat 2025") || !strings.Contains(body, "Sen. Lt Gen. Trần Quốc Bình") {
		t.Errorf("after carry-over:\n%.3000s", body)
	}
	p := app.findPerson("adsom-2025", "Quốc Bình")
	if p.Status != convene.RegNominated {
		t.Errorf("carried-over status %s, want nominated", p.Status)
	}
	// Twice changes nothing.
	resp, _ = focal.post("/meetings/adsom-2025/delegations/vnm/carry-over", url.Values{"from": {"admm-retreat-2025"}})
	_, body = focal.get(resp.Header.Get("Location"))
	if !strings.Contains(body, "0 people carried over") {
		t.Error("a second carry-over duplicated people")
	}
	if resp, _ := focal.post("/meetings/adsom-2025/delegations/tha/carry-over", url.Values{"from": {"admm-retreat-2025"}}); resp.StatusCode != 404 {
		t.Errorf("carry over into Thailand: %d", resp.StatusCode)
	}
}

// TestDelegatesListPages pages the delegates list: each page holds its
// slice in protocol order, the pages together hold everyone exactly once,
// the links keep the filters, and a page number out of range or garbage
// does no harm.
func TestDelegatesListPages(t *testing.T) {
	app := newTestApp(t)
	app.srv.delegatesPerPage = 4
	officer := app.as(convene.RoleOfficer)
	personLink := regexp.MustCompile(`<td><a href="(/meetings/[^"]+)">`)
	nextLink := regexp.MustCompile(`<a href="([^"]*)" rel="next">Next page</a>`)

	_, body := officer.get(retreat + "/delegates")
	total := 0
	if m := regexp.MustCompile(`>(\d+) people<`).FindStringSubmatch(body); m != nil {
		total, _ = strconv.Atoi(m[1])
	}
	if total <= 8 {
		t.Fatalf("the Retreat has %d delegates; the test needs more than two pages", total)
	}
	seen := map[string]bool{}
	pages := 0
	next := retreat + "/delegates"
	for next != "" && pages < 100 {
		_, body = officer.get(next)
		pages++
		rows := personLink.FindAllStringSubmatch(body, -1)
		if len(rows) == 0 || len(rows) > 4 {
			t.Fatalf("page %d shows %d people, want 1 to 4", pages, len(rows))
		}
		for _, r := range rows {
			if seen[r[1]] {
				t.Errorf("%s appears on two pages", r[1])
			}
			seen[r[1]] = true
		}
		first := (pages-1)*4 + 1
		if want := fmt.Sprintf("%d–%d of %d", first, first+len(rows)-1, total); !strings.Contains(body, want) {
			t.Errorf("page %d does not say %q", pages, want)
		}
		next = ""
		if m := nextLink.FindStringSubmatch(body); m != nil {
			next = strings.ReplaceAll(m[1], "&amp;", "&")
		}
	}
	if len(seen) != total || pages != (total+3)/4 {
		t.Errorf("%d pages showed %d people, want %d pages and %d people", pages, len(seen), (total+3)/4, total)
	}
	// Filters survive paging.
	_, body = officer.get(retreat + "/delegates?status=accredited&role=member")
	if m := nextLink.FindStringSubmatch(body); m != nil && !strings.Contains(m[1], "status=accredited") {
		t.Errorf("the next page link drops the filters: %s", m[1])
	}
	for _, bad := range []string{"0", "-3", "abc", "99999999999"} {
		resp, body := officer.get(retreat + "/delegates?page=" + bad)
		if resp.StatusCode != http.StatusOK || len(personLink.FindAllString(body, -1)) == 0 {
			t.Errorf("page=%s: status %d, or no people (the first page is expected)", bad, resp.StatusCode)
		}
	}
	resp, body := officer.get(retreat + "/delegates?page=500")
	if resp.StatusCode != http.StatusOK || len(personLink.FindAllString(body, -1)) != 0 || !strings.Contains(body, "people<") {
		t.Errorf("a page past the end: status %d, want 200 and an empty list", resp.StatusCode)
	}
}
