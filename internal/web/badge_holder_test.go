package web

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"convene/internal/browser"
	"convene/internal/convene"
)

// retreatHolders returns the Retreat's badge holders as the store reads
// them, by name.
func retreatHolders(t *testing.T, app *testApp) (convene.Meeting, map[string]convene.BadgeHolder) {
	t.Helper()
	m, err := app.db.FindMeetingByCode(t.Context(), "admm-retreat-2025")
	if err != nil {
		t.Fatal(err)
	}
	hs, err := app.db.FindBadgeHolders(t.Context(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]convene.BadgeHolder{}
	for _, h := range hs {
		out[h.Name] = h
	}
	return m, out
}

// TestBadgeHolderFormRoundTrips: bad input on the badge holders' forms
// comes back 422 with the message next to the field and what was typed
// kept, and writes nothing; good input registers the holder and changes a
// category's zones.
func TestBadgeHolderFormRoundTrips(t *testing.T) {
	app := newTestApp(t)
	c := app.as(convene.RoleOfficer)
	_, page := c.get(retreatPath + "/badge-holders")
	for _, want := range []string{"Trần Thị Hương", "Vietnam News Agency", "Insp. Kumaran a/l Velu", "Mej. Ahmad Faizal bin Rosli"} {
		if !strings.Contains(page, want) {
			t.Errorf("the badge holders' page lacks %q", want)
		}
	}
	before := app.tableCounts()
	for _, tc := range []struct {
		name  string
		form  url.Values
		field string
		kept  string
	}{
		{"no name", url.Values{"category": {"staff"}, "organisation": {"Protocol Division"}}, "name", "Protocol Division"},
		{"no category", url.Values{"name": {"Siti Hajar"}}, "category", "Siti Hajar"},
		{"unknown category", url.Values{"category": {"head"}, "name": {"Siti Hajar"}}, "category", "Siti Hajar"},
		{"liaison without officer", url.Values{"category": {"liaison"}}, "liaison_officer_id", ""},
		{"officer of a staff badge", url.Values{"category": {"staff"}, "name": {"Siti Hajar"}, "liaison_officer_id": {"1"}}, "liaison_officer_id", "Siti Hajar"},
		{"officer not a number", url.Values{"category": {"liaison"}, "liaison_officer_id": {"x"}}, "liaison_officer_id", ""},
	} {
		resp, body := c.post(retreatPath+"/badge-holders", tc.form)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", tc.name, resp.StatusCode)
			continue
		}
		if !strings.Contains(body, `id="e-`+tc.field+`"`) {
			t.Errorf("%s: no message next to %s", tc.name, tc.field)
		}
		if tc.kept != "" && !strings.Contains(body, `value="`+tc.kept+`"`) {
			t.Errorf("%s: %q not kept", tc.name, tc.kept)
		}
	}
	resp, body := c.post(retreatPath+"/badge-holders/zones", url.Values{"category": {"media"}, "zones": {"media", "kitchen"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-zones"`) {
		t.Errorf("an unknown zone: status %d, message next to the zones: %v", resp.StatusCode, strings.Contains(body, `id="e-zones"`))
	}
	if resp, _ := c.post(retreatPath+"/badge-holders/zones", url.Values{"category": {"caterer"}, "zones": {"media"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("an unknown category's zones: status %d", resp.StatusCode)
	}
	if after := app.tableCounts(); !maps.Equal(before, after) {
		t.Errorf("refused forms wrote rows: before %v, after %v", before, after)
	}

	if resp, _ := c.post(retreatPath+"/badge-holders", url.Values{"category": {"staff"}, "name": {"Siti Hajar binti Musa"},
		"organisation": {"Protocol Division"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("register a staff member: %d", resp.StatusCode)
	}
	_, holders := retreatHolders(t, app)
	if h := holders["Siti Hajar binti Musa"]; h.Category != convene.BandStaff || h.Organisation != "Protocol Division" || h.Badge.ID != 0 {
		t.Errorf("registered %+v", h)
	}
	if resp, _ := c.post(retreatPath+"/badge-holders/zones", url.Values{"category": {"media"}, "zones": {"plenary", "media"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("set the media's zones: %d", resp.StatusCode)
	}
	_, page = c.get(retreatPath + "/badge-holders")
	row := regexp.MustCompile(`(?s)<tr data-category="media">.*?</tr>`).FindString(page[strings.Index(page, `id="zone-table"`):])
	if !strings.Contains(row, `value="plenary" checked`) || !strings.Contains(row, `value="media" checked`) ||
		strings.Contains(row, `value="retreat" checked`) {
		t.Errorf("the media's zones after the change:\n%s", row)
	}
	// An organiser prints but does not register or change zones.
	if resp, _ := app.as(convene.RoleOrganiser).post(retreatPath+"/badge-holders", url.Values{"category": {"staff"}, "name": {"X"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an organiser registers a holder: %d", resp.StatusCode)
	}
}

// TestHolderBadgesInPDF registers a secretariat officer through the page,
// prints the badge holders' run, and renders it as A6 and ID-1 PDFs: the
// page counts follow from the number of badges, and the text read back
// with pdftotext carries each category's word and its zones.
func TestHolderBadgesInPDF(t *testing.T) {
	needChromium(t)
	app := newTestApp(t)
	if _, err := browser.PrintHTML(t.Context(), []byte("<p>warm up</p>")); err != nil {
		t.Fatalf("start the print browser: %v", err)
	}
	officer := app.as(convene.RoleOfficer)
	if resp, _ := officer.post(retreatPath+"/badge-holders", url.Values{"category": {"staff"}, "name": {"Siti Hajar binti Musa"},
		"organisation": {"Protocol Division"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("register: %d", resp.StatusCode)
	}
	c := app.as(convene.RoleOrganiser)
	resp, _ := c.post(retreatPath+"/badge-holders/print", url.Values{"layout": {"a6"}})
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "holders=only") || !strings.Contains(loc, "layout=a6") {
		t.Fatalf("print the holders' run: %d to %q", resp.StatusCode, loc)
	}
	_, holders := retreatHolders(t, app)
	n := 0
	for _, h := range holders {
		if h.Badge.ID != 0 {
			n++
		}
	}
	if n != len(holders) || n < 9 {
		t.Fatalf("%d of %d holders have a badge after the run", n, len(holders))
	}
	_, sheet := c.get(retreatPath + "/badges/sheet?holders=only&layout=a6")
	if got := strings.Count(sheet, `<article class="badge-a6"`); got != n {
		t.Fatalf("the holders' A6 sheet has %d badges, want %d", got, n)
	}
	for _, tc := range []struct {
		layout string
		pages  int
	}{{"a6", (n + 3) / 4}, {"id1", (n + 7) / 8}} {
		resp, pdf := c.get(retreatPath + "/badges/sheet.pdf?holders=only&layout=" + tc.layout)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", tc.layout, resp.StatusCode)
		}
		name := "holders-" + tc.layout + ".pdf"
		if pages, _ := pdfInfo(t, []byte(pdf), name); pages != tc.pages {
			t.Errorf("%s: %d pages for %d badges, want %d", tc.layout, pages, n, tc.pages)
		}
		text, fonts := pdfText(t, []byte(pdf), name)
		flat := strings.Join(strings.Fields(text), " ")
		// The badge code prints in the served monospace face.
		if !strings.Contains(fonts, "NotoSansMono") {
			t.Errorf("%s: the badge code's monospace face is not embedded:\n%s", tc.layout, fonts)
		}
		for _, want := range []string{"Secretariat", "Siti Hajar binti Musa", "Protocol Division", "Media", "Trần Thị Hương",
			"Vietnam News Agency", "Driver", "Security", "Liaison officer", "Zones:", "Media centre", "Drop-off",
			"Plenary · Retreat room · Delegation offices · Media centre"} {
			if !strings.Contains(flat, want) {
				t.Errorf("%s: the PDF lacks %q", tc.layout, want)
			}
		}
	}
	// The sheet of everyone prints the delegates and then the holders.
	_, all := c.get(retreatPath + "/badges/sheet")
	if !strings.Contains(all, "Trần Thị Hương") || !strings.Contains(all, "band-staff") {
		t.Error("the sheet of every badge leaves the badge holders out")
	}
}

// TestBandColoursInCSS holds the print and desk stylesheets to the
// domain's category colours, whose contrast convene's tests check.
func TestBandColoursInCSS(t *testing.T) {
	for _, file := range []string{"../../static/css/print.css", "../../static/css/check_in.css"} {
		css, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range convene.BadgeBands {
			rule := fmt.Sprintf(".band-%s { background: %s; }", b, b.Colour())
			if !strings.Contains(string(css), rule) {
				t.Errorf("%s lacks %q", file, rule)
			}
		}
	}
}

// deskCheckIn types a code at the meeting's desk (arrival at the venue) and
// returns the status and the page it lands on.
func deskCheckIn(t *testing.T, c *client, code string, _ url.Values) (int, string) {
	t.Helper()
	c.get(retreat + "/check-in")
	resp, body := c.post(retreat+"/check-in", url.Values{"code": {code}, "session": {""}})
	if resp.StatusCode == http.StatusSeeOther {
		_, body = c.get(resp.Header.Get("Location"))
	}
	return resp.StatusCode, body
}

// TestHolderCheckIn: a media badge holder's badge checks in at the desk
// like a delegate's, and the answer shows the category and the zones the
// badge opens; a second scan writes nothing; a revoked holder's badge is
// refused with the reason, 422, and nothing is written; a delegate's
// answer shows the zones of the delegate's role.
func TestHolderCheckIn(t *testing.T) {
	app := newTestApp(t)
	_, holders := retreatHolders(t, app)
	media, security := holders["Trần Thị Hương"], holders["Insp. Kumaran a/l Velu"]
	if media.Badge.ID == 0 || security.Badge.ID == 0 {
		t.Fatal("the demo's media and security holders have no badge")
	}
	c := app.as(convene.RoleOrganiser)
	status, body := deskCheckIn(t, c, strings.ToLower(convene.GroupBadgeCode(media.Badge.Code)), nil)
	if status != http.StatusSeeOther {
		t.Fatalf("check in the media holder: %d\n%s", status, regexp.MustCompile(`(?s)<span class="error"[^>]*>.*?</span>`).FindString(body))
	}
	answer := body[strings.Index(body, `id="check-in-answer"`):]
	answer = answer[:strings.Index(answer, "</section>")]
	for _, want := range []string{"Trần Thị Hương", "Vietnam News Agency", "band-media", ">Media<", `id="answer-zones"`,
		"Zones: <strong>Media centre</strong>"} {
		if !strings.Contains(answer, want) {
			t.Errorf("the desk's answer lacks %q:\n%s", want, answer)
		}
	}
	before := app.tableCounts()
	if status, body := deskCheckIn(t, c, media.Badge.Code, nil); status != http.StatusSeeOther || !strings.Contains(body, "Already checked in") {
		t.Errorf("second scan: %d", status)
	}
	if after := app.tableCounts(); !maps.Equal(before, after) {
		t.Errorf("a second scan wrote rows")
	}

	officer := app.as(convene.RoleOfficer)
	revoke := fmt.Sprintf("%s/badge-holders/badges/%d/revoke", retreatPath, security.Badge.ID)
	if resp, _ := officer.post(revoke, url.Values{}); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != revoke {
		t.Fatalf("revoke without confirmation: %d to %q, want the confirmation page", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, page := officer.get(revoke); !strings.Contains(page, "Revoke this badge?") {
		t.Fatal("no confirmation page")
	}
	if resp, _ := officer.post(revoke, url.Values{"confirm": {"yes"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", resp.StatusCode)
	}
	before = app.tableCounts()
	status, body = deskCheckIn(t, c, security.Badge.Code, nil)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "badge was revoked") || !strings.Contains(body, `id="e-code"`) {
		t.Errorf("a revoked holder's badge: %d", status)
	}
	if after := app.tableCounts(); !maps.Equal(before, after) {
		t.Errorf("a refused check-in wrote rows")
	}
	// A delegate's answer shows the zones of the delegate's category too.
	vn := app.delegateNamed("Quốc Bình")
	zones := convene.ZoneWords(convene.DefaultZones(convene.Band(vn.Role)))
	if _, body := checkIn(t, c, printOne(t, c, vn.ID)); !strings.Contains(body, "Zones: <strong>"+zones+"</strong>") {
		t.Errorf("a delegate's answer lacks the zones %q", zones)
	}
	if status, body := deskCheckIn(t, c, "ZZZZ-ZZZZ-ZZZZ-ZZZZ", nil); status != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "No badge has this code") {
		t.Errorf("an unknown code: %d", status)
	}
}
