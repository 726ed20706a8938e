package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"

	"convene/internal/convene"
)

func parseICS(t *testing.T, body string) *ics.Calendar {
	t.Helper()
	cal, err := ics.ParseCalendar(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse calendar: %v\n%.500s", err, body)
	}
	return cal
}

func summaries(cal *ics.Calendar) map[string]*ics.VEvent {
	out := map[string]*ics.VEvent{}
	for _, e := range cal.Events() {
		out[e.GetProperty(ics.ComponentPropertySummary).Value] = e
	}
	return out
}

// TestProgrammeICS parses the public feed back with the same library: one
// event per public session and no other, the venue's zone as VTIMEZONE and
// X-WR-TIMEZONE, stable UIDs, DTSTAMP, and instants that match the store.
func TestProgrammeICS(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	m, _ := app.db.FindMeetingByCode(ctx, "admm-retreat-2025")
	public, err := app.db.FindSessions(ctx, convene.SessionFilter{MeetingIDs: []int64{m.ID},
		Visibilities: []convene.Visibility{convene.VisiblePublic}})
	if err != nil {
		t.Fatal(err)
	}
	resp, body := app.as(convene.RoleAnonymous).get("/meetings/admm-retreat-2025/programme.ics")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("status %d, type %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	cal := parseICS(t, body)
	events := cal.Events()
	if len(events) != len(public) || len(public) < 2 {
		t.Errorf("%d events for %d public sessions", len(events), len(public))
	}
	tzs := cal.Timezones()
	if len(tzs) != 1 || tzs[0].GetProperty(ics.ComponentPropertyTzid).Value != "Asia/Kuala_Lumpur" ||
		!strings.Contains(body, "X-WR-TIMEZONE:Asia/Kuala_Lumpur") || !strings.Contains(body, "TZOFFSETTO:+0800") {
		t.Errorf("venue zone missing:\n%s", body)
	}
	byTitle := summaries(cal)
	for _, s := range public {
		e := byTitle[s.Title]
		if e == nil {
			t.Errorf("no event for %q", s.Title)
			continue
		}
		start, err := e.GetStartAt()
		if err != nil || !start.Equal(s.StartsAt) {
			t.Errorf("%q starts %v, want %v (%v)", s.Title, start, s.StartsAt, err)
		}
		if e.Id() != "session-"+itoa64(s.ID)+"@convene.admm" {
			t.Errorf("UID %q", e.Id())
		}
		if _, err := e.GetDtStampTime(); err != nil {
			t.Errorf("%q: DTSTAMP: %v", s.Title, err)
		}
	}
	for _, hidden := range []string{"Secretariat debrief", "Retreat session", "Motorcade"} {
		if strings.Contains(body, hidden) {
			t.Errorf("public feed contains %q", hidden)
		}
	}
	// The secretariat's copy has the internal session and its notes.
	_, body = app.as(convene.RoleOfficer).get("/meetings/admm-retreat-2025/programme.ics")
	if !strings.Contains(body, "Secretariat debrief") {
		t.Error("officer's feed lacks the internal session")
	}
}

// TestUnpublishedEditWaitsForPublication: the secretariat moves a public
// session. Until it publishes, visitors, delegates and programme.ics keep
// the published version (the same UID, SEQUENCE 0); after publishing, the
// next request shows the change and the event's SEQUENCE is 1, while an
// unchanged session keeps SEQUENCE 0. Publishing again without a change
// bumps nothing.
func TestUnpublishedEditWaitsForPublication(t *testing.T) {
	app := newTestApp(t)
	c := app.as(convene.RoleOfficer)
	ctx := context.Background()
	m, _ := app.db.FindMeetingByCode(ctx, "admm-retreat-2025")
	ss, _ := app.db.FindSessions(ctx, convene.SessionFilter{MeetingIDs: []int64{m.ID}, Visibilities: []convene.Visibility{convene.VisiblePublic}})
	s, other := ss[0], ss[1]
	uid := "session-" + itoa64(s.ID) + "@convene.admm"
	event := func(body, id string) *ics.VEvent {
		for _, e := range parseICS(t, body).Events() {
			if e.Id() == id {
				return e
			}
		}
		return nil
	}
	path := "/meetings/admm-retreat-2025/programme/" + itoa64(s.ID)
	c.get(path)
	f := url.Values{"title": {s.Title + " (moved)"}, "kind": {string(s.Kind)}, "day": {"2025-02-26"}, "start": {"13:50"},
		"end": {"14:15"}, "room": {itoa64(s.RoomID)}, "attendance": {string(s.Attendance)}, "heads_plus": {"1"},
		"visibility": {"public"}}
	if s.RoomID == 0 {
		f.Set("room", "")
	}
	if resp, body := c.post(path, f); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("update: %d\n%.1500s", resp.StatusCode, body)
	}
	if _, body := c.get("/meetings/admm-retreat-2025/programme"); !strings.Contains(body, s.Title+" (moved)") ||
		!strings.Contains(body, "Changed since version 1") {
		t.Fatal("the secretariat's draft does not show the edit as changed since version 1")
	}

	// Not published yet: nobody outside the secretariat sees the edit.
	visitor := app.as(convene.RoleAnonymous)
	for who, cl := range map[string]*client{"visitor": visitor, "delegate": app.as(convene.RoleDelegate), "focal point": app.as(convene.RoleFocal)} {
		if _, body := cl.get("/meetings/admm-retreat-2025/programme"); strings.Contains(body, "(moved)") || !strings.Contains(body, s.Title) {
			t.Errorf("%s: the programme shows the unpublished edit, or lost the published session", who)
		}
	}
	_, body := visitor.get("/meetings/admm-retreat-2025/programme.ics")
	e := event(body, uid)
	if e == nil || e.GetProperty(ics.ComponentPropertySummary).Value != s.Title ||
		e.GetProperty(ics.ComponentPropertySequence).Value != "0" || strings.Contains(body, "(moved)") {
		t.Fatalf("programme.ics before publishing: %+v", e)
	}
	if start, _ := e.GetStartAt(); !start.Equal(s.StartsAt) {
		t.Errorf("programme.ics before publishing starts %v, want the published %v", start, s.StartsAt)
	}

	// Published: the next request shows it, SEQUENCE bumped for the changed event only.
	c.get("/meetings/admm-retreat-2025/programme")
	if resp, _ := c.post("/meetings/admm-retreat-2025/programme/publish", url.Values{"note": {"Opening moved"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", resp.StatusCode)
	}
	if _, body := visitor.get("/meetings/admm-retreat-2025/programme"); !strings.Contains(body, s.Title+" (moved)") ||
		!strings.Contains(body, "13:50–14:15 MYT") || !strings.Contains(body, "Version 2, published") {
		t.Error("after publishing, the visitor's programme does not show the edit")
	}
	_, body = visitor.get("/meetings/admm-retreat-2025/programme.ics")
	e = event(body, uid)
	if e == nil || e.GetProperty(ics.ComponentPropertySummary).Value != s.Title+" (moved)" ||
		e.GetProperty(ics.ComponentPropertySequence).Value != "1" {
		t.Fatalf("changed event after publishing: %+v", e)
	}
	if o := event(body, "session-"+itoa64(other.ID)+"@convene.admm"); o == nil || o.GetProperty(ics.ComponentPropertySequence).Value != "0" {
		t.Errorf("an unchanged session's SEQUENCE moved: %+v", o)
	}
	c.get("/meetings/admm-retreat-2025/programme")
	c.post("/meetings/admm-retreat-2025/programme/publish", nil)
	_, body = visitor.get("/meetings/admm-retreat-2025/programme.ics")
	if e = event(body, uid); e == nil || e.GetProperty(ics.ComponentPropertySequence).Value != "1" {
		t.Errorf("publishing again without a change bumped SEQUENCE: %+v", e)
	}
}

var feedURL = regexp.MustCompile(`<code id="feed-url">([^<]+)</code>`)

// TestPersonalFeedAndMyProgramme: the Indonesian delegate (the Retreat's
// alternate head and the Working Group's head) sees on "My programme" and in
// the personal feed the Working Group sessions and the Retreat's
// heads-plus-one sessions, not the heads-only family photo nor anything
// internal. Revoking the feed makes its URL answer 404.
func TestPersonalFeedAndMyProgramme(t *testing.T) {
	app := newTestApp(t)
	c := app.client()
	c.signIn("delegate.idn@demo.test", testPassword)
	resp, body := c.get("/my-programme")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("my programme: %d", resp.StatusCode)
	}
	for _, want := range []string{"Session 1: Review of ADMM and ADMM-Plus cooperation", "Welcome lunch", "Retreat session: regional security outlook", "09:20–10:30 MYT"} {
		if !strings.Contains(body, want) {
			t.Errorf("my programme lacks %q", want)
		}
	}
	for _, not := range []string{"Family photo", "Secretariat debrief", "Secretariat briefing"} {
		if strings.Contains(body, not) {
			t.Errorf("my programme shows %q", not)
		}
	}

	c.get("/account/calendar")
	resp, body = c.post("/account/calendar", nil)
	m := feedURL.FindStringSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("create feed: %d", resp.StatusCode)
	}
	u, _ := url.Parse(m[1])
	outsider := app.client() // a calendar application: no cookies
	resp, body = outsider.get(u.Path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("feed: %d", resp.StatusCode)
	}
	ev := summaries(parseICS(t, body))
	if ev["Session 1: Review of ADMM and ADMM-Plus cooperation"] == nil || ev["Welcome lunch hosted by the Minister of Defence Malaysia"] == nil ||
		ev["Family photo"] != nil || ev["Secretariat debrief and dinner walk-through"] != nil {
		t.Errorf("personal feed events: %v", keys(ev))
	}
	// A new address stops the old one; revoking stops all.
	c.get("/account/calendar")
	_, body = c.post("/account/calendar", nil)
	m2 := feedURL.FindStringSubmatch(body)
	if r, _ := outsider.get(u.Path); r.StatusCode != http.StatusNotFound {
		t.Errorf("old feed after a new one: %d", r.StatusCode)
	}
	u2, _ := url.Parse(m2[1])
	if r, _ := outsider.get(u2.Path); r.StatusCode != http.StatusOK {
		t.Errorf("new feed: %d", r.StatusCode)
	}
	c.get("/account/calendar")
	if r, _ := c.post("/account/calendar/revoke", url.Values{"confirm": {"yes"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", r.StatusCode)
	}
	if r, _ := outsider.get(u2.Path); r.StatusCode != http.StatusNotFound {
		t.Errorf("revoked feed: %d", r.StatusCode)
	}
	// The request log names the route, never the token in the path.
	if strings.Contains(app.log.String(), strings.TrimPrefix(u2.Path, "/feeds/")) || !strings.Contains(app.log.String(), "/feeds/:token") {
		t.Error("the feed token is in the log, or the feed requests were not logged at all")
	}
}

func keys(m map[string]*ics.VEvent) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestCancelledSession: a cancelled session, once published, stays in the
// programme marked cancelled, goes to calendars as STATUS:CANCELLED with a
// higher SEQUENCE, and frees its room.
func TestCancelledSession(t *testing.T) {
	app := newTestApp(t)
	c := app.as(convene.RoleOfficer)
	ctx := context.Background()
	m, _ := app.db.FindMeetingByCode(ctx, "admm-retreat-2025")
	ss, _ := app.db.FindSessions(ctx, convene.SessionFilter{MeetingIDs: []int64{m.ID}})
	var s convene.Session
	for _, x := range ss {
		if x.Title == "Official opening of the ADMM Retreat 2025" {
			s = x
		}
	}
	path := "/meetings/admm-retreat-2025/programme/" + itoa64(s.ID)
	c.get(path)
	f := url.Values{"title": {s.Title}, "kind": {string(s.Kind)}, "day": {"2025-02-26"}, "start": {"13:45"},
		"end": {"14:15"}, "room": {itoa64(s.RoomID)}, "attendance": {string(s.Attendance)}, "heads_plus": {"1"},
		"visibility": {"public"}, "cancelled": {"1"}}
	if resp, body := c.post(path, f); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: %d\n%.1500s", resp.StatusCode, body)
	}
	c.get("/meetings/admm-retreat-2025/programme")
	if resp, _ := c.post("/meetings/admm-retreat-2025/programme/publish", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", resp.StatusCode)
	}
	_, body := app.as(convene.RoleAnonymous).get("/meetings/admm-retreat-2025/programme")
	if !strings.Contains(body, "session-cancelled") || !strings.Contains(body, "Cancelled") {
		t.Error("the programme does not mark the session cancelled")
	}
	_, body = app.as(convene.RoleAnonymous).get("/meetings/admm-retreat-2025/programme.ics")
	e := summaries(parseICS(t, body))[s.Title]
	if e == nil || e.GetProperty(ics.ComponentPropertyStatus).Value != "CANCELLED" ||
		e.GetProperty(ics.ComponentPropertySequence).Value != "1" {
		t.Errorf("cancelled event: %+v", e)
	}
	c.get("/meetings/admm-retreat-2025/programme/new")
	g := url.Values{"title": {"Press conference"}, "kind": {"ceremony"}, "day": {"2025-02-26"}, "start": {"13:45"},
		"end": {"14:15"}, "room": {itoa64(s.RoomID)}, "attendance": {"secretariat"}, "visibility": {"public"}}
	if resp, body := c.post("/meetings/admm-retreat-2025/programme/new", g); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the cancelled session still holds its room: %d\n%.1500s", resp.StatusCode, body)
	}
}
