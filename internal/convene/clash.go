package convene

import (
	"fmt"
	"slices"
	"sort"
	"time"
)

// ClashKind names one rule of the programme that two sessions (or a session
// and its meeting or room) can break.
type ClashKind string

// The clash rules. Only a room booked twice is hard: it blocks a save unless
// the secretariat overrides it with a recorded reason. The others warn,
// because the secretariat may know better (a small room on purpose).
const (
	ClashRoom     ClashKind = "room"          // one room, two sessions at once
	ClashCapacity ClashKind = "capacity"      // the room seats fewer than are expected
	ClashOutside  ClashKind = "outside_dates" // the session is not on one of its meeting's days
	ClashPeople   ClashKind = "people"        // the same people are needed in two places at once
)

// Label names the rule in plain words.
func (k ClashKind) Label() string {
	switch k {
	case ClashRoom:
		return "Room double-booked"
	case ClashCapacity:
		return "Room too small"
	case ClashOutside:
		return "Outside the meeting's dates"
	case ClashPeople:
		return "People double-booked"
	}
	return string(k)
}

// Clash is one broken rule, described in plain words that name both sides.
type Clash struct {
	Kind     ClashKind
	Hard     bool
	On       BookingRef // the booking the clash is reported on
	With     BookingRef // the other booking; zero for a clash with a room or the meeting
	Message  string
	Override string // the recorded reason, when the secretariat kept a hard clash
}

// Attendee is one named person a meeting's sessions may need, in protocol
// order inside their delegation (head first).
type Attendee struct {
	MeetingID int64
	CountryID int64
	Country   string
	Name      string // full name as written; with CountryID it identifies the person across meetings
	Display   string // honorific and name, for messages
}

// ClashInput is everything the clash rules look at: the meetings involved
// (a meeting and those held together with it), their bookings (sessions,
// room holds and scheduled bilaterals, and other meetings' bookings of the
// same venue's rooms), the people named in their delegations and how many
// delegations each meeting has.
type ClashInput struct {
	Meetings    map[int64]Meeting
	Bookings    []Booking
	Attendees   []Attendee
	Delegations map[int64]int // meeting id -> number of delegations
}

// Needed returns the people a booking needs from its meeting's named
// delegates. A session needs the head only, the head and the next n by
// precedence, the whole delegation, or nobody for the secretariat's own
// sessions; a bilateral the heads of its two delegations (or, between
// senior officials, the others); a hold nobody.
func (in ClashInput) Needed(b Booking) []Attendee {
	if !b.takesPeople() {
		return nil
	}
	var out []Attendee
	rank := map[int64]int{}
	for _, a := range in.Attendees {
		if a.MeetingID != b.MeetingID {
			continue
		}
		r := rank[a.CountryID]
		rank[a.CountryID]++
		if b.Ref.Kind == BookingBilateral {
			if !slices.Contains(b.Countries, a.CountryID) || (r == 0) != b.Level.needsHeads() {
				continue
			}
			out = append(out, a)
			continue
		}
		switch b.Attendance {
		case AttendHeads:
			if r > 0 {
				continue
			}
		case AttendHeadsPlus:
			if r > b.HeadsPlus {
				continue
			}
		}
		out = append(out, a)
	}
	return out
}

// Expected returns how many people a session expects: what the attendance
// rule implies for the meeting's delegations, or the people already named if
// that is more.
func (in ClashInput) Expected(s Booking) int {
	n := in.Delegations[s.MeetingID]
	if s.SessionKind == SessionBilateral {
		// A bilateral slot seats two delegations, not the whole meeting.
		n = min(n, 2)
	}
	named := len(in.Needed(s))
	var want int
	switch s.Attendance {
	case AttendHeads:
		want = n
	case AttendHeadsPlus:
		want = n * (1 + s.HeadsPlus)
	case AttendDelegations:
		want = n
	}
	if s.SessionKind == SessionBilateral {
		return want
	}
	return max(want, named)
}

// kindOrder breaks ties between bookings that start together: sessions,
// then holds, then bilaterals.
var kindOrder = map[BookingKind]int{BookingSession: 0, BookingHold: 1, BookingBilateral: 2}

// DetectClashes applies every clash rule to the bookings and returns the
// clashes in the order of the bookings' start times. A clash between two
// bookings is reported once, on the later-starting one. The rules of a room
// booked twice and of people needed in two places are RoomsClash and
// SamePeople, the same rules bilateral placement applies.
func DetectClashes(in ClashInput) []Clash {
	// A cancelled session books nothing and needs nobody.
	var bs []Booking
	for _, b := range in.Bookings {
		if !b.Cancelled {
			bs = append(bs, b)
		}
	}
	sort.SliceStable(bs, func(i, j int) bool {
		if !bs[i].StartsAt.Equal(bs[j].StartsAt) {
			return bs[i].StartsAt.Before(bs[j].StartsAt)
		}
		if ki, kj := kindOrder[bs[i].Ref.Kind], kindOrder[bs[j].Ref.Kind]; ki != kj {
			return ki < kj
		}
		return bs[i].Ref.ID < bs[j].Ref.ID
	})
	needed := make([]map[string]Attendee, len(bs))
	for i, b := range bs {
		needed[i] = map[string]Attendee{}
		for _, a := range in.Needed(b) {
			needed[i][fmt.Sprintf("%d|%s", a.CountryID, a.Name)] = a
		}
	}
	// Each meeting's zone is loaded once: time.LoadLocation reads the zone
	// file on every call, and was 14% of this function on 500 sessions.
	locs := map[int64]*time.Location{}
	var out []Clash
	for i, s := range bs {
		m := in.Meetings[s.MeetingID]
		loc, ok := locs[s.MeetingID]
		if !ok {
			loc = m.Location()
			locs[s.MeetingID] = loc
		}
		if s.Ref.Kind == BookingSession {
			if day := DateOf(s.StartsAt.In(loc)); !m.StartDate.IsZero() && (day.Before(m.StartDate) || day.After(m.EndDate)) {
				out = append(out, Clash{Kind: ClashOutside, On: s.Ref, Message: fmt.Sprintf(
					"%s is on %s, but %s runs %s.", s.Describe(loc), day.Long(), m.Title, m.DatesLabel())})
			}
			if s.RoomID != 0 && s.RoomCapacity > 0 && s.Attendance != AttendSecretariat {
				if n := in.Expected(s); n > s.RoomCapacity {
					out = append(out, Clash{Kind: ClashCapacity, On: s.Ref, Message: fmt.Sprintf(
						"%s expects about %d people, but %s seats %d.", s.Describe(loc), n, s.RoomName, s.RoomCapacity)})
				}
			}
		}
		for j := 0; j < i; j++ {
			o := bs[j]
			if RoomsClash(s, o) {
				c := Clash{Kind: ClashRoom, Hard: true, On: s.Ref, With: o.Ref, Message: fmt.Sprintf(
					"%s is booked for both %s and %s.", s.RoomName, o.Describe(loc), s.Describe(loc))}
				c.Override = s.Override
				if c.Override == "" {
					c.Override = o.Override
				}
				out = append(out, c)
			}
			if !overlap(s, o) {
				continue
			}
			if c, ok := peopleClash(in, s, o, needed[i], needed[j], loc); ok {
				out = append(out, c)
			}
		}
	}
	return out
}

// peopleClash decides whether the same people are needed in both bookings.
// Inside one meeting SamePeople decides; across meetings held together it
// compares the people named.
func peopleClash(in ClashInput, s, o Booking, ns, no map[string]Attendee, loc *time.Location) (Clash, bool) {
	if !s.takesPeople() || !o.takesPeople() {
		return Clash{}, false
	}
	if s.MeetingID == o.MeetingID {
		if !SamePeople(s, o) {
			return Clash{}, false
		}
		who := "Heads of delegation are"
		for _, b := range []Booking{s, o} {
			if b.Ref.Kind == BookingBilateral {
				who = fmt.Sprintf("The %s of %s are", peopleOf(b.Level), b.Label)
				break
			}
		}
		return Clash{Kind: ClashPeople, On: s.Ref, With: o.Ref, Message: fmt.Sprintf(
			"%s needed in both %s and %s.", who, o.Describe(loc), s.Describe(loc))}, true
	}
	ms, mo := in.Meetings[s.MeetingID], in.Meetings[o.MeetingID]
	if ms.Cluster == "" || ms.Cluster != mo.Cluster {
		return Clash{}, false
	}
	var both []Attendee
	for k, a := range ns {
		if _, ok := no[k]; ok {
			both = append(both, a)
		}
	}
	if len(both) == 0 {
		return Clash{}, false
	}
	sort.Slice(both, func(i, j int) bool { return both[i].Display < both[j].Display })
	who := fmt.Sprintf("%s (%s) is", both[0].Display, both[0].Country)
	if len(both) > 1 {
		who = fmt.Sprintf("%s (%s) and %d others are", both[0].Display, both[0].Country, len(both)-1)
	}
	return Clash{Kind: ClashPeople, On: s.Ref, With: o.Ref, Message: fmt.Sprintf(
		"%s needed in both %s of %s and %s of %s.", who, o.Describe(loc), mo.Title, s.Describe(loc), ms.Title)}, true
}

// ClashesOf returns the clashes that involve the booking ref.
func ClashesOf(cs []Clash, ref BookingRef) []Clash {
	var out []Clash
	for _, c := range cs {
		if c.On.Is(ref) || c.With.Is(ref) {
			out = append(out, c)
		}
	}
	return out
}
