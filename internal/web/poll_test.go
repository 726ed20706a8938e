package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"convene/internal/convene"
)

// pollMails counts a meeting's queued messages of kind by recipient.
func (a *testApp) pollMails(code, kind string) map[string]int {
	a.t.Helper()
	ctx := context.Background()
	m, err := a.db.FindMeetingByCode(ctx, code)
	if err != nil {
		a.t.Fatal(err)
	}
	msgs, err := a.db.FindOutbox(ctx, m.ID)
	if err != nil {
		a.t.Fatal(err)
	}
	out := map[string]int{}
	for _, x := range msgs {
		if x.Kind == kind {
			out[x.To]++
		}
	}
	return out
}

// pollOf reads a meeting's poll from the store.
func (a *testApp) pollOf(code string) convene.Poll {
	a.t.Helper()
	ctx := context.Background()
	m, err := a.db.FindMeetingByCode(ctx, code)
	if err != nil {
		a.t.Fatal(err)
	}
	p, err := a.db.FindPoll(ctx, m.ID)
	if err != nil {
		a.t.Fatal(err)
	}
	return p
}

// answerForm is a delegation's answers to a poll's candidates, by first day.
func answerForm(p convene.Poll, answers map[string]convene.PollAnswer, comment string) url.Values {
	f := url.Values{}
	for _, c := range p.Candidates {
		if a, ok := answers[c.Start.String()]; ok {
			f.Set(convene.PollAnswerField(c.ID), string(a))
			f.Set(convene.PollCommentField(c.ID), comment)
		}
	}
	return f
}

var pollRankRow = regexp.MustCompile(`(?s)<tr class="poll-candidate"><td class="num">\d+</td><td><strong>([^<]+)</strong>`)

// pollRanking reads the ranked dates of a poll or planner page, best first.
func pollRanking(body string) string {
	var out []string
	for _, m := range pollRankRow.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return strings.Join(out, " | ")
}

// TestPollEndToEnd: the secretariat opens a poll on ADMM 2025 from the
// planner (no date, a date outside November and a closing day in the past
// are refused next to their fields, nothing written); the focal points of
// Viet Nam and Indonesia answer on their pages and the ranking changes
// with their answers; Thailand does not answer and gets exactly one
// reminder per click (the two who answered none); confirming a date fixes
// the meeting's dates, closes the poll, tells every focal point through
// the outbox and is audited; an answer after that is refused, nothing
// written.
func TestPollEndToEnd(t *testing.T) {
	app := newTestApp(t)
	app.db.Now = func() time.Time { return time.Date(2025, 6, 2, 3, 0, 0, 0, time.UTC) }
	ctx := context.Background()
	sec := app.as(convene.RoleOfficer)
	const planner, poll = "/meetings/admm-2025/planner", "/meetings/admm-2025/poll"
	_, body := sec.get(planner)
	if !strings.Contains(body, `id="poll-form"`) || !strings.Contains(body, `value="2025-11-18"`) {
		t.Fatalf("the planner offers no poll:\n%.2000s", body)
	}

	for _, tc := range []struct {
		name  string
		form  url.Values
		errID string
	}{
		{"no dates", url.Values{"closes_on": {"2025-06-30"}}, "e-candidates"},
		{"a date outside November", url.Values{"start": {"2025-11-04", "2025-12-01"}, "closes_on": {"2025-06-30"}}, "e-candidates"},
		{"a closing day in the past", url.Values{"start": {"2025-11-04"}, "closes_on": {"2025-06-01"}}, "e-closes_on"},
		{"a closing day that is no day", url.Values{"start": {"2025-11-04"}, "closes_on": {"30/06/2025"}}, "e-closes_on"},
	} {
		before := app.tableCounts()
		resp, body := sec.post(poll+"/new", tc.form)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="`+tc.errID+`"`) {
			t.Errorf("%s: %d, no message at %s", tc.name, resp.StatusCode, tc.errID)
		}
		for _, kept := range tc.form["start"] {
			if strings.HasPrefix(kept, "2025-11") && !strings.Contains(body, `value="`+kept+`" id="f-start-`+kept+`" checked`) {
				t.Errorf("%s: the tick on %s is not kept", tc.name, kept)
			}
		}
		after := app.tableCounts()
		for _, table := range []string{"polls", "poll_candidates", "audit_log", "outbox"} {
			if after[table] != before[table] {
				t.Errorf("%s: a refused poll wrote to %s", tc.name, table)
			}
		}
	}
	resp, _ := sec.post(poll+"/new", url.Values{"start": {"2025-11-04", "2025-11-18"}, "closes_on": {"2025-06-30"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != poll {
		t.Fatalf("open: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, _ := sec.post(poll+"/new", url.Values{"start": {"2025-11-11"}, "closes_on": {"2025-06-30"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a second poll: %d", resp.StatusCode)
	}
	p := app.pollOf("admm-2025")
	_, body = sec.get(poll)
	// The Water Festival keeps Cambodia away on 4-5 November.
	if got := pollRanking(body); got != "18–19 November 2025 | 4–5 November 2025" ||
		!strings.Contains(body, "Cambodia (public holiday: Water Festival)") {
		t.Errorf("ranking before the answers: %q", got)
	}

	vnm, idn := app.focalOf("VNM"), app.focalOf("IDN")
	for _, who := range []*client{vnm, idn} {
		iso := map[*client]string{vnm: "vnm", idn: "idn"}[who]
		page := poll + "/" + iso
		if resp, body := who.get(page); resp.StatusCode != http.StatusOK || !strings.Contains(body, "4–5 November 2025") {
			t.Fatalf("%s's answer page: %d", iso, resp.StatusCode)
		}
		// Leaving a date unanswered comes back next to it, nothing written.
		before := app.tableCounts()
		resp, body := who.post(page, answerForm(p, map[string]convene.PollAnswer{"2025-11-04": convene.AnswerAvailable}, ""))
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-`+convene.PollAnswerField(p.Candidates[1].ID)+`"`) ||
			!strings.Contains(body, `value="available" id="f-`+convene.PollAnswerField(p.Candidates[0].ID)+`-available" checked`) {
			t.Errorf("%s: a date left unanswered: %d", iso, resp.StatusCode)
		}
		if after := app.tableCounts(); after["poll_answers"] != before["poll_answers"] || after["audit_log"] != before["audit_log"] {
			t.Errorf("%s: a refused answer wrote", iso)
		}
		resp, _ = who.post(page, answerForm(p, map[string]convene.PollAnswer{"2025-11-04": convene.AnswerAvailable,
			"2025-11-18": convene.AnswerUnavailable}, "Hội nghị quốc phòng"))
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s answers: %d", iso, resp.StatusCode)
		}
	}
	// Indonesia changes its mind about 4 November while the poll is open.
	idn.get(poll + "/idn")
	if resp, _ := idn.post(poll+"/idn", answerForm(p, map[string]convene.PollAnswer{"2025-11-04": convene.AnswerIfNeedBe,
		"2025-11-18": convene.AnswerUnavailable}, "")); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d", resp.StatusCode)
	}
	_, body = sec.get(poll)
	if got := pollRanking(body); got != "4–5 November 2025 | 18–19 November 2025" {
		t.Errorf("ranking after the answers: %q", got)
	}
	if !strings.Contains(body, "Viet Nam (unavailable: Hội nghị quốc phòng)") || !strings.Contains(body, "Indonesia (unavailable)") ||
		!strings.Contains(body, "If need be: Indonesia") {
		t.Errorf("who cannot come is not named:\n%.3000s", body)
	}
	_, body = sec.get(planner)
	if got := pollRanking(body); got != "4–5 November 2025 | 18–19 November 2025" {
		t.Errorf("the planner's ranking: %q", got)
	}

	// Reminders: one per click to each focal point who has not answered
	// every date; never to Viet Nam or Indonesia.
	tha, vn, id := "focal.tha@demo.test", "focal.vnm@demo.test", "focal.idn@demo.test"
	for click := 1; click <= 2; click++ {
		sec.get(poll)
		if resp, _ := sec.post(poll+"/remind", nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("remind: %d", resp.StatusCode)
		}
		got := app.pollMails("admm-2025", convene.MailPollReminder)
		total := 0
		for _, n := range got {
			total += n
		}
		if got[tha] != click || got[vn] != 0 || got[id] != 0 || total != 9*click {
			t.Errorf("after click %d: Thailand %d, Viet Nam %d, Indonesia %d, %d in all (want %d, 0, 0, %d)",
				click, got[tha], got[vn], got[id], total, click, 9*click)
		}
	}

	// Confirming fixes the dates, closes the poll and tells all eleven.
	m, _ := app.db.FindMeetingByCode(ctx, "admm-2025")
	sec.get(poll)
	resp, _ = sec.post(poll+"/confirm", url.Values{"candidate": {itoa64(p.Candidates[0].ID)}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d", resp.StatusCode)
	}
	m, _ = app.db.FindMeetingByCode(ctx, "admm-2025")
	if m.Tentative() || m.DatesLabel() != "4–5 November 2025" || m.Status != convene.StatusDatesConfirmed {
		t.Errorf("after confirming: %s %s", m.DatesLabel(), m.Status)
	}
	if got := app.pollOf("admm-2025"); got.Status != convene.PollConfirmed || got.ConfirmedStart.String() != "2025-11-04" {
		t.Errorf("poll after confirming: %+v", got)
	}
	if got := app.pollMails("admm-2025", convene.MailPollConfirmed); len(got) != 11 || got[vn] != 1 || got[tha] != 1 {
		t.Errorf("confirmation mails: %v", got)
	}
	entries, _, _ := app.db.FindAuditEntries(ctx, convene.AuditFilter{Entity: "poll", EntityID: p.ID})
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	if strings.Join(actions, " ") != "confirm remind remind answer answer answer create" {
		t.Errorf("poll audit: %v", actions)
	}
	meetingAudit, _, _ := app.db.FindAuditEntries(ctx, convene.AuditFilter{Entity: "meeting", EntityID: m.ID})
	if len(meetingAudit) == 0 || meetingAudit[0].Action != "status" || !strings.Contains(meetingAudit[0].Summary, "2025-11-04") {
		t.Errorf("meeting audit: %+v", meetingAudit)
	}

	// After it closed: Viet Nam's page says so, and a new answer is refused.
	resp, body = vnm.get(poll + "/vnm")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `id="poll-closed"`) || strings.Contains(body, `id="save-answers"`) {
		t.Errorf("closed answer page: %d", resp.StatusCode)
	}
	before := app.tableCounts()
	resp, body = vnm.post(poll+"/vnm", answerForm(p, map[string]convene.PollAnswer{"2025-11-04": convene.AnswerUnavailable,
		"2025-11-18": convene.AnswerUnavailable}, ""))
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "The poll is closed") {
		t.Errorf("an answer after confirming: %d", resp.StatusCode)
	}
	if after := app.tableCounts(); after["poll_answers"] != before["poll_answers"] || after["audit_log"] != before["audit_log"] {
		t.Error("an answer to a closed poll wrote")
	}
	if resp, _ := sec.post(poll+"/remind", nil); resp.StatusCode != http.StatusSeeOther || app.tableCounts()["outbox"] != before["outbox"] {
		t.Errorf("a reminder on a closed poll: %d", resp.StatusCode)
	}
}

// TestPollClosingDay: answers are taken until the end of the closing day
// in the meeting's zone (Kuala Lumpur, UTC+8) and refused from the next
// day, with a clear message and nothing written.
func TestPollClosingDay(t *testing.T) {
	app := newTestApp(t)
	now := time.Date(2025, 6, 2, 3, 0, 0, 0, time.UTC)
	app.db.Now = func() time.Time { return now }
	sec := app.as(convene.RoleOfficer)
	sec.get("/meetings/admm-2025/planner")
	if resp, _ := sec.post("/meetings/admm-2025/poll/new", url.Values{"start": {"2025-11-18"}, "closes_on": {"2025-06-10"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("open: %d", resp.StatusCode)
	}
	p := app.pollOf("admm-2025")
	answer := answerForm(p, map[string]convene.PollAnswer{"2025-11-18": convene.AnswerAvailable}, "")
	now = time.Date(2025, 6, 10, 15, 58, 0, 0, time.UTC) // 23:58 in Kuala Lumpur on the closing day
	vnm := app.focalOf("VNM")                            // signed in again: days have passed
	vnm.get("/meetings/admm-2025/poll/vnm")
	if resp, _ := vnm.post("/meetings/admm-2025/poll/vnm", answer); resp.StatusCode != http.StatusSeeOther ||
		resp.Header.Get("Location") != "/meetings/admm-2025/poll/vnm" {
		t.Errorf("on the closing day: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	now = time.Date(2025, 6, 10, 16, 1, 0, 0, time.UTC) // the next day in Kuala Lumpur
	vnm.get("/meetings/admm-2025/poll/vnm")
	before := app.tableCounts()
	resp, body := vnm.post("/meetings/admm-2025/poll/vnm", answerForm(p, map[string]convene.PollAnswer{"2025-11-18": convene.AnswerUnavailable}, ""))
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "The poll closed on 10 June 2025") {
		t.Errorf("after the closing day: %d", resp.StatusCode)
	}
	if after := app.tableCounts(); after["poll_answers"] != before["poll_answers"] || after["audit_log"] != before["audit_log"] {
		t.Error("a late answer wrote")
	}
	answers, _ := app.db.FindPollAnswers(context.Background(), p.ID, 0)
	if len(answers) != 1 || answers[0].Answer != convene.AnswerAvailable {
		t.Errorf("answers: %+v", answers)
	}
}

// TestPollOtherCountry: a focal point sees and changes only their own
// delegation's answers. Thailand's answer page answers Viet Nam's focal
// point exactly like a country that does not exist (404, the same page),
// for a read and for a write, and nothing is written; Viet Nam's own page
// shows none of Thailand's answers; the secretariat's poll page is not
// theirs. The secretariat sees every delegation's.
func TestPollOtherCountry(t *testing.T) {
	app := newTestApp(t)
	vnm := app.as(convene.RoleFocal)
	const base = "/meetings/adsom-2025/poll/"
	answerOf := func(path string) string {
		resp, body := vnm.get(path)
		return probeAnswer(resp, body, path)
	}
	if got, missing := answerOf(base+"tha"), answerOf(base+"xxx"); got != missing || !strings.HasPrefix(got, "404") {
		t.Errorf("Thailand's page differs from a missing one:\n%.300s\n%.300s", got, missing)
	}
	if got, missing := answerOf(base+"jpn"), answerOf(base+"zzz"); got != missing {
		t.Errorf("a non-participant's page differs from a missing one")
	}
	p := app.pollOf("adsom-2025")
	form := answerForm(p, map[string]convene.PollAnswer{"2025-09-03": convene.AnswerUnavailable,
		"2025-09-10": convene.AnswerUnavailable, "2025-09-24": convene.AnswerUnavailable}, "changed by someone else")
	before := app.tableCounts()
	for _, iso := range []string{"tha", "xxx"} {
		vnm.get(base + "vnm")
		resp, _ := vnm.post(base+iso, form)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s as Viet Nam: %d", iso, resp.StatusCode)
		}
	}
	if after := app.tableCounts(); after["poll_answers"] != before["poll_answers"] || after["audit_log"] != before["audit_log"] {
		t.Error("a write to another delegation's answers changed the database")
	}
	resp, body := vnm.get(base + "vnm")
	if resp.StatusCode != http.StatusOK || strings.Contains(body, "Defence budget hearings") ||
		!strings.Contains(body, "national defence exercise") {
		t.Errorf("Viet Nam's page: %d, or it shows another delegation's answer", resp.StatusCode)
	}
	if resp, _ := vnm.get("/meetings/adsom-2025/poll"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("the secretariat's poll page as a focal point: %d", resp.StatusCode)
	}
	_, body = app.as(convene.RoleOfficer).get("/meetings/adsom-2025/poll")
	if !strings.Contains(body, "Defence budget hearings") || !strings.Contains(body, "national defence exercise") {
		t.Error("the secretariat does not see every delegation's answers")
	}
	// The demo's answers put 10–11 September first.
	if got := pollRanking(body); !strings.HasPrefix(got, "10–11 September 2025") {
		t.Errorf("demo ranking: %q", got)
	}
	if _, body := vnm.get("/meetings/adsom-2025"); !strings.Contains(body, `href="/meetings/adsom-2025/poll/vnm"`) {
		t.Error("the meeting page has no link to Viet Nam's answer page")
	}
}
