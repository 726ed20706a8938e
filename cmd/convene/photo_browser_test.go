package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"convene/internal/browser/browsertest"
)

// TestBrowserBadgePhotoShownDespiteDownloadHeaders uploads a badge photo
// through the person page in headless Chromium and checks that the pages
// still show it (the secretariat's review of the waiting photo, then the
// person page once approved): the photo is served as an attachment with a sandboxing
// CSP (so that opened on its own it is never a page of Convene), which an
// <img> must ignore.
func TestBrowserBadgePhotoShownDespiteDownloadHeaders(t *testing.T) {
	d := startDemo(t)
	ctx := browsertest.Tab(t)
	browserSignIn(t, ctx, d, "focal.vnm@demo.test")

	img := image.NewRGBA(image.Rect(0, 0, 60, 80))
	for x := range 60 {
		for y := range 80 {
			img.Set(x, y, color.RGBA{R: uint8(x * 4), G: 90, B: uint8(y * 3), A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "photo.png")
	if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/meetings/adsom-wg-2025/delegations/vnm"),
		chromedp.WaitVisible(chromedp.CSS(`a[href$="/delegates/new"]`)),
	); err != nil {
		t.Fatal(err)
	}
	person, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`[...document.querySelectorAll('a[href*="/delegates/"]')].map(a => a.getAttribute('href')).find(h => /\/delegates\/\d+$/.test(h)) || ''`))
	if err != nil || person == "" {
		t.Fatalf("no person link on the delegation page: %v", err)
	}
	// The person is accredited: the photo waits for the secretariat's
	// approval (issue 16), which sees it on the change's page first.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+person),
		chromedp.WaitVisible(chromedp.ID("f-photo")),
		chromedp.SetUploadFiles(chromedp.ID("f-photo"), []string{file}),
		chromedp.Click(chromedp.CSS(`form[action$="/photo"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("pending-change")),
		chromedp.Click(chromedp.CSS(`.who button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.who a[href="/sign-in"]`)),
	); err != nil {
		t.Fatal(err)
	}
	browserSignIn(t, ctx, d, "staff@demo.test")
	shown := func(id string) int {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](
			`(() => { const i = document.getElementById('`+id+`'); return i.complete && i.naturalWidth > 0; })()`)); err != nil {
			t.Fatalf("the photo #%s is not shown: %v", id, err)
		}
		w, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.getElementById('`+id+`').naturalWidth`))
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+person),
		chromedp.WaitVisible(chromedp.ID("review-change")),
		chromedp.Click(chromedp.ID("review-change")),
		chromedp.WaitVisible(chromedp.ID("proposed-photo")),
	); err != nil {
		t.Fatal(err)
	}
	if w := shown("proposed-photo"); w != 60 {
		t.Errorf("proposed photo naturalWidth %d, want 60", w)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("approve-change")),
		chromedp.WaitVisible(chromedp.CSS(".flash-success")),
		chromedp.Navigate(d.url+person),
		chromedp.WaitVisible(chromedp.ID("badge-photo")),
	); err != nil {
		t.Fatal(err)
	}
	w := shown("badge-photo")
	if w != 60 {
		t.Errorf("badge photo naturalWidth %d, want 60", w)
	}
	t.Logf("photo shown on %s at natural width %d", person, w)
}
