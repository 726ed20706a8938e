package web

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"convene/internal/convene"
	"convene/internal/paths"
)

var (
	auditRow      = regexp.MustCompile(`(?s)<tr><td class="nowrap">.*?</tr>`)
	filteredOlder = regexp.MustCompile(`href="([^"]*)"[^>]*>Older entries<`)
)

// auditRowsOf returns the rows of an audit page's table, as HTML.
func auditRowsOf(body string) []string { return auditRow.FindAllString(body, -1) }

// TestAuditFilters filters the log by action, meeting, person and dates;
// each filter keeps only its rows (a control without the filter shows
// others), the form keeps what was asked, pages keep the filter, and a date
// that cannot be read answers 422 with the message next to its field.
func TestAuditFilters(t *testing.T) {
	app := newTestApp(t)
	officer := app.as(convene.RoleOfficer)
	wg, other := "adsom-wg-2025", "admm-wg-2025" // the demo accredits at the Working Group

	// Action: only accreditations.
	_, all := officer.get(paths.Audit())
	if !strings.Contains(all, "created") {
		t.Fatal("control: the unfiltered log shows no creation")
	}
	_, body := officer.get(paths.AuditFiltered("", "", "accredit", "", "", 0))
	rows := auditRowsOf(body)
	if len(rows) == 0 {
		t.Fatal("no accreditation in the log")
	}
	for _, r := range rows {
		if !strings.Contains(r, "accredited") {
			t.Errorf("action filter let through %q", r)
		}
	}
	if !strings.Contains(body, `<option value="accredit" selected>`) {
		t.Error("the form does not keep the action asked for")
	}

	// Meeting: accreditations at the Working Group link only its people.
	_, body = officer.get(paths.AuditFiltered(wg, "", "accredit", "", "", 0))
	rows = auditRowsOf(body)
	if len(rows) == 0 {
		t.Fatal("no accreditation at the Working Group")
	}
	for _, r := range rows {
		if !strings.Contains(r, `href="/meetings/`+wg+`/`) {
			t.Errorf("meeting filter let through %q", r)
		}
	}
	_, control := officer.get(paths.AuditFiltered(other, "", "accredit", "", "", 0))
	if strings.Contains(control, `href="/meetings/`+wg+`/`) {
		t.Error("another meeting's filter shows the Working Group's rows")
	}

	// Person: the first person named shows only rows naming them.
	name := regexp.MustCompile(`<a href="/meetings/[^"]+/delegates/\d+">([^<]+)</a>`).FindStringSubmatch(rows[0])
	if name == nil {
		t.Fatalf("no person named in %q", rows[0])
	}
	who := html.UnescapeString(name[1])
	_, body = officer.get(paths.AuditFiltered("", who, "", "", "", 0))
	rows = auditRowsOf(body)
	if len(rows) == 0 {
		t.Fatalf("the person filter %q finds nothing", who)
	}
	for _, r := range rows {
		if !strings.Contains(html.UnescapeString(r), who) {
			t.Errorf("person filter %q let through %q", who, r)
		}
	}

	// Dates: a range before anything happened is empty; one through today is not.
	_, body = officer.get(paths.AuditFiltered("", "", "", "2001-01-01", "2001-12-31", 0))
	if n := len(auditRowsOf(body)); n != 0 || !strings.Contains(body, "No entries.") {
		t.Errorf("2001 shows %d rows", n)
	}
	today := app.db.Now().Format("2006-01-02")
	if _, body = officer.get(paths.AuditFiltered("", "", "", "2001-01-01", today, 0)); len(auditRowsOf(body)) == 0 {
		t.Error("a range through today shows nothing")
	}

	// An unreadable date: 422, the message next to the field, the value kept.
	resp, body := officer.get(paths.AuditFiltered("", "Lê", "", "2025-13-45", "", 0))
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("bad date: status %d, want 422", resp.StatusCode)
	}
	if !strings.Contains(body, `id="e-from"`) || !strings.Contains(body, `value="2025-13-45"`) ||
		!strings.Contains(body, `value="Lê"`) || len(auditRowsOf(body)) != 0 {
		t.Error("bad date: no message next to the field, or values not kept, or rows shown")
	}
	if resp, _ := officer.get(paths.AuditFiltered("", "", "", "2025-03-01", "2025-02-01", 0)); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a range ending before it starts: status %d", resp.StatusCode)
	}

	// Pages keep the filter.
	addAuditRows(t, app, auditPageSize+5, "filter")
	_, body = officer.get(paths.AuditFiltered("", "", "create", "", "", 0))
	m := filteredOlder.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no older page of the creations")
	}
	older := html.UnescapeString(m[1])
	if !strings.Contains(older, "action=create") {
		t.Errorf("the older page %q drops the filter", older)
	}
	_, body = officer.get(older)
	for _, r := range auditRowsOf(body) {
		if !strings.Contains(r, "created") {
			t.Errorf("the older page lets through %q", r)
		}
	}
	if !strings.Contains(body, `href="/audit?action=create">Newest entries<`) {
		t.Error("the older page's link to the newest entries drops the filter")
	}
}
