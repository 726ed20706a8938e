// Package browser starts headless Chromium the way Convene needs it: offline,
// sandbox-free under root, with a throwaway profile; or connects to a
// Chromium started separately (a headless-shell container beside Convene's
// distroless image, CONVENE_CHROME_URL). Convene uses it to print pages to
// PDF on the server (Chromium shapes Thai, Lao, Khmer, Myanmar and
// Vietnamese correctly, which pure-Go PDF libraries do not) and tests use it
// to drive pages as a person would.
package browser

import (
	"context"
	"os"
	"os/exec"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/remote"
)

// ExecPath returns the Chromium binary found on PATH, or "" when none is
// installed.
func ExecPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Options are the allocator flags that keep Chromium headless, quiet and
// offline. host-resolver-rules stops it looking up Google's hosts, which
// fails on a closed network and slows every start.
func Options(userDataDir string) []chromedp.ExecAllocatorOption {
	opts := append([]chromedp.ExecAllocatorOption{}, chromedp.DefaultExecAllocatorOptions[:]...)
	opts = append(opts,
		chromedp.ExecPath(ExecPath()),
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.UserDataDir(userDataDir),
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"),
	)
	// Chromium refuses to run as root with its sandbox on.
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox)
	}
	return opts
}

// Connect attaches to a Chromium started separately, at its DevTools
// address, and returns a context for a new tab. cancel closes the tab and
// the connection; the browser keeps running. The dial is bounded (ten
// seconds, twenty to ask /json/version for the address), so a service that
// is down answers an error, not a hang.
func Connect(parent context.Context, devtoolsURL string) (context.Context, context.CancelFunc, error) {
	// The allocator resolves a host name to its address (Chromium answers
	// DevTools requests only for an IP address or localhost in the Host
	// header) and asks /json/version for the browser's websocket address.
	actx, cancelAlloc := remote.NewAllocator(parent, devtoolsURL)
	ctx, cancelCtx := chromedp.NewContext(actx)
	if err := chromedp.Do(ctx); err != nil {
		cancelCtx()
		cancelAlloc()
		return nil, nil, err
	}
	return ctx, func() { cancelCtx(); cancelAlloc() }, nil
}

// Start launches a browser and returns a context for its first tab. cancel
// closes the browser and removes nothing else: the caller owns userDataDir.
func Start(parent context.Context, userDataDir string) (context.Context, context.CancelFunc, error) {
	actx, cancelAlloc := chromedp.NewExecAllocator(parent, Options(userDataDir)...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	if err := chromedp.Do(ctx); err != nil {
		cancelCtx()
		cancelAlloc()
		return nil, nil, err
	}
	return ctx, func() { cancelCtx(); cancelAlloc() }, nil
}
