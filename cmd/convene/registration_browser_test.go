package main

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"convene/internal/browser/browsertest"
)

// registrationShots is where the registration browser test leaves its
// screenshots: the test's own temporary directory, unless
// CONVENE_SCREENSHOTS names one a person wants to look in.
func registrationShots(t *testing.T) string {
	if d := os.Getenv("CONVENE_SCREENSHOTS"); d != "" {
		return d
	}
	return t.TempDir()
}

func browserSignIn(t *testing.T, ctx context.Context, d *demoServer, email string) {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/sign-in"),
		chromedp.WaitVisible(chromedp.ID("f-email")),
		chromedp.SendKeys(chromedp.ID("f-email"), email),
		chromedp.SendKeys(chromedp.ID("f-password"), d.password),
		chromedp.Submit(chromedp.ID("f-password")),
		chromedp.WaitVisible(chromedp.CSS(`.who form[action="/sign-out"]`)),
	); err != nil {
		t.Fatalf("sign in as %s: %v", email, err)
	}
}

// TestBrowserNominateAndAccredit drives the demo in headless Chromium: the
// focal point of Viet Nam nominates a delegate with a Vietnamese name (and
// first meets the form's refusal), submits the delegation, and the
// secretariat accredits the person from its queue; the accredited name then
// appears on the roster in protocol order.
func TestBrowserNominateAndAccredit(t *testing.T) {
	d := startDemo(t)
	ctx := browsertest.Tab(t)
	shots := registrationShots(t)
	const wg = "/meetings/adsom-wg-2025"

	browserSignIn(t, ctx, d, "focal.vnm@demo.test")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+wg+"/delegations/vnm"),
		chromedp.Click(chromedp.CSS(`a[href$="/delegates/new"]`)),
		chromedp.WaitVisible(chromedp.ID("f-given_name")),
		chromedp.SendKeys(chromedp.ID("f-given_name"), "Thị Lan"),
		chromedp.SendKeys(chromedp.ID("f-family_name"), "Nguyễn"),
		chromedp.Click(chromedp.ID("f-family_name_first")),
		chromedp.SendKeys(chromedp.ID("f-position"), "Deputy Director, Foreign Relations Department"),
		chromedp.SetValue(chromedp.ID("f-passport_expiry"), "2025-03-01"), // too soon: refused
		chromedp.SendKeys(chromedp.ID("f-passport_number"), "C7654321"),
		chromedp.Click(chromedp.ID("save-delegate")),
		chromedp.WaitVisible(chromedp.CSS(".error-summary")),
	); err != nil {
		t.Fatal(err)
	}
	msg, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("e-passport_expiry")))
	if err != nil || !strings.Contains(msg, "six months") {
		t.Errorf("passport message: %q %v", msg, err)
	}
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("f-given_name").value`))
	if err != nil || kept != "Thị Lan" {
		t.Errorf("the refused form kept %q", kept)
	}
	browsertest.Screenshot(t, ctx, shots, "1-nomination-refused")

	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("f-passport_expiry"), "2031-05-31"),
		chromedp.Click(chromedp.ID("save-delegate")),
		chromedp.WaitVisible(chromedp.ID("submit-delegation")),
	); err != nil {
		t.Fatal(err)
	}
	flash, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".flash")))
	if !strings.Contains(flash, "Nguyễn Thị Lan is nominated") {
		t.Errorf("flash after nominating: %q", flash)
	}
	browsertest.Screenshot(t, ctx, shots, "2-nominated")

	// The focal point sends Thị Lan her personal link; she completes her
	// details through it without an account.
	personURL, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`[...document.querySelectorAll("table.roster a")].find(a => a.textContent.includes("Nguyễn Thị Lan")).href`))
	if err != nil {
		t.Fatalf("no roster link to Nguyễn Thị Lan: %v", err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(personURL),
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/link"] button`)),
		chromedp.Click(chromedp.CSS(`form[action$="/link"] button`)),
		chromedp.WaitVisible(chromedp.CSS(".flash-success")),
	); err != nil {
		t.Fatal(err)
	}
	flash, _ = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".flash-success")))
	link := regexp.MustCompile(`https?://\S+/register/[A-Za-z0-9_-]+`).FindString(flash)
	if link == "" {
		t.Fatalf("no personal link in %q", flash)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.ID("f-consent")),
		chromedp.SetValue(chromedp.ID("f-date_of_birth"), "1984-09-02"),
		chromedp.SendKeys(chromedp.ID("f-mobile"), "+84 912 345 678"),
		chromedp.SendKeys(chromedp.ID("f-medical"), "Không ăn được hải sản (seafood allergy)"),
		chromedp.Click(chromedp.ID("f-consent")),
		chromedp.Click(chromedp.ID("save-registration")),
		chromedp.WaitVisible(chromedp.CSS("main h1")),
	); err != nil {
		t.Fatal(err)
	}
	thanks, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main h1")))
	if !strings.Contains(thanks, "Thank you") || !strings.Contains(thanks, "Nguyễn Thị Lan") {
		t.Errorf("after self-service: %q", thanks)
	}
	browsertest.Screenshot(t, ctx, shots, "2b-self-service-done")

	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+wg+"/delegations/vnm"),
		chromedp.WaitVisible(chromedp.ID("submit-delegation")),
		chromedp.Click(chromedp.ID("submit-delegation")),
		chromedp.WaitNotPresent(chromedp.ID("submit-delegation")),
		chromedp.Click(chromedp.CSS(`.who button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.who a[href="/sign-in"]`)),
	); err != nil {
		t.Fatal(err)
	}

	browserSignIn(t, ctx, d, "staff@demo.test")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+wg+"/accreditation"),
		chromedp.WaitVisible(chromedp.ID("queue")),
	); err != nil {
		t.Fatal(err)
	}
	queue, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("queue")))
	if !strings.Contains(queue, "Nguyễn Thị Lan") || !strings.Contains(queue, "C7654321") {
		t.Errorf("the queue lacks the new person or the secretariat's full passport number:\n%s", queue)
	}
	browsertest.Screenshot(t, ctx, shots, "3-queue")
	// Open the new person's page through the link with their name.
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`[...document.querySelectorAll("#queue a")].find(a => a.textContent.includes("Nguyễn Thị Lan")).getAttribute("href")`))
	if err != nil || href == "" {
		t.Fatalf("no link to the new person: %v", err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+href),
		chromedp.WaitVisible(chromedp.CSS(`button[value="accredit"]`)),
		chromedp.Click(chromedp.CSS(`button[value="accredit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash-success")),
	); err != nil {
		t.Fatal(err)
	}
	status, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("person-status")))
	if status != "Accredited" {
		t.Errorf("status after accrediting: %q", status)
	}
	browsertest.Screenshot(t, ctx, shots, "4-accredited")

	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+wg+"/delegations/vnm"),
		chromedp.WaitVisible(chromedp.CSS("table.roster")),
	); err != nil {
		t.Fatal(err)
	}
	roster, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("table.roster tbody")))
	head := strings.Index(roster, "Nguyễn Thị Ánh") // head of delegation comes first
	lan := strings.Index(roster, "Nguyễn Thị Lan")
	if head < 0 || lan < 0 || lan < head {
		t.Errorf("roster not in protocol order or lacks the new name:\n%s", roster)
	}
	if i := strings.Index(roster[lan:], "Accredited"); i < 0 {
		t.Errorf("the new person is not shown accredited:\n%s", roster)
	}
	shot := browsertest.Screenshot(t, ctx, shots, "5-roster")
	t.Logf("screenshots in %s (last: %s)", shots, shot)
}
