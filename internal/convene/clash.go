package convene

import (
	"fmt"
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
	Kind      ClashKind
	Hard      bool
	SessionID int64 // the session the clash is reported on
	OtherID   int64 // the other session, or 0 for a clash with a room or the meeting
	Message   string
	Override  string // the recorded reason, when the secretariat kept a hard clash
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
// (a meeting and those held together with it), their sessions, the people
// named in their delegations and how many delegations each meeting has.
type ClashInput struct {
	Meetings    map[int64]Meeting
	Sessions    []Session
	Attendees   []Attendee
	Delegations map[int64]int // meeting id -> number of delegations
}

// Needed returns the people a session needs from its meeting's named
// delegates: the head only, the head and the next n by precedence, the whole
// delegation, or nobody for the secretariat's own sessions.
func (in ClashInput) Needed(s Session) []Attendee {
	if s.Attendance == AttendSecretariat {
		return nil
	}
	var out []Attendee
	rank := map[int64]int{}
	for _, a := range in.Attendees {
		if a.MeetingID != s.MeetingID {
			continue
		}
		r := rank[a.CountryID]
		rank[a.CountryID]++
		switch s.Attendance {
		case AttendHeads:
			if r > 0 {
				continue
			}
		case AttendHeadsPlus:
			if r > s.HeadsPlus {
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
func (in ClashInput) Expected(s Session) int {
	n := in.Delegations[s.MeetingID]
	if s.Kind == SessionBilateral {
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
	if s.Kind == SessionBilateral {
		return want
	}
	return max(want, named)
}

// DetectClashes applies every clash rule to the sessions and returns the
// clashes in the order of the sessions' start times. A clash between two
// sessions is reported once, on the later-starting one.
func DetectClashes(in ClashInput) []Clash {
	// A cancelled session books nothing and needs nobody.
	var ss []Session
	for _, s := range in.Sessions {
		if !s.Cancelled {
			ss = append(ss, s)
		}
	}
	sort.SliceStable(ss, func(i, j int) bool {
		if !ss[i].StartsAt.Equal(ss[j].StartsAt) {
			return ss[i].StartsAt.Before(ss[j].StartsAt)
		}
		return ss[i].ID < ss[j].ID
	})
	needed := make([]map[string]Attendee, len(ss))
	for i, s := range ss {
		needed[i] = map[string]Attendee{}
		for _, a := range in.Needed(s) {
			needed[i][fmt.Sprintf("%d|%s", a.CountryID, a.Name)] = a
		}
	}
	// Each meeting's zone is loaded once: time.LoadLocation reads the zone
	// file on every call, and was 14% of this function on 500 sessions.
	locs := map[int64]*time.Location{}
	var out []Clash
	for i, s := range ss {
		m := in.Meetings[s.MeetingID]
		loc, ok := locs[s.MeetingID]
		if !ok {
			loc = m.Location()
			locs[s.MeetingID] = loc
		}
		if day := s.Day(loc); !m.StartDate.IsZero() && (day.Before(m.StartDate) || day.After(m.EndDate)) {
			out = append(out, Clash{Kind: ClashOutside, SessionID: s.ID, Message: fmt.Sprintf(
				"%s is on %s, but %s runs %s.", sessionRef(s, loc), day.Long(), m.Title, m.DatesLabel())})
		}
		if s.RoomID != 0 && s.RoomCapacity > 0 && s.Attendance != AttendSecretariat {
			if n := in.Expected(s); n > s.RoomCapacity {
				out = append(out, Clash{Kind: ClashCapacity, SessionID: s.ID, Message: fmt.Sprintf(
					"%s expects about %d people, but %s seats %d.", sessionRef(s, loc), n, s.RoomName, s.RoomCapacity)})
			}
		}
		for j := 0; j < i; j++ {
			o := ss[j]
			if !s.Overlaps(o) {
				continue
			}
			if s.RoomID != 0 && s.RoomID == o.RoomID {
				c := Clash{Kind: ClashRoom, Hard: true, SessionID: s.ID, OtherID: o.ID, Message: fmt.Sprintf(
					"%s is booked for both %s and %s.", s.RoomName, sessionRef(o, loc), sessionRef(s, loc))}
				c.Override = s.ClashOverride
				if c.Override == "" {
					c.Override = o.ClashOverride
				}
				out = append(out, c)
			}
			if c, ok := peopleClash(in, s, o, needed[i], needed[j], loc); ok {
				out = append(out, c)
			}
		}
	}
	return out
}

// peopleClash decides whether the same people are needed in both sessions.
// Inside one meeting every delegates' session needs the heads, so any two
// that overlap clash (parallel bilateral slots excepted: different pairs
// meet in each). Across meetings held together it compares the people named.
func peopleClash(in ClashInput, s, o Session, ns, no map[string]Attendee, loc *time.Location) (Clash, bool) {
	if s.Attendance == AttendSecretariat || o.Attendance == AttendSecretariat {
		return Clash{}, false
	}
	if s.MeetingID == o.MeetingID {
		if s.Kind == SessionBilateral && o.Kind == SessionBilateral {
			return Clash{}, false
		}
		return Clash{Kind: ClashPeople, SessionID: s.ID, OtherID: o.ID, Message: fmt.Sprintf(
			"Heads of delegation are needed in both %s and %s.", sessionRef(o, loc), sessionRef(s, loc))}, true
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
	return Clash{Kind: ClashPeople, SessionID: s.ID, OtherID: o.ID, Message: fmt.Sprintf(
		"%s needed in both %s of %s and %s of %s.", who, sessionRef(o, loc), mo.Title, sessionRef(s, loc), ms.Title)}, true
}

// sessionRef names a session the way a clash message does:
// "“Plenary” (26 Feb 09:00–10:30 MYT)".
func sessionRef(s Session, loc *time.Location) string {
	return fmt.Sprintf("“%s” (%s–%s)", s.Title, s.StartsAt.In(loc).Format("2 Jan 15:04"),
		FormatInZone(s.EndsAt, loc, "15:04"))
}

// ClashesOf returns the clashes that involve the session with the given id.
func ClashesOf(cs []Clash, id int64) []Clash {
	var out []Clash
	for _, c := range cs {
		if c.SessionID == id || c.OtherID == id {
			out = append(out, c)
		}
	}
	return out
}
