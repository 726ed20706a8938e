package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"convene/internal/browser/browsertest"
)

// unstyledButtonsJS lists the buttons, submit inputs and links styled as
// buttons (a.button) of the page that are neither of the component set
// (class primary, secondary, danger, link or button) nor styled at all: their
// computed style equals the browser's default for the same element, read
// from an empty frame.
const unstyledButtonsJS = `(() => {
  const frame = document.createElement('iframe');
  frame.style.display = 'none';
  document.body.appendChild(frame);
  const fd = frame.contentDocument;
  const props = ['backgroundColor', 'borderTopColor', 'borderTopStyle', 'borderTopLeftRadius', 'color', 'fontFamily', 'paddingLeft'];
  const defaults = {};
  for (const [tag, make] of [['button', () => fd.createElement('button')],
                             ['input', () => { const i = fd.createElement('input'); i.type = 'submit'; return i; }],
                             ['a', () => { const a = fd.createElement('a'); a.href = '#'; return a; }]]) {
    const el = make(); fd.body.appendChild(el);
    const cs = frame.contentWindow.getComputedStyle(el);
    defaults[tag] = props.map(p => cs[p]).join('|');
  }
  const set = ['primary', 'secondary', 'danger', 'link', 'button'];
  const bad = [];
  for (const el of document.querySelectorAll('button, input[type=submit], a.button')) {
    if (el.closest('iframe')) continue;
    const cs = getComputedStyle(el);
    const styled = props.map(p => cs[p]).join('|') !== defaults[el.tagName.toLowerCase()];
    const inSet = set.some(c => el.classList.contains(c)) && el.tagName !== 'A' || el.tagName === 'A' && styled;
    if (!inSet && !styled) bad.push(el.outerHTML.slice(0, 160));
  }
  frame.remove();
  return JSON.stringify(bad);
})()`

// TestBrowserNoUnstyledButtons opens the main page of each role (and the
// pages where most buttons are: a delegation, the accreditation queue)
// and finds no unstyled button. The control: with the page's style sheets
// removed, a button outside the component set is found.
func TestBrowserNoUnstyledButtons(t *testing.T) {
	d := startDemo(t)
	pages := append(append([]rolePage{}, rolePages...),
		rolePage{"delegation", "focal.vnm@demo.test", "/meetings/adsom-wg-2025/delegations/vnm", "send-links"},
		rolePage{"accreditation-queue", "staff@demo.test", "/meetings/admm-retreat-2025/accreditation", "main"},
		rolePage{"audit-log", "staff@demo.test", "/audit", "audit-filter"})
	tabs := map[string]context.Context{}
	for _, p := range pages {
		ctx := roleTab(t, tabs, d, p.email)
		t.Run(p.name, func(t *testing.T) {
			openRolePage(t, ctx, d, p)
			for _, b := range unstyledButtons(t, ctx) {
				t.Errorf("%s: unstyled %s", p.path, b)
			}
		})
	}

	ctx := browsertest.Tab(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(d.url+"/"),
		chromedp.WaitVisible(chromedp.ID("main")),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('main').insertAdjacentHTML('beforeend',
			'<button type="button">Plain</button>')`)); err != nil {
		t.Fatal(err)
	}
	if bad := unstyledButtons(t, ctx); len(bad) != 0 {
		t.Errorf("control: a plain button under the house style is found unstyled: %v", bad)
	}
	// Without the style sheets, the button outside the component set is
	// the one found.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](
		`document.querySelectorAll('link[rel=stylesheet]').forEach(l => l.remove())`)); err != nil {
		t.Fatal(err)
	}
	if bad := unstyledButtons(t, ctx); len(bad) != 1 || !strings.Contains(bad[0], "Plain") {
		t.Errorf("control: without the style sheets the check finds %v, want the plain button alone", bad)
	}
}

// unstyledButtons runs unstyledButtonsJS in the tab.
func unstyledButtons(t *testing.T, ctx context.Context) []string {
	t.Helper()
	res, err := chromedp.Run(ctx, chromedp.Evaluate[string](unstyledButtonsJS))
	if err != nil {
		t.Fatalf("check buttons: %v", err)
	}
	var bad []string
	if err := json.Unmarshal([]byte(res), &bad); err != nil {
		t.Fatalf("answer %q: %v", res, err)
	}
	return bad
}
