package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"convene/internal/convene"
)

// refusedForm posts a form that must be refused: 422, the message next to
// field, the typed value keep still in the page, and no table changed
// (row counts of every table, the audit log included).
func refusedForm(t *testing.T, app *testApp, c *client, path string, form url.Values, field, message, keep string) {
	t.Helper()
	before := app.tableCounts()
	resp, body := c.post(path, form)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("%s %s: status %d, want 422", path, field, resp.StatusCode)
		return
	}
	i := strings.Index(body, `id="e-`+field+`"`)
	if i < 0 || !strings.Contains(body[i:min(len(body), i+600)], message) {
		t.Errorf("%s: no message %q next to %s\n%s", path, message, field, body[max(0, i):min(len(body), max(0, i)+600)])
	}
	if keep != "" && !strings.Contains(body, keep) {
		t.Errorf("%s %s: typed value %s not kept", path, field, keep)
	}
	after := app.tableCounts()
	for k, n := range before {
		if after[k] != n {
			t.Errorf("%s %s: a refused form wrote to %s (%d -> %d rows)", path, field, k, n, after[k])
		}
	}
}

// created posts a form that must succeed and returns where it redirects.
func created(t *testing.T, c *client, path string, form url.Values) string {
	t.Helper()
	resp, body := c.post(path, form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("%s: status %d\n%.1500s", path, resp.StatusCode, body)
	}
	return resp.Header.Get("Location")
}

// lastID is the number at the end of a redirect's path.
func lastID(t *testing.T, loc string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(loc[strings.LastIndex(loc, "/")+1:], 10, 64)
	if err != nil {
		t.Fatalf("redirect to %q", loc)
	}
	return id
}

// TestVenueAndRoomFormsRoundTrip: the secretariat adds a venue in Manila
// with two rooms through the forms; an unknown time zone, a region of no
// known country, a capacity of 0 or below, and a room with no layout each
// come back 422 with the message next to the field, what was typed kept and
// nothing written.
func TestVenueAndRoomFormsRoundTrip(t *testing.T) {
	app := newTestApp(t)
	c := app.as(convene.RoleOfficer)
	c.get("/venues/new")
	venue := func(zone, region string) url.Values {
		return url.Values{"name": {"Philippine International Convention Center"}, "kind": {"convention_centre"},
			"city": {"Pasay, Metro Manila"}, "time_zone": {zone}, "region": {region},
			"map_url": {"https://www.openstreetmap.org/search?query=PICC"}}
	}
	refusedForm(t, app, c, "/venues/new", venue("Asia/Manila_Bay", "PH-00"), "time_zone", "is not a time zone name", `value="Asia/Manila_Bay"`)
	refusedForm(t, app, c, "/venues/new", venue("Asia/Manila", "FR-75"), "region", "ISO 3166-2", `value="Philippine International Convention Center"`)
	loc := created(t, c, "/venues/new", venue("Asia/Manila", "ph-00"))
	vid := lastID(t, loc)

	c.get(loc + "/rooms/new")
	room := func(name string, seats map[string]string) url.Values {
		f := url.Values{"name": {name}, "booths": {"4"}, "screens": {"2"}, "flags": {"1"}, "podium": {"1"}}
		for k, v := range seats {
			f.Set("seats_"+k, v)
		}
		return f
	}
	refusedForm(t, app, c, loc+"/rooms/new", room("Plenary Hall", map[string]string{"theatre": "0", "hollow_square": "80"}),
		"seats_theatre", "1 to 5000", `value="80"`)
	refusedForm(t, app, c, loc+"/rooms/new", room("Plenary Hall", map[string]string{"banquet": "-20"}),
		"seats_banquet", "1 to 5000", `value="-20"`)
	refusedForm(t, app, c, loc+"/rooms/new", room("Plenary Hall", nil), "seats", "at least one layout", `value="Plenary Hall"`)
	created(t, c, loc+"/rooms/new", room("Plenary Hall", map[string]string{"hollow_square": "80", "theatre": "400"}))
	created(t, c, loc+"/rooms/new", room("Meeting Room 4", map[string]string{"boardroom": "14"}))
	refusedForm(t, app, c, loc+"/rooms/new", room("Plenary Hall", map[string]string{"boardroom": "20"}), "name", "already has a room", "")

	v, err := app.db.FindVenueByID(context.Background(), vid)
	if err != nil {
		t.Fatal(err)
	}
	if v.Region != "PH-00" || v.TimeZone != "Asia/Manila" || len(v.Rooms) != 2 {
		t.Fatalf("venue stored as %+v", v)
	}
	hall := v.Rooms[1]
	if hall.Name != "Plenary Hall" || hall.Seats[convene.LayoutTheatre] != 400 || hall.Capacity != 400 ||
		hall.Equipment != (convene.RoomEquipment{Booths: 4, Screens: 2, Flags: true, Podium: true}) {
		t.Errorf("room stored as %+v", hall)
	}
	// Changing the room: the theatre layout is dropped, the rest stays.
	path := "/venues/" + strconv.FormatInt(vid, 10) + "/rooms/" + strconv.FormatInt(hall.ID, 10)
	_, body := c.get(path)
	if !strings.Contains(body, `value="400"`) {
		t.Errorf("room form does not show the stored seats")
	}
	created(t, c, path, room("Plenary Hall", map[string]string{"hollow_square": "90"}))
	if r, _ := app.db.FindRoomByID(context.Background(), vid, hall.ID); r.Capacity != 90 || len(r.Seats) != 1 {
		t.Errorf("room after change: %+v", r)
	}
	// The organiser reads the venue and its rooms, without the forms.
	resp, body := app.as(convene.RoleOrganiser).get(loc)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Meeting Room 4") || strings.Contains(body, "Add a room") {
		t.Errorf("organiser's venue page: %d", resp.StatusCode)
	}
	// A venue nobody uses goes, with its rooms.
	created(t, c, loc+"/delete", url.Values{"confirm": {"yes"}})
	if _, err := app.db.FindVenueByID(context.Background(), vid); convene.ErrorCode(err) != convene.ENOTFOUND {
		t.Errorf("deleted venue still found: %v", err)
	}
}

// TestVenueInUseIsNotDeleted: deleting the Shangri-La, where the demo's
// meetings are held, answers 422 naming them and writes nothing.
func TestVenueInUseIsNotDeleted(t *testing.T) {
	app := newTestApp(t)
	c := app.as(convene.RoleAdmin)
	m, err := app.db.FindMeetingByCode(context.Background(), "admm-retreat-2025")
	if err != nil {
		t.Fatal(err)
	}
	page := "/venues/" + strconv.FormatInt(m.VenueID, 10)
	c.get(page)
	before := app.tableCounts()
	resp, body := c.post(page+"/delete", url.Values{"confirm": {"yes"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "cannot be deleted") ||
		!strings.Contains(body, "ADMM Retreat 2025") {
		t.Errorf("deleting a venue in use: %d\n%.800s", resp.StatusCode, body)
	}
	after := app.tableCounts()
	for k, n := range before {
		if after[k] != n {
			t.Errorf("a refused delete wrote to %s (%d -> %d rows)", k, n, after[k])
		}
	}
	// A room with sessions booked in it is not deleted either.
	room := app.roomID("admm-retreat-2025", "Retreat Room")
	resp, body = c.post(page+"/rooms/"+room+"/delete", url.Values{"confirm": {"yes"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Retreat Room cannot be deleted") {
		t.Errorf("deleting a booked room: %d", resp.StatusCode)
	}
}

// TestBookingsClashBothWays: a session saved into the room and time of a
// scheduled bilateral is refused with the bilateral named; a bilateral
// scheduled over a session or a room hold is refused with it named; a
// heads-only session while two heads meet in a bilateral is saved with a
// warning; a hold kept over a bilateral with a reason shows in the clash
// report with links to both.
func TestBookingsClashBothWays(t *testing.T) {
	app := newTestApp(t)
	c := app.as(convene.RoleOfficer)
	const code = "admm-retreat-2025"
	c.get("/meetings/" + code + "/programme/new")
	room2 := app.roomID(code, "Bilateral Room 2")

	// Malaysia – Philippines meet in Bilateral Room 2 at 18:30.
	press := sessionForm("Press conference", "2025-02-26", "18:35", "19:00", room2)
	press.Set("attendance", "secretariat")
	refusedForm(t, app, c, "/meetings/"+code+"/programme/new", press, "room", "the bilateral Malaysia – Philippines", `value="18:35"`)

	heads := sessionForm("Heads' briefing", "2025-02-26", "18:30", "19:00", app.roomID(code, "Retreat Room"))
	loc := created(t, c, "/meetings/"+code+"/programme/new", heads)
	_, body := c.get(loc)
	if !strings.Contains(body, "Warning:") || !strings.Contains(body, "Malaysia – Philippines") {
		t.Errorf("heads-only session during a bilateral of two heads saved without the warning")
	}

	// The accepted Lao PDR – Cambodia bilateral, scheduled over the
	// Retreat session and over the media centre's hold.
	bs, err := app.db.FindBilaterals(context.Background(), mustMeeting(t, app, code).ID)
	if err != nil {
		t.Fatal(err)
	}
	var accepted int64
	for _, b := range bs {
		if b.Status == convene.BilateralAccepted {
			accepted = b.ID
		}
	}
	if accepted == 0 {
		t.Fatal("no accepted bilateral in the demo")
	}
	sched := retreatBilaterals + "/" + strconv.FormatInt(accepted, 10)
	c.get(sched)
	place := func(start, end, room string) url.Values {
		return url.Values{"day": {"2025-02-26"}, "start": {start}, "end": {end}, "room": {room}}
	}
	refusedForm(t, app, c, sched+"/schedule", place("15:00", "15:30", app.roomID(code, "Retreat Room")), "room",
		"“Retreat session: regional security outlook and ASEAN centrality”", `value="15:00"`)
	refusedForm(t, app, c, sched+"/schedule", place("12:45", "13:15", app.roomID(code, "Media Centre")), "room",
		"the hold “Media centre”", `value="12:45"`)

	// A hold over the bilateral in Bilateral Room 2: refused, then kept with a reason.
	c.get("/meetings/" + code + "/holds")
	hold := url.Values{"kind": {"setup"}, "room": {room2}, "label": {"Set-up of the press pen"}, "start_day": {"2025-02-26"},
		"start": {"18:40"}, "end_day": {"2025-02-26"}, "end": {"19:30"}}
	refusedForm(t, app, c, "/meetings/"+code+"/holds", hold, "room", "the bilateral Malaysia – Philippines", `value="Set-up of the press pen"`)
	hold.Set("override_reason", "The pen is set up behind a screen while the bilateral ends.")
	created(t, c, "/meetings/"+code+"/holds", hold)
	holds, err := app.db.FindRoomHolds(context.Background(), mustMeeting(t, app, code).ID)
	if err != nil {
		t.Fatal(err)
	}
	var holdID int64
	for _, h := range holds {
		if h.Label == "Set-up of the press pen" {
			holdID = h.ID
		}
	}
	_, body = c.get("/meetings/" + code + "/clashes")
	for _, want := range []string{"the hold “Set-up of the press pen”", "Reason recorded: The pen is set up",
		`href="/meetings/admm-retreat-2025/holds/` + strconv.FormatInt(holdID, 10) + `"`, `href="/meetings/admm-retreat-2025/bilaterals/`} {
		if !strings.Contains(body, want) {
			t.Errorf("clash report lacks %s", want)
		}
	}
}

func mustMeeting(t *testing.T, app *testApp, code string) convene.Meeting {
	t.Helper()
	m, err := app.db.FindMeetingByCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestRoomHoldsPage: the organiser reads the holds in venue time; the
// secretariat's form refuses a hold that ends before it starts, a room of
// another venue and a delegation's office without a delegation, writing
// nothing, and changes and releases a hold.
func TestRoomHoldsPage(t *testing.T) {
	app := newTestApp(t)
	const path = "/meetings/admm-retreat-2025/holds"
	resp, body := app.as(convene.RoleOrganiser).get(path)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Media centre") ||
		!strings.Contains(body, "Wed 26 Feb 07:30 – Wed 26 Feb 22:00 MYT") || strings.Contains(body, "Hold the room") {
		t.Errorf("organiser's holds page: %d", resp.StatusCode)
	}
	c := app.as(convene.RoleOfficer)
	c.get(path)
	room := app.roomID("admm-retreat-2025", "Delegation Office A")
	form := func(kind, room, start, end string) url.Values {
		return url.Values{"kind": {kind}, "room": {room}, "label": {"Office of the Viet Nam delegation"},
			"start_day": {"2025-02-27"}, "start": {start}, "end_day": {"2025-02-27"}, "end": {end}}
	}
	refusedForm(t, app, c, path, form("setup", room, "10:00", "09:00"), "end", "end after it starts", `value="10:00"`)
	refusedForm(t, app, c, path, form("setup", "99999", "08:00", "09:00"), "room", "rooms of", `value="08:00"`)
	refusedForm(t, app, c, path, form("delegation_office", room, "08:00", "18:00"), "delegation", "whose office", "")
	office := form("delegation_office", room, "08:00", "18:00")
	office.Set("delegation", app.delegationID("VNM"))
	created(t, c, path, office)
	holds, err := app.db.FindRoomHolds(context.Background(), mustMeeting(t, app, "admm-retreat-2025").ID)
	if err != nil {
		t.Fatal(err)
	}
	var h convene.RoomHold
	for _, x := range holds {
		if x.Label == "Office of the Viet Nam delegation" {
			h = x
		}
	}
	if h.Delegation != "Viet Nam" || h.StartsAt.UTC().Hour() != 0 {
		t.Fatalf("hold stored as %+v (08:00 MYT is 00:00 UTC)", h)
	}
	edit := path + "/" + strconv.FormatInt(h.ID, 10)
	_, body = c.get(edit)
	if !strings.Contains(body, `value="08:00"`) {
		t.Errorf("hold form does not show the venue time")
	}
	office.Set("end", "20:00")
	created(t, c, edit, office)
	created(t, c, edit+"/delete", url.Values{"confirm": {"yes"}})
	if _, err := app.db.FindRoomHoldByID(context.Background(), h.MeetingID, h.ID); convene.ErrorCode(err) != convene.ENOTFOUND {
		t.Errorf("released hold still found: %v", err)
	}
}

// TestHotelAddedFromTheHotelsPage: a hotel typed on the hotels page is added
// without leaving it and offered for a room block; a bad time zone comes
// back as the hotels page, 422, with the hotel form open and nothing written.
func TestHotelAddedFromTheHotelsPage(t *testing.T) {
	app := newTestApp(t)
	c := app.as(convene.RoleOfficer)
	const hotels = "/meetings/admm-retreat-2025/hotels"
	c.get(hotels)
	form := url.Values{"hotel_name": {"Eastern & Oriental Hotel"}, "hotel_city": {"George Town"},
		"hotel_time_zone": {"Penang"}, "hotel_region": {"MY-07"}}
	refusedForm(t, app, c, hotels+"/new", form, "hotel_time_zone", "is not a time zone name", `value="Eastern &amp; Oriental Hotel"`)
	form.Set("hotel_time_zone", "Asia/Kuala_Lumpur")
	if loc := created(t, c, hotels+"/new", form); loc != hotels {
		t.Errorf("redirect to %s, want the hotels page", loc)
	}
	_, body := c.get(hotels)
	if !strings.Contains(body, `>Eastern &amp; Oriental Hotel</option>`) {
		t.Errorf("the new hotel is not offered for a room block")
	}
}

// TestAirportsAndTravelLegs: an airport is added on the airports page (a
// bad zone or a code already listed refused), and a travel leg at an airport
// not listed is refused while one at the new airport is stored.
func TestAirportsAndTravelLegs(t *testing.T) {
	app := newTestApp(t)
	c := app.as(convene.RoleOfficer)
	c.get("/airports")
	cebu := url.Values{"iata": {"ceb"}, "name": {"Mactan–Cebu International Airport"}, "city": {"Lapu-Lapu"}, "time_zone": {"Asia/Cebu"}}
	refusedForm(t, app, c, "/airports", cebu, "time_zone", "is not a time zone name", `value="Asia/Cebu"`)
	refusedForm(t, app, c, "/airports", url.Values{"iata": {"PEN"}, "name": {"Penang"}, "time_zone": {"Asia/Kuala_Lumpur"}},
		"iata", "already in the list", "")
	cebu.Set("time_zone", "Asia/Manila")
	created(t, c, "/airports", cebu)
	if a, err := app.db.FindAirport(context.Background(), "CEB"); err != nil || a.TimeZone != "Asia/Manila" {
		t.Fatalf("airport stored as %+v, %v", a, err)
	}

	people, _, err := app.db.FindDelegates(context.Background(), convene.DelegateFilter{MeetingID: mustMeeting(t, app, "admm-retreat-2025").ID, Limit: 1})
	if err != nil || len(people) == 0 {
		t.Fatal(err)
	}
	travel := "/meetings/admm-retreat-2025/travel/" + strconv.FormatInt(people[0].ID, 10)
	c.get(travel)
	leg := url.Values{"a_day": {"2025-02-25"}, "a_time": {"14:05"}, "a_flight": {"PR 511"}, "a_airport": {"XYZ"}}
	refusedForm(t, app, c, travel, leg, "a_airport", "Choose the airport", `value="PR 511"`)
	leg.Set("a_airport", "CEB")
	created(t, c, travel, leg)
}

// TestSessionLayoutDecidesRoomTooSmall: a session names the layout it uses
// and the "room too small" warning compares with that layout's seats; with
// none named the room's largest layout counts; a layout the room does not
// offer is refused next to the layout.
func TestSessionLayoutDecidesRoomTooSmall(t *testing.T) {
	app := newTestApp(t)
	c := app.as(convene.RoleOfficer)
	const path = "/meetings/admm-retreat-2025/programme/new"
	c.get(path)
	straits := app.roomID("admm-retreat-2025", "Straits Room")
	form := func(layout string) url.Values {
		f := sessionForm("Early briefing of heads and advisers", "2025-02-26", "07:00", "07:30", straits)
		f.Set("attendance", "heads_plus")
		f.Set("heads_plus", "5")
		f.Set("layout", layout)
		return f
	}
	refusedForm(t, app, c, path, form("banquet"), "layout", "not set up as banquet", `value="07:00"`)
	loc := created(t, c, path, form("hollow_square"))
	if _, body := c.get(loc); !strings.Contains(body, "Straits Room seats 60") {
		t.Errorf("66 people in a hollow square of 60 saved without the warning")
	}
	x := mustSession(t, app, loc)
	created(t, c, "/meetings/admm-retreat-2025/programme/"+strconv.FormatInt(x.ID, 10), form(""))
	cs, err := app.db.MeetingClashes(context.Background(), mustMeeting(t, app, "admm-retreat-2025").ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, cl := range convene.ClashesOf(cs, convene.SessionRef(x.ID)) {
		if cl.Kind == convene.ClashCapacity {
			t.Errorf("with no layout named the largest (theatre, 120) should count: %s", cl.Message)
		}
	}
}

// mustSession reads the session a programme redirect points at.
func mustSession(t *testing.T, app *testApp, loc string) convene.Session {
	t.Helper()
	id, err := strconv.ParseInt(loc[strings.LastIndex(loc, "-")+1:], 10, 64)
	if err != nil {
		t.Fatalf("redirect to %q", loc)
	}
	x, err := app.db.FindSessionByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return x
}
