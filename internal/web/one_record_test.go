package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"convene/internal/convene"
)

// Issue 16, items 1-3: one record, one truth. Each test starts from what a
// person does in a form and checks the pages downstream.

// personalLink asks for a person's personal link as c (a focal point or
// the secretariat) and returns its token, read from the flash.
func personalLink(t *testing.T, c *client, personPath string) string {
	t.Helper()
	c.get(personPath)
	resp, _ := c.post(personPath+"/link", nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("personal link: %d", resp.StatusCode)
	}
	_, body := c.get(resp.Header.Get("Location"))
	m := linkPattern.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no link in the flash:\n%.2000s", body)
	}
	return m[1]
}

// TestFlightOnPersonalFormReachesLogistics: a delegate types their flights
// on the form behind their personal link; the one travel store carries them
// to the arrivals board, the travel form, the person page, the dashboard
// and a transfer proposal. (Before issue 16 the form wrote columns of its
// own that logistics never read.)
func TestFlightOnPersonalFormReachesLogistics(t *testing.T) {
	app := newTestApp(t)
	focal := app.as(convene.RoleFocal)
	officer := app.as(convene.RoleOfficer)
	f := nominee("Văn Toàn", "Đặng")
	f.Set("family_name_first", "1")
	if resp, body := focal.post(retreat+"/delegations/vnm/delegates/new", f); resp.StatusCode != 303 {
		t.Fatalf("nominate: %d %.2000s", resp.StatusCode, body)
	}
	p := app.findPerson("admm-retreat-2025", "Văn Toàn")
	person := fmt.Sprintf("%s/delegates/%d", retreat, p.ID)
	_, dash := officer.get(retreat + "/logistics")
	if !strings.Contains(dash, "Col. Đặng Văn Toàn (Viet Nam) has no arrival flight recorded.") {
		t.Fatal("control: the dashboard does not miss the new delegate's flight before it is typed")
	}
	if !strings.Contains(dash, fmt.Sprintf(`href="%s/travel/%d"`, retreat, p.ID)) {
		t.Error("the dashboard's problem does not link to the person's travel form")
	}

	token := personalLink(t, focal, person)
	anon := app.client()
	anon.get("/register/" + token)
	v := url.Values{"given_name": {"Văn Toàn"}, "family_name": {"Đặng"}, "family_name_first": {"1"}, "nationality": {"VNM"},
		"role": {"delegate"}, "dietary": {"none"}, "passport_expiry": {"2031-01-31"}, "consent": {"1"},
		"a_day": {"2025-02-25"}, "a_time": {"14:05"}, "a_flight": {"vn681"}, "a_airport": {"PEN"},
		"d_day": {"2025-02-27"}, "d_time": {"15:10"}, "d_flight": {"VN 680"}, "d_airport": {"PEN"}}
	if resp, body := anon.post("/register/"+token, v); resp.StatusCode != 200 || !strings.Contains(body, "Thank you") {
		t.Fatalf("personal form: %d %.2000s", resp.StatusCode, body)
	}

	_, board := officer.get(retreat + "/arrivals")
	if i := strings.Index(board, "Đặng Văn Toàn"); i < 0 || !strings.Contains(board[max(0, i-2000):min(len(board), i+2000)], "VN 681") {
		t.Errorf("the arrivals board lacks the flight typed on the personal form")
	}
	_, travel := focal.get(fmt.Sprintf("%s/travel/%d", retreat, p.ID))
	for _, want := range []string{`value="VN 681"`, `value="14:05"`, `value="2025-02-25"`, `value="VN 680"`} {
		if !strings.Contains(travel, want) {
			t.Errorf("the travel form lacks %s", want)
		}
	}
	_, page := focal.get(person)
	if !strings.Contains(page, "VN 681, PEN, 25 February 2025 14:05 MYT") || !strings.Contains(page, `id="travel-link"`) {
		t.Error("the person page does not show the flight or link to the travel form")
	}
	_, dash = officer.get(retreat + "/logistics")
	if strings.Contains(dash, "Đặng Văn Toàn (Viet Nam) has no arrival flight recorded.") {
		t.Error("the dashboard still says no arrival flight is recorded")
	}

	officer.get(retreat + "/transfers")
	if resp, _ := officer.post(retreat+"/transfers/propose", nil); resp.StatusCode != 303 {
		t.Fatalf("propose transfers: %d", resp.StatusCode)
	}
	runs, err := app.db.FindTransferRuns(context.Background(), app.retreatID())
	if err != nil {
		t.Fatal(err)
	}
	onRun := 0
	for _, r := range runs {
		for _, x := range r.Passengers {
			if x.DelegateID == p.ID && x.Flight == "VN 681" && r.Direction == convene.Arrival {
				onRun++
			}
		}
	}
	if onRun != 1 {
		t.Errorf("the proposed transfers carry the personal form's flight %d times, want 1", onRun)
	}
	_, transfers := officer.get(retreat + "/transfers")
	if !strings.Contains(transfers, "Đặng Văn Toàn") {
		t.Error("the transfers page does not name the new passenger")
	}

	// The focal point's form shows the same flight from the same store, and
	// clearing a side there removes the leg everywhere.
	_, edit := focal.get(person + "/edit")
	if !strings.Contains(edit, `value="VN 681"`) {
		t.Error("the focal point's form does not show the flight")
	}
	q := app.findPerson("admm-retreat-2025", "Văn Toàn")
	g := registrationValues(q)
	g.Set("d_day", "2025-02-27")
	g.Set("d_time", "15:10")
	g.Set("d_flight", "VN 680")
	g.Set("d_airport", "PEN")
	if resp, body := focal.post(person+"/edit", g); resp.StatusCode != 303 {
		t.Fatalf("edit: %d %.2000s", resp.StatusCode, body)
	}
	if q := app.findPerson("admm-retreat-2025", "Văn Toàn"); q.Arrival.Recorded() || q.Departure.Flight != "VN 680" {
		t.Errorf("after clearing the arrival on the focal point's form: %+v / %+v", q.Arrival, q.Departure)
	}
	_, board = officer.get(retreat + "/arrivals")
	if strings.Contains(board, "VN 681") {
		t.Error("the board still shows the removed arrival")
	}
}

// TestNameChangeAfterAccreditationWaitsForApproval: a delegate changes
// their family name through their personal link after accreditation. They
// stay accredited on the approved name (lists, badge sheet), the change
// waits in the secretariat's queue, and the printed badge keeps working;
// approving it marks the badge for reprint, and once the reprint is
// printed the old code is refused at check-in.
func TestNameChangeAfterAccreditationWaitsForApproval(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	focal := app.as(convene.RoleFocal)
	officer := app.as(convene.RoleOfficer)
	org := app.as(convene.RoleOrganiser)
	p := app.findPerson("admm-retreat-2025", "Quốc Bình")
	person := fmt.Sprintf("%s/delegates/%d", retreat, p.ID)
	oldCode := printOne(t, org, p.ID)
	if status, body := checkIn(t, org, oldCode); status != http.StatusSeeOther || !strings.Contains(body, "Checked in:") {
		t.Fatalf("control: the printed badge is not admitted: %d", status)
	}

	token := personalLink(t, focal, person)
	anon := app.client()
	_, form := anon.get("/register/" + token)
	if !strings.Contains(form, `id="registered-facts"`) || !strings.Contains(form, "Propose a change") ||
		strings.Contains(form, `name="role"`) {
		t.Fatalf("an accredited person's link does not show their data read-only with a proposal form (role fixed):\n%.3000s", form)
	}
	v := registrationValues(p)
	v.Set("family_name", "Trịnh")
	v.Set("passport_number", "")
	v.Set("mobile", "+84 24 1234 5678")
	v.Set("consent", "1")
	resp, body := anon.post("/register/"+token, v)
	if resp.StatusCode != 200 || !strings.Contains(body, "waits for the secretariat&#39;s approval") {
		t.Fatalf("propose: %d %.2000s", resp.StatusCode, body)
	}

	q := app.findPerson("admm-retreat-2025", "Quốc Bình")
	if q.Status != convene.RegAccredited || q.FamilyName != "Trần" || q.Mobile != "+84 24 1234 5678" {
		t.Errorf("after the proposal: %s %q mobile %q; want accredited on the approved name, the mobile applied",
			q.Status, q.FamilyName, q.Mobile)
	}
	for path, what := range map[string]string{retreat + "/delegations/vnm": "delegation", retreat + "/delegates": "delegates list",
		retreat + "/badges/sheet?delegate=" + fmt.Sprint(p.ID): "badge sheet"} {
		_, page := officer.get(path)
		if strings.Contains(page, "Trịnh") || !strings.Contains(page, "Trần Quốc Bình") {
			t.Errorf("the %s does not keep the approved name", what)
		}
	}
	_, page := focal.get(person)
	if !strings.Contains(page, `id="pending-change"`) || !strings.Contains(page, "Trịnh") || !strings.Contains(page, `id="person-name">Sen. Lt Gen. Trần Quốc Bình<`) {
		t.Error("the person page does not show the pending change as such")
	}
	_, queue := officer.get(retreat + "/pending-changes")
	if !strings.Contains(queue, "Trần Quốc Bình") || !strings.Contains(queue, "Family name") {
		t.Fatalf("the queue lacks the change:\n%.3000s", queue)
	}
	_, acc := officer.get(retreat + "/accreditation")
	if !strings.Contains(acc, `id="pending-changes-link"`) {
		t.Error("the accreditation queue does not link to the pending changes")
	}
	if status, _ := checkIn(t, org, oldCode); status != http.StatusSeeOther {
		t.Errorf("the old badge is refused while the change waits: %d", status)
	}

	open, err := app.db.FindOpenChange(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	change := fmt.Sprintf("%s/pending-changes/%d", retreat, open.ID)
	_, detail := officer.get(change)
	if !strings.Contains(detail, `<td class="before">Trần</td>`) || !strings.Contains(detail, `<td class="after">Trịnh</td>`) ||
		!strings.Contains(detail, `id="reprint-note"`) {
		t.Errorf("the change page lacks the before/after view or the reprint note:\n%.3000s", detail)
	}
	// Declining needs a reason: 422, nothing decided.
	if resp, body := officer.post(change, url.Values{"action": {"decline"}}); resp.StatusCode != 422 || !strings.Contains(body, "Say why") {
		t.Errorf("decline without a reason: %d", resp.StatusCode)
	}
	resp, _ = officer.post(change, url.Values{"action": {"approve"}})
	if resp.StatusCode != 303 {
		t.Fatalf("approve: %d", resp.StatusCode)
	}
	_, flash := officer.get(resp.Header.Get("Location"))
	if !strings.Contains(flash, "The badge must be reprinted") {
		t.Error("the approval does not say the badge must be reprinted")
	}
	if q := app.findPerson("admm-retreat-2025", "Quốc Bình"); q.FamilyName != "Trịnh" || q.Status != convene.RegAccredited {
		t.Errorf("after approval: %q %s", q.FamilyName, q.Status)
	}
	_, badges := officer.get(retreat + "/badges")
	if !strings.Contains(badges, "Reprint due: Family name changed") {
		t.Error("the badges page does not mark the badge for reprint")
	}
	if status, _ := checkIn(t, org, oldCode); status != http.StatusSeeOther {
		t.Errorf("the old badge is refused before the reprint is printed: %d", status)
	}
	if resp, _ := officer.post(fmt.Sprintf("%s/badges/%d/reprint", retreat, p.ID), nil); resp.StatusCode != 303 {
		t.Fatalf("reprint: %d", resp.StatusCode)
	}
	status, refused := checkIn(t, org, oldCode)
	if status != http.StatusUnprocessableEntity || !strings.Contains(html.UnescapeString(refused), "replaced by a reprint") {
		t.Errorf("the old badge after the reprint: %d", status)
	}
	_, sheet := officer.get(retreat + "/badges/sheet?delegate=" + fmt.Sprint(p.ID))
	if !strings.Contains(sheet, "Trịnh Quốc Bình") {
		t.Error("the reprinted badge does not carry the approved new name")
	}
	_, badges = officer.get(retreat + "/badges")
	if strings.Contains(badges, "Reprint due") {
		t.Error("the badge is still marked for reprint after the reprint")
	}
	got := strings.Join(app.auditActions(p.ID), " ")
	if !strings.Contains(got, "self_register propose_change approved_change") {
		t.Errorf("audit trail: %s", got)
	}
}

// TestOneValidationOfAPerson: the personal form refuses a cleared given
// name with the same message as the focal point's form and the import; a
// role posted on the personal form is refused, not silently dropped.
func TestOneValidationOfAPerson(t *testing.T) {
	app := newTestApp(t)
	focal := app.as(convene.RoleFocal)
	f := nominee("Minh", "Hoàng")
	if resp, _ := focal.post(retreat+"/delegations/vnm/delegates/new", f); resp.StatusCode != 303 {
		t.Fatalf("nominate: %d", resp.StatusCode)
	}
	p := app.findPerson("admm-retreat-2025", "Minh Hoàng")
	person := fmt.Sprintf("%s/delegates/%d", retreat, p.ID)
	msg := html.EscapeString(convene.MsgGivenNameRequired)
	before := app.tableCounts()

	focal.get(person + "/edit")
	v := registrationValues(p)
	v.Set("given_name", "")
	resp, body := focal.post(person+"/edit", v)
	if resp.StatusCode != 422 || !strings.Contains(body, `<span class="error" id="e-given_name">`+msg+`</span>`) {
		t.Errorf("focal point's form, cleared given name: %d", resp.StatusCode)
	}
	if fmt.Sprint(app.tableCounts()) != fmt.Sprint(before) {
		t.Error("a refused focal point's form wrote something")
	}

	token := personalLink(t, focal, person)
	before = app.tableCounts()
	anon := app.client()
	anon.get("/register/" + token)
	v = url.Values{"given_name": {"  "}, "family_name": {"Hoàng"}, "nationality": {""}, "dietary": {"none"}, "consent": {"1"}}
	resp, body = anon.post("/register/"+token, v)
	if resp.StatusCode != 422 || !strings.Contains(body, `<span class="error" id="e-given_name">`+msg+`</span>`) ||
		!strings.Contains(body, html.EscapeString(convene.MsgNationalityRequired)) {
		t.Errorf("personal form, cleared given name and nationality: %d %.2000s", resp.StatusCode, body)
	}
	v = url.Values{"given_name": {"Minh"}, "family_name": {"Hoàng"}, "nationality": {"VNM"}, "dietary": {"none"},
		"consent": {"1"}, "role": {"head"}}
	resp, body = anon.post("/register/"+token, v)
	if resp.StatusCode != 422 || !strings.Contains(body, "decided by your focal point; please ask them") {
		t.Errorf("personal form posting a role: %d", resp.StatusCode)
	}
	if fmt.Sprint(app.tableCounts()) != fmt.Sprint(before) {
		t.Error("a refused personal form wrote something")
	}
	if q := app.findPerson("admm-retreat-2025", "Minh Hoàng"); q.Role != convene.RoleMember {
		t.Errorf("the role became %s", q.Role)
	}

	focal.get(retreat + "/delegations/vnm/import")
	row := []string{"Col.", "", "Hoàng", "", "", "Staff Officer", "delegate", "", "VNM"}
	resp, body = focal.upload(retreat+"/delegations/vnm/import", fillTemplate(t, focal, [][]string{row}))
	if resp.StatusCode != 422 || !strings.Contains(body, "Row 3, Given name: "+msg) {
		t.Errorf("import without a given name: %d", resp.StatusCode)
	}
}

// TestWithdrawnPersonsLinkAnswers410: the link of a person withdrawn or
// rejected stops working with a clear page, 410 Gone, for reading and for
// saving alike.
func TestWithdrawnPersonsLinkAnswers410(t *testing.T) {
	app := newTestApp(t)
	focal := app.signInAs("focal.tls@demo.test")
	officer := app.as(convene.RoleOfficer)
	for _, n := range []string{"Ana", "Bela"} {
		if resp, _ := focal.post(retreat+"/delegations/tls/delegates/new", nominee(n, "Ximenes")); resp.StatusCode != 303 {
			t.Fatalf("nominate %s: %d", n, resp.StatusCode)
		}
	}
	ana, bela := app.findPerson("admm-retreat-2025", "Ana Ximenes"), app.findPerson("admm-retreat-2025", "Bela Ximenes")
	anaLink := personalLink(t, focal, fmt.Sprintf("%s/delegates/%d", retreat, ana.ID))
	belaLink := personalLink(t, focal, fmt.Sprintf("%s/delegates/%d", retreat, bela.ID))
	anon := app.client()
	if resp, _ := anon.get("/register/" + anaLink); resp.StatusCode != 200 {
		t.Fatalf("control: the link does not work before the withdrawal: %d", resp.StatusCode)
	}
	if resp, _ := focal.post(fmt.Sprintf("%s/delegates/%d/withdraw", retreat, ana.ID), url.Values{"confirm": {"yes"}}); resp.StatusCode != 303 {
		t.Fatal("withdraw")
	}
	if resp, _ := focal.post(retreat+"/delegations/tls/submit", nil); resp.StatusCode != 303 {
		t.Fatal("submit")
	}
	if resp, _ := officer.post(fmt.Sprintf("%s/delegates/%d/decision", retreat, bela.ID),
		url.Values{"action": {"reject"}, "reason": {"Not on the Note Verbale."}}); resp.StatusCode != 303 {
		t.Fatal("reject")
	}
	before := app.tableCounts()
	for token, want := range map[string]string{anaLink: "was withdrawn", belaLink: "was not accepted"} {
		resp, body := anon.get("/register/" + token)
		if resp.StatusCode != http.StatusGone || !strings.Contains(body, want) || !strings.Contains(body, "no longer works") {
			t.Errorf("GET a gone link: %d, want 410 saying %q", resp.StatusCode, want)
		}
		resp, _ = anon.post("/register/"+token, url.Values{"given_name": {"Ana"}, "nationality": {"TLS"}, "consent": {"1"}})
		if resp.StatusCode != http.StatusGone {
			t.Errorf("POST a gone link: %d, want 410", resp.StatusCode)
		}
	}
	if fmt.Sprint(app.tableCounts()) != fmt.Sprint(before) {
		t.Error("a gone link wrote something")
	}
}

// TestNotificationsQueuedOnce follows a delegation through submission,
// decisions, a promotion from the waiting list and two pending changes,
// and counts the outbox rows by kind and recipient: each notification is
// queued exactly once, to the focal point, the secretariat or the person,
// and names the meeting with its dates and venue and links to its page.
func TestNotificationsQueuedOnce(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	m, err := app.db.FindMeetingByCode(ctx, "admm-retreat-2025")
	if err != nil {
		t.Fatal(err)
	}
	const focalAddr = "focal.tls@demo.test"
	focal := app.signInAs(focalAddr)
	officer := app.as(convene.RoleOfficer)
	outbox := func() []convene.OutboxMessage {
		t.Helper()
		msgs, err := app.db.FindOutbox(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		return msgs
	}
	// Count only what this test queues (the demo has its own messages).
	start := len(outbox())
	count := func(kind, to string) int {
		n := 0
		msgs := outbox() // newest first
		for _, x := range msgs[:len(msgs)-start] {
			if x.Kind == kind && x.To == to {
				n++
			}
		}
		return n
	}
	expect := func(step, kind, to string, want int) {
		t.Helper()
		if got := count(kind, to); got != want {
			t.Errorf("%s: %d %s messages to %s, want %d", step, got, kind, to, want)
		}
	}

	names := []string{"Ana", "Bela", "Carla", "Dina", "Eva"}
	for _, n := range names {
		f := nominee(n, "Guterres")
		f.Set("email", strings.ToLower(n)+"@example.tl")
		f.Set("passport_number", "P"+strings.ToUpper(n)+"1234")
		if resp, body := focal.post(retreat+"/delegations/tls/delegates/new", f); resp.StatusCode != 303 {
			t.Fatalf("nominate %s: %d %.1000s", n, resp.StatusCode, body)
		}
	}
	id := func(n string) int64 { return app.findPerson("admm-retreat-2025", n+" Guterres").ID }
	person := func(n string) string { return fmt.Sprintf("%s/delegates/%d", retreat, id(n)) }

	if resp, _ := focal.post(retreat+"/delegations/tls/submit", nil); resp.StatusCode != 303 {
		t.Fatal("submit")
	}
	expect("submit", convene.MailDelegationSubmitted, "admin@demo.test", 1)
	expect("submit", convene.MailDelegationSubmitted, "staff@demo.test", 1)
	expect("submit", convene.MailSubmitted, "ana@example.tl", 1)

	decide := func(n, action, reason string) {
		t.Helper()
		if resp, _ := officer.post(person(n)+"/decision", url.Values{"action": {action}, "reason": {reason}}); resp.StatusCode != 303 {
			t.Fatalf("%s %s: %d", action, n, resp.StatusCode)
		}
	}
	decide("Ana", "return", "The passport scan is unreadable.")
	expect("return", convene.MailFocalReturned, focalAddr, 1)
	expect("return", convene.MailReturned, "ana@example.tl", 1)
	decide("Bela", "reject", "Not on the Note Verbale.")
	expect("reject", convene.MailFocalRejected, focalAddr, 1)
	expect("reject", convene.MailRejected, "bela@example.tl", 1)
	// Bela's place goes to Eva, first on the waiting list.
	expect("promotion", convene.MailFocalPromoted, focalAddr, 1)

	officer.get(retreat + "/accreditation")
	if resp, _ := officer.post(retreat+"/accreditation", url.Values{"id": {fmt.Sprint(id("Carla")), fmt.Sprint(id("Dina"))}}); resp.StatusCode != 303 {
		t.Fatal("bulk accredit")
	}
	expect("bulk accreditation", convene.MailFocalAccredited, focalAddr, 1)
	expect("bulk accreditation", convene.MailAccredited, "carla@example.tl", 1)
	expect("bulk accreditation", convene.MailAccredited, "dina@example.tl", 1)

	propose := func(n, family string) int64 {
		t.Helper()
		v := registrationValues(app.findPerson("admm-retreat-2025", n+" Guterres"))
		v.Set("family_name", family)
		focal.get(person(n) + "/edit")
		if resp, body := focal.post(person(n)+"/edit", v); resp.StatusCode != 303 {
			t.Fatalf("edit %s: %d %.1000s", n, resp.StatusCode, body)
		}
		c, err := app.db.FindOpenChange(ctx, id(n))
		if err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	carla := propose("Carla", "Guterres Soares")
	expect("proposal", convene.MailChangeProposed, "admin@demo.test", 1)
	expect("proposal", convene.MailChangeProposed, "staff@demo.test", 1)
	if resp, _ := officer.post(fmt.Sprintf("%s/pending-changes/%d", retreat, carla), url.Values{"action": {"approve"}}); resp.StatusCode != 303 {
		t.Fatal("approve")
	}
	expect("approval", convene.MailChangeApproved, focalAddr, 1)
	dina := propose("Dina", "da Costa")
	expect("second proposal", convene.MailChangeProposed, "admin@demo.test", 2)
	if resp, _ := officer.post(fmt.Sprintf("%s/pending-changes/%d", retreat, dina),
		url.Values{"action": {"decline"}, "reason": {"The passport still reads Guterres."}}); resp.StatusCode != 303 {
		t.Fatal("decline")
	}
	expect("decline", convene.MailChangeDeclined, focalAddr, 1)

	// With a secretariat address set, the secretariat's notices go there only.
	officer.get(retreat + "/registration-settings")
	if resp, _ := officer.post(retreat+"/registration-settings", url.Values{"notify_email": {"Secretariat@MOD.example.my"}}); resp.StatusCode != 303 {
		t.Fatal("settings")
	}
	if resp, _ := focal.post(retreat+"/delegations/tls/submit", nil); resp.StatusCode != 303 {
		t.Fatal("resubmit")
	}
	expect("resubmit", convene.MailDelegationSubmitted, "secretariat@mod.example.my", 1)
	expect("resubmit", convene.MailDelegationSubmitted, "admin@demo.test", 1)

	// Every message names the meeting with its dates and venue; the focal
	// point's and the secretariat's link to the page concerned.
	line := convene.MeetingLine(m)
	links := map[string]string{
		convene.MailDelegationSubmitted: testBaseURL + retreat + "/accreditation",
		convene.MailFocalReturned:       testBaseURL + person("Ana"),
		convene.MailFocalRejected:       testBaseURL + person("Bela"),
		convene.MailFocalPromoted:       testBaseURL + person("Eva"),
		convene.MailFocalAccredited:     testBaseURL + retreat + "/delegations/tls",
		convene.MailChangeProposed:      testBaseURL + retreat + "/pending-changes/",
		convene.MailChangeApproved:      testBaseURL + person("Carla"),
		convene.MailChangeDeclined:      testBaseURL + person("Dina"),
	}
	msgs := outbox()
	if len(msgs)-start < 20 {
		t.Errorf("only %d messages queued", len(msgs)-start)
	}
	for _, x := range msgs[:len(msgs)-start] {
		if !strings.HasPrefix(x.Subject, m.Title+":") || !strings.Contains(x.Body, line) {
			t.Errorf("%s to %s does not name the meeting, its dates and venue:\n%s\n%s", x.Kind, x.To, x.Subject, x.Body)
		}
		if strings.Contains(x.Body, "a meeting hosted by") {
			t.Errorf("%s still says \"a meeting hosted by\"", x.Kind)
		}
		if want, ok := links[x.Kind]; ok && !strings.Contains(x.Body, want) {
			t.Errorf("%s to %s does not link to %s:\n%s", x.Kind, x.To, want, x.Body)
		}
	}
}
