package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"

	"convene/internal/convene"
)

// delegateAccount signs in as a new delegate account linked to one of the
// Retreat's people (the accounts a focal point's invitation would create).
func (a *testApp) delegateAccount(given string) *client {
	a.t.Helper()
	p := a.delegateNamed(given)
	email := "bilateral." + itoa64(p.ID) + "@demo.test"
	if err := a.db.CreateUser(a.t.Context(), &convene.User{Email: email, Name: p.FullName(), Role: convene.RoleDelegate,
		CountryID: p.Country.ID, DelegateID: p.ID, PasswordHash: testHash}); err != nil {
		a.t.Fatal(err)
	}
	c := a.client()
	c.signIn(email, testPassword)
	return c
}

// personalFeed makes the signed-in user's calendar feed and returns it as a
// calendar application (no cookies) reads it.
func personalFeed(t *testing.T, c *client) string {
	t.Helper()
	c.get("/account/calendar")
	_, body := c.post("/account/calendar", nil)
	m := feedURL.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no feed address:\n%.800s", body)
	}
	u, _ := url.Parse(m[1])
	resp, feed := c.app.client().get(u.Path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("feed: %d", resp.StatusCode)
	}
	return feed
}

// TestBilateralInItsDelegationsProgrammes: the ministers of Viet Nam and
// Thailand meet at 17:45 in Bilateral Room 1 (scheduled by the
// secretariat). It appears in the programme page of both countries' focal
// points and delegates, in "My programme" and the personal feed (UID
// bilateral-ID) of those who attend it (the heads and Viet Nam's alternate
// head), and in Viet Nam's programme book; not for a Thai staff officer, not
// for Cambodia, not in the public programme, programme.ics or the general
// programme book. Cancelling it goes to the feeds as STATUS:CANCELLED under
// the same UID with a higher SEQUENCE.
func TestBilateralInItsDelegationsProgrammes(t *testing.T) {
	app := newTestApp(t)
	var b convene.Bilateral
	bs, err := app.db.FindBilaterals(t.Context(), app.retreatID())
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range bs {
		if x.Title() == "Thailand – Viet Nam" {
			b = x
		}
	}
	if b.Status != convene.BilateralScheduled {
		t.Fatalf("the demo's Thailand – Viet Nam bilateral is %q, want scheduled", b.Status)
	}
	const title, when = "Bilateral meeting: Thailand – Viet Nam", "17:45–18:15 MYT"
	uid := "bilateral-" + itoa64(b.ID) + "@convene.admm"

	attendees := map[string]*client{"Viet Nam's minister": app.delegateAccount("Quốc Bình"),
		"Viet Nam's alternate head": app.delegateAccount("Thị Ánh"), "Thailand's minister": app.delegateAccount("สมชาย")}
	others := map[string]*client{"a Thai staff officer": app.delegateAccount("Wanchai"),
		"Cambodia's minister": app.delegateAccount("Chanthou")}
	for who, c := range attendees {
		if _, body := c.get("/my-programme"); !strings.Contains(body, title) || !strings.Contains(body, when) ||
			!strings.Contains(body, "Bilateral Room 1") {
			t.Errorf("%s: My programme lacks the bilateral at %s in Bilateral Room 1", who, when)
		}
		e := summaries(parseICS(t, personalFeed(t, c)))[title]
		if e == nil || e.Id() != uid || e.GetProperty(ics.ComponentPropertyStatus).Value != "CONFIRMED" {
			t.Errorf("%s: personal feed has %+v, want %s confirmed", who, e, uid)
		}
	}
	for who, c := range others {
		if _, body := c.get("/my-programme"); strings.Contains(body, "Thailand – Viet Nam") {
			t.Errorf("%s: My programme shows the bilateral", who)
		}
		if feed := personalFeed(t, c); strings.Contains(feed, uid) || strings.Contains(feed, "Thailand – Viet Nam") {
			t.Errorf("%s: personal feed has the bilateral", who)
		}
	}
	// The programme page: both delegations' focal points and delegates, nobody else.
	pages := map[string]struct {
		c    *client
		want bool
	}{
		"focal point of Viet Nam":             {app.focalOf("VNM"), true},
		"focal point of Thailand":             {app.focalOf("THA"), true},
		"a Thai staff officer":                {others["a Thai staff officer"], true},
		"focal point of Cambodia":             {app.focalOf("KHM"), false},
		"Cambodia's minister":                 {others["Cambodia's minister"], false},
		"visitor":                             {app.as(convene.RoleAnonymous), false},
		"organiser (bilateral board instead)": {app.as(convene.RoleOrganiser), false},
	}
	for who, pg := range pages {
		_, body := pg.c.get("/meetings/admm-retreat-2025/programme")
		if got := strings.Contains(body, title); got != pg.want {
			t.Errorf("%s: programme shows the bilateral %v, want %v", who, got, pg.want)
		}
	}
	if _, body := app.focalOf("VNM").get("/meetings/admm-retreat-2025/programme?view=grid"); !strings.Contains(body, title) {
		t.Error("the rooms grid of Viet Nam's focal point lacks the bilateral")
	}
	if _, body := app.as(convene.RoleAnonymous).get("/meetings/admm-retreat-2025/programme.ics"); strings.Contains(body, "Thailand – Viet Nam") {
		t.Error("the public programme.ics has the bilateral")
	}
	org := app.as(convene.RoleOrganiser)
	if _, body := org.get("/meetings/admm-retreat-2025/programme-book?delegation=VNM"); !strings.Contains(body, title) ||
		!strings.Contains(body, "Bilateral Room 1") || strings.Contains(body, "Indonesia – Singapore") {
		t.Error("Viet Nam's programme book does not have its bilateral, or has another pair's")
	}
	if _, body := org.get("/meetings/admm-retreat-2025/programme-book"); strings.Contains(body, "Bilateral meeting:") {
		t.Error("the general programme book has a bilateral")
	}

	// Cancelled by Viet Nam's focal point: the feed tells calendars to drop it.
	minister := attendees["Viet Nam's minister"]
	before := summaries(parseICS(t, personalFeed(t, minister)))[title]
	vnm := app.focalOf("VNM")
	vnm.get("/meetings/admm-retreat-2025/bilaterals/" + itoa64(b.ID))
	if resp, body := vnm.post("/meetings/admm-retreat-2025/bilaterals/"+itoa64(b.ID)+"/respond", url.Values{"action": {"cancel"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: %d\n%.600s", resp.StatusCode, body)
	}
	after := summaries(parseICS(t, personalFeed(t, minister)))[title]
	seq := func(e *ics.VEvent) int {
		if e == nil {
			return -1
		}
		n, _ := strconv.Atoi(e.GetProperty(ics.ComponentPropertySequence).Value)
		return n
	}
	if after == nil || after.Id() != uid || after.GetProperty(ics.ComponentPropertyStatus).Value != "CANCELLED" ||
		seq(before) < 0 || seq(after) <= seq(before) {
		t.Errorf("cancelled bilateral in the feed: %+v (before %+v)", after, before)
	}
	if _, body := minister.get("/my-programme"); !strings.Contains(body, "session-cancelled") {
		t.Error("My programme does not show the bilateral as cancelled")
	}
}
