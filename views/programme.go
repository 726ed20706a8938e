package views

import (
	"slices"
	"strconv"
	"time"

	"convene/internal/convene"
)

// NewProgramme builds a meeting's programme page as one viewer may see it
// from the sessions that viewer may see: the secretariat gets edit links and
// its clashes, those who may read internal notes get them, sessions changed
// since the latest published version (version 0: never published) are
// marked, and with grid each day is laid out with the rooms as columns. The
// web layer and the benchmark's render-only baseline both build the page
// here, so they render the very same page.
func NewProgramme(m convene.Meeting, a convene.Actor, sessions []convene.Session, clashes []convene.Clash,
	version int, published time.Time, grid bool) Programme {
	p := Programme{Meeting: m, Zone: ZoneLabel(m), CanEdit: convene.Allow(a.Role, convene.PermManageMeetings)}
	switch {
	case convene.CanSeeInternalNotes(a.Role):
		p.Scope = "You see every session, including internal ones."
	case a.SignedIn():
		p.Scope = "You see the public sessions and those for delegates."
	default:
		p.Scope = "This is the public programme. Delegates see more after signing in."
	}
	if p.CanEdit {
		p.Clashes = len(clashes)
	}
	p.Version = version
	if version > 0 {
		p.Published = convene.FormatInZone(published, m.Location(), "2 January 2006 15:04")
	}
	p.Days = programmeDays(m, sessions, clashes, convene.CanSeeInternalNotes(a.Role))
	if version > 0 {
		markChanges(&p, sessions, published)
	}
	if p.Grid = grid; grid {
		fillGrid(m, sessions, p.Days)
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
	if x.Attendance == convene.AttendHeadsPlus {
		return "Heads of delegation plus " + strconv.Itoa(x.HeadsPlus)
	}
	return x.Attendance.Label()
}

// programmeDays groups sessions by their day in the meeting's zone and
// formats their times there with the zone named.
func programmeDays(m convene.Meeting, sessions []convene.Session, clashes []convene.Clash, internal bool) []ProgrammeDay {
	loc := m.Location()
	var days []ProgrammeDay
	var last convene.Date
	for _, x := range sessions {
		d := x.Day(loc)
		if len(days) == 0 || d != last {
			days = append(days, ProgrammeDay{Label: x.StartsAt.In(loc).Format("Monday, 2 January 2006")})
			last = d
		}
		it := ProgrammeItem{ID: x.ID, Title: x.Title, Kind: x.Kind.Label(), Room: x.RoomName,
			Attendance: AttendanceLabel(x), Visibility: x.Visibility, PublicNotes: x.PublicNotes, Cancelled: x.Cancelled,
			Time: x.StartsAt.In(loc).Format("15:04") + "–" + convene.FormatInZone(x.EndsAt, loc, "15:04")}
		if internal {
			it.InternalNotes = x.InternalNotes
		}
		for _, c := range convene.ClashesOf(clashes, convene.SessionRef(x.ID)) {
			if c.On.Is(convene.SessionRef(x.ID)) {
				it.Clashes = append(it.Clashes, c)
			}
		}
		days[len(days)-1].Items = append(days[len(days)-1].Items, it)
	}
	return days
}

// markChanges marks the sessions created or changed after the programme's
// latest publication and lists them, in programme order.
func markChanges(p *Programme, sessions []convene.Session, published time.Time) {
	byID := make(map[int64]convene.Session, len(sessions))
	for _, x := range sessions {
		byID[x.ID] = x
	}
	for di := range p.Days {
		for ii := range p.Days[di].Items {
			it := &p.Days[di].Items[ii]
			x := byID[it.ID]
			switch {
			case x.CreatedAt.After(published):
				it.Change = "New"
			case x.UpdatedAt.After(published):
				it.Change = "Changed"
			}
			if it.Change != "" {
				p.Changes = append(p.Changes, *it)
			}
		}
	}
}

// fillGrid lays each day out with the rooms in use as columns (sessions
// without a room last) and each distinct start time as a row.
func fillGrid(m convene.Meeting, sessions []convene.Session, days []ProgrammeDay) {
	loc := m.Location()
	di := -1
	var last convene.Date
	for _, x := range sessions {
		if d := x.Day(loc); di < 0 || d != last {
			di, last = di+1, d
		}
		day := &days[di]
		room := x.RoomName
		if room == "" {
			room = "No room"
		}
		col := slices.Index(day.Rooms, room)
		if col < 0 {
			day.Rooms = append(day.Rooms, room)
			for i := range day.Rows {
				day.Rows[i].Cells = append(day.Rows[i].Cells, nil)
			}
			col = len(day.Rooms) - 1
		}
		t := x.StartsAt.In(loc).Format("15:04")
		if n := len(day.Rows); n == 0 || day.Rows[n-1].Time != t {
			day.Rows = append(day.Rows, GridRow{Time: t, Cells: make([][]ProgrammeItem, len(day.Rooms))})
		}
		row := &day.Rows[len(day.Rows)-1]
		for _, it := range day.Items {
			if it.ID == x.ID {
				row.Cells[col] = append(row.Cells[col], it)
			}
		}
	}
	// Put "No room" last, keeping the other columns in order of first use.
	for i := range days {
		d := &days[i]
		if j := slices.Index(d.Rooms, "No room"); j >= 0 && j != len(d.Rooms)-1 {
			d.Rooms = append(append(slices.Clone(d.Rooms[:j]), d.Rooms[j+1:]...), "No room")
			for r := range d.Rows {
				c := d.Rows[r].Cells
				d.Rows[r].Cells = append(append(slices.Clone(c[:j]), c[j+1:]...), c[j])
			}
		}
	}
}
