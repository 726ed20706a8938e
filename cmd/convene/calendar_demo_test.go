package main

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"
)

// yearSection is the calendar's section of one year, up to the next year's.
func yearSection(t *testing.T, body string, year string) string {
	t.Helper()
	i := strings.Index(body, `id="year-`+year+`"`)
	if i < 0 {
		t.Fatalf("the calendar has no section for %s", year)
	}
	rest := body[i:]
	if j := strings.Index(rest[1:], `class="calendar-year"`); j >= 0 {
		rest = rest[:j+1]
	}
	return rest
}

// TestDemoCalendarShowsTheGeneratedCycle is issue 19's "done when" on
// `convene demo`: /calendar, as a visitor opens it with no choice of years,
// shows 2025 with its meetings and the generated 2026 cycle with its chair,
// the Philippines; and the secretariat's date planner of ADSOM 2025 leads
// with the demo's open availability poll. (The default years do not depend
// on the clock here: the demo has meetings in 2025 and 2026 only, and the
// calendar falls back to the nearest years with meetings.)
func TestDemoCalendarShowsTheGeneratedCycle(t *testing.T) {
	d := startDemo(t)
	jar, _ := cookiejar.New(nil)
	b := &browser{t: t, base: d.url, c: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	status, body, _ := b.do("GET", "/calendar", nil)
	if status != http.StatusOK {
		t.Fatalf("/calendar: %d", status)
	}
	y2025, y2026 := yearSection(t, body, "2025"), yearSection(t, body, "2026")
	for _, want := range []string{"ADMM Retreat 2025", "ADSOM 2025", "ADMM 2025"} {
		if !strings.Contains(y2025, want) {
			t.Errorf("2025 on the calendar lacks %q", want)
		}
	}
	h2 := y2026[:strings.Index(y2026, "</h2>")]
	if !strings.Contains(h2, "Chair:") || !strings.Contains(h2, "Philippines") {
		t.Errorf("2026's heading does not name its chair: %q", h2)
	}
	for _, want := range []string{"ADSOM 2026", "ADMM 2026"} {
		if !strings.Contains(y2026, want) {
			t.Errorf("2026 on the calendar lacks the generated %q", want)
		}
	}
	if strings.Contains(y2025, "ADMM 2026") || strings.Contains(y2026, "ADMM Retreat 2025") {
		t.Error("control: a meeting is under the wrong year")
	}

	b.do("GET", "/sign-in", nil)
	if status, _, h := b.do("POST", "/sign-in", url.Values{"email": {"staff@demo.test"}, "password": {d.password}}); status != http.StatusSeeOther ||
		strings.Contains(h.Get("Location"), "sign-in") {
		t.Fatalf("staff sign-in: %d to %q", status, h.Get("Location"))
	}
	status, body, _ = b.do("GET", "/meetings/adsom-2025/planner", nil)
	if status != http.StatusOK || !strings.Contains(body, "Availability poll") || !strings.Contains(body, `id="poll-link"`) {
		t.Errorf("ADSOM 2025's planner does not lead with its poll: %d", status)
	}
}
