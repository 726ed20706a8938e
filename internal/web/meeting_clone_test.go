package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"convene/internal/convene"
)

// retreatCloneForm is the Retreat's clone a year on, hosted by the
// Philippines at the same venue, a week later in the year than a plain
// year on (5 March 2026: 372 days after 26 February 2025).
func retreatCloneForm(t *testing.T, app *testApp, code string) url.Values {
	t.Helper()
	src, err := app.db.FindMeetingByCode(context.Background(), "admm-retreat-2025")
	if err != nil {
		t.Fatal(err)
	}
	return url.Values{"code": {code}, "title": {"ADMM Retreat 2026"}, "kind": {"admm_retreat"},
		"host_country": {"PHL"}, "venue": {itoa64(src.VenueID)}, "time_zone": {"Asia/Kuala_Lumpur"},
		"status": {"dates_confirmed"}, "date_precision": {"day"}, "start_date": {"2026-03-05"}}
}

// TestCloneCarriesParticipants: the Retreat cloned a year on keeps its
// participants with their quotas (one changed first) and focal points,
// and its hotel blocks with their nights moved; the liaison officers come
// only when asked, each with the same country's new delegation. The clone's
// invitation page works (it answered 404 when clones had no delegations).
func TestCloneCarriesParticipants(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	c := app.as(convene.RoleOfficer)
	c.get(retreat + "/delegations/vnm")
	if resp, _ := c.post(retreat+"/delegations/vnm/quota", url.Values{"quota": {"7"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("quota: %d", resp.StatusCode)
	}
	src, srcGs := app.meetingDelegations("admm-retreat-2025")
	srcBlocks, _ := app.db.FindRoomBlocks(ctx, src.ID)
	srcOfficers, _ := app.db.FindLiaisonOfficers(ctx, src.ID)
	if len(srcBlocks) == 0 || len(srcOfficers) == 0 {
		t.Fatalf("the demo Retreat has %d blocks and %d officers", len(srcBlocks), len(srcOfficers))
	}

	_, body := c.get(retreat + "/clone")
	if !strings.Contains(body, `value="ADMM Retreat 2026"`) || !strings.Contains(body, `id="f-liaison"`) {
		t.Fatalf("clone form:\n%.3000s", body)
	}
	resp, _ := c.post(retreat+"/clone", retreatCloneForm(t, app, "admm-retreat-2026"))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("clone: %d", resp.StatusCode)
	}
	m, gs := app.meetingDelegations("admm-retreat-2026")
	if len(gs) != len(srcGs) {
		t.Fatalf("%d delegations, want %d", len(gs), len(srcGs))
	}
	for iso, s := range srcGs {
		g := gs[iso]
		if g.Quota != s.Quota || g.FocalUserID != s.FocalUserID || g.Delegates != 0 || g.Status != convene.DelegationNotStarted {
			t.Errorf("%s: quota %d focal %d people %d %s, source quota %d focal %d", iso, g.Quota, g.FocalUserID,
				g.Delegates, g.Status, s.Quota, s.FocalUserID)
		}
	}
	if gs["VNM"].Quota != 7 {
		t.Errorf("Viet Nam's changed quota not carried: %d", gs["VNM"].Quota)
	}
	blocks, _ := app.db.FindRoomBlocks(ctx, m.ID)
	if len(blocks) != len(srcBlocks) {
		t.Fatalf("%d hotel blocks, want %d", len(blocks), len(srcBlocks))
	}
	for i, b := range blocks {
		s := srcBlocks[i]
		if b.RoomType != s.RoomType || b.RoomCount != s.RoomCount || b.HotelID != s.HotelID ||
			b.FirstNight != s.FirstNight.AddDays(372) || b.LastNight != s.LastNight.AddDays(372) {
			t.Errorf("block %s: nights %s–%s from %s–%s", b.RoomType, b.FirstNight, b.LastNight, s.FirstNight, s.LastNight)
		}
	}
	if officers, _ := app.db.FindLiaisonOfficers(ctx, m.ID); len(officers) != 0 {
		t.Errorf("%d liaison officers copied without being asked", len(officers))
	}
	if resp, _ := c.get("/meetings/admm-retreat-2026/delegations/tls/invite"); resp.StatusCode != http.StatusOK {
		t.Errorf("the clone's invitation page: %d", resp.StatusCode)
	}

	f := retreatCloneForm(t, app, "admm-retreat-2026-lo")
	f.Set("liaison", "1")
	resp, _ = c.post(retreat+"/clone", f)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("clone with officers: %d", resp.StatusCode)
	}
	if _, body := c.get(resp.Header.Get("Location")); !strings.Contains(body, fmt.Sprintf("and %d liaison officers", len(srcOfficers))) {
		t.Errorf("flash does not count the officers:\n%.2000s", body)
	}
	m2, _ := app.meetingDelegations("admm-retreat-2026-lo")
	officers, _ := app.db.FindLiaisonOfficers(ctx, m2.ID)
	if len(officers) != len(srcOfficers) {
		t.Fatalf("%d officers copied, want %d", len(officers), len(srcOfficers))
	}
	// Compared by country, not by position: the lists are in each meeting's
	// protocol order, and Timor-Leste, an observer at the 2025 Retreat, is a
	// Member State by 2026.
	srcBy := map[string]string{}
	for _, o := range srcOfficers {
		srcBy[o.Country.ISO3] += o.Name + ";"
	}
	got := map[string]string{}
	for _, o := range officers {
		got[o.Country.ISO3] += o.Name + ";"
	}
	for iso, names := range srcBy {
		if got[iso] != names {
			t.Errorf("officers for %s: %q, source %q", iso, got[iso], names)
		}
	}
}

// TestCloneRefusesHostNotTakingPart: a meeting without Thailand cloned
// with Thailand as host is refused next to the host field; nothing written.
func TestCloneRefusesHostNotTakingPart(t *testing.T) {
	app := newTestApp(t)
	c := app.as(convene.RoleOfficer)
	c.get("/meetings/new")
	if resp, _ := c.post("/meetings/new", admm2026Form()); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	_, body := c.get("/meetings/admm-2026/clone")
	if !strings.Contains(body, `value="admm-2027"`) || !strings.Contains(body, `value="ADMM 2027"`) {
		t.Fatalf("the clone does not propose 2027:\n%.3000s", body)
	}
	f := admm2026Form()
	f.Set("code", "admm-2027")
	f.Set("title", "ADMM 2027")
	f.Set("start_date", "2027-11-16")
	f.Set("end_date", "2027-11-17")
	f.Set("host_country", "THA")
	before := app.tableCounts()
	resp, body := c.post("/meetings/admm-2026/clone", f)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-host_country"`) ||
		!strings.Contains(body, `value="ADMM 2027"`) {
		t.Errorf("host not taking part: %d", resp.StatusCode)
	}
	if fmt.Sprint(app.tableCounts()) != fmt.Sprint(before) {
		t.Error("a refused clone wrote")
	}
}
