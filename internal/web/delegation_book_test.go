package web

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"convene/internal/convene"
)

// bookFacts finds, in the test dataset's Retreat, a delegation with a
// liaison officer and a person with a hotel room, and returns its ISO3
// code, its officer's name and the hotel's name.
func bookFacts(t *testing.T, app *testApp) (iso3, officer, hotel string) {
	t.Helper()
	ctx := t.Context()
	m, err := app.db.FindMeetingByCode(ctx, "admm-retreat-2025")
	if err != nil {
		t.Fatal(err)
	}
	officers, err := app.db.FindLiaisonOfficers(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	stays, err := app.db.FindStays(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := app.db.FindRoomBlocks(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range officers {
		if o.DelegationID == 0 {
			continue
		}
		people, _, err := app.db.FindDelegates(ctx, convene.DelegateFilter{DelegationID: o.DelegationID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range people {
			for _, st := range stays {
				for _, b := range blocks {
					if st.DelegateID == p.ID && b.ID == st.BlockID {
						return p.Country.ISO3, o.Name, b.HotelName
					}
				}
			}
		}
	}
	t.Fatal("the test dataset has no delegation with both a liaison officer and a hotel room")
	return "", "", ""
}

// TestDelegationProgrammeBook: a delegation's book carries its cover, the
// sessions it attends with who attends, its people with their hotel and
// room, its liaison officer and the secretariat's contacts, and none of
// another delegation's people; "all" prints every delegation's book.
func TestDelegationProgrammeBook(t *testing.T) {
	app := newTestApp(t)
	iso3, officer, hotel := bookFacts(t, app)
	c := app.as(convene.RoleOrganiser)
	resp, body := c.get(retreatPath + "/programme-book?delegation=" + iso3)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("book of %s: %d", iso3, resp.StatusCode)
	}
	for _, want := range []string{"Programme book of the delegation of", hotel, officer, "Secretariat", "staff@demo.test",
		"Attending:", "Delegation and rooms", "Transfers", "Arrival: PEN"} {
		if !strings.Contains(body, want) {
			t.Errorf("the book of %s lacks %q", iso3, want)
		}
	}
	if n := strings.Count(body, `<article class="delegation-book"`); n != 1 {
		t.Errorf("the book of %s has %d books", iso3, n)
	}
	for _, secret := range []string{"Secretariat debrief", "Motorcade order", "C1234567", "wheelchair"} {
		if strings.Contains(body, secret) {
			t.Errorf("the delegation's book prints %q", secret)
		}
	}
	if i := strings.Index(body, "<h2>Transfers</h2>"); i < 0 || !regexp.MustCompile(`(?s)<td>[^<]*[A-Za-z]{3,}[^<]*</td>\s*</tr>`).MatchString(body[i:]) {
		t.Errorf("the transfers of %s name no passengers", iso3)
	}
	_, all := c.get(retreatPath + "/programme-book?delegation=all")
	if n := strings.Count(all, `<article class="delegation-book"`); n != 11 {
		t.Errorf("the books of every delegation: %d books, want 11", n)
	}
	if resp, _ := c.get(retreatPath + "/programme-book?delegation=XXX"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown delegation's book: %d, want 404", resp.StatusCode)
	}
}

// TestDelegationProgrammeBookPDF prints a delegation's book to PDF on the
// server: the PDF names the delegation's hotel and its liaison officer.
func TestDelegationProgrammeBookPDF(t *testing.T) {
	needChromium(t)
	app := newTestApp(t)
	iso3, officer, hotel := bookFacts(t, app)
	resp, pdf := app.as(convene.RoleOrganiser).get(retreatPath + "/programme-book.pdf?delegation=" + iso3)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("book PDF: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	text, _ := pdfText(t, []byte(pdf), "book-"+iso3+".pdf")
	for _, want := range []string{hotel, officer, "Programme book of the delegation of"} {
		if !strings.Contains(text, want) {
			t.Errorf("the book PDF of %s lacks %q", iso3, want)
		}
	}
}
