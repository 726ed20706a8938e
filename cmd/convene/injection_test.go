package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"convene/internal/browser/browsertest"
)

// xssPayloads are script, markup, template and SQL payloads. Each goes into
// a name after a real name, as a hostile or careless person could type it.
var xssPayloads = []string{
	`<script>alert("xss-script")</script>`,
	`<img src=x onerror=alert("xss-img")>`,
	`"><svg onload=alert("xss-svg")>`,
	`'><iframe srcdoc="<script>parent.alert('xss-iframe')</script>"></iframe>`,
	`<a href="javascript:alert('xss-href')" id=xss-link>link</a>`,
	`</title><style>body{display:none}</style><base href="//evil.example/">`,
	`<div onclick=alert("xss-click") onmouseover=alert("xss-over")>hover</div>`,
	`{{.Secret}} ${7*7} <%= 7*7 %> #{7*7}`,
	`Robert'); DROP TABLE users; --`,
}

var xssPrefixes = []string{"Nguyễn Văn An", "สมชาย วงศ์สกุล", "ສົມພອນ", "សុខ ចាន់ធី", "အောင်ကျော်"}

// injectedJS counts what a payload would add to a page: inline scripts,
// frames, SVG, style and base elements, event-handler attributes and
// javascript: links. Convene's own pages have none of these.
const injectedJS = `document.querySelectorAll('script:not([src]), iframe, frame, svg, object, embed, base, style, ` +
	`[onerror], [onload], [onclick], [onmouseover], a[href^="javascript:"]').length`

// watchDialogs counts JavaScript dialogs (alert, confirm, prompt) in the tab
// and closes each, so that a script that did run is seen and cannot block.
func watchDialogs(ctx context.Context) *atomic.Int64 {
	n := &atomic.Int64{}
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			n.Add(1)
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	return n
}

// TestInjectionInChromium stores the payloads through Convene's own forms
// (the administrator's new-user form over HTTP, one through the form in
// Chromium, and the sign-in form's reflected values), then opens every page
// that shows them in headless Chromium: no dialog may open, no injected
// element or handler may appear, the names must read as the text typed, and
// every page must carry a CSP without 'unsafe-inline'.
//
// Control: the same names written into a page without escaping and without
// CSP must open dialogs and show injected elements in the same detectors.
func TestInjectionInChromium(t *testing.T) {
	d := startDemo(t)
	// A fresh tab for each phase: browsertest gives a tab 60 s in all, which a
	// loaded CI machine can use up over some thirty page views. The tabs share
	// the browser's cookies, so the sign-in carries over.
	var tabDialogs []*atomic.Int64
	newTab := func() context.Context {
		ctx := browsertest.Tab(t)
		tabDialogs = append(tabDialogs, watchDialogs(ctx))
		return ctx
	}
	dialogCount := func() int64 {
		var n int64
		for _, c := range tabDialogs {
			n += c.Load()
		}
		return n
	}
	ctx := newTab()

	// Store the payloads through the administrator's form.
	admin := newBrowser(t, d.url)
	admin.do("GET", "/sign-in", nil)
	if status, _, _ := admin.do("POST", "/sign-in", url.Values{"email": {"admin@demo.test"}, "password": {d.password}}); status != http.StatusSeeOther {
		t.Fatalf("admin sign-in: %d", status)
	}
	admin.do("GET", "/admin/users/new", nil)
	var names []string
	for i, p := range xssPayloads {
		name := xssPrefixes[i%len(xssPrefixes)] + " " + p
		status, body, _ := admin.do("POST", "/admin/users/new", url.Values{"email": {fmt.Sprintf("xss%d@example.org", i)},
			"name": {name}, "role": {"officer"}, "country": {""}, "password": {"injection test password"}})
		if status != http.StatusSeeOther {
			t.Fatalf("create user with payload %d: status %d\n%.400s", i, status, body)
		}
		names = append(names, name)
	}

	pagesChecked, injected := 0, 0
	check := func(path string) {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](injectedJS))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if n > 0 {
			injected += n
			t.Errorf("%s: %d injected elements or handlers", path, n)
		}
		_, _, h := admin.do("GET", path, nil)
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		pagesChecked++
	}

	// Reflected values, before signing in: the next parameter and the
	// e-mail address typed into the sign-in form come back in the page.
	next := "/" + xssPayloads[1] + xssPayloads[2]
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/sign-in?next="+url.QueryEscape(next)),
		chromedp.WaitVisible(chromedp.ID("f-email")),
	); err != nil {
		t.Fatal(err)
	}
	check("/sign-in?next=" + url.QueryEscape(next))
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-email"), xssPayloads[2]+xssPayloads[0]),
		chromedp.SendKeys(chromedp.ID("f-password"), "wrong password here"),
		chromedp.Submit(chromedp.ID("f-password")),
		chromedp.WaitVisible(chromedp.CSS(".error-summary")),
	); err != nil {
		t.Fatal(err)
	}
	check("/sign-in (refused, value kept)")

	// Sign in, and store one more payload through the form in the browser.
	ctx = newTab()
	formName := "Trần Thị Bích " + `<img src=x onerror=alert("xss-form")>`
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/sign-in"),
		chromedp.WaitVisible(chromedp.ID("f-email")),
		chromedp.SendKeys(chromedp.ID("f-email"), "admin@demo.test"),
		chromedp.SendKeys(chromedp.ID("f-password"), d.password),
		chromedp.Submit(chromedp.ID("f-password")),
		chromedp.WaitVisible(chromedp.CSS(`.who form[action="/sign-out"]`)),
		chromedp.Navigate(d.url+"/admin/users/new"),
		chromedp.WaitVisible(chromedp.ID("f-name")),
		chromedp.SendKeys(chromedp.ID("f-email"), "xss-form@example.org"),
		chromedp.SendKeys(chromedp.ID("f-name"), formName),
		chromedp.SendKeys(chromedp.ID("f-password"), "injection test password"),
		chromedp.Submit(chromedp.ID("f-name")),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	); err != nil {
		t.Fatal(err)
	}
	names = append(names, formName)
	check("/admin/users (after the flash naming the new account)")
	flash, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".flash")))
	if !strings.Contains(flash, formName) {
		t.Errorf("the flash does not show the name as typed: %q", flash)
	}

	// Every page that shows the names: the lists, and the form of each
	// account created here (the highest ids).
	_, list, _ := admin.do("GET", "/admin/users", nil)
	var ids []int
	for _, m := range regexp.MustCompile(`href="/admin/users/([0-9]+)"`).FindAllStringSubmatch(list, -1) {
		id, _ := strconv.Atoi(m[1])
		ids = append(ids, id)
	}
	sort.Ints(ids)
	var userPages []string
	for _, id := range ids[max(0, len(ids)-len(names)):] {
		userPages = append(userPages, fmt.Sprintf("/admin/users/%d", id))
	}
	for i, p := range append([]string{"/admin/users", "/audit", "/", "/account"}, userPages...) {
		if i%6 == 0 {
			ctx = newTab()
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(d.url+p), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
			t.Fatal(err)
		}
		check(p)
		if p == "/admin/users" || p == "/audit" {
			text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
			for _, n := range names {
				if p == "/admin/users" && !strings.Contains(text, n) {
					t.Errorf("%s does not show the name as typed: %q", p, n)
				}
			}
		}
	}
	seen := dialogCount()
	if seen != 0 {
		t.Errorf("%d JavaScript dialogs opened on Convene's pages", seen)
	}

	// Control: the same names, rendered without escaping and without CSP.
	raw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<!doctype html><title>control</title><body><ul>")
		for _, n := range names {
			fmt.Fprintf(w, "<li><input value='%s'> %s</li>", n, n) // deliberately unescaped
		}
		fmt.Fprint(w, "</ul></body>")
	}))
	defer raw.Close()
	ctx = newTab()
	if err := chromedp.Do(ctx, chromedp.Navigate(raw.URL), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		t.Fatal(err)
	}
	controlInjected, err := chromedp.Run(ctx, chromedp.Evaluate[int](injectedJS))
	if err != nil {
		t.Fatal(err)
	}
	// One more round trip to the page, so that its dialog events have been read.
	_, _ = chromedp.Run(ctx, chromedp.Evaluate[int](`1`))
	controlDialogs := dialogCount() - seen
	if controlInjected == 0 || controlDialogs == 0 {
		t.Errorf("control: the unescaped page gave %d injected elements and %d dialogs; the detectors cannot fail",
			controlInjected, controlDialogs)
	}
	fmt.Printf("injection: %d payloads stored through forms, %d page views in Chromium: %d dialogs, %d injected elements, CSP on %d/%d; control (unescaped, no CSP): %d dialogs, %d injected elements\n",
		len(names), pagesChecked, seen, injected, pagesChecked, pagesChecked, controlDialogs, controlInjected)
}
