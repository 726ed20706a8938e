package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"convene/internal/browser/browsertest"
)

// TestBrowserSecretariatSetsUpAVenue drives the pages as a secretariat
// officer would on a new venue: from the main navigation, add the Kuala
// Lumpur Convention Centre with its region, add two rooms with seats per
// layout and equipment (first meeting the refusal of a capacity of 0), make
// it ADMM 2025's venue, and hold a room for the media centre from the
// meeting's page. Every page on the way is photographed.
func TestBrowserSecretariatSetsUpAVenue(t *testing.T) {
	d := startDemo(t)
	ctx := browsertest.Tab(t)
	shots := screenshotDir()
	browserSignIn(t, ctx, d, "staff@demo.test")

	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`.nav a[href="/venues"]`)),
		pageLoaded("venues"),
	); err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, shots, "venues")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[href="/venues/new"]`)),
		pageLoaded("f-name"),
		chromedp.SendKeys(chromedp.ID("f-name"), "Kuala Lumpur Convention Centre"),
		chromedp.SetValue(chromedp.ID("f-kind"), "convention_centre"),
		chromedp.SendKeys(chromedp.ID("f-city"), "Kuala Lumpur"),
		chromedp.SendKeys(chromedp.ID("f-address"), "Kuala Lumpur City Centre, 50088 Kuala Lumpur"),
		chromedp.SetValue(chromedp.ID("f-time_zone"), "Asia/Kuala_Lumpur"),
		chromedp.SendKeys(chromedp.ID("f-region"), "MY-14"),
	); err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, shots, "venue-form")
	if err := chromedp.Do(ctx,
		chromedp.Submit(chromedp.ID("f-name")),
		pageLoaded("venue-rooms"),
	); err != nil {
		t.Fatal(err)
	}

	// The first room, refused once for a theatre capacity of 0.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[href$="/rooms/new"]`)),
		pageLoaded("f-name"),
		chromedp.SendKeys(chromedp.ID("f-name"), "Plenary Hall 1"),
		chromedp.SendKeys(chromedp.ID("f-seats_hollow_square"), "120"),
		chromedp.SendKeys(chromedp.ID("f-seats_theatre"), "0"),
		chromedp.SetValue(chromedp.ID("f-booths"), "6"),
		chromedp.Click(chromedp.ID("f-flags")),
		chromedp.Submit(chromedp.ID("f-name")),
		pageLoaded("e-seats_theatre"),
	); err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, shots, "room-form-refused")
	kept, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("f-seats_hollow_square")))
	if err != nil || kept != "120" {
		t.Errorf("the refused room form kept %q (%v)", kept, err)
	}
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("f-seats_theatre"), "1200"),
		chromedp.Submit(chromedp.ID("f-name")),
		pageLoaded("rooms"),
		chromedp.Click(chromedp.CSS(`a[href$="/rooms/new"]`)),
		pageLoaded("f-name"),
		chromedp.SendKeys(chromedp.ID("f-name"), "Meeting Room 403"),
		chromedp.SendKeys(chromedp.ID("f-seats_boardroom"), "20"),
		chromedp.SendKeys(chromedp.ID("f-seats_classroom"), "36"),
		chromedp.SetValue(chromedp.ID("f-screens"), "2"),
		chromedp.Submit(chromedp.ID("f-name")),
		pageLoaded("rooms"),
	); err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, shots, "venue-page")
	rooms, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("rooms")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Plenary Hall 1", "1200", "6 interpretation booths, flags", "Meeting Room 403", "36", "2 screens"} {
		if !strings.Contains(rooms, want) {
			t.Errorf("rooms table lacks %q:\n%s", want, rooms)
		}
	}

	// ADMM 2025 takes the venue, and a room is held from its page.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/meetings/admm-2025/edit"),
		pageLoaded("f-venue"),
	); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("f-venue"), optionValue(t, ctx, "f-venue", "Kuala Lumpur Convention Centre")),
		chromedp.Submit(chromedp.ID("f-venue")),
		pageLoaded("room-holds-link"),
		chromedp.Click(chromedp.ID("room-holds-link")),
		pageLoaded("f-label"),
	); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("f-kind"), "media_centre"),
		chromedp.SetValue(chromedp.ID("f-room"), optionValue(t, ctx, "f-room", "Meeting Room 403")),
		chromedp.SendKeys(chromedp.ID("f-label"), "Media centre"),
		chromedp.SetValue(chromedp.ID("f-start_day"), "2025-11-01"),
		chromedp.SetValue(chromedp.ID("f-start"), "07:00"),
		chromedp.SetValue(chromedp.ID("f-end_day"), "2025-11-02"),
		chromedp.SetValue(chromedp.ID("f-end"), "20:00"),
		chromedp.Submit(chromedp.ID("f-label")),
		pageLoaded("holds"),
	); err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, shots, "room-holds")
	holds, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("holds")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Sat 1 Nov 07:00 – Sun 2 Nov 20:00 MYT", "Meeting Room 403", "Media centre"} {
		if !strings.Contains(holds, want) {
			t.Errorf("holds table lacks %q:\n%s", want, holds)
		}
	}

	// The other new pages, for a person to look at.
	for _, p := range []struct{ path, wait, name string }{
		{"/airports", "airports", "airports"},
		{"/meetings/admm-retreat-2025/holds", "holds", "room-holds-retreat"},
		{"/meetings/admm-retreat-2025/hotels", "add-hotel", "hotels-add-hotel"},
		{"/meetings/admm-retreat-2025/clashes", "main", "clash-report"},
		{"/meetings/admm-2025", "venue-link", "meeting-with-venue"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(d.url+p.path), pageLoaded(p.wait)); err != nil {
			t.Fatalf("%s: %v", p.path, err)
		}
		if p.name == "hotels-add-hotel" {
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#add-hotel summary")), chromedp.WaitVisible(chromedp.ID("f-hotel_name"))); err != nil {
				t.Fatal(err)
			}
		}
		browsertest.Screenshot(t, ctx, shots, p.name)
	}
}

// optionValue is the value of the option of a select whose text is label.
func optionValue(t *testing.T, ctx context.Context, selectID, label string) string {
	t.Helper()
	js := fmt.Sprintf(`(Array.from(document.querySelectorAll("#%s option")).find(o => o.textContent === %q) || {value: ""}).value`,
		selectID, label)
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
	if err != nil || v == "" {
		t.Fatalf("no option %q in #%s (%v)", label, selectID, err)
	}
	return v
}

// pageLoaded waits until the element with id is visible on a page that has
// finished loading, so that the actions after it find that page's nodes and
// never those of a document a navigation is replacing (which Chromium
// reports as "Could not find node with given id" on a loaded machine). The
// element is waited for first: it lives in the new page's execution context,
// which the readiness poll then runs in.
func pageLoaded(id string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		if _, err := chromedp.WaitVisible(chromedp.ID(id))(ctx, t); err != nil {
			return chromedp.Void{}, err
		}
		return chromedp.Poll[chromedp.Void](fmt.Sprintf(
			`document.readyState === "complete" && document.getElementById(%q) !== null`, id))(ctx, t)
	}
}
