package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"convene/internal/browser/browsertest"
)

// programmeShots is where the programme's browser test leaves screenshots:
// the test's own temporary directory unless CONVENE_SCREENSHOTS names one a
// person can open afterwards.
func programmeShots(t *testing.T) string {
	if d := os.Getenv("CONVENE_SCREENSHOTS"); d != "" {
		return d
	}
	return t.TempDir()
}

// TestBrowserSecretariatAddsSession: a secretariat officer signs in, adds a
// session through the form in Chromium, and sees it on the programme page in
// venue time with the zone named; a visitor does not see it because it is
// for delegates only.
func TestBrowserSecretariatAddsSession(t *testing.T) {
	d := startDemo(t)
	ctx := browsertest.Tab(t)
	title := "ការប្រជុំពិសេស: HADR tabletop briefing"
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/sign-in"),
		chromedp.WaitVisible(chromedp.ID("f-email")),
		chromedp.SendKeys(chromedp.ID("f-email"), "staff@demo.test"),
		chromedp.SendKeys(chromedp.ID("f-password"), d.password),
		chromedp.Submit(chromedp.ID("f-password")),
		chromedp.WaitVisible(chromedp.CSS(`.who form[action="/sign-out"]`)),
		chromedp.Navigate(d.url+"/meetings/admm-retreat-2025/programme"),
		chromedp.Click(chromedp.CSS(`a[href="/meetings/admm-retreat-2025/programme/new"]`)),
		chromedp.WaitVisible(chromedp.ID("f-title")),
		chromedp.SendKeys(chromedp.ID("f-title"), title),
		chromedp.SetValue(chromedp.ID("f-kind"), "working_group"),
		chromedp.SetValue(chromedp.ID("f-day"), "2025-02-26"),
		chromedp.SetValue(chromedp.ID("f-start"), "07:00"),
		chromedp.SetValue(chromedp.ID("f-end"), "07:45"),
		chromedp.SetValue(chromedp.ID("f-attendance"), "heads_plus"),
		chromedp.SendKeys(chromedp.ID("f-heads_plus"), "1"),
		chromedp.SetValue(chromedp.ID("f-visibility"), "delegates"),
		chromedp.SendKeys(chromedp.ID("f-public_notes"), "Breakfast served in the room."),
		chromedp.Submit(chromedp.ID("f-title")),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	); err != nil {
		t.Fatal(err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.Contains(loc, "/meetings/admm-retreat-2025/programme#session-") {
		t.Fatalf("after saving the browser is at %q (%v)", loc, err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{title, "07:00–07:45 MYT", "Heads of delegation plus 1", "saved"} {
		if !strings.Contains(text, want) {
			t.Errorf("programme page lacks %q", want)
		}
	}
	shot := browsertest.Screenshot(t, ctx, programmeShots(t), "programme-after-adding-a-session")
	t.Logf("screenshot: %s", shot)

	// The programme prints without navigation.
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPrintBackground()))
	if err != nil || len(pdf) < 1000 {
		t.Fatalf("print: %d bytes, %v", len(pdf), err)
	}

	// Published, then signed out: the visitor's programme does not show a
	// delegates' session.
	if err := chromedp.Do(ctx,
		// The page already shows the session's flash: wait for the
		// publication's own, or the sign-out below races the publish.
		chromedp.Click(chromedp.CSS(`form[action$="/programme/publish"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.Search(`//*[contains(@class, "flash")][contains(., "Programme published as version")]`)),
		chromedp.Click(chromedp.CSS(`.who button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.who a[href="/sign-in"]`)),
		chromedp.Navigate(d.url+"/meetings/admm-retreat-2025/programme"),
		chromedp.WaitVisible(chromedp.CSS("main h1")),
	); err != nil {
		t.Fatal(err)
	}
	public, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(public, title) || !strings.Contains(public, "Official opening of the ADMM Retreat 2025") {
		t.Errorf("visitor's programme is wrong:\n%s", public)
	}
}

// pdfText returns the text of a PDF with poppler's pdftotext, and its
// page count from pdfinfo.
func pdfText(t *testing.T, pdf []byte) (string, int) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext (poppler-utils) is not installed and CI=true")
		}
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	path := filepath.Join(t.TempDir(), "programme.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	info, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo: %s", info)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return string(out), n
}

// TestBrowserProgrammePrintsOneDayPerPage: the secretariat makes the Retreat
// a two-day meeting, adds a public session on the second day and publishes
// the programme; the public
// programme printed by Chromium on A4 has one page per day, the meeting,
// venue and zone on each, and no navigation.
func TestBrowserProgrammePrintsOneDayPerPage(t *testing.T) {
	d := startDemo(t)
	ctx := browsertest.Tab(t)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/sign-in"),
		chromedp.WaitVisible(chromedp.ID("f-email")),
		chromedp.SendKeys(chromedp.ID("f-email"), "staff@demo.test"),
		chromedp.SendKeys(chromedp.ID("f-password"), d.password),
		chromedp.Submit(chromedp.ID("f-password")),
		chromedp.WaitVisible(chromedp.CSS(`.who form[action="/sign-out"]`)),
		chromedp.Navigate(d.url+"/meetings/admm-retreat-2025/edit"),
		chromedp.WaitVisible(chromedp.ID("f-end_date")),
		chromedp.SetValue(chromedp.ID("f-end_date"), "2025-02-27"),
		chromedp.Submit(chromedp.ID("f-title")),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
		chromedp.Navigate(d.url+"/meetings/admm-retreat-2025/programme/new"),
		chromedp.WaitVisible(chromedp.ID("f-title")),
		chromedp.SendKeys(chromedp.ID("f-title"), "Field visit to the Butterworth air base"),
		chromedp.SetValue(chromedp.ID("f-kind"), "transfer"),
		chromedp.SetValue(chromedp.ID("f-day"), "2025-02-27"),
		chromedp.SetValue(chromedp.ID("f-start"), "09:00"),
		chromedp.SetValue(chromedp.ID("f-end"), "12:00"),
		chromedp.SetValue(chromedp.ID("f-visibility"), "public"),
		chromedp.Submit(chromedp.ID("f-title")),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
		// Visitors see it once the programme is published.
		// The page already shows the session's flash: wait for the
		// publication's own, or the sign-out below races the publish.
		chromedp.Click(chromedp.CSS(`form[action$="/programme/publish"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.Search(`//*[contains(@class, "flash")][contains(., "Programme published as version")]`)),
		chromedp.Click(chromedp.CSS(`.who button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.who a[href="/sign-in"]`)),
		chromedp.Navigate(d.url+"/meetings/admm-retreat-2025/programme"),
		chromedp.WaitVisible(chromedp.CSS("main h1")),
	); err != nil {
		t.Fatal(err)
	}
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPrintBackground()))
	if err != nil {
		t.Fatal(err)
	}
	text, pages := pdfText(t, pdf)
	if pages != 2 {
		t.Errorf("printed programme has %d pages, want one per day (2):\n%s", pages, text)
	}
	if n := strings.Count(text, "All times MYT (Asia/Kuala_Lumpur)"); n != 2 || strings.Count(text, "ADMM Retreat 2025 ·") != 2 {
		t.Errorf("meeting, venue and zone are not on every page (%d):\n%s", n, text)
	}
	for _, nav := range []string{"Sign in", "Calendar", "Skip to main content", "Add a session"} {
		if strings.Contains(text, nav) {
			t.Errorf("the print shows %q:\n%s", nav, text)
		}
	}
	if !strings.Contains(text, "Wednesday, 26 February 2025") || !strings.Contains(text, "Thursday, 27 February 2025") {
		t.Errorf("days missing:\n%s", text)
	}
}

// TestBrowserCalendarYear: a visitor opens the year calendar of the 2025
// cycle and sees ADSOM and ADMM as tentative in September and November.
func TestBrowserCalendarYear(t *testing.T) {
	d := startDemo(t)
	ctx := browsertest.Tab(t)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/"),
		chromedp.Click(chromedp.CSS(`nav a[href="/calendar"]`)),
		chromedp.WaitVisible(chromedp.CSS(`section.month[aria-label="November"]`)),
	); err != nil {
		t.Fatal(err)
	}
	for month, want := range map[string]string{"February": "ADMM Retreat 2025", "September": "ADSOM 2025", "November": "ADMM 2025"} {
		text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`section.month[aria-label="`+month+`"]`)))
		if err != nil || !strings.Contains(text, want) {
			t.Errorf("%s reads %q (%v)", month, text, err)
		}
		if month != "February" && !strings.Contains(text, "Tentative") {
			t.Errorf("%s: %s is not tentative", month, want)
		}
	}
	t.Logf("screenshot: %s", browsertest.Screenshot(t, ctx, programmeShots(t), "calendar-2025"))
}
