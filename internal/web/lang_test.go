package web

import (
	"strings"
	"testing"

	"convene/internal/convene"
	"convene/internal/paths"
)

// TestNamesInOtherScriptsCarryLang: a Khmer name carries lang="km" where
// it is shown (the person's page, the delegation's list), and a Vietnamese name in Latin letters carries none.
func TestNamesInOtherScriptsCarryLang(t *testing.T) {
	app := newTestApp(t)
	officer := app.as(convene.RoleOfficer)
	khm := app.findPerson("admm-retreat-2025", "សុភា")
	_, page := officer.get(paths.Person("admm-retreat-2025", khm.ID))
	if !strings.Contains(page, `<h1 id="person-name"><span lang="km">`) {
		t.Errorf("the Khmer name's heading has no lang=\"km\":\n%.600s", page[strings.Index(page, "<main"):])
	}
	_, page = officer.get(paths.Delegation("admm-retreat-2025", "KHM"))
	if !strings.Contains(page, `<span lang="km">`) {
		t.Error("Cambodia's delegation page shows the Khmer name without lang=\"km\"")
	}
	vnm := app.findPerson("admm-retreat-2025", "Quốc Bình")
	if _, page = officer.get(paths.Person("admm-retreat-2025", vnm.ID)); strings.Contains(page, `<h1 id="person-name"><span lang=`) {
		t.Error("a Vietnamese name in Latin letters got a lang attribute")
	}
}
