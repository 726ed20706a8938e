package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"convene/internal/browser/browsertest"
)

// rolePage is a page a role works from, checked in Chromium.
type rolePage struct {
	name, email, path string
	mark              string // an element id the page has when it is the right page
}

// rolePages are the main page of each role, the registration form and the
// check-in desk (issue 23).
var rolePages = []rolePage{
	{"home-secretariat", "staff@demo.test", "/", "needs-action"},
	{"home-focal", "focal.vnm@demo.test", "/", "my-delegations"},
	{"home-delegate", "delegate.idn@demo.test", "/", "my-record"},
	{"home-organiser", "organiser@demo.test", "/", "print-meetings"},
	{"print-room", "organiser@demo.test", "/meetings/admm-retreat-2025/print", "main"},
	{"registration-form", "focal.vnm@demo.test", "/meetings/adsom-wg-2025/delegations/vnm/delegates/new", "f-given_name"},
	{"check-in-desk", "organiser@demo.test", "/meetings/admm-retreat-2025/check-in", "main"},
}

// axeViolationsJS runs axe-core on the page and answers the serious and
// critical violations as JSON: rule, impact, help and the first nodes.
const axeViolationsJS = `axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(
  r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary)}))))`

// axeViolation is one violation as axeViolationsJS reports it.
type axeViolation struct {
	ID, Impact, Help string
	Nodes            []string
}

// TestBrowserAxeOnRolePages runs axe-core (vendored under testdata/axe,
// never served) in headless Chromium on the main page of each role, the
// registration form and the check-in desk: no serious or critical
// violation. The control: the same check on a page with an image without
// alternative text and an unlabelled field reports them.
func TestBrowserAxeOnRolePages(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	d := startDemo(t)
	tabs := map[string]context.Context{}
	for _, p := range rolePages {
		ctx := roleTab(t, tabs, d, p.email) // the window outlives the subtest
		t.Run(p.name, func(t *testing.T) {
			openRolePage(t, ctx, d, p)
			if p.name[:5] == "home-" {
				browsertest.Screenshot(t, ctx, screenshotDir(), p.name)
			}
			for _, v := range runAxe(t, ctx, string(src)) {
				t.Errorf("%s: %s (%s): %s\n  %s", p.path, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n  "))
			}
		})
	}

	// Control: a page with known faults is not found clean.
	ctx := browsertest.Tab(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(d.url+"/"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('main').insertAdjacentHTML('beforeend',
			'<img src="/static/img/logo.svg"><input type="text" name="unlabelled">')`)); err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, v := range runAxe(t, ctx, string(src)) {
		found[v.ID] = true
	}
	if !found["image-alt"] || !found["label"] {
		t.Errorf("control: axe did not report the image without alt text and the unlabelled field: %v", found)
	}
}

// roleTab returns the tab signed in as email, opening a private window and
// signing in the first time (each account in its own window, as on
// different computers).
func roleTab(t *testing.T, tabs map[string]context.Context, d *demoServer, email string) context.Context {
	t.Helper()
	if ctx, ok := tabs[email]; ok {
		return ctx
	}
	ctx := browsertest.Window(t)
	browserSignIn(t, ctx, d, email)
	tabs[email] = ctx
	return ctx
}

// openRolePage opens the page and waits for its mark.
func openRolePage(t *testing.T, ctx context.Context, d *demoServer, p rolePage) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(d.url+p.path), chromedp.WaitVisible(chromedp.ID(p.mark))); err != nil {
		t.Fatalf("open %s as %s: %v", p.path, p.email, err)
	}
}

// runAxe injects axe-core into the tab's page (once) and returns its
// serious and critical violations.
func runAxe(t *testing.T, ctx context.Context, src string) []axeViolation {
	t.Helper()
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { if (!window.axe) { `+src+`
		} return JSON.stringify(typeof window.axe) })()`))
	if err != nil || out != `"object"` {
		t.Fatalf("inject axe-core: %q %v", out, err)
	}
	res, err := chromedp.Run(ctx, chromedp.Evaluate[string](axeViolationsJS, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("run axe-core: %v", err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(res), &vs); err != nil {
		t.Fatalf("axe-core's answer %q: %v", res, err)
	}
	return vs
}
