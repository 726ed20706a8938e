package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"convene/internal/browser/browsertest"
	"convene/internal/photo/phototest"
)

// portraitFile writes a portrait (phototest.Portrait) as a PNG file, as a
// phone photo would arrive.
func portraitFile(t *testing.T) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "portrait.png")
	if err := os.WriteFile(file, phototest.Portrait(), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// loaded reports whether every image the selector matches has loaded.
func loaded(selector string) string {
	return `[...document.querySelectorAll(` + "`" + selector + "`" + `)].every(i => i.complete && i.naturalWidth > 0)`
}

// TestBrowserBadgePreviewAndCheckInAnswer: a secretariat officer uploads
// Viet Nam's minister's photo, prints Viet Nam's badges and sees the
// preview: his badge with the photo, the alternate head's marked "No photo"
// and listed at the top. At the desk, his code answers with the photo large
// beside his name; at the family photo (heads only) the alternate head's
// code is refused with the warning until the officer admits her with a
// reason. Screenshots of the preview and the answers are left in
// screenshotDir().
func TestBrowserBadgePreviewAndCheckInAnswer(t *testing.T) {
	d := startDemo(t)
	ctx := browsertest.Tab(t)
	browserSignIn(t, ctx, d, "staff@demo.test")
	file := portraitFile(t)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/meetings/admm-retreat-2025/delegations/VNM"),
		chromedp.WaitVisible(chromedp.CSS("main h1")),
	); err != nil {
		t.Fatal(err)
	}
	person, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`[...document.querySelectorAll('a[href*="/delegates/"]')].find(a => a.textContent.includes("Quốc Bình"))?.getAttribute("href") || ""`))
	if err != nil || person == "" {
		t.Fatalf("no link to the minister on Viet Nam's delegation page: %v", err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+person),
		chromedp.WaitVisible(chromedp.ID("f-photo")),
		chromedp.SetUploadFiles(chromedp.ID("f-photo"), []string{file}),
		chromedp.Click(chromedp.CSS(`form[action$="/photo"] button[type="submit"]`)),
		// He is accredited: the new photo is a change the secretariat
		// approves before his badge shows it.
		chromedp.WaitVisible(chromedp.ID("review-change")),
		chromedp.Click(chromedp.ID("review-change")),
		chromedp.WaitVisible(chromedp.ID("approve-change")),
		chromedp.Click(chromedp.ID("approve-change")),
		chromedp.WaitVisible(chromedp.CSS(".flash-success")),
		chromedp.Navigate(d.url+person),
		chromedp.WaitVisible(chromedp.ID("badge-photo")),
		chromedp.Navigate(d.url+"/meetings/admm-retreat-2025/badges"),
		chromedp.WaitVisible(chromedp.ID("badges")),
		chromedp.Click(chromedp.CSS(`form input[name="delegation"][value="VNM"] ~ button`)),
		chromedp.WaitVisible(chromedp.CSS("article.badge")),
		chromedp.WaitVisible(chromedp.ID("missing-photos")),
	); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](loaded(`article.badge img.photo`))); err != nil {
		t.Fatalf("the badge photo does not load in the preview: %v", err)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("article.badge img.photo").length`))
	if err != nil || n != 1 {
		t.Errorf("%d badges show a photo (%v), want the minister's", n, err)
	}
	missing, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("missing-photos")))
	if err != nil || !strings.Contains(missing, "1 of 2 badges have no photo") || !strings.Contains(missing, "Nguyễn Thị Ánh") {
		t.Errorf("the preview's list of badges without a photo: %q (%v)", missing, err)
	}
	t.Logf("screenshot: %s", browsertest.Screenshot(t, ctx, screenshotDir(), "badge-preview-with-photo"))
	codes, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("article.badge")].map(b => b.querySelector(".name").textContent + "|" + b.dataset.code)`))
	if err != nil || len(codes) != 2 {
		t.Fatalf("codes on the sheet: %v (%v)", codes, err)
	}
	code := map[string]string{}
	for _, c := range codes {
		name, v, _ := strings.Cut(c, "|")
		code[strings.TrimSpace(name)] = v
	}

	// The desk: the minister's answer shows his photo beside his name.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/meetings/admm-retreat-2025/check-in"),
		chromedp.WaitVisible(chromedp.ID("f-code")),
		chromedp.SendKeys(chromedp.ID("f-code"), code["Sen. Lt Gen. Trần Quốc Bình"]),
		chromedp.Click(chromedp.ID("check-in")),
		chromedp.WaitVisible(chromedp.ID("check-in-answer")),
	); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.readyState === "complete"`)); err != nil {
		t.Fatal(err) // the page comes through the desk's service worker and may still be parsing
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](loaded(`#check-in-answer img.checkin-photo`))); err != nil {
		t.Fatalf("the check-in answer does not show the photo: %v", err)
	}
	answer, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("check-in-answer")))
	if err != nil || !strings.Contains(answer, "Trần Quốc Bình") || !strings.Contains(answer, "Viet Nam") ||
		!strings.Contains(answer, "Admitted to the venue of ADMM Retreat 2025") {
		t.Errorf("check-in answer: %q (%v)", answer, err)
	}
	t.Logf("screenshot: %s", browsertest.Screenshot(t, ctx, screenshotDir(), "check-in-answer-with-photo"))

	// The family photo is for heads of delegation only.
	photoSession, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`[...document.querySelectorAll("#f-session option")].find(o => o.textContent.includes("Family photo")).value`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("f-session"), photoSession),
		chromedp.SendKeys(chromedp.ID("f-code"), code["Maj. Gen. Nguyễn Thị Ánh"]),
		chromedp.Click(chromedp.ID("check-in")),
		chromedp.WaitVisible(chromedp.ID("admit-override")),
	); err != nil {
		t.Fatal(err)
	}
	warning, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".error-summary")))
	if err != nil || !strings.Contains(warning, "Not on the list for “Family photo”") {
		t.Errorf("warning: %q (%v)", warning, err)
	}
	t.Logf("screenshot: %s", browsertest.Screenshot(t, ctx, screenshotDir(), "check-in-warning"))
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-override_reason"), "Stands in for the minister at the photo"),
		chromedp.Click(chromedp.ID("admit-override")),
		chromedp.WaitVisible(chromedp.ID("answer-override")),
	); err != nil {
		t.Fatal(err)
	}
	override, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("check-in-answer")))
	if err != nil || !strings.Contains(override, "Nguyễn Thị Ánh") || !strings.Contains(override, "Stands in for the minister") ||
		!strings.Contains(override, "No photo on file") {
		t.Errorf("override answer: %q (%v)", override, err)
	}
	t.Logf("screenshot: %s", browsertest.Screenshot(t, ctx, screenshotDir(), "check-in-override"))
}
