package web

import (
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"convene/internal/convene"
)

// TestVenueNotesInTheDelegationBookPDF: the secretariat writes the venue
// notes on their page (a note too long comes back 422 next to its field,
// the rest kept, nothing written), and a delegation's book PDF prints them
// beside its hotel and liaison officer.
func TestVenueNotesInTheDelegationBookPDF(t *testing.T) {
	needChromium(t)
	app := newTestApp(t)
	officer := app.as(convene.RoleOfficer)
	if _, page := officer.get(retreatPath + "/venue-notes"); !strings.Contains(page, "Network ADMM-Retreat") {
		t.Error("the page does not show the demo's notes")
	}
	before := app.tableCounts()
	resp, page := officer.post(retreatPath+"/venue-notes", url.Values{"wifi": {"Network Penang-2025"},
		"security": {strings.Repeat("x", 2001)}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, `id="e-security"`) ||
		!strings.Contains(page, "Network Penang-2025") {
		t.Errorf("a note too long: %d, message next to it %v", resp.StatusCode, strings.Contains(page, `id="e-security"`))
	}
	if after := app.tableCounts(); !maps.Equal(before, after) {
		t.Error("refused notes wrote rows")
	}
	if resp, _ := app.as(convene.RoleOrganiser).post(retreatPath+"/venue-notes", url.Values{"wifi": {"x"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an organiser writes the notes: %d", resp.StatusCode)
	}
	notes := url.Values{"dress_code": {"Batik for the gala dinner."}, "wifi": {"Network Penang-2025, password pinang"},
		"prayer_rooms": {"Surau on level 2,\nopen 06:00-22:00."}, "medical": {"Medical point beside the registration desk."},
		"security": {"Badges visible at all times."}}
	if resp, _ := officer.post(retreatPath+"/venue-notes", notes); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save the notes: %d", resp.StatusCode)
	}
	iso3, liaison, hotel := bookFacts(t, app)
	resp, pdf := app.as(convene.RoleOrganiser).get(retreatPath + "/programme-book.pdf?delegation=" + iso3)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("book PDF: %d", resp.StatusCode)
	}
	text, _ := pdfText(t, []byte(pdf), "book-notes-"+iso3+".pdf")
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{hotel, liaison, "Venue notes", "Dress code", "Batik for the gala dinner.", "Wi-Fi",
		"Network Penang-2025, password pinang", "Prayer rooms", "Surau on level 2,", "Medical point beside the registration desk.",
		"Security rules", "Badges visible at all times."} {
		if !strings.Contains(flat, want) {
			t.Errorf("the book PDF of %s lacks %q", iso3, want)
		}
	}
}
