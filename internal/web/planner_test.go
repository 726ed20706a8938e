package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"convene/internal/convene"
)

var firstCandidate = regexp.MustCompile(`(?s)<tr class="candidate"><td><strong>([^<]+)</strong></td><td>(.*?)</td>.*?name="start" value="([0-9-]+)"`)

// TestPlannerProposesSeptemberForADSOM: on the demo data the planner's best
// dates for ADSOM 2025 are in September and avoid every seeded holiday; a
// range over Malaysia Day is flagged with Malaysia's name. Confirming moves
// the meeting to dates confirmed and the audit log records it.
func TestPlannerProposesSeptemberForADSOM(t *testing.T) {
	app := newTestApp(t)
	c := app.as(convene.RoleOfficer)
	resp, body := c.get("/meetings/adsom-2025/planner?as_of=2025-03-01&lead=60&weekdays_only=1")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("planner: %d", resp.StatusCode)
	}
	m := firstCandidate.FindStringSubmatch(body)
	if m == nil || !strings.Contains(m[1], "September 2025") || !strings.Contains(m[2], "No collisions") {
		t.Fatalf("best candidate: %q", m)
	}
	if !strings.Contains(body, "Public holiday in Malaysia: Malaysia Day (16 September 2025)") ||
		!strings.Contains(body, "Public holiday in Cambodia: Pchum Ben Festival (22 September 2025)") {
		t.Error("holidays of participants not named on their candidates")
	}
	if resp, _ := c.get("/meetings/adsom-2025/planner?as_of=yesterday"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad as_of: %d", resp.StatusCode)
	}

	before := app.tableCounts()
	if resp, _ := c.post("/meetings/adsom-2025/planner", url.Values{"start": {"2025-10-01"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a date outside the month: %d", resp.StatusCode)
	}
	if after := app.tableCounts(); after["audit_log"] != before["audit_log"] {
		t.Error("a refused confirmation wrote")
	}
	c.get("/meetings/adsom-2025/planner")
	if resp, _ := c.post("/meetings/adsom-2025/planner", url.Values{"start": {m[3]}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d", resp.StatusCode)
	}
	got, _ := app.db.FindMeetingByCode(context.Background(), "adsom-2025")
	if got.Tentative() || got.Status != convene.StatusDatesConfirmed || got.StartDate.String() != m[3] || got.LengthDays != 2 {
		t.Errorf("after confirming: %+v", got)
	}
	entries, _, _ := app.db.FindAuditEntries(context.Background(), convene.AuditFilter{Entity: "meeting", EntityID: got.ID})
	if len(entries) == 0 || entries[0].Action != "status" {
		t.Errorf("audit: %+v", entries)
	}
}

// TestHolidayImport: a bad line (a date that is no date, a country Convene
// does not have) refuses the whole paste with the line named,
// the text kept and nothing written; a good paste adds the holidays, and
// pasting it again adds none.
func TestHolidayImport(t *testing.T) {
	app := newTestApp(t)
	c := app.as(convene.RoleOfficer)
	c.get("/holidays")
	bad := "country,date,name\nMYS,2026-08-31,Hari Kebangsaan\nXYZ,2026-09-16,Hari Malaysia\n"
	before := app.tableCounts()
	resp, body := c.post("/holidays", url.Values{"csv": {bad}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Line 3: XYZ is not a country") ||
		!strings.Contains(body, "Hari Kebangsaan") {
		t.Errorf("unknown country: %d", resp.StatusCode)
	}
	resp, body = c.post("/holidays", url.Values{"csv": {"MYS,31/08/2026,National Day\n"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Line 1") {
		t.Errorf("bad date: %d", resp.StatusCode)
	}
	if after := app.tableCounts(); after["holidays"] != before["holidays"] || after["audit_log"] != before["audit_log"] {
		t.Error("a refused import wrote")
	}
	good := "MYS,2026-08-31,Hari Kebangsaan,yes,Warta Kerajaan\nVNM,2026-09-02,Quốc khánh,no,\n"
	if resp, _ := c.post("/holidays", url.Values{"csv": {good}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("import: %d", resp.StatusCode)
	}
	if got := app.tableCounts()["holidays"]; got != before["holidays"]+2 {
		t.Errorf("holidays %d, want %d", got, before["holidays"]+2)
	}
	c.get("/holidays")
	c.post("/holidays", url.Values{"csv": {good}})
	if got := app.tableCounts()["holidays"]; got != before["holidays"]+2 {
		t.Errorf("re-import added rows: %d", got)
	}
}
