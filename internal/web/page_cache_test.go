package web

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"convene/internal/convene"
)

// placesOf reads a delegation's "Places taken" from the meeting page.
func placesOf(t *testing.T, page, iso3 string) int {
	t.Helper()
	i := strings.Index(page, "("+iso3+")")
	if i < 0 {
		t.Fatalf("no %s row on the meeting page", iso3)
	}
	row := page[i:]
	row = row[:strings.Index(row, "</tr>")]
	cells := regexp.MustCompile(`<td class="num">(\d+)</td>`).FindAllStringSubmatch(row, -1)
	if len(cells) != 2 {
		t.Fatalf("%s row has %d number cells", iso3, len(cells))
	}
	n, _ := strconv.Atoi(cells[1][1])
	return n
}

// TestSignedInPagesFollowWrites follows a write from the page where a
// person makes it to the page that shows it to someone else, both read
// from the store's memory (sqlite's page cache): the organiser's meeting
// page counts a focal point's nomination on its next view, and a
// delegate's programme shows a session once the secretariat publishes it,
// not before.
func TestSignedInPagesFollowWrites(t *testing.T) {
	app := newTestApp(t)
	organiser := app.as(convene.RoleOrganiser)
	_, page := organiser.get(retreat)
	before := placesOf(t, page, "VNM")
	if _, again := organiser.get(retreat); placesOf(t, again, "VNM") != before {
		t.Fatal("two views with nothing written between differ")
	}

	focal := app.as(convene.RoleFocal)
	focal.get(retreat + "/delegations/vnm/delegates/new")
	f := nominee("Thị Hoa", "Phạm")
	f.Set("passport_number", "C7654321")
	if resp, body := focal.post(retreat+"/delegations/vnm/delegates/new", f); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("nominate: %d\n%.2000s", resp.StatusCode, body)
	}
	if _, page = organiser.get(retreat); placesOf(t, page, "VNM") != before+1 {
		t.Errorf("the organiser's meeting page shows %d places taken after the nomination; want %d",
			placesOf(t, page, "VNM"), before+1)
	}

	delegate := app.as(convene.RoleDelegate)
	const title = "Press conference of the Chair"
	if _, body := delegate.get(retreat + "/programme"); strings.Contains(body, title) {
		t.Fatal("the session is in the programme before it was added")
	}
	officer := app.as(convene.RoleOfficer)
	officer.get(retreat + "/programme/new")
	if resp, _ := officer.post(retreat+"/programme/new", sessionForm(title, "2025-02-26", "17:35", "17:45", "")); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d", resp.StatusCode)
	}
	if _, body := delegate.get(retreat + "/programme"); strings.Contains(body, title) {
		t.Error("a delegate sees a session of the working draft before it is published")
	}
	officer.get(retreat + "/programme")
	if resp, _ := officer.post(retreat+"/programme/publish", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", resp.StatusCode)
	}
	if _, body := delegate.get(retreat + "/programme"); !strings.Contains(body, title) || !strings.Contains(body, "Version 2, published") {
		t.Error("a delegate does not see version 2 with the published session on the next view")
	}
}
