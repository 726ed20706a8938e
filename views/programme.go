package views

import (
	"slices"
	"sort"
	"strings"
	"time"

	"convene/internal/convene"
	"convene/internal/paths"
)

// ProgrammeInput is what one viewer's programme page is built from.
type ProgrammeInput struct {
	Meeting convene.Meeting
	Actor   convene.Actor
	// Sessions are those the viewer may see (convene.VisibleTo) of the
	// programme they read (convene.SeesDraft): the working draft or the
	// latest published version.
	Sessions []convene.Session
	Version  convene.ProgrammeVersion // the latest published version; Version 0 if never published
	// Changes is what the draft changes against Version, for those who
	// read the draft (convene.ProgrammeChanges).
	Changes    []convene.SessionChange
	Clashes    []convene.Clash     // for the secretariat
	Bilaterals []convene.Bilateral // the viewer's delegations' (convene.BilateralsInProgramme)
	Grid       bool                // lay each day out with the rooms as columns
	// PublicOnly builds the public programme whoever reads it: Sessions
	// are then what a visitor may see, and no internal note, edit link or
	// clash is shown.
	PublicOnly bool
}

// NewProgramme builds a meeting's programme page as one viewer may see it:
// the secretariat gets edit links and its clashes, those who may read
// internal notes get them, the readers of the working draft see what
// changed since the latest published version, focal points and delegates
// their delegations' bilaterals among the sessions, and with Grid each day
// is laid out with the rooms as columns. The web layer and the benchmark's
// render-only baseline both build the page here, so they render the very
// same page.
func NewProgramme(in ProgrammeInput) Programme {
	m, a := in.Meeting, in.Actor
	p := Programme{Meeting: m, Zone: ZoneLabel(m), CanEdit: convene.Allow(a.Role, convene.PermManageMeetings),
		Draft: convene.SeesDraft(a.Role), PrintChoice: convene.CanSeeInternalNotes(a.Role), PublicOnly: in.PublicOnly}
	internal := convene.CanSeeInternalNotes(a.Role)
	switch {
	case in.PublicOnly:
		p.CanEdit, p.Draft, internal = false, false, false
		p.Scope = "Public programme: the public sessions of the published version, without internal sessions or notes."
		if !p.PrintChoice {
			p.Scope = "This is the public programme."
		}
	case convene.CanSeeInternalNotes(a.Role):
		p.Scope = "You see every session, including internal ones."
	case a.SignedIn():
		p.Scope = "You see the public sessions and those for delegates."
		if a.CountryID != 0 {
			p.Scope = "You see the public sessions, those for delegates and your delegation's bilaterals."
		}
	default:
		p.Scope = "This is the public programme. Delegates see more after signing in."
	}
	if p.CanEdit {
		p.Clashes = len(in.Clashes)
	}
	p.Version = in.Version.Version
	if p.Version > 0 {
		p.Published = convene.FormatInZone(in.Version.PublishedAt, m.Location(), "2 January 2006 15:04")
	}
	items := sessionItems(m, in.Sessions, in.Clashes, internal)
	items = append(items, bilateralItems(m, in.Bilaterals, convene.Allow(a.Role, convene.PermViewMeetings))...)
	p.Days = groupDays(m.Location(), items)
	if p.Draft && p.Version > 0 {
		markChanges(&p, m, in.Changes)
	}
	if p.Grid = in.Grid; in.Grid {
		fillGrid(p.Days)
	}
	return p
}

// ZoneLabel names the meeting's zone as a programme heads it: "MYT (Asia/Kuala_Lumpur)".
func ZoneLabel(m convene.Meeting) string {
	loc := m.Location()
	at := m.StartDate.In(loc)
	if m.StartDate.IsZero() {
		at = time.Now()
	}
	return convene.ZoneAbbrev(at, loc) + " (" + m.TimeZone + ")"
}

// AttendanceLabel says who attends a session, in plain words.
func AttendanceLabel(x convene.Session) string {
	return x.AttendanceRule()
}

// timeRange formats a start and an end in the meeting's zone with the zone
// named: "09:00–10:30 MYT".
func timeRange(start, end time.Time, loc *time.Location) string {
	return start.In(loc).Format("15:04") + "–" + convene.FormatInZone(end, loc, "15:04")
}

// sessionItems formats sessions as programme items in the meeting's zone,
// with the clashes reported on each.
func sessionItems(m convene.Meeting, sessions []convene.Session, clashes []convene.Clash, internal bool) []ProgrammeItem {
	loc := m.Location()
	out := make([]ProgrammeItem, 0, len(sessions))
	for _, x := range sessions {
		it := ProgrammeItem{ID: x.ID, Anchor: "session-" + idString(x.ID), Title: x.Title, Kind: x.Kind.Label(),
			Room: x.RoomName, Attendance: AttendanceLabel(x), Visibility: x.Visibility, PublicNotes: x.PublicNotes,
			Cancelled: x.Cancelled, Time: timeRange(x.StartsAt, x.EndsAt, loc), at: x.StartsAt}
		if internal {
			it.InternalNotes = x.InternalNotes
		}
		for _, c := range convene.ClashesOf(clashes, convene.SessionRef(x.ID)) {
			if c.On.Is(convene.SessionRef(x.ID)) {
				it.Clashes = append(it.Clashes, c)
			}
		}
		out = append(out, it)
	}
	return out
}

// bilateralItems formats bilaterals as programme items; link says whether
// the viewer may open the bilateral's own page.
func bilateralItems(m convene.Meeting, bs []convene.Bilateral, link bool) []ProgrammeItem {
	loc := m.Location()
	out := make([]ProgrammeItem, 0, len(bs))
	for _, b := range bs {
		it := ProgrammeItem{ID: b.ID, Anchor: "bilateral-" + idString(b.ID), Bilateral: true,
			Title: "Bilateral meeting: " + b.Title(), Kind: "Bilateral meeting", Room: b.RoomName,
			Attendance: b.Level.Label(), Visibility: convene.VisibleDelegates, Cancelled: b.Status == convene.BilateralCancelled,
			Time: timeRange(b.StartsAt, b.EndsAt, loc), at: b.StartsAt}
		if b.Interpretation != "" {
			it.PublicNotes = "Interpretation: " + b.Interpretation + "."
		}
		if link {
			it.Href = paths.Bilateral(m.Code, b.ID)
		}
		out = append(out, it)
	}
	return out
}

// groupDays sorts items by their start and groups them by their day in loc.
// Items that start together keep their order (sessions before bilaterals).
func groupDays(loc *time.Location, items []ProgrammeItem) []ProgrammeDay {
	sort.SliceStable(items, func(i, j int) bool { return items[i].at.Before(items[j].at) })
	var days []ProgrammeDay
	var last convene.Date
	for _, it := range items {
		d := convene.DateOf(it.at.In(loc))
		if len(days) == 0 || d != last {
			days = append(days, ProgrammeDay{Label: it.at.In(loc).Format("Monday, 2 January 2006")})
			last = d
		}
		it.clock = it.at.In(loc).Format("15:04")
		days[len(days)-1].Items = append(days[len(days)-1].Items, it)
	}
	return days
}

// markChanges marks the sessions new or changed in the working draft since
// the latest publication, and lists them with the removed ones, in
// programme order.
func markChanges(p *Programme, m convene.Meeting, changes []convene.SessionChange) {
	byID := map[int64]convene.SessionChange{}
	var removed []ProgrammeItem
	loc := m.Location()
	for _, c := range changes {
		if c.Kind == convene.ChangeRemoved {
			removed = append(removed, ProgrammeItem{ID: c.Session.ID, Title: c.Session.Title, Change: string(c.Kind),
				Time: c.Session.StartsAt.In(loc).Format("Mon 2 Jan ") + timeRange(c.Session.StartsAt, c.Session.EndsAt, loc)})
			continue
		}
		byID[c.Session.ID] = c
	}
	for di := range p.Days {
		for ii := range p.Days[di].Items {
			it := &p.Days[di].Items[ii]
			c, ok := byID[it.ID]
			if !ok || it.Bilateral {
				continue
			}
			it.Change, it.What = string(c.Kind), strings.Join(c.What, ", ")
			p.Changes = append(p.Changes, *it)
		}
	}
	p.Changes = append(p.Changes, removed...)
}

// fillGrid lays each day out with the rooms in use as columns (items
// without a room last) and each distinct start time as a row.
func fillGrid(days []ProgrammeDay) {
	for i := range days {
		day := &days[i]
		for _, it := range day.Items {
			room := it.Room
			if room == "" {
				room = "No room"
			}
			col := slices.Index(day.Rooms, room)
			if col < 0 {
				day.Rooms = append(day.Rooms, room)
				for r := range day.Rows {
					day.Rows[r].Cells = append(day.Rows[r].Cells, nil)
				}
				col = len(day.Rooms) - 1
			}
			if n := len(day.Rows); n == 0 || day.Rows[n-1].Time != it.clock {
				day.Rows = append(day.Rows, GridRow{Time: it.clock, Cells: make([][]ProgrammeItem, len(day.Rooms))})
			}
			row := &day.Rows[len(day.Rows)-1]
			row.Cells[col] = append(row.Cells[col], it)
		}
		// Put "No room" last, keeping the other columns in order of first use.
		if j := slices.Index(day.Rooms, "No room"); j >= 0 && j != len(day.Rooms)-1 {
			day.Rooms = append(append(slices.Clone(day.Rooms[:j]), day.Rooms[j+1:]...), "No room")
			for r := range day.Rows {
				c := day.Rows[r].Cells
				day.Rows[r].Cells = append(append(slices.Clone(c[:j]), c[j+1:]...), c[j])
			}
		}
	}
}

// PersonalDays lays out what one person attends day by day in venue time,
// each item naming its meeting; the second result is the zone the times
// are in.
func PersonalDays(pp convene.PersonalProgramme) ([]ProgrammeDay, string) {
	zone := "venue time"
	var items []ProgrammeItem
	var loc *time.Location
	for _, x := range pp.Sessions {
		m := pp.Meetings[x.MeetingID]
		for _, it := range sessionItems(m, []convene.Session{x}, nil, false) {
			it.Kind = m.Title + " · " + it.Kind
			items = append(items, it)
		}
		loc, zone = m.Location(), ZoneLabel(m)
	}
	for _, b := range pp.Bilaterals {
		m := pp.Meetings[b.MeetingID]
		for _, it := range bilateralItems(m, []convene.Bilateral{b}, false) {
			it.Kind = m.Title + " · " + it.Kind
			items = append(items, it)
		}
		loc, zone = m.Location(), ZoneLabel(m)
	}
	if loc == nil {
		return nil, zone
	}
	return groupDays(loc, items), zone
}
