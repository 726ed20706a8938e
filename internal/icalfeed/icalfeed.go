// Package icalfeed writes programme sessions as an RFC 5545 calendar with
// github.com/arran4/golang-ical, a maintained library, rather than by hand:
// line folding, escaping and property order are easy to get subtly wrong.
// It imports the domain and that library only.
package icalfeed

import (
	"fmt"
	"io"
	"time"

	ics "github.com/arran4/golang-ical"

	"convene/internal/convene"
)

// Feed is what goes into one calendar.
type Feed struct {
	Name     string                    // the calendar's name, e.g. "ADMM Retreat 2025 programme"
	Host     string                    // the domain in UIDs, e.g. "convene.example"
	Meetings map[int64]convene.Meeting // the meetings the sessions belong to
	Sessions []convene.Session         // already filtered to what the reader may see
	// Bilaterals are the reader's delegations' scheduled bilaterals
	// (already chosen: they are never public); a cancelled one goes out as
	// STATUS:CANCELLED so that clients drop it.
	Bilaterals []convene.Bilateral
	Now        time.Time // DTSTAMP: when this copy was made
	Internal   bool      // whether internal notes may be included
}

// Write writes the feed. Start and end are instants in UTC ("…Z"): they mean
// the same moment in every client. The venue's zone travels with them as a
// VTIMEZONE (with its TZID) and X-WR-TIMEZONE, so clients that honour it
// show the programme in venue time. UIDs are stable per session and
// SEQUENCE is the session's change counter, so a client replaces an event
// it already has instead of adding a second copy.
func Write(w io.Writer, f Feed) error {
	cal := ics.NewCalendarFor("Convene")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(f.Name)
	cal.SetXWRCalName(f.Name)
	// Each zone in use, with the instants it is used at, in order of first use.
	var zones []string
	starts := map[string][]time.Time{}
	use := func(meetingID int64, at time.Time) {
		z := f.Meetings[meetingID].TimeZone
		if z == "" {
			return
		}
		if _, ok := starts[z]; !ok {
			zones = append(zones, z)
		}
		starts[z] = append(starts[z], at)
	}
	for _, s := range f.Sessions {
		use(s.MeetingID, s.StartsAt)
	}
	for _, b := range f.Bilaterals {
		use(b.MeetingID, b.StartsAt)
	}
	for i, z := range zones {
		addZone(cal, z, starts[z])
		if i == 0 {
			cal.SetXWRTimezone(z)
		}
	}
	for _, s := range f.Sessions {
		m := f.Meetings[s.MeetingID]
		e := cal.AddEvent(UID(s.ID, f.Host))
		e.SetDtStampTime(f.Now)
		e.SetStartAt(s.StartsAt)
		e.SetEndAt(s.EndsAt)
		e.SetSequence(s.Sequence)
		e.SetLastModifiedAt(s.UpdatedAt)
		e.SetSummary(s.Title)
		loc := m.Title
		if s.RoomName != "" {
			loc = s.RoomName + ", " + m.VenueName
		} else if m.VenueName != "" {
			loc = m.VenueName
		}
		e.SetLocation(loc)
		desc := fmt.Sprintf("%s · %s\n%s", m.Title, s.Kind.Label(), s.AttendanceRule())
		if s.PublicNotes != "" {
			desc += "\n" + s.PublicNotes
		}
		if f.Internal && s.InternalNotes != "" {
			desc += "\nInternal: " + s.InternalNotes
		}
		e.SetDescription(desc)
		if s.Cancelled {
			e.SetStatus(ics.ObjectStatusCancelled)
		} else {
			e.SetStatus(ics.ObjectStatusConfirmed)
		}
		if s.Visibility != convene.VisiblePublic {
			e.SetClass(ics.ClassificationPrivate)
		}
	}
	for _, b := range f.Bilaterals {
		m := f.Meetings[b.MeetingID]
		e := cal.AddEvent(BilateralUID(b.ID, f.Host))
		e.SetDtStampTime(f.Now)
		e.SetStartAt(b.StartsAt)
		e.SetEndAt(b.EndsAt)
		e.SetSequence(b.Sequence)
		e.SetLastModifiedAt(b.UpdatedAt)
		e.SetSummary("Bilateral meeting: " + b.Title())
		loc := m.VenueName
		if b.RoomName != "" {
			loc = b.RoomName + ", " + m.VenueName
		}
		e.SetLocation(loc)
		desc := fmt.Sprintf("%s · Bilateral meeting\n%s", m.Title, b.Level.Label())
		if b.Interpretation != "" {
			desc += "\nInterpretation: " + b.Interpretation
		}
		e.SetDescription(desc)
		if b.Status == convene.BilateralCancelled {
			e.SetStatus(ics.ObjectStatusCancelled)
		} else {
			e.SetStatus(ics.ObjectStatusConfirmed)
		}
		e.SetClass(ics.ClassificationPrivate)
	}
	// RFC 5545 section 3.1: lines end in CRLF and are folded at 75 octets
	// (the library folds on UTF-8 boundaries); its default line ending is
	// the platform's, LF on Linux.
	return cal.SerializeTo(w, ics.WithNewLineWindows)
}

// UID is a session's stable identifier across every feed it appears in.
func UID(sessionID int64, host string) string {
	return fmt.Sprintf("session-%d@%s", sessionID, host)
}

// BilateralUID is a bilateral's stable identifier across every feed it
// appears in; it never collides with a session's.
func BilateralUID(bilateralID int64, host string) string {
	return fmt.Sprintf("bilateral-%d@%s", bilateralID, host)
}

// addZone describes a zone as a VTIMEZONE. The ASEAN zones have kept one
// offset for decades, so one STANDARD observance is exact; for a zone whose
// offset changes across the sessions, each distinct offset in use gets its
// own observance from the first session that uses it.
func addZone(cal *ics.Calendar, name string, starts []time.Time) {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return
	}
	tz := cal.AddTimezone(name)
	seen := map[int]bool{}
	prev := 0
	first := true
	for _, at := range starts {
		_, off := at.In(loc).Zone()
		if seen[off] {
			continue
		}
		seen[off] = true
		from := off
		if !first {
			from = prev
		}
		st := tz.AddStandard()
		start := "19700101T000000"
		if !first {
			start = at.In(loc).Format("20060102T150405")
		}
		st.AddProperty(ics.ComponentProperty(ics.PropertyDtstart), start)
		st.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), offset(from))
		st.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), offset(off))
		st.AddProperty(ics.ComponentProperty(ics.PropertyTzname), convene.ZoneAbbrev(at, loc))
		prev, first = off, false
	}
}

func offset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	return fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec%3600/60)
}
