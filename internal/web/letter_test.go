package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"convene/internal/browser"
	"convene/internal/convene"
)

// Fixed fake passport numbers: the tests compare them and never print them.
const (
	khmerPassport    = "N0000101"
	khmerPassportNew = "N0000202"
)

// letterPerson adds an accredited person to a delegation of the Retreat
// through the store, as TestServerPDFs does.
func letterPerson(t *testing.T, app *testApp, iso3 string, p convene.Delegate) convene.Registration {
	t.Helper()
	ctx := context.Background()
	m, err := app.db.FindMeetingByCode(ctx, "admm-retreat-2025")
	if err != nil {
		t.Fatal(err)
	}
	gs, err := app.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gs {
		if g.Country.ISO3 == iso3 {
			p.DelegationID, p.Country = g.ID, g.Country
		}
	}
	if p.Status == "" {
		p.Status = convene.RegAccredited
	}
	p.Dietary = "none"
	if err := app.db.CreateDelegate(ctx, &p); err != nil {
		t.Fatal(err)
	}
	r, err := app.db.FindRegistrationByID(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// khmerDelegate is a Cambodian adviser with an ordinary passport.
func khmerDelegate() convene.Delegate {
	return convene.Delegate{Honorific: "Col.", GivenName: "ដារ៉ា", FamilyName: "ចាន់", FamilyNameFirst: true,
		Position: "Adviser", Role: convene.RoleAdviser, Nationality: "KHM", PassportType: convene.PassportOrdinary,
		PassportName: "CHAN DARA", PassportNumber: khmerPassport, PassportExpiry: convene.Date{Year: 2031, Month: 5, Day: 31}}
}

// requireVisaFor records visa rules for Malaysia through the page: the
// given nationalities need a visa with an ordinary passport (every other
// box unticked).
func requireVisaFor(t *testing.T, admin *client, iso3 ...string) {
	t.Helper()
	admin.get(retreat + "/visa-rules")
	f := url.Values{}
	for _, n := range iso3 {
		f.Set("visa_"+n+"_ordinary", "1")
	}
	if resp, _ := admin.post(retreat+"/visa-rules", f); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save visa rules: %d", resp.StatusCode)
	}
}

var letterLink = regexp.MustCompile(`href="(/meetings/admm-retreat-2025/letters/\d+)">([A-Z0-9-]+/(?:VISA|INV)/\d{4})<`)

// issuedLetters reads the letters listed on a page: reference → link.
func issuedLetters(body string) map[string]string {
	out := map[string]string{}
	for _, m := range letterLink.FindAllStringSubmatch(body, -1) {
		out[m[2]] = m[1]
	}
	return out
}

// squash removes all whitespace: PDF text extraction may split clusters
// and lines anywhere.
func squash(s string) string { return strings.Join(strings.Fields(s), "") }

// TestVisaLetterPDF issues visa-support letters through the router and
// reads them back with pdftotext: the Khmer name as written, the passport
// name and number and the Vietnamese signatory are in the text and the
// Khmer font is embedded; a letter issued while a change waits uses the
// approved number, and re-issuing after the approval gives a new reference
// and the new number. Every letter is listed on the person's page and in
// the audit log.
func TestVisaLetterPDF(t *testing.T) {
	needChromium(t)
	app := newTestApp(t)
	ctx := context.Background()
	if _, err := browser.PrintHTML(ctx, []byte("<p>warm up</p>")); err != nil {
		t.Fatalf("start the print browser: %v", err)
	}
	admin := app.as(convene.RoleAdmin)
	requireVisaFor(t, admin, "KHM")
	admin.get(retreat + "/letters/templates/visa")
	if resp, _ := admin.post(retreat+"/letters/templates/visa", url.Values{"body": {convene.DefaultLetterBody(convene.LetterVisa)},
		"signatory": {"Nguyễn Thị Hương\nHead of the Secretariat"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save the template: %d", resp.StatusCode)
	}
	r := letterPerson(t, app, "KHM", khmerDelegate())
	page := fmt.Sprintf("%s/delegates/%d/letters", retreat, r.ID)
	issue := func() (ref, text, fonts string) {
		t.Helper()
		before := issuedLetters(mustGet(t, admin, page))
		if resp, _ := admin.post(page, nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("issue: status %d", resp.StatusCode)
		}
		after := issuedLetters(mustGet(t, admin, page))
		for ref, href := range after {
			if _, ok := before[ref]; ok {
				continue
			}
			resp, pdf := admin.get(href)
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" {
				t.Fatalf("download %s: %d %s", ref, resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			text, fonts := pdfText(t, []byte(pdf), strings.ReplaceAll(ref, "/", "-")+".pdf")
			return ref, squash(text), fonts
		}
		t.Fatalf("no new letter listed on the person's page")
		return "", "", ""
	}

	ref1, text, fonts := issue()
	for _, want := range []string{"ចាន់ដារ៉ា", "CHANDARA", "NguyễnThịHương", ref1, "Cambodia"} {
		if !strings.Contains(text, squash(want)) {
			t.Errorf("letter %s lacks %q", ref1, want)
		}
	}
	if !strings.Contains(text, khmerPassport) {
		t.Errorf("letter %s lacks the passport number", ref1)
	}
	if !regexp.MustCompile(`(?m)^\S*NotoSansKhmer\S*\s.*\syes\s`).MatchString(fonts) {
		t.Errorf("the Khmer font is not embedded in the letter")
	}
	if ref1 != "ADMM-RETREAT-2025/VISA/0001" {
		t.Errorf("first reference %q", ref1)
	}

	// A change of passport waits for approval: the letter keeps the
	// approved number.
	proposed := r
	proposed.PassportNumber = khmerPassportNew
	change, err := app.db.UpdateRegistration(ctx, &proposed)
	if err != nil || change.ID == 0 {
		t.Fatalf("propose a change: %v (change %d)", err, change.ID)
	}
	ref2, text, _ := issue()
	if !strings.Contains(text, khmerPassport) || strings.Contains(text, khmerPassportNew) {
		t.Errorf("a letter issued while a change waits does not print the approved passport number")
	}
	if _, err := app.db.DecideChange(ctx, r.MeetingID, change.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	ref3, text, _ := issue()
	if !strings.Contains(text, khmerPassportNew) || strings.Contains(text, khmerPassport) {
		t.Errorf("the letter re-issued after the approval does not print the new passport number")
	}
	if ref3 == ref1 || ref3 == ref2 || ref2 == ref1 {
		t.Errorf("references repeat: %s %s %s", ref1, ref2, ref3)
	}
	_, audit := admin.get("/audit")
	for _, ref := range []string{ref1, ref2, ref3} {
		if !strings.Contains(audit, ref) {
			t.Errorf("the audit log does not name %s", ref)
		}
	}
	if strings.Contains(app.log.String(), khmerPassport) || strings.Contains(app.log.String(), khmerPassportNew) {
		t.Errorf("a passport number reached the log")
	}

	// An invitation letter to the delegation, the same way.
	admin.get(retreat + "/letters")
	if resp, _ := admin.post(retreat+"/delegations/khm/invitation-letter", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("invitation letter: %d", resp.StatusCode)
	}
	inv := issuedLetters(mustGet(t, admin, retreat+"/letters"))
	href, ok := inv["ADMM-RETREAT-2025/INV/0001"]
	if !ok {
		t.Fatalf("the invitation letter is not listed")
	}
	resp, pdf := admin.get(href)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("download the invitation: %d", resp.StatusCode)
	}
	text, _ = pdfText(t, []byte(pdf), "invitation.pdf")
	if !strings.Contains(squash(text), squash("Ministry of National Defence of Cambodia")) || strings.Contains(text, khmerPassportNew) {
		t.Errorf("the invitation letter is not addressed to Cambodia's ministry, or carries a passport number")
	}
}

func mustGet(t *testing.T, c *client, path string) string {
	t.Helper()
	resp, body := c.get(path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, resp.StatusCode)
	}
	return body
}

// TestVisaLetterRefused: no letter, and nothing written, for a person not
// accredited or not needing a visa, nor for a focal point the meeting does
// not allow; a template with an unknown placeholder or a letterhead that
// is not an image is refused next to its field with nothing written.
func TestVisaLetterRefused(t *testing.T) {
	app := newTestApp(t)
	admin := app.as(convene.RoleAdmin)
	requireVisaFor(t, admin, "KHM")
	submitted := khmerDelegate()
	submitted.Status, submitted.GivenName = convene.RegSubmitted, "សុភា"
	notAccredited := letterPerson(t, app, "KHM", submitted)
	vietnamese := letterPerson(t, app, "VNM", convene.Delegate{GivenName: "Văn An", FamilyName: "Nguyễn", FamilyNameFirst: true,
		Role: convene.RoleAdviser, Nationality: "VNM", PassportType: convene.PassportOrdinary, PassportNumber: "C0000042",
		PassportExpiry: convene.Date{Year: 2031, Month: 1, Day: 31}})
	cases := []struct {
		name string
		who  *client
		id   int64
		code int
		want string
	}{
		{"not accredited", admin, notAccredited.ID, http.StatusUnprocessableEntity, "only for an accredited person"},
		{"needs no visa", admin, vietnamese.ID, http.StatusUnprocessableEntity, "needs no visa"},
		{"focal point not allowed", app.as(convene.RoleFocal), vietnamese.ID, http.StatusUnprocessableEntity, "The secretariat issues"},
	}
	for _, c := range cases {
		page := fmt.Sprintf("%s/delegates/%d/letters", retreat, c.id)
		c.who.get(page)
		before := app.tableCounts()
		resp, body := c.who.post(page, nil)
		if resp.StatusCode != c.code || !strings.Contains(body, c.want) {
			t.Errorf("%s: status %d, want %d with %q", c.name, resp.StatusCode, c.code, c.want)
		}
		if after := app.tableCounts(); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("%s: a refused letter wrote something", c.name)
		}
	}

	// The focal point, once allowed, is still refused for a person who
	// needs no visa.
	admin.get(retreat + "/letters/templates/visa")
	if resp, _ := admin.post(retreat+"/letters/templates/visa", url.Values{"body": {"Ref. {{reference}}"},
		"focal_may_issue": {"1"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("allow focal points: %d", resp.StatusCode)
	}
	focal := app.as(convene.RoleFocal)
	page := fmt.Sprintf("%s/delegates/%d/letters", retreat, vietnamese.ID)
	focal.get(page)
	if resp, body := focal.post(page, nil); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "needs no visa") {
		t.Errorf("focal point, person exempt: %d", resp.StatusCode)
	}

	// Templates.
	tpl := retreat + "/letters/templates/invitation"
	admin.get(tpl)
	before := app.tableCounts()
	resp, body := admin.post(tpl, url.Values{"body": {"Dear {{nmae}}, welcome to {{meeting}}."}, "signatory": {"A"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-body"`) ||
		!strings.Contains(body, "{{nmae}} is not a placeholder") || !strings.Contains(body, "welcome to {{meeting}}") {
		t.Errorf("unknown placeholder: status %d, or no message next to the field, or the text not kept", resp.StatusCode)
	}
	resp, body = admin.uploadFile(tpl, "letterhead", "head.png", "image/png", []byte("MZ\x90\x00 this is no image"))
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-letterhead"`) {
		t.Errorf("letterhead that is no image: status %d", resp.StatusCode)
	}
	if after := app.tableCounts(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("a refused template wrote something")
	}
	if _, body := admin.get(tpl + "/preview"); !strings.Contains(body, "Ministry of National Defence of Viet Nam") {
		t.Errorf("the preview does not fill the sample data")
	}
}

// TestPreNotificationXLSX: the secretariat only, the accredited people's
// passport data and flights from the travel store, each export audited.
func TestPreNotificationXLSX(t *testing.T) {
	app := newTestApp(t)
	const path = retreat + "/pre-notification.xlsx"
	for _, role := range []convene.Role{convene.RoleFocal, convene.RoleOrganiser, convene.RoleDelegate} {
		if resp, _ := app.as(role).get(path); resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", role, resp.StatusCode)
		}
	}
	admin := app.as(convene.RoleAdmin)
	before := app.tableCounts()["audit_log"]
	resp, body := admin.get(path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if n := app.tableCounts()["audit_log"]; n != before+1 {
		t.Errorf("audit rows %d → %d, want one more", before, n)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, row := range rows {
		// The demo's Australian interpreter in Lao PDR's delegation.
		if len(row) > 12 && row[5] == "AUS" && row[7] == "PA0004711" && row[10] != "" && row[11] == "PEN" {
			found = true
		}
	}
	if !found {
		t.Errorf("the interpreter's passport and arrival flight are not in the list (%d rows)", len(rows))
	}
}

// TestPurgeRemovesLetters: the meeting's purge deletes its issued letters
// with the rest of its personal data.
func TestPurgeRemovesLetters(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	r := letterPerson(t, app, "KHM", khmerDelegate())
	l := convene.Letter{MeetingID: r.MeetingID, Kind: convene.LetterVisa, Seq: 1, Reference: "ADMM-RETREAT-2025/VISA/0001",
		DelegationID: r.DelegationID, DelegateID: r.ID, Addressee: r.DisplayName(), PDF: []byte("%PDF-1.4 " + khmerPassport)}
	if err := app.db.IssueLetter(ctx, &l, r.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	if ls, _ := app.db.FindLetters(ctx, convene.LetterFilter{MeetingID: r.MeetingID}); len(ls) != 1 {
		t.Fatalf("control: %d letters before the purge", len(ls))
	}
	res, err := app.db.PurgePersonalData(ctx, "admm-retreat-2025", 30)
	if err != nil {
		t.Fatal(err)
	}
	if ls, _ := app.db.FindLetters(ctx, convene.LetterFilter{MeetingID: r.MeetingID}); len(ls) != 0 || res.Letters != 1 {
		t.Errorf("after the purge: %d letters left, %d reported purged", len(ls), res.Letters)
	}
	if _, err := app.db.FindLetter(ctx, r.MeetingID, l.ID); convene.ErrorCode(err) != convene.ENOTFOUND {
		t.Errorf("the purged letter still downloads: %v", err)
	}
}

// TestDemoVisaLetterReady: on the demo, the Retreat's Australian
// interpreter in Lao PDR's delegation needs a visa by the default rules,
// so the secretariat finds the button that issues her letter, and the
// letters page offers every delegation's invitation letter.
func TestDemoVisaLetterReady(t *testing.T) {
	app := newTestApp(t)
	admin := app.as(convene.RoleAdmin)
	p := app.findPerson("admm-retreat-2025", "Sarah")
	if p.Status != convene.RegAccredited || p.Nationality != "AUS" {
		t.Fatalf("the demo interpreter is %s, nationality %s", p.Status, p.Nationality)
	}
	body := mustGet(t, admin, fmt.Sprintf("%s/delegates/%d/letters", retreat, p.ID))
	if !strings.Contains(body, `id="issue-visa-letter"`) || strings.Contains(body, `id="visa-verdict"`) {
		t.Errorf("the demo interpreter's letters page offers no visa letter")
	}
	body = mustGet(t, admin, fmt.Sprintf("%s/delegates/%d/letters", retreat, app.findPerson("admm-retreat-2025", "Quốc Bình").ID))
	if !strings.Contains(body, `id="visa-verdict"`) || !strings.Contains(body, "needs no visa") {
		t.Errorf("Viet Nam's minister is offered a visa letter")
	}
	body = mustGet(t, admin, retreat+"/letters")
	if n := strings.Count(body, "Issue invitation letter"); n != 11 {
		t.Errorf("%d invitation buttons, want one per delegation (11)", n)
	}
	if rules := mustGet(t, admin, retreat+"/visa-rules"); !strings.Contains(rules, `name="visa_AUS_ordinary" value="1" checked`) ||
		strings.Contains(rules, `name="visa_VNM_ordinary" value="1" checked`) {
		t.Errorf("the visa rules page does not show the defaults (AUS required, VNM exempt)")
	}
}
