package convene

import (
	"fmt"
	"slices"
	"time"
)

// BookingKind says what books a room or people's time.
type BookingKind string

// The three things that book rooms and people. The clash rules read all of
// them as Bookings from one store function, so that a room or a person
// cannot be booked twice through one of them unseen by the others.
const (
	BookingSession   BookingKind = "session"   // a programme session
	BookingHold      BookingKind = "hold"      // a room hold: room only, nobody's time
	BookingBilateral BookingKind = "bilateral" // a scheduled bilateral: a room and two delegations' people
)

// BookingRef names one booking: its kind, its id among its kind, and its
// meeting's code, so that a page can link to it.
type BookingRef struct {
	Kind    BookingKind
	ID      int64
	Meeting string // the meeting's code
}

// Is reports whether r and o name the same booking.
func (r BookingRef) Is(o BookingRef) bool { return r.Kind == o.Kind && r.ID == o.ID }

// SessionRef names a programme session.
func SessionRef(id int64) BookingRef { return BookingRef{Kind: BookingSession, ID: id} }

// Booking is one use of a room (and, for sessions and bilaterals, of
// people's time) from StartsAt to EndsAt: a programme session, a room hold
// or a scheduled bilateral. Fields that belong to one kind only are zero
// for the others.
type Booking struct {
	Ref          BookingRef
	MeetingID    int64
	MeetingTitle string
	Label        string // the session's title, the hold's label, the bilateral's two delegations
	StartsAt     time.Time
	EndsAt       time.Time
	RoomID       int64 // 0 for none
	RoomName     string
	Cancelled    bool   // sessions: a cancelled session books nothing
	Override     string // sessions and holds: the reason recorded for keeping a room booked twice

	// Sessions.
	SessionKind  SessionKind
	Attendance   Attendance
	HeadsPlus    int
	RoomCapacity int // seats of the room in the session's layout (its largest when none is named)

	// Bilaterals.
	Level     BilateralLevel
	Countries []int64 // the two delegations' countries

	// Holds.
	HoldKind HoldKind
}

// Booking is the session as the clash rules see it; code is its meeting's.
func (s Session) Booking(code string) Booking {
	return Booking{Ref: BookingRef{Kind: BookingSession, ID: s.ID, Meeting: code}, MeetingID: s.MeetingID,
		MeetingTitle: s.MeetingTitle, Label: s.Title, StartsAt: s.StartsAt, EndsAt: s.EndsAt, RoomID: s.RoomID,
		RoomName: s.RoomName, Cancelled: s.Cancelled, Override: s.ClashOverride, SessionKind: s.Kind,
		Attendance: s.Attendance, HeadsPlus: s.HeadsPlus, RoomCapacity: s.RoomCapacity}
}

// Booking is the hold as the clash rules see it: its room, nobody's time.
func (h RoomHold) Booking(m Meeting) Booking {
	return Booking{Ref: BookingRef{Kind: BookingHold, ID: h.ID, Meeting: m.Code}, MeetingID: h.MeetingID,
		MeetingTitle: m.Title, Label: h.Label, StartsAt: h.StartsAt, EndsAt: h.EndsAt, RoomID: h.RoomID,
		RoomName: h.RoomName, Override: h.ClashOverride, HoldKind: h.Kind}
}

// Booking is the scheduled bilateral as the clash rules see it: its room
// and the people of both delegations at its level.
func (b Bilateral) Booking(m Meeting) Booking {
	return Booking{Ref: BookingRef{Kind: BookingBilateral, ID: b.ID, Meeting: m.Code}, MeetingID: b.MeetingID,
		MeetingTitle: m.Title, Label: b.Title(), StartsAt: b.StartsAt, EndsAt: b.EndsAt, RoomID: b.RoomID,
		RoomName: b.RoomName, Level: b.Level, Countries: []int64{b.Requester.CountryID, b.Counterpart.CountryID}}
}

// Describe names the booking the way a clash message does, with its times
// in loc: "“Plenary” (26 Feb 09:00–10:30 MYT)", "the hold “Media centre”
// (…)", "the bilateral Indonesia – Viet Nam (…)".
func (b Booking) Describe(loc *time.Location) string {
	when := b.StartsAt.In(loc).Format("2 Jan 15:04") + "–" + FormatInZone(b.EndsAt, loc, "15:04")
	switch b.Ref.Kind {
	case BookingHold:
		return fmt.Sprintf("the hold “%s” (%s)", b.Label, when)
	case BookingBilateral:
		return fmt.Sprintf("the bilateral %s (%s)", b.Label, when)
	}
	return fmt.Sprintf("“%s” (%s)", b.Label, when)
}

// takesPeople reports whether the booking needs anyone's time: holds and
// the secretariat's own sessions do not.
func (b Booking) takesPeople() bool {
	switch b.Ref.Kind {
	case BookingHold:
		return false
	case BookingSession:
		return b.Attendance != AttendSecretariat
	}
	return true
}

// slot reports whether the booking is a programme session the host holds
// for bilaterals: bilaterals inside it in its room use it rather than clash
// with it, and it takes nobody's time from a bilateral.
func (b Booking) slot() bool {
	return b.Ref.Kind == BookingSession && b.SessionKind == SessionBilateral
}

// RoomsClash is the one rule of a room booked twice, whichever two
// bookings meet in it: the same room at the same moment. When either is a
// bilateral the room also needs TurnoverBuffer before and after it (flags
// changed, table reset); a bilateral wholly inside a bilateral slot of the
// programme in the same room is using the slot, not clashing with it.
func RoomsClash(a, b Booking) bool {
	if a.RoomID == 0 || a.RoomID != b.RoomID || a.Cancelled || b.Cancelled {
		return false
	}
	var buf time.Duration
	if a.Ref.Kind == BookingBilateral || b.Ref.Kind == BookingBilateral {
		buf = TurnoverBuffer
	}
	if !(a.StartsAt.Add(-buf).Before(b.EndsAt) && b.StartsAt.Before(a.EndsAt.Add(buf))) {
		return false
	}
	inside := func(x, slot Booking) bool {
		return x.Ref.Kind == BookingBilateral && slot.slot() && !x.StartsAt.Before(slot.StartsAt) && !slot.EndsAt.Before(x.EndsAt)
	}
	return !inside(a, b) && !inside(b, a)
}

// overlap reports whether two bookings share a moment; touching ones
// (one ends at 10:00, the next starts at 10:00) do not.
func overlap(a, b Booking) bool { return a.StartsAt.Before(b.EndsAt) && b.StartsAt.Before(a.EndsAt) }

// SamePeople is the one rule of people needed in two places inside one
// meeting, where every delegates' session needs the heads of delegation:
// two overlapping delegates' sessions clash (parallel bilateral slots
// excepted: different pairs meet in each); a bilateral clashes with a
// session its level attends (senior officials are not needed at heads-only
// sessions; a bilateral slot takes nobody's time) and with another
// bilateral of one of its delegations at the same level. Holds and the
// secretariat's own sessions take nobody's time.
func SamePeople(a, b Booking) bool {
	if a.MeetingID != b.MeetingID || !a.takesPeople() || !b.takesPeople() || !overlap(a, b) || a.Cancelled || b.Cancelled {
		return false
	}
	ab, bb := a.Ref.Kind == BookingBilateral, b.Ref.Kind == BookingBilateral
	switch {
	case !ab && !bb:
		return !(a.slot() && b.slot())
	case ab && bb:
		shared := slices.ContainsFunc(a.Countries, func(c int64) bool { return slices.Contains(b.Countries, c) })
		return shared && a.Level.needsHeads() == b.Level.needsHeads()
	}
	x, s := a, b
	if bb {
		x, s = b, a
	}
	if s.slot() || (!x.Level.needsHeads() && s.Attendance == AttendHeads) {
		return false
	}
	return true
}
