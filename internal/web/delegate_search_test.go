package web

import (
	"net/url"
	"strings"
	"testing"

	"convene/internal/convene"
)

// TestDelegatesSearchByAnyPart: the delegates list's search (the names'
// trigram index) finds Nguyễn by "nguyen" and a Thai name written without
// spaces by a piece of its middle, for the secretariat; a focal point's
// search finds their own people the same way and never another
// delegation's.
func TestDelegatesSearchByAnyPart(t *testing.T) {
	app := newTestApp(t)
	officer := app.as(convene.RoleOfficer)
	focal := app.as(convene.RoleFocal) // Viet Nam's
	search := func(c *client, q string) string {
		t.Helper()
		_, body := c.get(retreat + "/delegates?q=" + url.QueryEscape(q))
		return body
	}
	if body := search(officer, "nguyen"); !strings.Contains(body, "Nguyễn") {
		t.Error(`"nguyen" does not find Nguyễn`)
	}
	if body := search(officer, "มชา"); !strings.Contains(body, "สมชาย") {
		t.Error("the middle of สมชาย does not find him")
	}
	if body := search(officer, "srisuk"); !strings.Contains(body, "Srisuk") {
		t.Error(`control: "srisuk" does not find Anan Srisuk for the secretariat`)
	}
	if body := search(focal, "NGUYEN"); !strings.Contains(body, "Nguyễn") {
		t.Error("the focal point does not find their own delegate")
	}
	for _, q := range []string{"มชา", "srisuk", "anan", "ສີຫາ", "tin aung"} {
		if body := search(focal, q); !strings.Contains(body, ">0 people<") {
			t.Errorf("the focal point's search %q finds another delegation's people", q)
		}
	}
}
