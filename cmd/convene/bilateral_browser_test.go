package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"convene/internal/browser/browsertest"
)

// TestBrowserBilateralRequestAcceptSchedule drives the demo in headless
// Chromium: the Philippines' focal point requests a bilateral with
// Singapore, Singapore's focal point accepts it from their own list, and the
// secretariat confirms the first slot the system proposes; the page then
// shows the time in the venue's zone and the room, and the board lists it.
func TestBrowserBilateralRequestAcceptSchedule(t *testing.T) {
	d := startDemo(t)
	ctx := browsertest.Tab(t)
	shots := registrationShots(t)
	const list = "/meetings/admm-retreat-2025/bilaterals"
	signOut := func() {
		t.Helper()
		if err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`.who button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`.who a[href="/sign-in"]`)),
		); err != nil {
			t.Fatal(err)
		}
	}

	browserSignIn(t, ctx, d, "focal.phl@demo.test")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/meetings/admm-retreat-2025"),
		chromedp.Click(chromedp.ID("bilaterals-link")),
		chromedp.WaitVisible(chromedp.ID("request-bilateral")),
		chromedp.Click(chromedp.ID("request-bilateral")),
		chromedp.WaitVisible(chromedp.ID("f-counterpart")),
	); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const s = document.getElementById("f-counterpart");
		s.value = [...s.options].find(o => o.text === "Singapore").value;
		return true;
	})()`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-interpretation"), "Filipino"),
		chromedp.SendKeys(chromedp.ID("f-notes"), "Pagtutulungan sa seguridad pandagat"),
		chromedp.Click(chromedp.ID("send-request")),
		chromedp.WaitVisible(chromedp.ID("bilateral")),
	); err != nil {
		t.Fatal(err)
	}
	href, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, shots, "bilateral-1-requested")
	signOut()

	browserSignIn(t, ctx, d, "focal.sgp@demo.test")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+list),
		chromedp.WaitVisible(chromedp.ID("bilaterals")),
		chromedp.Click(chromedp.CSS(`#bilaterals a[href="`+strings.TrimPrefix(href, d.url)+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`button[value="accept"]`)),
		chromedp.Click(chromedp.CSS(`button[value="accept"]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash-success")),
	); err != nil {
		t.Fatal(err)
	}
	flash, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".flash-success")))
	if !strings.Contains(flash, "accepted") {
		t.Errorf("flash after accepting: %q", flash)
	}
	signOut()

	browserSignIn(t, ctx, d, "staff@demo.test")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(href),
		chromedp.WaitVisible(chromedp.CSS("#proposals button")),
		chromedp.Click(chromedp.CSS("#proposals button")),
		chromedp.WaitVisible(chromedp.ID("when")),
	); err != nil {
		t.Fatal(err)
	}
	when, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("when")))
	room, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("room")))
	if !strings.Contains(when, "MYT") || !strings.HasPrefix(room, "Bilateral Room") {
		t.Errorf("scheduled at %q in %q", when, room)
	}
	browsertest.Screenshot(t, ctx, shots, "bilateral-2-scheduled")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+list+"/board"),
		chromedp.WaitVisible(chromedp.ID("board")),
	); err != nil {
		t.Fatal(err)
	}
	board, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("board")))
	if !strings.Contains(board, "Philippines – Singapore") || !strings.Contains(board, "Filipino") {
		t.Errorf("board lacks the new bilateral:\n%s", board)
	}
	browsertest.Screenshot(t, ctx, shots, "bilateral-3-board")
}
