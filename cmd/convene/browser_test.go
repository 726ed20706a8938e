package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"convene/internal/browser/browsertest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	browsertest.Shutdown()
	removeBinary()
	os.Exit(code)
}

// screenshotDir is where browser tests leave their screenshots for people to
// look at; CI keeps nothing, but a developer can open them after a run.
func screenshotDir() string {
	if d := os.Getenv("CONVENE_SCREENSHOTS"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "convene-screenshots")
}

// TestBrowserSignInAndOut drives the real demo in headless Chromium as a
// person would: open the landing page, sign in through the form, see their
// name, sign out.
func TestBrowserSignInAndOut(t *testing.T) {
	d := startDemo(t)
	ctx := browsertest.Tab(t)

	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/"),
		chromedp.WaitVisible(chromedp.CSS(".meeting-card")),
		chromedp.Click(chromedp.CSS(`.who a[href="/sign-in"]`)),
		chromedp.WaitVisible(chromedp.ID("f-email")),
		chromedp.SendKeys(chromedp.ID("f-email"), "focal.vnm@demo.test"),
		chromedp.SendKeys(chromedp.ID("f-password"), d.password),
		chromedp.Submit(chromedp.ID("f-password")),
		chromedp.WaitVisible(chromedp.CSS(`.who form[action="/sign-out"]`)),
	); err != nil {
		t.Fatal(err)
	}
	who, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".who")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(who, "Nguyễn Thị Ánh") || !strings.Contains(who, "Focal point") {
		t.Errorf("header after sign-in reads %q", who)
	}
	flash, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".flash")))
	if err != nil || !strings.Contains(flash, "Signed in") {
		t.Errorf("flash after sign-in: %q %v", flash, err)
	}
	shot := browsertest.Screenshot(t, ctx, screenshotDir(), "signed-in-focal-vnm")
	t.Logf("screenshot: %s", shot)

	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`.who button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.who a[href="/sign-in"]`)),
	); err != nil {
		t.Fatal(err)
	}
	flash, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".flash")))
	if err != nil || !strings.Contains(flash, "signed out") {
		t.Errorf("flash after sign-out: %q %v", flash, err)
	}
	browsertest.Screenshot(t, ctx, screenshotDir(), "signed-out")
}
