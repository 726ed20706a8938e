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
		// The form page has a main h1 too: wait for the form to go first,
		// or the old page's heading would satisfy the wait.
		chromedp.WaitNotPresent(chromedp.ID("save-registration")),
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

// browserSignOut signs the tab out through the header's button, so the next
// step of a flow can act as somebody else.
func browserSignOut(t *testing.T, ctx context.Context) {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`.who form[action="/sign-out"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`.who a[href="/sign-in"]`)),
	); err != nil {
		t.Fatalf("sign out: %v", err)
	}
}

// browserNominate fills the nomination form of the delegation page the tab
// is on and waits for the delegation page again. The passport expiry is far
// enough in the future to pass the six-month rule.
func browserNominate(t *testing.T, ctx context.Context, given, family, role, passport string) {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[href$="/delegates/new"]`)),
		chromedp.WaitVisible(chromedp.ID("f-given_name")),
		chromedp.SendKeys(chromedp.ID("f-given_name"), given),
		chromedp.SendKeys(chromedp.ID("f-family_name"), family),
		chromedp.Click(chromedp.ID("f-family_name_first")),
		chromedp.SendKeys(chromedp.ID("f-position"), "Official, Ministry of National Defence"),
		chromedp.SetValue(chromedp.ID("f-role"), role),
		chromedp.SendKeys(chromedp.ID("f-passport_number"), passport),
		chromedp.SetValue(chromedp.ID("f-passport_expiry"), "2031-05-31"),
		chromedp.Click(chromedp.ID("save-delegate")),
		chromedp.WaitVisible(chromedp.ID("submit-delegation")),
	); err != nil {
		t.Fatalf("nominate a %s: %v", role, err)
	}
	flash, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".flash")))
	if !strings.Contains(flash, family+" "+given+" is nominated") {
		t.Errorf("no confirmation after nominating the %s", role)
	}
}

// TestBrowserInviteToRoster drives issue 4's whole flow in headless
// Chromium, each step through the pages a person would use: the secretariat
// invites a focal point for Viet Nam, the invited person opens the link and
// sets a password, then as focal point nominates two delegates (the adviser
// first, the alternate head second, so that protocol order differs from
// entry order), sends the adviser a personal link through which he completes
// his form, and submits the delegation; the secretariat accredits both, and
// the roster lists the accredited names in protocol order. Personal data
// stays out of the test's output: failures name the step, not the page text.
func TestBrowserInviteToRoster(t *testing.T) {
	d := startDemo(t)
	ctx := browsertest.Tab(t)
	shots := registrationShots(t)
	const wg = "/meetings/adsom-wg-2025"
	const focalEmail = "le.minh.tuan@mod.example.vn"

	// The secretariat invites the focal point; the flash shows the link once.
	browserSignIn(t, ctx, d, "staff@demo.test")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+wg+"/delegations/vnm"),
		chromedp.Click(chromedp.ID("invite-link")),
		chromedp.WaitVisible(chromedp.ID("f-name")),
		chromedp.SendKeys(chromedp.ID("f-name"), "Lê Minh Tuấn"),
		chromedp.SendKeys(chromedp.ID("f-email"), focalEmail),
		chromedp.Click(chromedp.ID("send-invitation")),
		chromedp.WaitVisible(chromedp.CSS(".flash-success")),
	); err != nil {
		t.Fatalf("invite: %v", err)
	}
	flash, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".flash-success")))
	invitation := regexp.MustCompile(`https?://\S+/invitation/[A-Za-z0-9_-]{43}`).FindString(flash)
	if invitation == "" {
		t.Fatal("no invitation link in the flash")
	}
	browsertest.Screenshot(t, ctx, shots, "flow-1-invited")
	browserSignOut(t, ctx)

	// The invited person accepts and signs in with the new password.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(invitation),
		chromedp.WaitVisible(chromedp.ID("f-password")),
		chromedp.SendKeys(chromedp.ID("f-password"), d.password),
		chromedp.SendKeys(chromedp.ID("f-password2"), d.password),
		chromedp.Click(chromedp.ID("accept-invitation")),
		chromedp.WaitVisible(chromedp.ID("f-email")),
	); err != nil {
		t.Fatalf("accept the invitation: %v", err)
	}
	browsertest.Screenshot(t, ctx, shots, "flow-2-accepted")
	browserSignIn(t, ctx, d, focalEmail)

	// Two nominations: the adviser first, then the alternate head.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+wg+"/delegations/vnm"),
		chromedp.WaitVisible(chromedp.CSS(`a[href$="/delegates/new"]`)),
	); err != nil {
		t.Fatalf("the new focal point's delegation: %v", err)
	}
	browserNominate(t, ctx, "Văn Hùng", "Trần", "adviser", "C1357913")
	browserNominate(t, ctx, "Thu Hà", "Phạm", "alternate", "C2468024")
	browsertest.Screenshot(t, ctx, shots, "flow-3-nominated")

	// The adviser gets his personal link and completes his form through it.
	personURL, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`[...document.querySelectorAll("table.roster a")].find(a => a.textContent.includes("Trần Văn Hùng")).href`))
	if err != nil {
		t.Fatalf("no roster link to the adviser: %v", err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(personURL),
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/link"] button`)),
		chromedp.Click(chromedp.CSS(`form[action$="/link"] button`)),
		chromedp.WaitVisible(chromedp.CSS(".flash-success")),
	); err != nil {
		t.Fatalf("send the personal link: %v", err)
	}
	flash, _ = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".flash-success")))
	link := regexp.MustCompile(`https?://\S+/register/[A-Za-z0-9_-]+`).FindString(flash)
	if link == "" {
		t.Fatal("no personal link in the flash")
	}
	browserSignOut(t, ctx)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.ID("f-consent")),
		chromedp.SetValue(chromedp.ID("f-date_of_birth"), "1979-04-30"),
		chromedp.SendKeys(chromedp.ID("f-mobile"), "+84 913 222 444"),
		chromedp.Click(chromedp.ID("f-consent")),
		chromedp.Click(chromedp.ID("save-registration")),
		// The form page has a main h1 too: wait for the form to go first,
		// or the old page's heading would satisfy the wait.
		chromedp.WaitNotPresent(chromedp.ID("save-registration")),
		chromedp.WaitVisible(chromedp.CSS("main h1")),
	); err != nil {
		t.Fatalf("self-service form: %v", err)
	}
	thanks, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main h1")))
	if !strings.Contains(thanks, "Thank you") || !strings.Contains(thanks, "Trần Văn Hùng") {
		t.Error("the self-service form did not thank the adviser by name")
	}
	browsertest.Screenshot(t, ctx, shots, "flow-4-self-service-done")

	// The focal point submits the delegation.
	browserSignIn(t, ctx, d, focalEmail)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+wg+"/delegations/vnm"),
		chromedp.WaitVisible(chromedp.ID("submit-delegation")),
		chromedp.Click(chromedp.ID("submit-delegation")),
		chromedp.WaitNotPresent(chromedp.ID("submit-delegation")),
	); err != nil {
		t.Fatalf("submit: %v", err)
	}
	browserSignOut(t, ctx)

	// The secretariat accredits both from its queue.
	browserSignIn(t, ctx, d, "staff@demo.test")
	for _, name := range []string{"Trần Văn Hùng", "Phạm Thu Hà"} {
		if err := chromedp.Do(ctx,
			chromedp.Navigate(d.url+wg+"/accreditation"),
			chromedp.WaitVisible(chromedp.ID("queue")),
		); err != nil {
			t.Fatalf("queue: %v", err)
		}
		href, err := chromedp.Run(ctx, chromedp.Evaluate[string](
			`[...document.querySelectorAll("#queue a")].find(a => a.textContent.includes("`+name+`")).getAttribute("href")`))
		if err != nil || href == "" {
			t.Fatalf("no queue link to a nominee (%v)", err)
		}
		if err := chromedp.Do(ctx,
			chromedp.Navigate(d.url+href),
			chromedp.WaitVisible(chromedp.CSS(`button[value="accredit"]`)),
			chromedp.Click(chromedp.CSS(`button[value="accredit"]`)),
			chromedp.WaitVisible(chromedp.CSS(".flash-success")),
		); err != nil {
			t.Fatalf("accredit: %v", err)
		}
		if status, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("person-status"))); status != "Accredited" {
			t.Errorf("status after accrediting: %q", status)
		}
	}

	// The roster: head of delegation, then the alternate, then the adviser,
	// whatever the order of entry; both shown accredited.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+wg+"/delegations/vnm"),
		chromedp.WaitVisible(chromedp.CSS("table.roster")),
	); err != nil {
		t.Fatal(err)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("table.roster tbody tr")].map(r => r.textContent)`))
	if err != nil {
		t.Fatalf("roster rows: %v", err)
	}
	at := func(name string) int {
		for i, r := range rows {
			if strings.Contains(r, name) {
				return i
			}
		}
		return -1
	}
	head, ha, hung := at("Nguyễn Thị Ánh"), at("Phạm Thu Hà"), at("Trần Văn Hùng")
	if head < 0 || ha < 0 || hung < 0 || !(head < ha && ha < hung) {
		t.Errorf("roster rows of head, alternate, adviser at %d, %d, %d; want all present and in that order", head, ha, hung)
	}
	for _, i := range []int{ha, hung} {
		if i >= 0 && !strings.Contains(rows[i], "Accredited") {
			t.Errorf("roster row %d is not shown accredited", i)
		}
	}
	shot := browsertest.Screenshot(t, ctx, shots, "flow-5-roster")
	t.Logf("screenshots in %s (last: %s)", shots, shot)
}
