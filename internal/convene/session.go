package convene

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// SessionKind says what happens in a programme session.
type SessionKind string

// The kinds of programme session a secretariat schedules.
const (
	SessionPlenary      SessionKind = "plenary"
	SessionRetreat      SessionKind = "retreat"
	SessionWorkingGroup SessionKind = "working_group"
	SessionMeal         SessionKind = "meal"
	SessionCeremony     SessionKind = "ceremony"
	SessionFamilyPhoto  SessionKind = "family_photo"
	SessionBilateral    SessionKind = "bilateral"
	SessionBreak        SessionKind = "break"
	SessionTransfer     SessionKind = "transfer"
	SessionInternal     SessionKind = "internal"
)

// SessionKinds lists the kinds in the order forms offer them.
var SessionKinds = []SessionKind{SessionPlenary, SessionRetreat, SessionWorkingGroup, SessionMeal, SessionCeremony,
	SessionFamilyPhoto, SessionBilateral, SessionBreak, SessionTransfer, SessionInternal}

// Label is the kind in a programme's words.
func (k SessionKind) Label() string {
	switch k {
	case SessionPlenary:
		return "Plenary"
	case SessionRetreat:
		return "Retreat session"
	case SessionWorkingGroup:
		return "Working group session"
	case SessionMeal:
		return "Working lunch / dinner"
	case SessionCeremony:
		return "Ceremony"
	case SessionFamilyPhoto:
		return "Family photo"
	case SessionBilateral:
		return "Bilateral slot"
	case SessionBreak:
		return "Break"
	case SessionTransfer:
		return "Transfer"
	case SessionInternal:
		return "Internal (secretariat, no room)"
	}
	return string(k)
}

// Attendance says who is expected in a session.
type Attendance string

// Who attends a session. Heads are part of every attendance except the
// secretariat's own sessions, which is why two delegates' sessions at the
// same time in one meeting clash.
const (
	AttendHeads       Attendance = "heads"       // heads of delegation only
	AttendHeadsPlus   Attendance = "heads_plus"  // heads plus a set number each
	AttendDelegations Attendance = "delegations" // whole delegations
	AttendSecretariat Attendance = "secretariat" // the host's secretariat only
)

// Attendances lists the attendance choices in form order.
var Attendances = []Attendance{AttendHeads, AttendHeadsPlus, AttendDelegations, AttendSecretariat}

// Label is the attendance in plain words.
func (a Attendance) Label() string {
	switch a {
	case AttendHeads:
		return "Heads of delegation only"
	case AttendHeadsPlus:
		return "Heads of delegation plus a set number"
	case AttendDelegations:
		return "Whole delegations"
	case AttendSecretariat:
		return "Secretariat only"
	}
	return string(a)
}

// AttendanceRule is the session's attendance rule printed in full, with
// the number a "heads plus" rule carries: "Heads of delegation plus 1".
// Pages, the check-in desk and the iCalendar feed print this, never the
// bare label, which reads "Heads of delegation plus" with nothing after it.
func (s Session) AttendanceRule() string {
	if s.Attendance == AttendHeadsPlus {
		return "Heads of delegation plus " + strconv.Itoa(s.HeadsPlus)
	}
	return s.Attendance.Label()
}

// Visibility says who may see a session.
type Visibility string

// Visibilities, from the widest audience to the narrowest.
const (
	VisiblePublic    Visibility = "public"    // anyone, signed in or not
	VisibleDelegates Visibility = "delegates" // signed-in delegates, focal points and the host
	VisibleInternal  Visibility = "internal"  // the host's secretariat and organisers only
)

// Visibilities lists the choices in form order.
var Visibilities = []Visibility{VisiblePublic, VisibleDelegates, VisibleInternal}

// Label is the visibility in plain words.
func (v Visibility) Label() string {
	switch v {
	case VisiblePublic:
		return "Public"
	case VisibleDelegates:
		return "Delegates"
	case VisibleInternal:
		return "Internal"
	}
	return string(v)
}

// VisibleTo returns the session visibilities a role may see. This is the one
// place that decides it: the programme page, the feeds and the store filter
// all ask here, so an internal session cannot leak through one of them.
func VisibleTo(r Role) []Visibility {
	switch r {
	case RoleAdmin, RoleOfficer, RoleOrganiser:
		return []Visibility{VisiblePublic, VisibleDelegates, VisibleInternal}
	case RoleFocal, RoleDelegate:
		return []Visibility{VisiblePublic, VisibleDelegates}
	}
	return []Visibility{VisiblePublic}
}

// CanSeeInternalNotes reports whether the actor may read a session's
// internal notes: the same people who may see internal sessions.
func CanSeeInternalNotes(r Role) bool {
	return r == RoleAdmin || r == RoleOfficer || r == RoleOrganiser
}

// Session is one item of a meeting's programme (always an agenda session,
// never the sign-in state). StartsAt and EndsAt are instants in UTC; pages
// show them in the meeting's zone.
type Session struct {
	ID           int64
	MeetingID    int64
	MeetingTitle string // filled on read
	Title        string
	Kind         SessionKind
	StartsAt     time.Time
	EndsAt       time.Time
	RoomID       int64  // 0 for no room (a transfer, a photo on the lawn)
	RoomName     string // filled on read
	// Layout is how the room is set up for the session; empty when not
	// named, and the room's largest layout counts.
	Layout        RoomLayout
	RoomCapacity  int // filled on read: the room's seats in Layout
	Attendance    Attendance
	HeadsPlus     int // for AttendHeadsPlus: how many besides the head
	Visibility    Visibility
	PublicNotes   string
	InternalNotes string
	// ClashOverride is the reason the secretariat gave for keeping a hard
	// clash (a room booked twice on purpose); empty when there is none.
	ClashOverride string
	Sequence      int  // bumped on every change, for calendar feeds
	Cancelled     bool // kept in the programme and feeds, struck through
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Overlaps reports whether two sessions share any moment. Sessions that only
// touch (one ends at 10:00, the next starts at 10:00) do not overlap.
func (s Session) Overlaps(o Session) bool {
	return s.StartsAt.Before(o.EndsAt) && o.StartsAt.Before(s.EndsAt)
}

// Day returns the session's calendar day in loc.
func (s Session) Day(loc *time.Location) Date { return DateOf(s.StartsAt.In(loc)) }

// ParseSessionTimes reads a session's day and clock times as typed in the
// meeting's zone ("2025-02-26", "09:00", "10:30") and adds a message per
// field to p for anything malformed.
func ParseSessionTimes(day, start, end string, loc *time.Location, p Problems) (time.Time, time.Time) {
	d, err := ParseDate(strings.TrimSpace(day))
	if err != nil {
		p.Add("day", "Enter the day as YYYY-MM-DD, e.g. 2025-02-26.")
	}
	clock := func(field, v string) time.Time {
		c, err := time.Parse("15:04", strings.TrimSpace(v))
		if err != nil {
			p.Add(field, "Enter a time as HH:MM on the 24-hour clock, e.g. 09:30.")
			return time.Time{}
		}
		if d.IsZero() {
			return time.Time{}
		}
		return time.Date(d.Year, d.Month, d.Day, c.Hour(), c.Minute(), 0, 0, loc).UTC()
	}
	return clock("start", start), clock("end", end)
}

// Validate checks a session against its meeting: the times are in order and
// inside the meeting's dates (in the meeting's zone), and every choice is one
// the form offers. Problems are keyed by the form's field names.
func (s *Session) Validate(m Meeting) error {
	p := Problems{}
	s.Title = strings.TrimSpace(s.Title)
	s.PublicNotes = strings.TrimSpace(s.PublicNotes)
	s.InternalNotes = strings.TrimSpace(s.InternalNotes)
	if s.Title == "" {
		p.Add("title", "Enter the session's title.")
	} else if utf8.RuneCountInString(s.Title) > 200 {
		p.Add("title", "The title is longer than 200 characters.")
	}
	if !oneOf(s.Kind, SessionKinds) {
		p.Add("kind", "Choose what kind of session this is.")
	}
	if s.Layout != "" && !oneOf(s.Layout, RoomLayouts) {
		p.Add("layout", "Choose a layout from the list.")
	}
	if s.Kind == SessionInternal && s.RoomID != 0 {
		p.Add("room", "A room the secretariat keeps for itself is a room hold: add it on the room holds page, or choose no room.")
	}
	if !oneOf(s.Attendance, Attendances) {
		p.Add("attendance", "Choose who attends.")
	}
	if s.Attendance == AttendHeadsPlus && (s.HeadsPlus < 1 || s.HeadsPlus > 20) {
		p.Add("heads_plus", "Say how many may accompany each head (1 to 20).")
	}
	if s.Attendance != AttendHeadsPlus {
		s.HeadsPlus = 0
	}
	if !oneOf(s.Visibility, Visibilities) {
		p.Add("visibility", "Choose who may see the session.")
	}
	if utf8.RuneCountInString(s.PublicNotes) > 2000 || utf8.RuneCountInString(s.InternalNotes) > 2000 {
		p.Add("public_notes", "Notes are limited to 2000 characters.")
	}
	if !s.StartsAt.IsZero() && !s.EndsAt.IsZero() {
		loc := m.Location()
		switch {
		case !s.EndsAt.After(s.StartsAt):
			p.Add("end", "The session must end after it starts.")
		case s.EndsAt.Sub(s.StartsAt) > 24*time.Hour:
			p.Add("end", "A session lasts at most 24 hours.")
		}
		if day := s.Day(loc); !m.StartDate.IsZero() && (day.Before(m.StartDate) || day.After(m.EndDate)) {
			p.Add("day", fmt.Sprintf("The meeting runs %s; choose a day inside it.", m.DatesLabel()))
		}
	} else if s.StartsAt.IsZero() && s.EndsAt.IsZero() {
		p.Add("start", "Enter when the session starts.")
	}
	return p.Err()
}

func oneOf[T comparable](v T, list []T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// SessionFilter selects programme sessions.
type SessionFilter struct {
	MeetingIDs   []int64      // sessions of these meetings; all when empty
	Visibilities []Visibility // only these visibilities; VisibleTo decides them
	// Published reads each meeting's last published version instead of the
	// working draft (SeesDraft decides who reads which); a meeting never
	// published then has no sessions.
	Published bool
}
