package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// sessionFields are the session form's fields, in the order they round-trip.
var sessionFields = []string{"title", "kind", "day", "start", "end", "room", "layout", "attendance", "heads_plus",
	"visibility", "public_notes", "internal_notes", "override_reason", "cancelled"}

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
			Label: r.Name + " (seats up to " + strconv.Itoa(r.Capacity) + ")"})
	}
	o.Layouts = []views.Option{{Value: "", Label: "Not named (the room's largest layout counts)"}}
	for _, l := range convene.RoomLayouts {
		o.Layouts = append(o.Layouts, views.Option{Value: string(l), Label: l.Label()})
	}
	return o, nil
}

// sessionFromForm reads a session as typed. Malformed numbers and times are
// problems for their fields; the store checks the rest against the meeting.
func sessionFromForm(m convene.Meeting, f views.Form, p convene.Problems) convene.Session {
	x := convene.Session{MeetingID: m.ID, Title: f.Get("title"), Kind: convene.SessionKind(f.Get("kind")),
		Layout:     convene.RoomLayout(f.Get("layout")),
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
		mergeProblems(p, err)
	}
	return x
}

func (s *Server) handleSessionNewForm(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	o, err := s.sessionOptions(c, m)
	if err != nil {
		return err
	}
	f := views.Form{Values: map[string]string{"kind": string(convene.SessionPlenary), "day": m.StartDate.String(),
		"attendance": string(convene.AttendHeads), "visibility": string(convene.VisibleDelegates)}}
	return s.render(c, http.StatusOK, views.SessionFormPage(m, 0, f, o, views.ZoneLabel(m)))
}

func (s *Server) handleSessionCreate(c echo.Context) error {
	return s.saveSessionForm(c, 0)
}

func (s *Server) handleSessionEditForm(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	id, err := pathID(c, "id", "Session")
	if err != nil {
		return err
	}
	x, err := s.db.FindSessionByID(c.Request().Context(), id)
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
		"room": "", "layout": string(x.Layout), "attendance": string(x.Attendance), "heads_plus": "", "visibility": string(x.Visibility),
		"public_notes": x.PublicNotes, "internal_notes": x.InternalNotes, "override_reason": x.ClashOverride,
		"cancelled": boolValue(x.Cancelled)}}
	if x.RoomID != 0 {
		f.Values["room"] = strconv.FormatInt(x.RoomID, 10)
	}
	if x.HeadsPlus != 0 {
		f.Values["heads_plus"] = strconv.Itoa(x.HeadsPlus)
	}
	return s.render(c, http.StatusOK, views.SessionFormPage(m, id, f, o, views.ZoneLabel(m)))
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
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	o, err := s.sessionOptions(c, m)
	if err != nil {
		return err
	}
	page := func(f views.Form) templ.Component { return views.SessionFormPage(m, id, f, o, views.ZoneLabel(m)) }
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
	return s.redirect(c, paths.ProgrammeAt(m.Code, x.ID), msg)
}

func (s *Server) handleSessionDelete(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	id, err := pathID(c, "id", "Session")
	if err != nil {
		return err
	}
	if err := s.db.DeleteSession(c.Request().Context(), m.ID, id); err != nil {
		return err
	}
	return s.redirect(c, paths.Programme(m.Code), "Session deleted.")
}
