package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"convene/internal/browser/browsertest"
)

// TestBrowserMeetingParticipants drives the participants' pages in
// headless Chromium: the secretariat creates a special ADMM in 2026 hosted by the
// Philippines, first leaving the host unticked (refused next to the host
// field, the boxes as ticked), then with it; the meeting has one delegation
// per participant, and an empty one (Thailand's) is removed from the edit
// page. A quota below the places taken is refused on the quota table, and
// a country's existing focal account is assigned from its delegation's page.
func TestBrowserMeetingParticipants(t *testing.T) {
	d := startDemo(t)
	ctx := browsertest.Tab(t)
	shots := registrationShots(t)
	browserSignIn(t, ctx, d, "staff@demo.test")

	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/meetings/new"),
		chromedp.WaitVisible(chromedp.ID("f-code")),
		chromedp.SendKeys(chromedp.ID("f-code"), "admm-special-2026"),
		chromedp.SendKeys(chromedp.ID("f-title"), "Special ADMM 2026"),
		chromedp.SetValue(chromedp.ID("f-host_country"), "PHL"),
		chromedp.SendKeys(chromedp.ID("f-city"), "Manila"),
		chromedp.SetValue(chromedp.ID("f-time_zone"), "Asia/Manila"),
		chromedp.SetValue(chromedp.ID("f-date_precision"), "day"),
		chromedp.SetValue(chromedp.ID("f-start_date"), "2026-11-17"),
		chromedp.SetValue(chromedp.ID("f-end_date"), "2026-11-18"),
		chromedp.SetValue(chromedp.ID("f-default_quota"), "5"),
		chromedp.Click(chromedp.ID("f-participant-phl")), // untick the host
	); err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, shots, "p1-new-meeting")
	if err := chromedp.Do(ctx,
		chromedp.Submit(chromedp.ID("f-code")),
		chromedp.WaitVisible(chromedp.ID("e-host_country")),
	); err != nil {
		t.Fatal(err)
	}
	state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[document.getElementById("f-participant-phl").checked,
		document.getElementById("f-participant-vnm").checked, document.getElementById("f-title").value].join(" ")`))
	if err != nil || state != "false true Special ADMM 2026" {
		t.Errorf("the refused form kept %q (%v)", state, err)
	}
	browsertest.Screenshot(t, ctx, shots, "p2-host-refused")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("f-participant-phl")),
		chromedp.Submit(chromedp.ID("f-code")),
		chromedp.WaitVisible(chromedp.ID("participants-link")),
	); err != nil {
		t.Fatal(err)
	}
	flash, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".flash")))
	if err != nil || !strings.Contains(flash, "created with 11 delegations of 5 places") {
		t.Errorf("flash %q %v", flash, err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("participants-link")),
		chromedp.WaitVisible(chromedp.ID("participants-table")),
	); err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, shots, "p3-edit-participants")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("remove-tha")),
		// Removing a delegation asks first (a page of its own).
		chromedp.WaitVisible(chromedp.ID("confirm-form")),
		chromedp.Click(chromedp.ID("confirm")),
		chromedp.WaitVisible(chromedp.ID("f-participant-tha")),
	); err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, shots, "p3b-thailand-removed")

	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/meetings/admm-retreat-2025/delegations"),
		chromedp.WaitVisible(chromedp.ID("f-quota-idn")),
		chromedp.SetValue(chromedp.ID("f-quota-idn"), "2"),
		chromedp.Click(chromedp.ID("save-quotas")),
		chromedp.WaitVisible(chromedp.ID("e-quota-idn")),
	); err != nil {
		t.Fatal(err)
	}
	msg, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("e-quota-idn")))
	if err != nil || !strings.Contains(msg, "3 places are already taken") {
		t.Errorf("quota message %q %v", msg, err)
	}
	browsertest.Screenshot(t, ctx, shots, "p4-quota-refused")

	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/meetings/admm-special-2026/delegations/tls"),
		chromedp.WaitVisible(chromedp.ID("assign-focal-form")),
	); err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, shots, "p5-delegation-focal-point")
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const s = document.getElementById("f-focal_user");
		s.selectedIndex = 1; return s.value })()`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("assign-focal")),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	); err != nil {
		t.Fatal(err)
	}
	flash, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".flash")))
	if err != nil || !strings.Contains(flash, "Joana Soares is now the focal point of Timor-Leste") {
		t.Errorf("flash %q %v", flash, err)
	}
}
