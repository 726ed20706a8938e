package main

import (
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"convene/internal/browser/browsertest"
)

// pollShots is where the poll's browser test leaves its screenshots.
func pollShots(t *testing.T) string {
	if d := os.Getenv("CONVENE_SCREENSHOTS"); d != "" {
		return d
	}
	return t.TempDir()
}

// TestBrowserFocalPointAnswersPoll: Malaysia's focal point signs in, goes
// from ADSOM 2025's page to the availability poll, first saves with a date
// left unanswered (refused next to it, the other choices kept), then
// answers all three dates with a comment in Malay; the page keeps the
// answers, and the secretariat's poll page counts five delegations of
// eleven answered, Malaysia among them.
func TestBrowserFocalPointAnswersPoll(t *testing.T) {
	d := startDemo(t)
	ctx := browsertest.Tab(t)
	shots := pollShots(t)
	browserSignIn(t, ctx, d, "focal.mys@demo.test")
	radio := func(i int, answer string) string {
		return `document.querySelectorAll("#poll-answer-form fieldset")[` + string(rune('0'+i)) +
			`].querySelector('input[value="` + answer + `"]')`
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/meetings/adsom-2025"),
		chromedp.WaitVisible(chromedp.ID("meeting-poll-link")),
		chromedp.Click(chromedp.ID("meeting-poll-link")),
		chromedp.WaitVisible(chromedp.ID("poll-answer-form")),
	); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](radio(0, "available")+`.click(); `+radio(2, "unavailable")+`.click(); true`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("save-answers")),
		chromedp.WaitVisible(chromedp.CSS(".error-summary")),
	); err != nil {
		t.Fatal(err)
	}
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[`+radio(0, "available")+`.checked, `+radio(2, "unavailable")+
		`.checked, document.querySelectorAll("#poll-answer-form fieldset")[1].querySelector(".error") !== null].join(" ")`))
	if err != nil || kept != "true true true" {
		t.Errorf("the refused form kept %q (%v)", kept, err)
	}
	browsertest.Screenshot(t, ctx, shots, "poll-1-date-left-unanswered")
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](radio(1, "if_need_be")+`.click(); true`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`#poll-answer-form fieldset:nth-of-type(3) input[type="text"]`), "Mesyuarat Majlis Keselamatan Negara"),
		chromedp.Click(chromedp.ID("save-answers")),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	); err != nil {
		t.Fatal(err)
	}
	flash, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".flash")))
	if err != nil || !strings.Contains(flash, "The answers of Malaysia are saved") {
		t.Errorf("flash %q %v", flash, err)
	}
	saved, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[`+radio(0, "available")+`.checked, `+radio(1, "if_need_be")+
		`.checked, `+radio(2, "unavailable")+`.checked, document.querySelector('#poll-answer-form fieldset:nth-of-type(3) input[type="text"]').value].join(" ")`))
	if err != nil || saved != "true true true Mesyuarat Majlis Keselamatan Negara" {
		t.Errorf("the saved answers read %q (%v)", saved, err)
	}
	browsertest.Screenshot(t, ctx, shots, "poll-2-answers-saved")

	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`.who button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.who a[href="/sign-in"]`)),
	); err != nil {
		t.Fatal(err)
	}
	browserSignIn(t, ctx, d, "staff@demo.test")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/meetings/adsom-2025/poll"),
		chromedp.WaitVisible(chromedp.ID("poll-ranking")),
	); err != nil {
		t.Fatal(err)
	}
	status, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("poll-status")))
	if err != nil || !strings.Contains(status, "5 of 11 delegations have answered") {
		t.Errorf("poll status %q %v", status, err)
	}
	answers, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("poll-answers")))
	if err != nil || !strings.Contains(answers, "Mesyuarat Majlis Keselamatan Negara") {
		t.Errorf("the secretariat does not see Malaysia's answer: %q %v", answers, err)
	}
	t.Logf("screenshot: %s", browsertest.Screenshot(t, ctx, shots, "poll-3-secretariat"))
}
