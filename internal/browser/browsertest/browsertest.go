// Package browsertest gives tests a headless Chromium: one browser per test
// binary (start-up is most of the cost), one fresh tab per test.
//
// Without Chromium installed a browser test skips locally, with the command
// that installs it; under CI=true it fails instead, because CI must never
// skip the tests that check what a person sees.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"convene/internal/browser"
)

var (
	once      sync.Once
	browserCx context.Context
	startErr  error
	dataDir   string
)

const install = "apt-get install -y --no-install-recommends chromium fonts-noto-core"

// Tab returns a context for a new tab of the shared browser, closed when the
// test ends. Each step the test runs gets the per-test timeout.
func Tab(t *testing.T) context.Context {
	t.Helper()
	return tab(t)
}

// Window returns a tab in a browser context of its own, like a private
// window or another person's computer: its cookies are not shared with the
// other tabs, so two people can be signed in at once in one test.
func Window(t *testing.T) context.Context {
	t.Helper()
	return tab(t, chromedp.WithNewBrowserContext())
}

func tab(t *testing.T, opts ...chromedp.ContextOption) context.Context {
	t.Helper()
	if browser.ExecPath() == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Chromium is not installed and CI=true: browser tests must run (%s)", install)
		}
		t.Skipf("Chromium is not installed; run `%s` or the README's test command", install)
	}
	once.Do(func() {
		dataDir, startErr = os.MkdirTemp("", "convene-chromium-")
		if startErr != nil {
			return
		}
		browserCx, _, startErr = browser.Start(context.Background(), dataDir)
	})
	if startErr != nil {
		t.Fatalf("start Chromium: %v", startErr)
	}
	ctx, cancel := chromedp.NewContext(browserCx, opts...)
	// A generous ceiling: it only stops a hung browser, and a loaded 2-core
	// machine under -race has taken over a minute for one flow.
	ctx, cancelTimeout := context.WithTimeout(ctx, 4*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	return ctx
}

// Shutdown closes the shared browser; call it from TestMain after m.Run.
func Shutdown() {
	if browserCx != nil {
		_ = chromedp.Cancel(browserCx)
	}
	if dataDir != "" {
		_ = os.RemoveAll(dataDir)
	}
}

// Screenshot saves a full-page PNG of the tab under dir (creating it) and
// returns its path, so a person can look at what the test saw.
func Screenshot(t *testing.T, ctx context.Context, dir, name string) string {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("%s/%s.png", dir, name)
	if err := os.WriteFile(path, png, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
