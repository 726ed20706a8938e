package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"convene/internal/browser/browsertest"
)

const retreatDesk = "/meetings/admm-retreat-2025/check-in"

// printedBadge is one badge as the sheet shows it.
type printedBadge struct {
	Code string `json:"code"` // grouped, as printed under the QR code
	Name string `json:"name"`
	SVG  string `json:"svg"` // the QR code Convene drew
}

// printDelegation prints a delegation's badges from the badges page and
// returns them from the sheet it lands on.
func printDelegation(t *testing.T, ctx context.Context, d *demoServer, iso3 string) []printedBadge {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/meetings/admm-retreat-2025/badges"),
		chromedp.WaitVisible(chromedp.ID("badges")),
		chromedp.Click(chromedp.CSS(`form input[name="delegation"][value="`+iso3+`"] ~ button`)),
		chromedp.WaitVisible(chromedp.CSS("article.badge")),
	); err != nil {
		t.Fatal(err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify([...document.querySelectorAll("article.badge")].map(b => ({
		code: b.dataset.code, name: b.querySelector(".name").textContent.trim(), svg: b.querySelector(".qr svg").outerHTML})))`))
	if err != nil {
		t.Fatal(err)
	}
	var out []printedBadge
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// decodeJS draws an SVG QR code into a canvas (white quiet zone around it)
// and reads it with the desk's decoder (jsQR through desk_camera.js).
const decodeJS = `(async (svg) => {
	const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
	const img = new Image();
	img.src = url;
	await img.decode();
	const c = document.createElement("canvas");
	c.width = 400; c.height = 400;
	const g = c.getContext("2d");
	g.fillStyle = "#fff"; g.fillRect(0, 0, 400, 400);
	g.drawImage(img, 40, 40, 320, 320);
	return ConveneDeskCamera.decodeCanvas(c);
})(%s)`

// TestBrowserDeskDecodesConveneBadgeQR: the QR code Convene draws on a badge,
// rendered to an image in Chromium, is read back by the vendored decoder the
// desk's camera uses; a blank image reads as nothing.
func TestBrowserDeskDecodesConveneBadgeQR(t *testing.T) {
	d := startDemo(t)
	ctx := browsertest.Tab(t)
	browserSignIn(t, ctx, d, "staff@demo.test")
	badges := printDelegation(t, ctx, d, "MYS")
	if len(badges) == 0 {
		t.Fatal("no badges on the sheet")
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(d.url+retreatDesk), chromedp.WaitVisible(chromedp.ID("desk-status"))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`typeof jsQR === "function" && !!window.ConveneDeskCamera`)); err != nil {
		t.Fatalf("the desk did not load the decoder: %v", err)
	}
	for _, b := range badges {
		arg, _ := json.Marshal(b.SVG)
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(decodeJS, arg), chromedp.EvalAwaitPromise))
		if want := strings.ReplaceAll(b.Code, "-", ""); err != nil || got != want {
			t.Errorf("%s's QR code reads %q (%v), want %q", b.Name, got, err, want)
		}
	}
	blank, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(decodeJS, `'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#fff"/></svg>'`), chromedp.EvalAwaitPromise))
	if err != nil || blank != "" {
		t.Errorf("a blank image reads %q (%v)", blank, err)
	}
}

// emulateOffline switches the network of a target off or on: the requests
// of the page (and, with emulateOfflineServiceWorker, of its worker) fail,
// and navigator.onLine follows.
func emulateOffline(offline bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		conds := []*network.Conditions{}
		if offline {
			conds = append(conds, &network.Conditions{Offline: true, DownloadThroughput: -1, UploadThroughput: -1})
		}
		if _, err := cdp.Call(ctx, tg, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			EmulateOfflineServiceWorker: &offline, MatchedNetworkConditions: conds}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: offline,
			DownloadThroughput: -1, UploadThroughput: -1})
		return err
	})
}

// waitUntil polls a JavaScript condition (a promise is awaited) until it is
// true, with a generous deadline: no fixed sleep decides anything.
func waitUntil(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js, chromedp.EvalAwaitPromise))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector("#desk-status") || {}).textContent || ""`))
			t.Fatalf("waiting for %s: %v (desk status %q)", what, err, status)
		}
		if err := chromedp.Do(ctx, chromedp.Sleep(100*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
	}
}

// deskScan types a code at the desk and waits for the desk's own answer.
func deskScan(t *testing.T, ctx context.Context, code string, waiting int) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("f-code").value = ""`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-code"), code),
		chromedp.Click(chromedp.ID("check-in")),
	); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, ctx, fmt.Sprintf("%d check-ins waiting", waiting),
		fmt.Sprintf(`document.querySelector("#desk-status").dataset.waiting === "%d" && document.querySelector("#desk-answer").dataset.verdict === "admit"`, waiting))
}

// totalCheckedIn reads the desk's count of check-ins for the meeting, as the
// server counts them (the desk page is loaded online).
func totalCheckedIn(t *testing.T, ctx context.Context, d *demoServer) int {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(d.url+retreatDesk), chromedp.WaitVisible(chromedp.ID("total-checked"))); err != nil {
		t.Fatal(err)
	}
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("total-checked")))
	n, cerr := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || cerr != nil {
		t.Fatalf("total checked in: %q %v %v", s, err, cerr)
	}
	return n
}

// TestBrowserDeskChecksInOffline: the desk keeps admitting people with the
// network off (the page and its service worker offline): the page comes
// from the worker's cache, three scans are decided from the kept list and
// queued, the fourth person's badge is revoked on the server meanwhile and
// scanned too; when the network returns the queue is sent, three rows are on
// the server and the fourth comes back as a conflict on the page. Sending
// the same queue again writes no second row.
func TestBrowserDeskChecksInOffline(t *testing.T) {
	d := startDemo(t)
	ctx := browsertest.Tab(t)
	browserSignIn(t, ctx, d, "staff@demo.test")
	badges := printDelegation(t, ctx, d, "MYS")
	if len(badges) < 4 {
		t.Fatalf("Malaysia has %d badges, want at least 4", len(badges))
	}
	before := totalCheckedIn(t, ctx, d)
	waitUntil(t, ctx, "the service worker to control the desk",
		`navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)`)
	waitUntil(t, ctx, "the desk page kept for offline use", `document.querySelector("#desk").dataset.kept === "yes"`)
	waitUntil(t, ctx, "the badge list", `ConveneDeskStore.list("admm-retreat-2025").then(l => !!l && l.badges.length > 0)`)
	waitUntil(t, ctx, "the desk online", `document.querySelector("#desk-status").dataset.state === "online"`)
	t.Logf("screenshot: %s", browsertest.Screenshot(t, ctx, screenshotDir(), "desk-online"))

	// The network drops, for the page and for its service worker.
	targets, err := chromedp.Targets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var workers []context.Context
	for _, info := range targets {
		if info.Type == "service_worker" && strings.Contains(info.URL, "/check-in-worker.js") {
			wctx, cancel := chromedp.NewContext(ctx, chromedp.WithTargetID(info.TargetID), chromedp.WithDetachOnCancel())
			t.Cleanup(cancel)
			workers = append(workers, wctx)
		}
	}
	if len(workers) == 0 {
		t.Fatal("no service worker target for the desk")
	}
	offline := func(off bool) {
		t.Helper()
		for _, w := range workers {
			if err := chromedp.Do(w, emulateOffline(off)); err != nil {
				t.Fatalf("service worker offline=%v: %v", off, err)
			}
		}
		if err := chromedp.Do(ctx, emulateOffline(off)); err != nil {
			t.Fatalf("page offline=%v: %v", off, err)
		}
	}
	offline(true)
	// The desk page itself now comes from the worker's cache.
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("f-code"))); err != nil {
		t.Fatalf("reload offline: %v", err)
	}
	waitUntil(t, ctx, "the desk offline", `document.querySelector("#desk-status").dataset.state === "offline"`)
	if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`fetch(location.href).then(() => true, () => false)`, chromedp.EvalAwaitPromise)); err != nil || ok {
		t.Fatalf("the page still reaches the server (%v): the emulation is not offline", err)
	}
	for i := range 3 {
		deskScan(t, ctx, badges[i].Code, i+1)
	}
	answer, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("desk-answer")))
	if err != nil || !strings.Contains(answer, badges[2].Name) || !strings.Contains(answer, "Malaysia") || !strings.Contains(answer, "Admit") {
		t.Errorf("offline answer: %q (%v)", answer, err)
	}
	// The zones the badge opens, as the online answer shows them (a
	// delegation's every category opens the plenary).
	if zones, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#desk-answer .checkin-zones"))); err != nil ||
		!strings.HasPrefix(zones, "Zones: ") || !strings.Contains(zones, "Plenary") {
		t.Errorf("offline answer's zones: %q (%v)", zones, err)
	}

	// Meanwhile the accreditation desk revokes the fourth badge.
	staff := browsertest.Window(t)
	browserSignIn(t, staff, d, "staff@demo.test")
	fourth := badges[3]
	if err := chromedp.Do(staff, chromedp.Navigate(d.url+"/meetings/admm-retreat-2025/badges"), chromedp.WaitVisible(chromedp.ID("badges"))); err != nil {
		t.Fatal(err)
	}
	nameJS, _ := json.Marshal(fourth.Name)
	revoke, err := chromedp.Run(staff, chromedp.Evaluate[string](fmt.Sprintf(`[...document.querySelectorAll("tr[data-delegate]")]
		.find(r => r.textContent.includes(%s)).querySelector('form[action$="/revoke"]').getAttribute("action")`, nameJS)))
	if err != nil {
		t.Fatalf("no revoke form for %s: %v", fourth.Name, err)
	}
	if err := chromedp.Do(staff, chromedp.Navigate(d.url+revoke), chromedp.WaitVisible(chromedp.ID("confirm")),
		chromedp.Click(chromedp.ID("confirm")), chromedp.WaitVisible(chromedp.CSS(".flash-success"))); err != nil {
		t.Fatalf("revoke: %v", err)
	}
	deskScan(t, ctx, fourth.Code, 4)
	queued, err := chromedp.Run(ctx, chromedp.Evaluate[string](`ConveneDeskStore.queued("admm-retreat-2025").then(q => JSON.stringify(q))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", browsertest.Screenshot(t, ctx, screenshotDir(), "desk-offline"))

	// The sign-in ends meanwhile (the officer signed out on another tab):
	// when the network returns the queue waits for the next sign-in.
	other := browsertest.Tab(t) // the same browser profile: the same cookies
	if err := chromedp.Do(other, chromedp.Navigate(d.url+"/account"),
		chromedp.Click(chromedp.CSS(`.who form[action="/sign-out"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`.who a[href="/sign-in"]`))); err != nil {
		t.Fatalf("sign out: %v", err)
	}
	offline(false)
	waitUntil(t, ctx, "the desk to see the sign-in gone", `document.querySelector("#desk-status").dataset.state === "signed-out"`)
	waitUntil(t, ctx, "the queue kept", `ConveneDeskStore.queued("admm-retreat-2025").then(q => q.length === 4)`)
	t.Logf("screenshot: %s", browsertest.Screenshot(t, ctx, screenshotDir(), "desk-signed-out"))
	browserSignIn(t, other, d, "staff@demo.test")

	// Signed in again, the desk sends at its next try (as when the network
	// returns): the queue goes, the conflict comes back.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.dispatchEvent(new Event("online"))`)); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, ctx, "the queue sent", `ConveneDeskStore.queued("admm-retreat-2025").then(q => q.length === 0)`)
	waitUntil(t, ctx, "the conflict shown", `document.querySelector("#desk-conflicts").dataset.count === "1" && !document.querySelector("#desk-conflicts").hidden`)
	waitUntil(t, ctx, "the status back online", `document.querySelector("#desk-status").dataset.state === "online" && document.querySelector("#desk-status").dataset.waiting === "0"`)
	conflict, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("desk-conflicts")))
	if err != nil || !strings.Contains(conflict, fourth.Name) || !strings.Contains(conflict, "revoked") {
		t.Errorf("conflict on the page: %q (%v)", conflict, err)
	}
	t.Logf("screenshot: %s", browsertest.Screenshot(t, ctx, screenshotDir(), "desk-after-sync"))

	// The same queue sent again (a desk that lost the answer) writes nothing.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`Promise.all(JSON.parse(%q).map(s => ConveneDeskStore.enqueue(s)))
		.then(() => { window.dispatchEvent(new Event("online")); return true; })`, queued), chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, ctx, "the repeat sent", `ConveneDeskStore.queued("admm-retreat-2025").then(q => q.length === 0)`)
	if after := totalCheckedIn(t, ctx, d); after != before+3 {
		t.Errorf("%d checked in after the sync (and a repeat send), want %d + 3", after, before)
	}
}
