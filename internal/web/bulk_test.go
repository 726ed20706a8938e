package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"convene/internal/convene"
	"convene/internal/paths"
)

// linkMails counts the personal-link messages in a meeting's outbox, by person.
func linkMails(t *testing.T, app *testApp, meetingID int64) map[int64]int {
	t.Helper()
	msgs, err := app.db.FindOutbox(context.Background(), meetingID)
	if err != nil {
		t.Fatal(err)
	}
	n := map[int64]int{}
	for _, m := range msgs {
		if m.Kind == convene.MailLink {
			n[m.DelegateID]++
		}
	}
	return n
}

// TestBulkSendLinks: "Send personal links to everyone without one" queues
// one link message for each person of the delegation who may have a link,
// has an address and has no working link; nothing for the person who
// already got one through their own page (the same code path), nothing for
// people without an address, and nothing at all when pressed again.
func TestBulkSendLinks(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	code := "admm-retreat-2025"
	m, err := app.db.FindMeetingByCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	vnm, err := app.db.FindCountryByISO3(ctx, "VNM")
	if err != nil {
		t.Fatal(err)
	}
	people, _, err := app.db.FindRegistrations(ctx, convene.RegistrationFilter{MeetingID: m.ID, CountryID: vnm.ID})
	if err != nil {
		t.Fatal(err)
	}
	// Give addresses to three people who have none, through the store's
	// edit (the one the person's form saves with); the rest keep none.
	admin := convene.WithActor(ctx, convene.Actor{UserID: 1, Role: convene.RoleAdmin})
	given := 0
	for i := range people {
		if p := &people[i]; given < 3 && p.Email == "" && p.Status.Linkable() {
			p.Email = "person" + strconv.Itoa(i) + "@vnm.demo.test"
			if _, err := app.db.UpdateRegistration(admin, p); err != nil {
				t.Fatal(err)
			}
			given++
		}
	}
	var want []int64 // linkable, with an address
	var noEmail []int64
	for _, p := range people {
		switch {
		case !p.Status.Linkable():
		case p.Email == "":
			noEmail = append(noEmail, p.ID)
		default:
			want = append(want, p.ID)
		}
	}
	if len(want) < 2 {
		t.Fatalf("the Retreat's Viet Nam delegation has %d people with an address who may get a link; the test needs two", len(want))
	}
	focal := app.as(convene.RoleFocal)
	focal.get(paths.Delegation(code, "VNM"))
	// The first person gets their link from their own page.
	if resp, _ := focal.post(paths.DelegateLink(code, want[0]), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("single link: status %d", resp.StatusCode)
	}
	before := linkMails(t, app, m.ID)
	if before[want[0]] != 1 {
		t.Fatalf("the single link queued %d messages", before[want[0]])
	}

	_, page := focal.get(paths.Delegation(code, "VNM"))
	if !strings.Contains(page, `id="send-links"`) {
		t.Fatal("the delegation page has no bulk send button")
	}
	resp, _ := focal.post(paths.DelegationLinks(code, "VNM"), nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("bulk send: status %d", resp.StatusCode)
	}
	_, flash := focal.get(paths.Delegation(code, "VNM"))
	if !strings.Contains(flash, "Personal links e-mailed to "+peopleCount(len(want)-1)) {
		t.Errorf("flash after bulk send does not say %s", peopleCount(len(want)-1))
	}
	after := linkMails(t, app, m.ID)
	for _, id := range want {
		wantN := before[id] + 1
		if id == want[0] {
			wantN = before[id] // had a working link: nothing new
		}
		if after[id] != wantN {
			t.Errorf("person %d: %d link messages, want %d", id, after[id], wantN)
		}
	}
	for _, id := range noEmail {
		if after[id] != 0 {
			t.Errorf("person %d without an address got %d messages", id, after[id])
		}
	}

	// Again: everyone now holds a working link, nothing is queued.
	focal.post(paths.DelegationLinks(code, "VNM"), nil)
	again := linkMails(t, app, m.ID)
	for id, n := range after {
		if again[id] != n {
			t.Errorf("person %d: a second bulk send queued %d more", id, again[id]-n)
		}
	}
	// Another country's focal point cannot send Viet Nam's links.
	other := app.client()
	other.signIn("focal.idn@demo.test", testPassword)
	if resp, _ := other.post(paths.DelegationLinks(code, "VNM"), nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another country's focal point: status %d, want 404", resp.StatusCode)
	}
}

// TestBulkAccreditParallel: two officers accredit the same selection at
// once. The single writer orders the two transactions: every person is
// accredited exactly once (one audit row each), and the second request says
// whom it skipped. The control: a selection of people already accredited
// accredits nobody and writes no audit row.
func TestBulkAccreditParallel(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	code := "admm-retreat-2025"
	m, err := app.db.FindMeetingByCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	queue, _, err := app.db.FindRegistrations(ctx, convene.RegistrationFilter{MeetingID: m.ID,
		Statuses: []convene.RegistrationStatus{convene.RegSubmitted}})
	if err != nil {
		t.Fatal(err)
	}
	if len(queue) < 2 {
		t.Fatalf("the Retreat's queue holds %d people; the test needs two", len(queue))
	}
	form := url.Values{}
	for _, r := range queue {
		form.Add("id", strconv.FormatInt(r.ID, 10))
	}
	auditBefore := accreditRows(t, app)

	a, b := app.as(convene.RoleAdmin), app.as(convene.RoleOfficer)
	a.get(paths.Accreditation(code))
	b.get(paths.Accreditation(code))
	var wg sync.WaitGroup
	status := make([]int, 2)
	for i, c := range []*client{a, b} {
		wg.Go(func() {
			req, _ := http.NewRequest(http.MethodPost, app.ts.URL+paths.Accreditation(code),
				strings.NewReader(formWithToken(form, c.csrf).Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := c.http.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			status[i] = resp.StatusCode
		})
	}
	wg.Wait()
	if status[0] != http.StatusSeeOther || status[1] != http.StatusSeeOther {
		t.Fatalf("statuses %v, want two 303", status)
	}
	rows := accreditRows(t, app)
	for _, r := range queue {
		if got := rows[r.ID] - auditBefore[r.ID]; got != 1 {
			t.Errorf("%s: %d accredit audit rows, want 1", r.FullName(), got)
		}
		now, err := app.db.FindRegistrationByID(ctx, r.ID)
		if err != nil || now.Status != convene.RegAccredited {
			t.Errorf("%s: status %q (%v)", r.FullName(), now.Status, err)
		}
	}
	_, pa := a.get(paths.Accreditation(code))
	_, pb := b.get(paths.Accreditation(code))
	both := pa + pb
	if !strings.Contains(both, strconv.Itoa(len(queue))+" accredited.") ||
		!strings.Contains(both, "0 accredited, "+strconv.Itoa(len(queue))+" skipped: ") ||
		!strings.Contains(both, "(already accredited)") {
		t.Error("the two officers are not told that one accredited everyone and the other skipped them")
	}

	// Control: the same selection again accredits nobody and writes nothing.
	b.get(paths.Accreditation(code))
	b.post(paths.Accreditation(code), form)
	if again := accreditRows(t, app); len(again) != len(rows) {
		t.Errorf("a repeat changed the audit rows")
	} else {
		for id, n := range rows {
			if again[id] != n {
				t.Errorf("a repeat wrote an accredit audit row for person %d", id)
			}
		}
	}
}

// formWithToken is a copy of form with the token added.
func formWithToken(form url.Values, token string) url.Values {
	out := url.Values{"_csrf": {token}}
	for k, v := range form {
		out[k] = v
	}
	return out
}

// accreditRows counts the "accredit" audit rows by person.
func accreditRows(t *testing.T, app *testApp) map[int64]int {
	t.Helper()
	es, _, err := app.db.FindAuditEntries(context.Background(), convene.AuditFilter{Entity: "delegate", Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	n := map[int64]int{}
	for _, e := range es {
		if e.Action == "accredit" {
			n[e.EntityID]++
		}
	}
	return n
}
