package convene

import (
	"strings"
	"testing"
	"time"
)

// bookingFixture is the Retreat's day with a plenary for heads in the
// Straits Room (5), a bilateral slot in Bilateral Room 1 (1), the media
// centre held all day (7), and the scheduled bilateral Viet Nam – Thailand.
func bookingFixture() (Meeting, []Booking, Bilateral) {
	m := penang().Meetings[1]
	m.Code = "m1"
	b := Bilateral{ID: 20, MeetingID: 1, Level: LevelMinisters, Status: BilateralScheduled,
		StartsAt: at("11:00"), EndsAt: at("11:30"), RoomID: 2, RoomName: "Bilateral Room 2",
		Requester:   Delegation{ID: 100, CountryID: 10, Country: Country{Name: "Viet Nam"}},
		Counterpart: Delegation{ID: 200, CountryID: 11, Country: Country{Name: "Thailand"}}}
	hold := RoomHold{ID: 30, MeetingID: 1, RoomID: 7, RoomName: "Media Centre", Kind: HoldMediaCentre, Label: "Media centre",
		StartsAt: at("07:30"), EndsAt: at("22:00")}
	bs := append(book(
		Session{ID: 1, MeetingID: 1, Title: "Plenary", StartsAt: at("09:00"), EndsAt: at("10:30"), RoomID: 5,
			RoomName: "Straits Room", Attendance: AttendHeads},
		Session{ID: 2, MeetingID: 1, Title: "Bilateral slot A", Kind: SessionBilateral, StartsAt: at("17:45"),
			EndsAt: at("18:15"), RoomID: 1, RoomName: "Bilateral Room 1", Attendance: AttendHeadsPlus, HeadsPlus: 1},
	), hold.Booking(m), b.Booking(m))
	return m, bs, b
}

// TestRoomsClashOneRuleBothWays: whichever booking comes second, a room
// held by a session, a hold or a bilateral is booked twice, with the
// turnover buffer around bilaterals and the programme's bilateral slots
// excepted.
func TestRoomsClashOneRuleBothWays(t *testing.T) {
	m, bs, _ := bookingFixture()
	plenary, hold, bilateral := bs[0], bs[2], bs[3]
	slot := bs[1]
	session := func(room int64, start, end string) Booking {
		return Session{ID: 9, MeetingID: 1, Title: "New", StartsAt: at(start), EndsAt: at(end), RoomID: room,
			Attendance: AttendSecretariat}.Booking(m.Code)
	}
	placed := func(room int64, start, end string) Booking {
		x := Bilateral{ID: 21, MeetingID: 1, Level: LevelHeads, StartsAt: at(start), EndsAt: at(end), RoomID: room}
		return x.Booking(m)
	}
	cases := []struct {
		name string
		a, b Booking
		want bool
	}{
		{"session over a bilateral", session(2, "11:15", "12:00"), bilateral, true},
		{"session in the bilateral's turnover", session(2, "11:35", "12:00"), bilateral, true},
		{"session after the turnover", session(2, "11:45", "12:00"), bilateral, false},
		{"session over a hold", session(7, "12:00", "13:00"), hold, true},
		{"session over a session", session(5, "10:00", "11:00"), plenary, true},
		{"sessions touching", session(5, "10:30", "11:00"), plenary, false},
		{"session in another room", session(6, "09:00", "10:00"), plenary, false},
		{"bilateral over a session", placed(5, "10:00", "10:30"), plenary, true},
		{"bilateral over a hold", placed(7, "12:00", "12:30"), hold, true},
		{"bilateral inside a bilateral slot", placed(1, "17:45", "18:15"), slot, false},
		{"bilateral across a slot's end", placed(1, "18:00", "18:30"), slot, true},
		{"bilateral over a bilateral", placed(2, "11:20", "11:50"), bilateral, true},
	}
	for _, c := range cases {
		if got := RoomsClash(c.a, c.b); got != c.want {
			t.Errorf("%s: RoomsClash = %v, want %v", c.name, got, c.want)
		}
		if got := RoomsClash(c.b, c.a); got != c.want {
			t.Errorf("%s (other way): RoomsClash = %v, want %v", c.name, got, c.want)
		}
	}
	cancelled := session(5, "10:00", "11:00")
	cancelled.Cancelled = true
	if RoomsClash(cancelled, plenary) {
		t.Errorf("a cancelled session still books its room")
	}
}

func TestSamePeople(t *testing.T) {
	m, bs, _ := bookingFixture()
	plenary, slot, hold, bilateral := bs[0], bs[1], bs[2], bs[3]
	with := func(b Booking, start, end string) Booking {
		b.StartsAt, b.EndsAt = at(start), at(end)
		return b
	}
	officials := Bilateral{ID: 22, MeetingID: 1, Level: LevelSeniorOfficials, StartsAt: at("09:30"), EndsAt: at("10:00"),
		Requester: Delegation{CountryID: 12}, Counterpart: Delegation{CountryID: 13}}
	other := Bilateral{ID: 23, MeetingID: 1, Level: LevelHeads, StartsAt: at("11:00"), EndsAt: at("11:30"),
		Requester: Delegation{CountryID: 10}, Counterpart: Delegation{CountryID: 14}}
	unrelated := other
	unrelated.Requester.CountryID = 15
	cases := []struct {
		name string
		a, b Booking
		want bool
	}{
		{"heads-only session while ministers meet", with(plenary, "11:00", "12:00"), bilateral, true},
		{"senior officials during a heads-only session", officials.Booking(m), plenary, false},
		{"a bilateral slot takes nobody's time", with(slot, "11:00", "11:30"), bilateral, false},
		{"a hold takes nobody's time", hold, bilateral, false},
		{"two bilaterals of Viet Nam's minister", other.Booking(m), bilateral, true},
		{"two bilaterals of different delegations", unrelated.Booking(m), bilateral, false},
		{"not at the same time", with(plenary, "12:00", "13:00"), bilateral, false},
	}
	for _, c := range cases {
		if got := SamePeople(c.a, c.b); got != c.want {
			t.Errorf("%s: SamePeople = %v, want %v", c.name, got, c.want)
		}
		if got := SamePeople(c.b, c.a); got != c.want {
			t.Errorf("%s (other way): SamePeople = %v, want %v", c.name, got, c.want)
		}
	}
	whole := plenary
	whole.Attendance = AttendDelegations
	if !SamePeople(officials.Booking(m), whole) {
		t.Errorf("senior officials are part of whole delegations")
	}
}

// TestDetectClashesSeesHoldsAndBilaterals: the clash report counts holds
// and bilaterals like sessions, and names each side.
func TestDetectClashesSeesHoldsAndBilaterals(t *testing.T) {
	in := penang()
	m, bs, _ := bookingFixture()
	in.Meetings[1] = m
	in.Bookings = append(bs, book(
		Session{ID: 3, MeetingID: 1, Title: "Press briefing", StartsAt: at("12:00"), EndsAt: at("12:30"), RoomID: 7,
			RoomName: "Media Centre", Attendance: AttendSecretariat},
		Session{ID: 4, MeetingID: 1, Title: "Heads' lunch", StartsAt: at("11:00"), EndsAt: at("12:00"), RoomID: 2,
			RoomName: "Bilateral Room 2", Attendance: AttendHeads},
	)...)
	cs := DetectClashes(in)
	var room, people []Clash
	for _, c := range cs {
		switch c.Kind {
		case ClashRoom:
			room = append(room, c)
		case ClashPeople:
			people = append(people, c)
		}
	}
	if len(room) != 2 || len(people) != 1 {
		t.Fatalf("clashes: %+v", cs)
	}
	for _, c := range room {
		if !c.Hard {
			t.Errorf("a room booked twice does not block: %+v", c)
		}
	}
	if !room[0].With.Is(BookingRef{Kind: BookingHold, ID: 30}) && !room[1].With.Is(BookingRef{Kind: BookingHold, ID: 30}) &&
		!room[0].On.Is(BookingRef{Kind: BookingHold, ID: 30}) && !room[1].On.Is(BookingRef{Kind: BookingHold, ID: 30}) {
		t.Errorf("no clash names the hold: %+v", room)
	}
	msgs := room[0].Message + " " + room[1].Message + " " + people[0].Message
	for _, want := range []string{"the hold “Media centre”", "the bilateral Thailand – Viet Nam", "“Heads' lunch”",
		"heads of delegation of Thailand – Viet Nam"} {
		if !strings.Contains(msgs, want) {
			t.Errorf("messages lack %q: %s", want, msgs)
		}
	}
	if got := ClashesOf(cs, SessionRef(4)); len(got) != 2 {
		t.Errorf("clashes of the lunch: %+v", got)
	}
}

// TestCheckPlacementSeesHolds: a bilateral placed over a hold is refused,
// with the hold named; the same room after the hold is free.
func TestCheckPlacementSeesHolds(t *testing.T) {
	m, bs, b := bookingFixture()
	in := SlotInput{Meeting: m, Bookings: bs, Rooms: []Room{{ID: 7, Name: "Media Centre", Capacity: 80},
		{ID: 2, Name: "Bilateral Room 2", Capacity: 8}}}
	b.ID = 99
	p := CheckPlacement(in, b, Placement{StartsAt: at("12:00"), EndsAt: at("12:30"), RoomID: 7})
	if !strings.Contains(p["room"], "the hold “Media centre”") {
		t.Errorf("placement over the hold: %v", p)
	}
	p = CheckPlacement(in, b, Placement{StartsAt: at("11:10"), EndsAt: at("11:40"), RoomID: 2})
	if !strings.Contains(p["room"], "the bilateral Thailand – Viet Nam") || !strings.Contains(p["start"], "already meet") {
		t.Errorf("placement over the other bilateral: %v", p)
	}
	late := at("22:00").Add(15 * time.Minute)
	if p := CheckPlacement(in, b, Placement{StartsAt: late, EndsAt: late.Add(30 * time.Minute), RoomID: 7}); len(p) != 0 {
		t.Errorf("after the hold: %v", p)
	}
}
