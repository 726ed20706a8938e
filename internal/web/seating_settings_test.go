package web

import (
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"convene/internal/convene"
)

// TestSeatingOthersFollowTheSetting adds two ADMM-Plus partners to the
// Retreat and reads the printed SVG after each setting: at the foot, the
// observer and the partners sit below the table in protocol order, left to
// right; round the table, they continue the Member States' order (the last
// next to the chair on the viewer's right, the left side counting up from
// the foot); in a separate row, they sit below the foot, clear of the
// table. A placement not offered comes back 422 next to the field and
// writes nothing.
func TestSeatingOthersFollowTheSetting(t *testing.T) {
	app := newTestApp(t)
	ctx := t.Context()
	m, err := app.db.FindMeetingByCode(ctx, "admm-retreat-2025")
	if err != nil {
		t.Fatal(err)
	}
	for _, iso3 := range []string{"AUS", "JPN"} {
		c, err := app.db.FindCountryByISO3(ctx, iso3)
		if err != nil {
			t.Fatal(err)
		}
		if err := app.db.CreateDelegation(ctx, &convene.Delegation{MeetingID: m.ID, CountryID: c.ID}); err != nil {
			t.Fatal(err)
		}
	}
	org, officer := app.as(convene.RoleOrganiser), app.as(convene.RoleOfficer)
	const tableBottom, tableRight = 530.0, 740.0
	others := []string{"Timor-Leste", "Australia", "Japan"}
	mid := func(s planSeat) (float64, float64) { return s.x + s.w/2, s.y + s.h/2 }

	// The default: at the foot, below the table, in protocol order.
	_, body := org.get(retreatPath + "/seating")
	seats := parsePlan(t, body)
	if len(seats) != 13 {
		t.Fatalf("%d seats, want 13", len(seats))
	}
	prevX := 0.0
	for _, o := range others {
		s := seats[o]
		x, y := mid(s)
		if !s.observe || y <= tableBottom || y > 640 || x <= prevX {
			t.Errorf("foot: %s at (%.0f, %.0f), observer %v; want below the table, right of the one before", o, x, y, s.observe)
		}
		prevX = x
	}
	if !strings.Contains(body, "(partner)") || !strings.Contains(body, "Observers and partners: At the foot") {
		t.Error("the plan does not say where observers and partners sit")
	}

	before := app.tableCounts()
	resp, page := officer.post(retreatPath+"/seating/settings", url.Values{"others": {"aisle"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, `id="e-others"`) {
		t.Errorf("a placement not offered: %d, message next to the field %v", resp.StatusCode, strings.Contains(page, `id="e-others"`))
	}
	if after := app.tableCounts(); !maps.Equal(before, after) {
		t.Error("a refused setting wrote rows")
	}
	if resp, _ := org.post(retreatPath+"/seating/settings", url.Values{"others": {"row"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an organiser changes the setting: %d", resp.StatusCode)
	}

	// Round the table: after Viet Nam, up the viewer's right side towards
	// the chair, Japan (last in protocol order) nearest the chair.
	if resp, _ := officer.post(retreatPath+"/seating/settings", url.Values{"others": {"round"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("set round: %d", resp.StatusCode)
	}
	_, body = org.get(retreatPath + "/seating")
	seats = parsePlan(t, body)
	vx, vy := mid(seats["Viet Nam"])
	prevY := vy
	for _, o := range others {
		x, y := mid(seats[o])
		if x <= tableRight || x != vx || y >= prevY || y > tableBottom {
			t.Errorf("round: %s at (%.0f, %.0f); want on the viewer's right side, above the seat before (y %.0f)", o, x, y, prevY)
		}
		prevY = y
	}
	for c, s := range seats {
		if _, y := mid(s); y > tableBottom {
			t.Errorf("round: %s sits below the table at y %.0f", c, y)
		}
	}

	// A separate row: below the foot row's place, the SVG taller to hold it.
	if resp, _ := officer.post(retreatPath+"/seating/settings", url.Values{"others": {"row"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("set row: %d", resp.StatusCode)
	}
	_, body = org.get(retreatPath + "/seating")
	if !strings.Contains(body, `viewBox="0 0 1000 720"`) {
		t.Error("the plan with a separate row keeps the table's height")
	}
	seats = parsePlan(t, body)
	prevX = 0
	for _, o := range others {
		s := seats[o]
		x, y := mid(s)
		if s.y <= tableBottom+60 || y > 720 || x <= prevX || s.x < 0 || s.x+s.w > 1000 {
			t.Errorf("row: %s at (%.0f, %.0f); want a row apart below the table, left to right in protocol order", o, x, y)
		}
		prevX = x
	}
}
