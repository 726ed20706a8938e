package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// holdFormFields are the hold form's fields, in the order they round-trip.
var holdFormFields = []string{"kind", "room", "label", "delegation", "start_day", "start", "end_day", "end", "notes",
	"override_reason"}

// holdPage is what the room holds pages read: the meeting, its venue (whose
// zone the times are typed in), its holds and the form's choices.
type holdPage struct {
	meeting convene.Meeting
	venue   convene.Venue
	loc     *time.Location
	holds   []convene.RoomHold
	options views.RoomHoldOptions
}

// loadHoldPage reads what the room holds pages show for meeting m.
func (s *Server) loadHoldPage(ctx context.Context, m convene.Meeting) (holdPage, error) {
	h := holdPage{meeting: m, loc: m.Location()}
	var err error
	if m.VenueID != 0 {
		if h.venue, err = s.db.FindVenueByID(ctx, m.VenueID); err != nil {
			return h, err
		}
		h.loc = h.venue.Location()
	}
	if h.holds, err = s.db.FindRoomHolds(ctx, m.ID); err != nil {
		return h, err
	}
	gs, err := s.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
	if err != nil {
		return h, err
	}
	o := &h.options
	for _, k := range convene.HoldKinds {
		o.Kinds = append(o.Kinds, views.Option{Value: string(k), Label: k.Label()})
	}
	o.Rooms = []views.Option{{Value: "", Label: "Choose a room"}}
	for _, r := range h.venue.Rooms {
		o.Rooms = append(o.Rooms, views.Option{Value: optionID(r.ID), Label: r.Name})
	}
	o.Delegations = []views.Option{{Value: "", Label: "None"}}
	for _, g := range gs {
		o.Delegations = append(o.Delegations, views.Option{Value: optionID(g.ID), Label: g.Country.Name})
	}
	at := m.StartDate.In(h.loc)
	o.Zone = convene.ZoneAbbrev(at, h.loc) + ", " + h.loc.String()
	return h, nil
}

// page is the holds page with the add form as given.
func (h holdPage) page(f views.Form, canEdit bool) templ.Component {
	d := views.RoomHoldsData{Meeting: h.meeting, Venue: h.venue, Form: f, Options: h.options, CanEdit: canEdit}
	for _, x := range h.holds {
		d.Rows = append(d.Rows, views.RoomHoldRow{Hold: x, When: x.StartsAt.In(h.loc).Format("Mon 2 Jan 15:04") + " – " +
			convene.FormatInZone(x.EndsAt, h.loc, "Mon 2 Jan 15:04")})
	}
	return views.RoomHoldsPage(d)
}

// holdFromForm reads a hold as typed, its times in the venue's zone.
func (h holdPage) holdFromForm(f views.Form, p convene.Problems) convene.RoomHold {
	x := convene.RoomHold{MeetingID: h.meeting.ID, Kind: convene.HoldKind(f.Get("kind")), Label: f.Get("label"),
		Notes: f.Get("notes"), ClashOverride: f.Get("override_reason")}
	x.RoomID = formID(f.Get("room"), "room", "Choose a room from the list.", p)
	x.DelegationID = formID(f.Get("delegation"), "delegation", "Choose a delegation from the list.", p)
	x.StartsAt = convene.ParseLocalTime(f.Get("start_day"), f.Get("start"), h.loc, "start", p)
	x.EndsAt = convene.ParseLocalTime(f.Get("end_day"), f.Get("end"), h.loc, "end", p)
	if err := x.Validate(); err != nil {
		mergeProblems(p, err)
	}
	return x
}

func (s *Server) handleRoomHolds(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	h, err := s.loadHoldPage(c.Request().Context(), m)
	if err != nil {
		return err
	}
	day := m.StartDate.String()
	f := views.Form{Values: map[string]string{"kind": string(convene.HoldSetup), "start_day": day, "end_day": day,
		"start": "07:00", "end": "09:00"}}
	return s.render(c, http.StatusOK, h.page(f, s.canManage(c)))
}

// handleRoomHoldCreate holds a room. A room already booked then is refused
// (422, the clash next to the room) unless a reason is given, as for a
// session; nothing is written on a refusal.
func (s *Server) handleRoomHoldCreate(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	h, err := s.loadHoldPage(ctx, m)
	if err != nil {
		return err
	}
	page := func(f views.Form) templ.Component { return h.page(f, true) }
	f := views.Form{Values: formValues(c, holdFormFields...)}
	p := convene.Problems{}
	x := h.holdFromForm(f, p)
	err = p.Err()
	if err == nil {
		err = s.db.CreateRoomHold(ctx, &x)
	}
	if err != nil {
		return s.renderForm(c, err, page, f)
	}
	return s.redirect(c, paths.RoomHolds(m.Code), "“"+x.Label+"” holds "+x.RoomName+".")
}

func (s *Server) handleRoomHoldForm(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	id, err := pathID(c, "id", "Room hold")
	if err != nil {
		return err
	}
	x, err := s.db.FindRoomHoldByID(ctx, m.ID, id)
	if err != nil {
		return err
	}
	h, err := s.loadHoldPage(ctx, m)
	if err != nil {
		return err
	}
	f := views.Form{Values: map[string]string{"kind": string(x.Kind), "room": optionID(x.RoomID), "label": x.Label,
		"delegation": "", "start_day": x.StartsAt.In(h.loc).Format("2006-01-02"), "start": x.StartsAt.In(h.loc).Format("15:04"),
		"end_day": x.EndsAt.In(h.loc).Format("2006-01-02"), "end": x.EndsAt.In(h.loc).Format("15:04"), "notes": x.Notes,
		"override_reason": x.ClashOverride}}
	if x.DelegationID != 0 {
		f.Values["delegation"] = strconv.FormatInt(x.DelegationID, 10)
	}
	return s.render(c, http.StatusOK, views.RoomHoldFormPage(m, id, f, h.options))
}

func (s *Server) handleRoomHoldUpdate(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	id, err := pathID(c, "id", "Room hold")
	if err != nil {
		return err
	}
	h, err := s.loadHoldPage(ctx, m)
	if err != nil {
		return err
	}
	page := func(f views.Form) templ.Component { return views.RoomHoldFormPage(m, id, f, h.options) }
	f := views.Form{Values: formValues(c, holdFormFields...)}
	p := convene.Problems{}
	x := h.holdFromForm(f, p)
	err = p.Err()
	if err == nil {
		err = s.db.UpdateRoomHold(ctx, id, &x)
	}
	if err != nil {
		return s.renderForm(c, err, page, f)
	}
	return s.redirect(c, paths.RoomHolds(m.Code), "Hold “"+x.Label+"” saved.")
}

func (s *Server) handleRoomHoldDelete(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	id, err := pathID(c, "id", "Room hold")
	if err != nil {
		return err
	}
	if err := s.db.DeleteRoomHold(c.Request().Context(), m.ID, id); err != nil {
		return err
	}
	return s.redirect(c, paths.RoomHolds(m.Code), "Room released.")
}
