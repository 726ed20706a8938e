package main

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"convene/internal/browser/browsertest"
)

// seatOverflowJS lists every seat text of the seating plan whose box, as
// Chromium draws it, leaves its seat's rectangle; and counts the texts.
const seatOverflowJS = `(() => {
  const out = []; let n = 0;
  for (const g of document.querySelectorAll("#seating g.seat")) {
    const r = g.querySelector("rect").getBBox();
    for (const t of g.querySelectorAll("text")) {
      n++;
      const b = t.getBBox();
      if (b.x < r.x || b.x + b.width > r.x + r.width || b.y < r.y || b.y + b.height > r.y + r.height)
        out.push(g.dataset.country + ": " + t.textContent + " [" + [b.x, b.y, b.width, b.height].map(Math.round) + "] outside [" + [r.x, r.y, r.width, r.height] + "]");
    }
  }
  return n + "|" + out.join("\n");
})()`

// TestBrowserSeatingNamesInsideTheirSeats opens the Retreat's seating plan
// in both modes and measures every country and head's name as Chromium
// draws it: each box lies inside its seat, including the Brunei head's
// long name.
func TestBrowserSeatingNamesInsideTheirSeats(t *testing.T) {
	d := startDemo(t)
	ctx := browsertest.Tab(t)
	browserSignIn(t, ctx, d, "organiser@demo.test")
	for _, mode := range []string{"", "?mode=alternating"} {
		if err := chromedp.Do(ctx,
			chromedp.Navigate(d.url+"/meetings/admm-retreat-2025/seating"+mode),
			chromedp.WaitVisible(chromedp.ID("seating")),
		); err != nil {
			t.Fatal(err)
		}
		res, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.fonts.ready.then(() => `+seatOverflowJS+`)`,
			chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		n, bad, _ := strings.Cut(res, "|")
		if n == "0" || n == "" {
			t.Fatalf("no seat texts measured (%q)", res)
		}
		if bad != "" {
			t.Errorf("seating%s: texts outside their seat:\n%s", mode, bad)
		}
		if !strings.Contains(mustText(t, ctx), "Mohd Yusof") {
			t.Errorf("the plan does not show the Brunei head")
		}
		browsertest.Screenshot(t, ctx, screenshotDir(), "seating"+strings.TrimPrefix(strings.ReplaceAll(mode, "=", "-"), "?mode"))
	}
}

func mustText(t *testing.T, ctx context.Context) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("seating").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// badgeFitJS measures every badge of the sheet as Chromium lays it out: the
// glyphs of the name (a Range over its text, not the element's box) and
// every part of the badge must lie inside the badge. It returns the number
// of badges, the longest name measured, and what overflows.
const badgeFitJS = `document.fonts.ready.then(() => {
  const out = []; let longest = "";
  const inside = (b, r) => b.left >= r.left - 0.5 && b.right <= r.right + 0.5 && b.top >= r.top - 0.5 && b.bottom <= r.bottom + 0.5;
  const badges = document.querySelectorAll("article.badge, article.badge-a6");
  for (const a of badges) {
    const r = a.getBoundingClientRect();
    const name = a.querySelector(".name");
    if (name.textContent.length > longest.length) longest = name.textContent;
    const range = document.createRange(); range.selectNodeContents(name);
    if (!inside(range.getBoundingClientRect(), r)) out.push("name " + name.textContent);
    for (const part of a.querySelectorAll(".band, .photo, .who, .qr, .bfoot, .country, .position, .a6-foot, .code"))
      if (!inside(part.getBoundingClientRect(), r)) out.push(part.className + " of " + name.textContent);
    const q = a.querySelector(".qr svg").getBoundingClientRect(), n = range.getBoundingClientRect();
    if (n.bottom > q.top + 0.5 && n.right > q.left + 0.5) out.push("name over the QR code: " + name.textContent + " " + [n.bottom, n.right, q.top, q.left].map(Math.round));
  }
  return badges.length + "|" + longest + "|" + out.join("\n");
})`

// TestBrowserBadgeLayoutsFitTheLongestName prints every accredited demo
// person's badge, then opens the print run in each layout (ID-1 sheet,
// ID-1 one per page, A6 four to a sheet) and measures in Chromium that
// every name, the longest demo name included, and every part of each badge
// stays inside the badge.
func TestBrowserBadgeLayoutsFitTheLongestName(t *testing.T) {
	d := startDemo(t)
	accreditScripts(t, d)
	ctx := browsertest.Tab(t)
	browserSignIn(t, ctx, d, "organiser@demo.test")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/meetings/admm-retreat-2025/badges"),
		chromedp.WaitVisible(chromedp.ID("print-unprinted")),
		chromedp.SetValue(chromedp.ID("f-layout"), "a6"),
		chromedp.Click(chromedp.ID("print-unprinted")),
		chromedp.WaitVisible(chromedp.CSS("article.badge-a6")),
	); err != nil {
		t.Fatal(err)
	}
	for _, layout := range []string{"id1", "id1-card", "a6"} {
		if err := chromedp.Do(ctx,
			chromedp.Navigate(d.url+"/meetings/admm-retreat-2025/badges/sheet?layout="+layout),
			chromedp.WaitVisible(chromedp.ID("badge-layouts")),
		); err != nil {
			t.Fatal(err)
		}
		res, err := chromedp.Run(ctx, chromedp.Evaluate[string](badgeFitJS, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.SplitN(res, "|", 3)
		if len(parts) != 3 || parts[0] == "0" {
			t.Fatalf("%s: no badges measured (%q)", layout, res)
		}
		if !strings.Contains(parts[1], "Yang Berhormat Pehin Mohd Yusof bin Haji Ahmad") {
			t.Errorf("%s: the longest name measured is %q, not the Brunei head's", layout, parts[1])
		}
		if parts[2] != "" {
			t.Errorf("%s: %s badges, overflowing:\n%s", layout, parts[0], parts[2])
		}
		browsertest.Screenshot(t, ctx, screenshotDir(), "badges-"+layout)
	}
	// The names in Thai, Lao, Khmer, Myanmar and Vietnamese were drawn with
	// the fonts Convene serves: each script's face of "Convene Sans",
	// fetched from /static/fonts/, is loaded.
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.fonts.ready.then(() =>
	  [...document.fonts].filter(f => f.family.replace(/"/g, "") == "Convene Sans" && f.status == "loaded")
	    .map(f => f.unicodeRange.split(",")[0].trim() + "/" + f.weight).join(" "))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	for _, face := range []string{"U+0-24F/400", "U+0-24F/700", "U+E00-E7F/700", "U+E80-EFF/700", "U+1780-17FF/400", "U+1000-109F/400"} {
		if !strings.Contains(loaded, face) {
			t.Errorf("the served face %s is not loaded; loaded: %s", face, loaded)
		}
	}
	used, err := chromedp.Run(ctx, chromedp.Evaluate[string](`performance.getEntriesByType("resource")
	  .filter(e => e.name.includes("/static/fonts/")).map(e => e.name.split("/").pop()).join(" ")`))
	if err != nil || !strings.Contains(used, "NotoSansKhmer-Regular.ttf") || !strings.Contains(used, "NotoSansMyanmar-Regular.ttf") {
		t.Errorf("the page did not fetch the Khmer and Myanmar fonts from Convene: %q (%v)", used, err)
	}
}
