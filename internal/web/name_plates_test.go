package web

import (
	"regexp"
	"strings"
	"testing"

	"convene/internal/convene"
)

var (
	plateSection = regexp.MustCompile(`(?s)<section class="plate">(.*?)</section>`)
	anyTag       = regexp.MustCompile(`<[^>]*>`)
)

// plateWords is the text of each plate, tags removed, as one line of words.
func plateWords(t *testing.T, body string) []string {
	t.Helper()
	var out []string
	for _, m := range plateSection.FindAllStringSubmatch(body, -1) {
		out = append(out, strings.Join(strings.Fields(anyTag.ReplaceAllString(m[1], " ")), " "))
	}
	return out
}

// TestNamePlatesCarryOnlyNameAndCountry prints the country plates and the
// heads' place cards of the Retreat: every plate shows, on each of its two
// faces, the country (and for a place card the head's name) and nothing
// else: no print stamp, no position, no meeting title.
func TestNamePlatesCarryOnlyNameAndCountry(t *testing.T) {
	app := newTestApp(t)
	c := app.as(convene.RoleOrganiser)
	_, body := c.get(retreatPath + "/name-plates")
	plates := plateWords(t, body)
	if len(plates) != 11 {
		t.Fatalf("%d country plates, want 11", len(plates))
	}
	for _, p := range plates {
		half := strings.Fields(p)
		n := len(half) / 2
		if len(half)%2 != 0 || strings.Join(half[:n], " ") != strings.Join(half[n:], " ") {
			t.Errorf("plate %q does not show the same country on both faces and nothing else", p)
		}
		if strings.Contains(p, "Printed") || strings.Contains(p, "ADMM") {
			t.Errorf("plate carries more than the country: %q", p)
		}
	}
	if plates[0] != "Malaysia Malaysia" && plates[0] != "Brunei Darussalam Brunei Darussalam" {
		t.Errorf("first plate %q", plates[0])
	}

	_, body = c.get(retreatPath + "/name-plates?kind=heads")
	cards := plateWords(t, body)
	if len(cards) == 0 {
		t.Fatal("no place cards")
	}
	found := false
	for _, p := range cards {
		if strings.Contains(p, "Printed") || strings.Contains(p, "Minister") || strings.Contains(p, "ADMM") {
			t.Errorf("place card carries more than the name and country: %q", p)
		}
		if p == "Yang Berhormat Pehin Mohd Yusof bin Haji Ahmad Brunei Darussalam Yang Berhormat Pehin Mohd Yusof bin Haji Ahmad Brunei Darussalam" {
			found = true
		}
	}
	if !found {
		t.Errorf("no place card reads exactly the Brunei head's name and country on both faces: %q", cards)
	}
}
