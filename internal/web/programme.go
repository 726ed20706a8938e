package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/views"
)

// sessionFields are the session form's fields, in the order they round-trip.
var sessionFields = []string{"title", "kind", "day", "start", "end", "room", "attendance", "heads_plus",
	"visibility", "public_notes", "internal_notes", "override_reason", "cancelled"}

// handleProgramme shows a meeting's programme day by day in the venue's
// time. What each viewer sees is decided by convene.VisibleTo: visitors the
// public sessions, delegates and focal points also the delegates' sessions,
// the secretariat and organisers everything.
func (s *Server) handleProgramme(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	a := actor(c)
	sessions, err := s.db.FindSessions(ctx, convene.SessionFilter{MeetingIDs: []int64{m.ID},
		Visibilities: convene.VisibleTo(a.Role)})
	if err != nil {
		return err
	}
	p := views.Programme{Meeting: m, Zone: zoneLabel(m), CanEdit: convene.Allow(a.Role, convene.PermManageMeetings)}
	switch {
	case convene.CanSeeInternalNotes(a.Role):
		p.Scope = "You see every session, including internal ones."
	case a.SignedIn():
		p.Scope = "You see the public sessions and those for delegates."
	default:
		p.Scope = "This is the public programme. Delegates see more after signing in."
	}
	var clashes []convene.Clash
	if p.CanEdit {
		if clashes, err = s.db.MeetingClashes(ctx, m.ID); err != nil {
			return err
		}
		p.Clashes = len(clashes)
	}
	v, err := s.db.LatestProgrammeVersion(ctx, m.ID)
	if err != nil {
		return err
	}
	p.Version = v.Version
	if v.Version > 0 {
		p.Published = convene.FormatInZone(v.PublishedAt, m.Location(), "2 January 2006 15:04")
	}
	p.Days = programmeDays(m, sessions, clashes, convene.CanSeeInternalNotes(a.Role))
	if v.Version > 0 {
		markChanges(&p, sessions, v.PublishedAt)
	}
	if p.Grid = c.QueryParam("view") == "grid"; p.Grid {
		fillGrid(m, sessions, p.Days)
	}
	return s.render(c, http.StatusOK, views.ProgrammePage(p))
}

// zoneLabel names the meeting's zone as a programme heads it: "MYT (Asia/Kuala_Lumpur)".
func zoneLabel(m convene.Meeting) string {
	loc := m.Location()
	at := m.StartDate.In(loc)
	if m.StartDate.IsZero() {
		at = time.Now()
	}
	return convene.ZoneAbbrev(at, loc) + " (" + m.TimeZone + ")"
}

// programmeDays groups sessions by their day in the meeting's zone and
// formats their times there with the zone named.
func programmeDays(m convene.Meeting, sessions []convene.Session, clashes []convene.Clash, internal bool) []views.ProgrammeDay {
	loc := m.Location()
	var days []views.ProgrammeDay
	var last convene.Date
	for _, x := range sessions {
		d := x.Day(loc)
		if len(days) == 0 || d != last {
			days = append(days, views.ProgrammeDay{Label: x.StartsAt.In(loc).Format("Monday, 2 January 2006")})
			last = d
		}
		it := views.ProgrammeItem{ID: x.ID, Title: x.Title, Kind: x.Kind.Label(), Room: x.RoomName,
			Attendance: attendanceLabel(x), Visibility: x.Visibility, PublicNotes: x.PublicNotes, Cancelled: x.Cancelled,
			Time: x.StartsAt.In(loc).Format("15:04") + "–" + convene.FormatInZone(x.EndsAt, loc, "15:04")}
		if internal {
			it.InternalNotes = x.InternalNotes
		}
		for _, c := range convene.ClashesOf(clashes, x.ID) {
			if c.SessionID == x.ID {
				it.Clashes = append(it.Clashes, c)
			}
		}
		days[len(days)-1].Items = append(days[len(days)-1].Items, it)
	}
	return days
}

func attendanceLabel(x convene.Session) string {
	if x.Attendance == convene.AttendHeadsPlus {
		return "Heads of delegation plus " + strconv.Itoa(x.HeadsPlus)
	}
	return x.Attendance.Label()
}

// sessionOptions returns the form's choices; rooms are those of the
// meeting's venue.
func (s *Server) sessionOptions(c echo.Context, m convene.Meeting) (views.SessionOptions, error) {
	var o views.SessionOptions
	for _, k := range convene.SessionKinds {
		o.Kinds = append(o.Kinds, views.Option{Value: string(k), Label: k.Label()})
	}
	for _, a := range convene.Attendances {
		o.Attendances = append(o.Attendances, views.Option{Value: string(a), Label: a.Label()})
	}
	for _, v := range convene.Visibilities {
		o.Visibilities = append(o.Visibilities, views.Option{Value: string(v), Label: v.Label()})
	}
	rooms, err := s.db.FindMeetingRooms(c.Request().Context(), m.ID)
	if err != nil {
		return o, err
	}
	o.Rooms = []views.Option{{Value: "", Label: "No room"}}
	for _, r := range rooms {
		o.Rooms = append(o.Rooms, views.Option{Value: strconv.FormatInt(r.ID, 10),
			Label: r.Name + " (seats " + strconv.Itoa(r.Capacity) + ")"})
	}
	return o, nil
}

// sessionFromForm reads a session as typed. Malformed numbers and times are
// problems for their fields; the store checks the rest against the meeting.
func sessionFromForm(m convene.Meeting, f views.Form, p convene.Problems) convene.Session {
	x := convene.Session{MeetingID: m.ID, Title: f.Get("title"), Kind: convene.SessionKind(f.Get("kind")),
		Attendance: convene.Attendance(f.Get("attendance")), Visibility: convene.Visibility(f.Get("visibility")),
		PublicNotes: f.Get("public_notes"), InternalNotes: f.Get("internal_notes"),
		ClashOverride: f.Get("override_reason"), Cancelled: f.Get("cancelled") == "1"}
	x.StartsAt, x.EndsAt = convene.ParseSessionTimes(f.Get("day"), f.Get("start"), f.Get("end"), m.Location(), p)
	if v := strings.TrimSpace(f.Get("room")); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			p.Add("room", "Choose a room from the list.")
		}
		x.RoomID = id
	}
	if v := strings.TrimSpace(f.Get("heads_plus")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			p.Add("heads_plus", "Enter a whole number.")
		}
		x.HeadsPlus = n
	}
	// Validate again here so that every problem shows at once, parse errors
	// and rule errors together; the store validates once more in its tx.
	if err := x.Validate(m); err != nil {
		for k, v := range convene.ErrorFields(err) {
			p.Add(k, v)
		}
	}
	return x
}

func (s *Server) handleSessionNewForm(c echo.Context) error {
	m, err := s.db.FindMeetingByCode(c.Request().Context(), c.Param("code"))
	if err != nil {
		return err
	}
	o, err := s.sessionOptions(c, m)
	if err != nil {
		return err
	}
	f := views.Form{Values: map[string]string{"kind": string(convene.SessionPlenary), "day": m.StartDate.String(),
		"attendance": string(convene.AttendHeads), "visibility": string(convene.VisibleDelegates)}}
	return s.render(c, http.StatusOK, views.SessionFormPage(m, 0, f, o, zoneLabel(m)))
}

func (s *Server) handleSessionCreate(c echo.Context) error {
	return s.saveSessionForm(c, 0)
}

func (s *Server) handleSessionEditForm(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	id, err := pathID(c, "id", "Session")
	if err != nil {
		return err
	}
	x, err := s.db.FindSessionByID(ctx, id)
	if err != nil {
		return err
	}
	if x.MeetingID != m.ID {
		return convene.NotFound("Session")
	}
	o, err := s.sessionOptions(c, m)
	if err != nil {
		return err
	}
	loc := m.Location()
	f := views.Form{Values: map[string]string{"title": x.Title, "kind": string(x.Kind),
		"day": x.Day(loc).String(), "start": x.StartsAt.In(loc).Format("15:04"), "end": x.EndsAt.In(loc).Format("15:04"),
		"room": "", "attendance": string(x.Attendance), "heads_plus": "", "visibility": string(x.Visibility),
		"public_notes": x.PublicNotes, "internal_notes": x.InternalNotes, "override_reason": x.ClashOverride,
		"cancelled": boolValue(x.Cancelled)}}
	if x.RoomID != 0 {
		f.Values["room"] = strconv.FormatInt(x.RoomID, 10)
	}
	if x.HeadsPlus != 0 {
		f.Values["heads_plus"] = strconv.Itoa(x.HeadsPlus)
	}
	return s.render(c, http.StatusOK, views.SessionFormPage(m, id, f, o, zoneLabel(m)))
}

func (s *Server) handleSessionUpdate(c echo.Context) error {
	id, err := pathID(c, "id", "Session")
	if err != nil {
		return err
	}
	return s.saveSessionForm(c, id)
}

// saveSessionForm creates (id 0) or changes a session from the form. A
// refused form comes back 422 with what was typed; a saved one redirects to
// the programme with its warnings in the flash message.
func (s *Server) saveSessionForm(c echo.Context, id int64) error {
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	o, err := s.sessionOptions(c, m)
	if err != nil {
		return err
	}
	page := func(f views.Form) templ.Component { return views.SessionFormPage(m, id, f, o, zoneLabel(m)) }
	f := views.Form{Values: formValues(c, sessionFields...)}
	p := convene.Problems{}
	x := sessionFromForm(m, f, p)
	if err := p.Err(); err != nil {
		return s.renderForm(c, err, page, f)
	}
	var warnings []convene.Clash
	if id == 0 {
		warnings, err = s.db.CreateSession(ctx, &x)
	} else {
		warnings, err = s.db.UpdateSession(ctx, id, &x)
	}
	if err != nil {
		return s.renderForm(c, err, page, f)
	}
	msg := "Session “" + x.Title + "” saved."
	if x.Cancelled {
		msg = "Session “" + x.Title + "” saved as cancelled."
	}
	if len(warnings) > 0 {
		msg += " Warning: " + warnings[0].Message
		if len(warnings) > 1 {
			msg += " (and " + strconv.Itoa(len(warnings)-1) + " more in the clash report)"
		}
	}
	return s.redirect(c, "/meetings/"+m.Code+"/programme#session-"+strconv.FormatInt(x.ID, 10), msg)
}

func (s *Server) handleSessionDelete(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	id, err := pathID(c, "id", "Session")
	if err != nil {
		return err
	}
	if err := s.db.DeleteSession(ctx, m.ID, id); err != nil {
		return err
	}
	return s.redirect(c, "/meetings/"+m.Code+"/programme", "Session deleted.")
}

// handleClashes is the meeting-wide clash report for the secretariat.
func (s *Server) handleClashes(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	clashes, err := s.db.MeetingClashes(ctx, m.ID)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.ClashReportPage(m, clashes))
}

// fillGrid lays each day out with the rooms in use as columns (sessions
// without a room last) and each distinct start time as a row.
func fillGrid(m convene.Meeting, sessions []convene.Session, days []views.ProgrammeDay) {
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
			day.Rows = append(day.Rows, views.GridRow{Time: t, Cells: make([][]views.ProgrammeItem, len(day.Rooms))})
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

// handlePublishProgramme publishes the programme as its next version; the
// sessions changed afterwards show as changed since that version.
func (s *Server) handlePublishProgramme(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	note := strings.TrimSpace(c.FormValue("note"))
	if len([]rune(note)) > 300 {
		return convene.Errorf(convene.EINVALID, "Keep the note under 300 characters.")
	}
	v, err := s.db.PublishProgramme(ctx, m.ID, note)
	if err != nil {
		return err
	}
	return s.redirect(c, "/meetings/"+m.Code+"/programme", "Programme published as version "+strconv.Itoa(v.Version)+".")
}

// markChanges marks the sessions created or changed after the programme's
// latest publication and lists them, in programme order.
func markChanges(p *views.Programme, sessions []convene.Session, published time.Time) {
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
