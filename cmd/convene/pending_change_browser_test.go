package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"convene/internal/browser/browsertest"
)

// TestBrowserPendingChangeApproved drives the demo's pending change in
// headless Chromium (issue 16, item 2): Indonesia's interpreter at the
// Retreat, accredited, proposed a new family name through her personal
// link. The focal point sees the change waiting on her page while every
// list keeps the approved name; the secretariat prints her badge, finds the
// change from the meeting page, reviews it before and after, and approves
// it; the person then carries the new name and the badge is marked for
// reprint, still valid until the reprint is printed.
func TestBrowserPendingChangeApproved(t *testing.T) {
	d := startDemo(t)
	ctx := browsertest.Tab(t)
	shots := registrationShots(t)
	const rt = "/meetings/admm-retreat-2025"

	browserSignIn(t, ctx, d, "focal.idn@demo.test")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+rt+"/delegations/idn"),
		chromedp.WaitVisible(chromedp.CSS("table.roster")),
	); err != nil {
		t.Fatal(err)
	}
	roster, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("table.roster")))
	if !strings.Contains(roster, "Dewi Lestari") || strings.Contains(roster, "Wibowo") {
		t.Errorf("the roster does not keep the approved name:\n%s", roster)
	}
	person, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`[...document.querySelectorAll("table.roster a")].find(a => a.textContent.includes("Dewi Lestari")).getAttribute("href")`))
	if err != nil || person == "" {
		t.Fatalf("no link to Dewi Lestari: %v", err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+person),
		chromedp.WaitVisible(chromedp.ID("pending-change")),
	); err != nil {
		t.Fatal(err)
	}
	block, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("pending-change")))
	name, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("person-name")))
	if !strings.Contains(block, "Lestari Wibowo") || !strings.Contains(block, "personal link") || name != "Dewi Lestari" {
		t.Errorf("the focal point's view: name %q, pending block:\n%s", name, block)
	}
	browsertest.Screenshot(t, ctx, shots, "pc-1-focal-sees-pending-change")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`.who button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.who a[href="/sign-in"]`)),
	); err != nil {
		t.Fatal(err)
	}

	browserSignIn(t, ctx, d, "staff@demo.test")
	id := person[strings.LastIndex(person, "/")+1:]
	// Her badge is printed on the approved name first.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+rt+"/badges"),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`tr[data-delegate="%s"] button.print-one`, id))),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`tr[data-delegate="%s"] button.print-one`, id))),
		chromedp.WaitVisible(chromedp.CSS("article.badge")),
	); err != nil {
		t.Fatal(err)
	}
	badge, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("article.badge")))
	if !strings.Contains(badge, "Dewi Lestari") || strings.Contains(badge, "Wibowo") {
		t.Errorf("the badge is not printed on the approved name: %q", badge)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+rt),
		chromedp.WaitVisible(chromedp.ID("meeting-pending-changes")),
		chromedp.Click(chromedp.ID("meeting-pending-changes")),
		chromedp.WaitVisible(chromedp.ID("pending-changes")),
	); err != nil {
		t.Fatal(err)
	}
	queue, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("pending-changes")))
	if !strings.Contains(queue, "Dewi Lestari") || !strings.Contains(queue, "Family name") {
		t.Errorf("the queue:\n%s", queue)
	}
	browsertest.Screenshot(t, ctx, shots, "pc-2-secretariat-queue")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#pending-changes a.button`)),
		chromedp.WaitVisible(chromedp.ID("approve-change")),
	); err != nil {
		t.Fatal(err)
	}
	before, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("table.change td.before")))
	after, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("table.change td.after")))
	if before != "Lestari" || after != "Lestari Wibowo" {
		t.Errorf("before/after: %q → %q", before, after)
	}
	if ok, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.getElementById("reprint-note")`)); !ok {
		t.Error("no reprint note on a change to a printed field")
	}
	browsertest.Screenshot(t, ctx, shots, "pc-3-before-after")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("approve-change")),
		chromedp.WaitVisible(chromedp.CSS(".flash-success")),
	); err != nil {
		t.Fatal(err)
	}
	flash, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".flash-success")))
	if !strings.Contains(flash, "approved") || !strings.Contains(flash, "reprinted") {
		t.Errorf("flash after approving: %q", flash)
	}
	if ok, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.getElementById("no-pending")`)); !ok {
		t.Error("the queue still lists a waiting change")
	}
	browsertest.Screenshot(t, ctx, shots, "pc-4-approved")

	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+person),
		chromedp.WaitVisible(chromedp.ID("person-name")),
	); err != nil {
		t.Fatal(err)
	}
	name, _ = chromedp.Run(ctx, chromedp.Text(chromedp.ID("person-name")))
	status, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("person-status")))
	if name != "Dewi Lestari Wibowo" || status != "Accredited" {
		t.Errorf("after approval: %q, %q", name, status)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+rt+"/badges"),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`tr[data-delegate="%s"] .reprint-due`, id))),
	); err != nil {
		t.Fatalf("the badge is not marked for reprint: %v", err)
	}
	browsertest.Screenshot(t, ctx, shots, "pc-5-badge-reprint-due")
}
