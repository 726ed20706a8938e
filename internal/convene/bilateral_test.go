package convene

import (
	"strings"
	"testing"
	"time"
)

// slotFixture is a one-day meeting in Penang with a fixed programme: heads
// busy 08:00–12:00 and 12:30–17:30, a bilateral slot 17:45–18:15 in
// Bilateral Room 1, dinner for whole delegations 19:30–21:30.
func slotFixture(t *testing.T) (SlotInput, Bilateral) {
	t.Helper()
	m := Meeting{ID: 1, Title: "ADMM Retreat 2025", TimeZone: "Asia/Kuala_Lumpur",
		StartDate: Date{2025, 2, 26}, EndDate: Date{2025, 2, 26}}
	loc := m.Location()
	at := func(hm string) time.Time {
		c, _ := time.Parse("15:04", hm)
		return time.Date(2025, 2, 26, c.Hour(), c.Minute(), 0, 0, loc).UTC()
	}
	in := SlotInput{Meeting: m,
		Rooms: []Room{{ID: 1, Name: "Bilateral Room 1", Capacity: 10}, {ID: 2, Name: "Bilateral Room 2", Capacity: 8},
			{ID: 3, Name: "Grand Ballroom", Capacity: 300}, {ID: 4, Name: "Phone booth", Capacity: 2}},
		Bookings: book(
			Session{ID: 1, MeetingID: 1, Title: "Morning plenary", StartsAt: at("08:00"), EndsAt: at("12:00"), RoomID: 3, Attendance: AttendHeadsPlus, HeadsPlus: 1},
			Session{ID: 2, MeetingID: 1, Title: "Retreat", StartsAt: at("12:30"), EndsAt: at("17:30"), RoomID: 3, Attendance: AttendHeads},
			Session{ID: 3, MeetingID: 1, Title: "Bilateral slot A", Kind: SessionBilateral, StartsAt: at("17:45"), EndsAt: at("18:15"), RoomID: 1, Attendance: AttendHeadsPlus, HeadsPlus: 1},
			Session{ID: 4, MeetingID: 1, Title: "Dinner", StartsAt: at("19:30"), EndsAt: at("22:00"), RoomID: 3, Attendance: AttendDelegations},
		)}
	b := Bilateral{ID: 10, MeetingID: 1, RequesterID: 100, CounterpartID: 200, Level: LevelMinisters, DurationMin: 30,
		Requester:   Delegation{ID: 100, CountryID: 1000, Country: Country{Name: "Viet Nam"}},
		Counterpart: Delegation{ID: 200, CountryID: 2000, Country: Country{Name: "Thailand"}}}
	return in, b
}

func TestProposeSlotsOnAFixedProgramme(t *testing.T) {
	in, b := slotFixture(t)
	loc := in.Meeting.Location()
	slots, why := ProposeSlots(in, b, 3)
	var got []string
	for _, s := range slots {
		got = append(got, s.StartsAt.In(loc).Format("15:04")+" "+s.RoomName)
	}
	// 12:00–12:30 fits between the plenary and the retreat. At 17:30 the
	// heads are free but Room 1 is not (slot A at 17:45 needs its 15 minutes
	// of turnover, and 17:30–18:00 is not inside the slot), so Room 2; the
	// next distinct time, 18:00, overlaps slot A in Room 1, so Room 2 again.
	want := []string{"12:00 Bilateral Room 1", "17:30 Bilateral Room 2", "18:00 Bilateral Room 2"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") || why != "" {
		t.Errorf("slots %v (%q), want %v", got, why, want)
	}

	// Another bilateral of Viet Nam's minister at 12:00 moves the first proposal.
	other := Bilateral{ID: 11, MeetingID: 1, RequesterID: 100, CounterpartID: 300, Level: LevelHeads, Status: BilateralScheduled,
		StartsAt: slots[0].StartsAt, EndsAt: slots[0].EndsAt, RoomID: 2,
		Requester:   Delegation{ID: 100, CountryID: 1000, Country: Country{Name: "Viet Nam"}},
		Counterpart: Delegation{ID: 300, CountryID: 3000, Country: Country{Name: "Lao PDR"}}}
	in.Bookings = append(in.Bookings, other.Booking(in.Meeting))
	slots, _ = ProposeSlots(in, b, 1)
	if len(slots) != 1 || slots[0].StartsAt.In(loc).Format("15:04") != "17:30" {
		t.Errorf("with Viet Nam's head busy at 12:00: %v", slots)
	}
}

func TestProposeSlotsSaysWhyThereIsNone(t *testing.T) {
	in, b := slotFixture(t)
	// Heads are needed all day long.
	in.Bookings = append(in.Bookings, book(Session{ID: 9, MeetingID: 1, Title: "Long lunch", StartsAt: in.Bookings[0].EndsAt,
		EndsAt: in.Bookings[1].StartsAt, Attendance: AttendHeads},
		Session{ID: 8, MeetingID: 1, Title: "Evening", StartsAt: in.Bookings[1].EndsAt, EndsAt: in.Bookings[3].StartsAt,
			Attendance: AttendHeads})...)
	slots, why := ProposeSlots(in, b, 3)
	if len(slots) != 0 || !strings.Contains(why, "heads of delegation of Thailand – Viet Nam are needed in the programme") {
		t.Errorf("no-slot day: %v, %q", slots, why)
	}
	// Senior officials are not needed at heads-only sessions, so they find a slot.
	b.Level = LevelSeniorOfficials
	if slots, _ := ProposeSlots(in, b, 1); len(slots) != 1 {
		t.Errorf("senior officials found no slot")
	}
	// No bilateral room at all.
	b.Level = LevelMinisters
	in, _ = slotFixture(t)
	in.Rooms = in.Rooms[2:]
	if _, why := ProposeSlots(in, b, 1); !strings.Contains(why, "no room for a bilateral") {
		t.Errorf("without rooms: %q", why)
	}
}

func TestCheckPlacementRefusals(t *testing.T) {
	in, b := slotFixture(t)
	loc := in.Meeting.Location()
	at := func(d, hm string) time.Time {
		c, _ := time.Parse("15:04", hm)
		day, _ := ParseDate(d)
		return time.Date(day.Year, day.Month, day.Day, c.Hour(), c.Minute(), 0, 0, loc).UTC()
	}
	cases := []struct {
		name, day, start string
		room             int64
		field, want      string
	}{
		{"room too small", "2025-02-26", "12:00", 4, "room", "seats 2"},
		{"outside the days", "2025-02-27", "12:00", 1, "day", "runs"},
		{"people busy", "2025-02-26", "15:00", 1, "start", "“Retreat”"},
		{"turnover buffer", "2025-02-26", "18:20", 1, "room", "turn the room round"},
		{"room of another venue", "2025-02-26", "12:00", 99, "room", "rooms of the meeting's venue"},
	}
	for _, c := range cases {
		s := at(c.day, c.start)
		p := CheckPlacement(in, b, Placement{StartsAt: s, EndsAt: s.Add(30 * time.Minute), RoomID: c.room})
		if !strings.Contains(p[c.field], c.want) {
			t.Errorf("%s: %v", c.name, p)
		}
	}
	s := at("2025-02-26", "17:45")
	if p := CheckPlacement(in, b, Placement{StartsAt: s, EndsAt: s.Add(30 * time.Minute), RoomID: 1}); len(p) != 0 {
		t.Errorf("inside the programme's bilateral slot: %v", p)
	}
}

func TestBilateralStateMachine(t *testing.T) {
	cases := []struct {
		from BilateralStatus
		act  BilateralAction
		side BilateralSide
		want BilateralStatus
		ok   bool
	}{
		{BilateralRequested, BilateralAccept, SideCounterpart, BilateralAccepted, true},
		{BilateralRequested, BilateralAccept, SideRequester, "", false},
		{BilateralRequested, BilateralDecline, SideCounterpart, BilateralDeclined, true},
		{BilateralRequested, BilateralCounter, SideCounterpart, BilateralCounterProposed, true},
		{BilateralCounterProposed, BilateralAccept, SideRequester, BilateralAccepted, true},
		{BilateralCounterProposed, BilateralAccept, SideCounterpart, "", false},
		{BilateralCounterProposed, BilateralCounter, SideRequester, BilateralRequested, true},
		{BilateralRequested, BilateralAccept, SideSecretariat, BilateralAccepted, true},
		{BilateralAccepted, BilateralCancel, SideRequester, BilateralCancelled, true},
		{BilateralScheduled, BilateralMarkHeld, SideCounterpart, "", false},
		{BilateralScheduled, BilateralMarkHeld, SideSecretariat, BilateralHeld, true},
		{BilateralHeld, BilateralCancel, SideSecretariat, "", false},
		{BilateralDeclined, BilateralAccept, SideCounterpart, "", false},
		{BilateralRequested, BilateralCancel, SideNone, "", false},
	}
	for _, c := range cases {
		got, err := NextBilateralStatus(c.from, c.act, c.side)
		if (err == nil) != c.ok || (c.ok && got != c.want) {
			t.Errorf("%s + %s by side %d: %s, %v", c.from, c.act, c.side, got, err)
		}
	}
}
