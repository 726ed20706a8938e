package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"convene/internal/browser/browsertest"
	"convene/internal/convene"
	"convene/internal/sqlite"
)

// accreditScripts adds accredited Retreat delegates whose names are in Lao,
// Khmer and Myanmar script to the running demo's database (the demo's own
// accredited people already have Thai and Vietnamese names), so that one
// badge sheet carries all five scripts.
func accreditScripts(t *testing.T, d *demoServer) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(d.dir, "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m, err := db.FindMeetingByCode(ctx, "admm-retreat-2025")
	if err != nil {
		t.Fatal(err)
	}
	gs, err := db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
	if err != nil {
		t.Fatal(err)
	}
	people := map[string]convene.Delegate{
		"LAO": {Honorific: "Maj.", GivenName: "ສົມສັກ", FamilyName: "ພົມມະວົງ", Position: "Liaison Officer", Role: convene.RoleLiaison},
		"KHM": {Honorific: "Capt.", GivenName: "ដារ៉ា", FamilyName: "ចាន់", FamilyNameFirst: true, Position: "Close Protection", Role: convene.RoleSecurity},
		"MMR": {GivenName: "ကျော်ဇော", Position: "Myanma Radio and Television", Role: convene.RoleMedia},
	}
	for _, g := range gs {
		p, ok := people[g.Country.ISO3]
		if !ok {
			continue
		}
		p.DelegationID, p.Status, p.Country = g.ID, convene.RegAccredited, g.Country
		if err := db.CreateDelegate(ctx, &p); err != nil {
			t.Fatal(err)
		}
	}
}

var codeAttr = regexp.MustCompile(`^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$`)

// TestBrowserBadgesPrintInEveryScript has an organiser print every badge not
// yet printed, then prints the sheet to PDF: the Thai, Lao and Vietnamese
// names come back intact from pdftotext, and pdffonts shows the Thai, Lao,
// Khmer and Myanmar fonts embedded, so those names were drawn in their
// script rather than as boxes.
func TestBrowserBadgesPrintInEveryScript(t *testing.T) {
	d := startDemo(t)
	accreditScripts(t, d)
	ctx := browsertest.Tab(t)
	browserSignIn(t, ctx, d, "organiser@demo.test")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/meetings/admm-retreat-2025"),
		chromedp.Click(chromedp.ID("print-room-link")),
		chromedp.WaitVisible(chromedp.ID("printables")),
		chromedp.Click(chromedp.CSS(`#printables a[href$="/badges"]`)),
		chromedp.WaitVisible(chromedp.ID("print-unprinted")),
		chromedp.Click(chromedp.ID("print-unprinted")),
		chromedp.WaitVisible(chromedp.CSS("article.badge")),
	); err != nil {
		t.Fatal(err)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("article.badge").length`))
	if err != nil || n < 10 {
		t.Fatalf("sheet shows %d badges (%v)", n, err)
	}
	browsertest.Screenshot(t, ctx, screenshotDir(), "badge-sheet")
	if layout := printToPDF(t, ctx, "badge-sheet"); strings.Contains(layout, "Download PDF") {
		t.Errorf("printed badges carry the toolbar")
	}
	// Read the text in reading order (not the -layout columns, which
	// interleave two badges side by side), and as one line of words, since a
	// long name wraps on the badge.
	raw, err := exec.Command("pdftotext", filepath.Join(screenshotDir(), "badge-sheet.pdf"), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(raw)), " ")
	for _, want := range []string{"สมชาย ใจดี", "ສົມສັກ ພົມມະວົງ", "Trần Quốc Bình", "Head of Delegation", "ADMM Retreat 2025"} {
		if !strings.Contains(text, want) {
			t.Errorf("printed badges lack %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Sign out") || strings.Contains(text, "Download PDF") {
		t.Errorf("printed badges carry the toolbar")
	}
	out, err := exec.Command("pdffonts", filepath.Join(screenshotDir(), "badge-sheet.pdf")).Output()
	if err != nil {
		t.Fatalf("pdffonts: %v", err)
	}
	for _, font := range []string{"NotoSansThai", "NotoSansLao", "NotoSansKhmer", "NotoSansMyanmar"} {
		if !regexp.MustCompile(`(?m)^\S*` + font + `\S*\s.*\syes\s`).Match(out) {
			t.Errorf("font %s is not embedded in the badge PDF:\n%s", font, out)
		}
	}
	for _, secret := range []string{"C1234567", "wheelchair"} {
		if strings.Contains(text, secret) {
			t.Errorf("badge PDF shows personal data %q", secret)
		}
	}
}

// TestBrowserCheckInByTypingACode prints one badge, then checks its holder
// in at the desk by typing the code shown on the badge, and sees the count
// for the delegation go to 1.
func TestBrowserCheckInByTypingACode(t *testing.T) {
	d := startDemo(t)
	ctx := browsertest.Tab(t)
	browserSignIn(t, ctx, d, "organiser@demo.test")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/meetings/admm-retreat-2025/badges"),
		chromedp.WaitVisible(chromedp.ID("badges")),
		chromedp.Click(chromedp.CSS(`#badges tr:first-child button.print-one`)),
		chromedp.WaitVisible(chromedp.CSS("article.badge")),
	); err != nil {
		t.Fatal(err)
	}
	code, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("article.badge .code").textContent`))
	if err != nil || !codeAttr.MatchString(code) {
		t.Fatalf("badge code %q (%v)", code, err)
	}
	iso, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("article.badge .band span:last-child").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/meetings/admm-retreat-2025/check-in"),
		chromedp.WaitVisible(chromedp.ID("f-code")),
		chromedp.SendKeys(chromedp.ID("f-code"), strings.ToLower(code)),
		chromedp.Click(chromedp.ID("check-in")),
		chromedp.WaitVisible(chromedp.CSS(".flash-success")),
	); err != nil {
		t.Fatal(err)
	}
	// The page after the check-in comes through the desk's service worker
	// and may still be parsing when its flash shows.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.readyState === "complete"`)); err != nil {
		t.Fatal(err)
	}
	flash, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".flash-success").textContent`))
	if err != nil || !strings.HasPrefix(flash, "Checked in: ") {
		t.Errorf("flash after check-in: %q (%v)", flash, err)
	}
	count, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#counts tr[data-country="`+iso+`"] .checked').textContent`))
	if err != nil || count != "1" {
		t.Errorf("count for %s after check-in: %q (%v)", iso, count, err)
	}
	browsertest.Screenshot(t, ctx, screenshotDir(), "check-in")
}
