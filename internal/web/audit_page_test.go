package web

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"convene/internal/convene"
)

var olderLink = regexp.MustCompile(`href="(/audit\?before=\d+)"[^>]*>Older entries<`)

// addAuditRows writes n audit rows (one per focus area created).
func addAuditRows(t *testing.T, app *testApp, n int, prefix string) {
	t.Helper()
	fas := make([]convene.FocusArea, n)
	for i := range fas {
		fas[i] = convene.FocusArea{Code: fmt.Sprintf("%s-%d", prefix, i), Title: fmt.Sprintf("ຄວາມຮ່ວມມື %d", i)}
	}
	if err := app.db.CreateFocusAreas(context.Background(), fas); err != nil {
		t.Fatal(err)
	}
}

// TestAuditPagesWalkTheWholeLog follows "Older entries" from the newest
// page to the oldest: every row is shown exactly once, a page holds at most
// auditPageSize rows, and rows written while someone reads the pages do not
// shift the older pages (with OFFSET paging the row that ended the first page
// would show again at the top of the second, and the count below would be
// one too many).
func TestAuditPagesWalkTheWholeLog(t *testing.T) {
	app := newTestApp(t)
	addAuditRows(t, app, 2*auditPageSize+30, "walk")
	officer := app.as(convene.RoleOfficer)
	want := app.tableCounts()["audit_log"]

	resp, body := officer.get("/audit")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/audit: %d", resp.StatusCode)
	}
	if strings.Contains(body, "Newest entries") {
		t.Error("the newest page links to itself")
	}
	// Rows written after the first page was read must not appear on the
	// older pages.
	addAuditRows(t, app, 3, "meanwhile")

	seen, pages := 0, 0
	for {
		pages++
		rows := strings.Count(body, `<td class="summary">`)
		if rows == 0 || rows > auditPageSize {
			t.Fatalf("page %d shows %d rows", pages, rows)
		}
		seen += rows
		m := olderLink.FindStringSubmatch(body)
		if m == nil {
			break
		}
		if pages > 1 && !strings.Contains(body, `href="/audit">Newest entries<`) {
			t.Errorf("page %d has no link back to the newest entries", pages)
		}
		if resp, body = officer.get(m[1]); resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", m[1], resp.StatusCode)
		}
	}
	if seen != want || pages < 3 {
		t.Errorf("walked %d rows on %d pages; the log had %d rows when the walk began", seen, pages, want)
	}
}

// TestAuditPageCursorIsChecked: a cursor that is not a positive number is a
// bad request; one below every id is an empty last page.
func TestAuditPageCursorIsChecked(t *testing.T) {
	app := newTestApp(t)
	officer := app.as(convene.RoleOfficer)
	for _, q := range []string{"abc", "-5", "0", "1e9"} {
		if resp, _ := officer.get("/audit?before=" + q); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("before=%s: %d, want 400", q, resp.StatusCode)
		}
	}
	resp, body := officer.get("/audit?before=1")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "No entries.") || olderLink.MatchString(body) {
		t.Errorf("before=1: %d, body without the empty state or with an older link", resp.StatusCode)
	}
}
