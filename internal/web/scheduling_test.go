package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"convene/internal/convene"
)

// monthSection returns the calendar's section for a month.
func monthSection(body, month string) string {
	i := strings.Index(body, `aria-label="`+month+`"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "</section>")
	return body[i : i+j]
}

// TestCalendarShowsTheCycle: the 2025 cycle on its year view, the Penang
// meetings on their day, ADSOM and ADMM tentative across September and
// November, with a print stylesheet. Without ?year it falls back to the
// latest year with meetings.
func TestCalendarShowsTheCycle(t *testing.T) {
	app := newTestApp(t)
	// A year without meetings, whatever the wall clock says: /calendar must fall back.
	app.db.Now = func() time.Time { return time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC) }
	for _, path := range []string{"/calendar?year=2025", "/calendar"} {
		resp, body := app.as(convene.RoleAnonymous).get(path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		feb, sep, nov := monthSection(body, "February"), monthSection(body, "September"), monthSection(body, "November")
		if !strings.Contains(feb, "26 Feb") || !strings.Contains(feb, "ADMM Retreat 2025") || !strings.Contains(feb, "ADSOM Working Group 2025") {
			t.Errorf("%s: February: %s", path, feb)
		}
		if !strings.Contains(sep, "ADSOM 2025") || !strings.Contains(sep, "Tentative") {
			t.Errorf("%s: September: %s", path, sep)
		}
		if !strings.Contains(nov, "ADMM 2025") || !strings.Contains(nov, "Tentative") || strings.Contains(monthSection(body, "October"), "ADMM 2025") {
			t.Errorf("%s: November: %s", path, nov)
		}
		if !strings.Contains(body, "css/programme") {
			t.Errorf("%s: no print stylesheet", path)
		}
	}
	if resp, _ := app.as(convene.RoleAnonymous).get("/calendar?year=abc"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad year: %d", resp.StatusCode)
	}
}

func meetingForm() url.Values {
	return url.Values{"code": {"adsom-2026"}, "title": {"ADSOM 2026"}, "kind": {"adsom"}, "host_country": {"PHL"},
		"city": {"Manila"}, "time_zone": {"Asia/Manila"}, "status": {"proposed"}, "date_precision": {"month"},
		"month": {"2026-09"}, "length_days": {"2"}, "theme": {"Ang tema"},
		"participants": {"IDN", "MYS", "PHL", "VNM"}, "default_quota": {"5"}}
}

// TestMeetingFormRoundTrip: bad input comes back 422 with the typed values
// and nothing written; good input creates a tentative meeting shown across
// its month on the calendar.
func TestMeetingFormRoundTrip(t *testing.T) {
	app := newTestApp(t)
	c := app.as(convene.RoleOfficer)
	c.get("/meetings/new")
	bad := []struct {
		name, field, value, errID string
	}{
		{"unknown zone", "time_zone", "Asia/Penang", "e-time_zone"},
		{"malformed month", "month", "Sept 2026", "e-month"},
		{"length", "length_days", "30", "e-length_days"},
		{"code", "code", "ADSOM 2026!", "e-code"},
		{"taken code", "code", "admm-2025", "e-code"},
		{"status", "status", "held", "e-status"},
	}
	for _, tc := range bad {
		f := meetingForm()
		f.Set(tc.field, tc.value)
		before := app.tableCounts()
		resp, body := c.post("/meetings/new", f)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d", tc.name, resp.StatusCode)
			continue
		}
		if !strings.Contains(body, `id="`+tc.errID+`"`) {
			t.Errorf("%s: no message at %s", tc.name, tc.errID)
		}
		if !strings.Contains(body, `value="Ang tema"`) || !strings.Contains(body, `value="Manila"`) {
			t.Errorf("%s: typed values not kept", tc.name)
		}
		if after := app.tableCounts(); after["meetings"] != before["meetings"] || after["audit_log"] != before["audit_log"] {
			t.Errorf("%s: a refused form wrote", tc.name)
		}
	}
	resp, body := c.post("/meetings/new", meetingForm())
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d\n%.2000s", resp.StatusCode, body)
	}
	m, err := app.db.FindMeetingByCode(context.Background(), "adsom-2026")
	if err != nil || !m.Tentative() || m.StartDate.String() != "2026-09-01" || m.EndDate.String() != "2026-09-30" {
		t.Fatalf("stored: %+v %v", m, err)
	}
	_, body = c.get("/calendar?year=2026")
	if sep := monthSection(body, "September"); !strings.Contains(sep, "ADSOM 2026") || !strings.Contains(sep, "Tentative") {
		t.Errorf("September 2026: %s", sep)
	}
}

// TestMeetingStatusMovesOneStep: a proposed meeting cannot jump to
// registration open, and cannot confirm its dates while they are month-only;
// with its dates fixed it moves on, and the audit log records it.
func TestMeetingStatusMovesOneStep(t *testing.T) {
	app := newTestApp(t)
	c := app.as(convene.RoleOfficer)
	_, body := c.get("/meetings/adsom-2025/edit")
	if !strings.Contains(body, `value="2025-09"`) {
		t.Fatal("edit form does not show the month")
	}
	f := url.Values{"code": {"adsom-2025"}, "title": {"ADSOM 2025"}, "kind": {"adsom"}, "host_country": {"MYS"},
		"time_zone": {"Asia/Kuala_Lumpur"}, "status": {"registration_open"}, "date_precision": {"day"},
		"start_date": {"2025-09-16"}, "end_date": {"2025-09-17"}}
	if resp, body := c.post("/meetings/adsom-2025/edit", f); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "one step at a time") {
		t.Errorf("jump to registration open: %d", resp.StatusCode)
	}
	f.Set("status", "dates_confirmed")
	f.Set("date_precision", "month")
	f.Set("month", "2025-09")
	f.Set("length_days", "2")
	if resp, _ := c.post("/meetings/adsom-2025/edit", f); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("confirmed with month-only dates: %d", resp.StatusCode)
	}
	f.Set("date_precision", "day")
	if resp, body := c.post("/meetings/adsom-2025/edit", f); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm dates: %d\n%.1500s", resp.StatusCode, body)
	}
	m, _ := app.db.FindMeetingByCode(context.Background(), "adsom-2025")
	if m.Status != convene.StatusDatesConfirmed || m.DatesLabel() != "16–17 September 2025" {
		t.Errorf("after confirming: %s %s", m.Status, m.DatesLabel())
	}
	entries, _, err := app.db.FindAuditEntries(context.Background(), convene.AuditFilter{Entity: "meeting", EntityID: m.ID})
	if err != nil || len(entries) == 0 || entries[0].Action != "status" || !strings.Contains(entries[0].Summary, "dates_confirmed") {
		t.Errorf("audit: %+v %v", entries, err)
	}
}

// TestCloneMeetingCarriesTheProgramme: the Retreat cloned a year on keeps
// its venue's rooms and its programme at the same local times.
func TestCloneMeetingCarriesTheProgramme(t *testing.T) {
	app := newTestApp(t)
	c := app.as(convene.RoleOfficer)
	_, body := c.get("/meetings/admm-retreat-2025/clone")
	if !strings.Contains(body, `value="admm-retreat-2026"`) || !strings.Contains(body, `value="2026-02-26"`) {
		t.Fatalf("clone form does not propose next year:\n%.3000s", body)
	}
	f := url.Values{"code": {"admm-retreat-2026"}, "title": {"ADMM Retreat 2026"}, "kind": {"admm_retreat"},
		"host_country": {"PHL"}, "venue": {""}, "time_zone": {"Asia/Kuala_Lumpur"}, "status": {"dates_confirmed"},
		"date_precision": {"day"}, "start_date": {"2026-03-05"}}
	// Keep the venue so the rooms carry over.
	src, _ := app.db.FindMeetingByCode(context.Background(), "admm-retreat-2025")
	f.Set("venue", itoa64(src.VenueID))
	resp, body := c.post("/meetings/admm-retreat-2025/clone", f)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("clone: %d\n%.2000s", resp.StatusCode, body)
	}
	// The clone's programme is a working draft: the secretariat sees it,
	// visitors only once it is published.
	_, body = c.get("/meetings/admm-retreat-2026/programme")
	if !strings.Contains(body, "Thursday, 5 March 2026") || !strings.Contains(body, "13:45–14:15 MYT") ||
		!strings.Contains(body, "Official opening of the ADMM Retreat 2025") {
		t.Errorf("cloned programme:\n%.4000s", body)
	}
	if _, body = app.as(convene.RoleAnonymous).get("/meetings/admm-retreat-2026/programme"); !strings.Contains(body, `id="not-published"`) ||
		strings.Contains(body, "Official opening") {
		t.Errorf("a visitor of the cloned meeting does not read that it is not yet published:\n%.4000s", body)
	}
	m, _ := app.db.FindMeetingByCode(context.Background(), "admm-retreat-2026")
	ss, _ := app.db.FindSessions(context.Background(), convene.SessionFilter{MeetingIDs: []int64{m.ID}})
	old, _ := app.db.FindSessions(context.Background(), convene.SessionFilter{MeetingIDs: []int64{src.ID}})
	if len(ss) != len(old) || ss[0].RoomName != old[0].RoomName || len(m.FocusAreas) != 5 {
		t.Errorf("cloned %d of %d sessions, room %q vs %q, %d focus areas", len(ss), len(old), ss[0].RoomName,
			old[0].RoomName, len(m.FocusAreas))
	}
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
