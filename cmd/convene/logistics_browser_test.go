package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"convene/internal/browser/browsertest"
)

// printToPDF prints the tab as Chromium's print dialog would (A4, print CSS)
// and returns the PDF's text as pdftotext reads it, after checking that
// printing did not navigate away from the page.
func printToPDF(t *testing.T, ctx context.Context, name string) string {
	t.Helper()
	before, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
	if err != nil {
		t.Fatalf("print to PDF: %v", err)
	}
	after, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || after != before {
		t.Errorf("printing navigated from %s to %s (%v)", before, after, err)
	}
	path := filepath.Join(screenshotDir(), name+".pdf")
	if err := os.MkdirAll(screenshotDir(), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext (poppler-utils, installed by the README's test command): %v", err)
	}
	return string(out)
}

// TestBrowserRoomingListPrints has an organiser open the hotels page, follow
// the rooming list link of the Shangri-La and print it: the A4 PDF carries the
// guests and the page stays where it was.
func TestBrowserRoomingListPrints(t *testing.T) {
	d := startDemo(t)
	ctx := browsertest.Tab(t)
	browserSignIn(t, ctx, d, "organiser@demo.test")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/meetings/admm-retreat-2025/hotels"),
		chromedp.WaitVisible(chromedp.CSS("#stays")),
	); err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, screenshotDir(), "hotels-organiser")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[data-hotel^="Shangri-La"][href$="/rooming"]`)),
		chromedp.WaitVisible(chromedp.CSS("#rooming tbody tr")),
	); err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, screenshotDir(), "rooming-list")
	text := printToPDF(t, ctx, "rooming-list")
	for _, want := range []string{"Rooming list: Shangri-La Hotel, Pulau Pinang", "Darmawan", "Executive"} {
		if !strings.Contains(text, want) {
			t.Errorf("printed rooming list lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Sign out") {
		t.Errorf("printed rooming list carries the site header")
	}
}

// TestBrowserTransferManifestPrints has an organiser open the transfers page,
// follow a run's manifest link and print it on A4 without leaving the page.
func TestBrowserTransferManifestPrints(t *testing.T) {
	d := startDemo(t)
	ctx := browsertest.Tab(t)
	browserSignIn(t, ctx, d, "organiser@demo.test")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/meetings/admm-retreat-2025/transfers"),
		chromedp.WaitVisible(chromedp.CSS("section.run")),
		chromedp.Click(chromedp.CSS(`section.run a[href$="/manifest"]`)),
		chromedp.WaitVisible(chromedp.CSS("#manifest tbody tr")),
	); err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, screenshotDir(), "transfer-manifest")
	text := printToPDF(t, ctx, "transfer-manifest")
	for _, want := range []string{"Transfer: Arrival, PEN", "MYT", "Passenger"} {
		if !strings.Contains(text, want) {
			t.Errorf("printed manifest lacks %q:\n%s", want, text)
		}
	}
}

// TestBrowserArrivalsFitAPhone: on a 390 px wide phone the arrivals board
// has no page-level horizontal scroll (its table and the logistics tabs
// scroll within themselves).
func TestBrowserArrivalsFitAPhone(t *testing.T) {
	d := startDemo(t)
	ctx := browsertest.Tab(t)
	browserSignIn(t, ctx, d, "organiser@demo.test")
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(d.url+"/meetings/admm-retreat-2025/arrivals"),
		chromedp.WaitVisible(chromedp.CSS("table tbody tr")),
	); err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, screenshotDir(), "arrivals-390")
	width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if width > 390 {
		t.Errorf("the arrivals board is %d px wide at 390 px: the page scrolls sideways", width)
	}
}
