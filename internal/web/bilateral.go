package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// bilateralFields are the request form's fields, in the order they round-trip.
var bilateralFields = []string{"requester", "counterpart", "level", "duration", "preferred_day", "preferred_times",
	"interpretation", "flags", "media", "notes"}

// visibleBilaterals returns the meeting's bilaterals the actor may see.
func (s *Server) visibleBilaterals(c echo.Context, m convene.Meeting) ([]convene.Bilateral, error) {
	all, err := s.db.FindBilaterals(c.Request().Context(), m.ID)
	if err != nil {
		return nil, err
	}
	a := actor(c)
	var out []convene.Bilateral
	for _, b := range all {
		if convene.CanSeeBilateral(a, b) {
			out = append(out, b)
		}
	}
	return out, nil
}

// bilateralRow formats one bilateral for lists, the board and its page:
// the sides in protocol order, the time in the meeting's zone with the zone
// named, and the liaison officers of both delegations.
func bilateralRow(m convene.Meeting, b convene.Bilateral, officers []convene.LiaisonOfficer) views.BilateralRow {
	x, y := b.Sides()
	r := views.BilateralRow{ID: b.ID, Href: paths.Bilateral(m.Code, b.ID), First: x.Country.Name, Second: y.Country.Name,
		Requester: b.Requester.Country.Name, Level: b.Level.Label(), Status: b.Status, Room: b.RoomName,
		Interpretation: b.Interpretation}
	if !b.StartsAt.IsZero() {
		loc := m.Location()
		r.Day = b.StartsAt.In(loc).Format("Mon 2 Jan")
		r.Time = b.StartsAt.In(loc).Format("15:04") + "–" + convene.FormatInZone(b.EndsAt, loc, "15:04")
	}
	var needs []string
	if b.Flags {
		needs = append(needs, "Flags")
	}
	if b.Media {
		needs = append(needs, "Media opportunity")
	}
	r.Needs = strings.Join(needs, ", ")
	for _, g := range []convene.Delegation{x, y} {
		for _, o := range officers {
			if o.DelegationID == g.ID {
				line := g.Country.Name + ": " + o.Name
				if o.Mobile != "" {
					line += " (" + o.Mobile + ")"
				}
				r.Liaison = append(r.Liaison, line)
			}
		}
	}
	return r
}

// handleBilaterals lists the bilaterals the viewer may see: every request
// for the secretariat and organisers, their own delegation's for a focal point.
func (s *Server) handleBilaterals(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	bs, err := s.visibleBilaterals(c, m)
	if err != nil {
		return err
	}
	a := actor(c)
	l := views.BilateralList{Meeting: m, CanRequest: convene.Allow(a.Role, convene.PermRequestBilateral),
		CanBoard: convene.Allow(a.Role, convene.PermPrint)}
	if a.Role == convene.RoleFocal {
		l.Scope = "Requests your delegation made or received."
	} else {
		l.Scope = "Every request of the meeting."
	}
	for _, b := range bs {
		r := bilateralRow(m, b, nil)
		if a.Role == convene.RoleFocal {
			_, err := convene.NextBilateralStatus(b.Status, convene.BilateralAccept, convene.BilateralSideOf(a, b))
			r.YourTurn = err == nil
		}
		l.Rows = append(l.Rows, r)
	}
	return s.render(c, http.StatusOK, views.BilateralsPage(l))
}

// bilateralForm assembles the request form: a focal point asks for their
// own delegation; the secretariat chooses on whose behalf.
func (s *Server) bilateralForm(c echo.Context, m convene.Meeting, f views.Form) (templ.Component, error) {
	gs, err := s.db.FindDelegations(c.Request().Context(), convene.DelegationFilter{MeetingID: m.ID})
	if err != nil {
		return nil, err
	}
	a := actor(c)
	d := views.BilateralForm{Meeting: m, Form: f}
	if a.Role.IsSecretariat() {
		d.Requesters = append(d.Requesters, views.Option{Value: "", Label: "Choose a delegation"})
	}
	d.Counterparts = []views.Option{{Value: "", Label: "Choose a delegation"}}
	for _, g := range gs {
		o := views.Option{Value: strconv.FormatInt(g.ID, 10), Label: g.Country.Name}
		if g.Country.Observer {
			o.Label += " (observer)"
		}
		if a.Role.IsSecretariat() || g.CountryID == a.CountryID {
			d.Requesters = append(d.Requesters, o)
		}
		if g.CountryID != a.CountryID || a.Role.IsSecretariat() {
			d.Counterparts = append(d.Counterparts, o)
		}
	}
	if len(d.Requesters) == 0 {
		// A focal point whose country has no delegation here cannot ask.
		return nil, convene.NotFound("Delegation")
	}
	for _, l := range convene.BilateralLevels {
		d.Levels = append(d.Levels, views.Option{Value: string(l), Label: l.Label()})
	}
	d.Days = []views.Option{{Value: "", Label: "Any day of the meeting"}}
	for day := m.StartDate; !day.IsZero() && !day.After(m.EndDate); day = day.AddDays(1) {
		d.Days = append(d.Days, views.Option{Value: day.String(), Label: day.Long()})
	}
	return views.BilateralNewPage(d), nil
}

func (s *Server) handleBilateralNewForm(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	page, err := s.bilateralForm(c, m, views.Form{Values: map[string]string{"level": string(convene.LevelMinisters),
		"duration": "30"}})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, page)
}

func (s *Server) handleBilateralCreate(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, bilateralFields...)}
	page := func(f views.Form) (templ.Component, error) { return s.bilateralForm(c, m, f) }
	if _, err := s.bilateralForm(c, m, f); err != nil {
		return err
	}
	a := actor(c)
	p := convene.Problems{}
	b := convene.Bilateral{MeetingID: m.ID, Level: convene.BilateralLevel(f.Get("level")),
		PreferredTimes: f.Get("preferred_times"), Interpretation: f.Get("interpretation"), Notes: f.Get("notes"),
		Flags: f.Get("flags") == "1", Media: f.Get("media") == "1"}
	b.RequesterID = formID(f.Get("requester"), "requester", "Choose the delegation that asks for the meeting.", p)
	b.CounterpartID = formID(f.Get("counterpart"), "counterpart", "Choose the delegation you wish to meet.", p)
	b.DurationMin = formInt(f.Get("duration"), "duration", "Enter a length from 15 to 120 minutes, in steps of 5.", p)
	if v := f.Get("preferred_day"); v != "" {
		b.PreferredDay = formDate(v, "preferred_day", "Choose one of the meeting's days.", p)
	}
	if a.Role == convene.RoleFocal && b.RequesterID != 0 {
		// A focal point asks only for their own delegation; any other id
		// is treated as not chosen, so nothing about it leaks.
		g, err := s.db.FindDelegationByID(ctx, b.RequesterID)
		if err != nil || g.CountryID != a.CountryID || g.MeetingID != m.ID {
			p.Add("requester", "Choose your own delegation.")
		}
	}
	if err := p.Err(); err != nil {
		mergeProblems(p, b.Validate(m))
		return s.renderFormOf(c, p.Err(), page, f)
	}
	if err := s.db.CreateBilateral(ctx, &b); err != nil {
		return s.renderFormOf(c, err, page, f)
	}
	return s.redirect(c, paths.Bilateral(m.Code, b.ID),
		fmt.Sprintf("Bilateral with %s requested. It is on their focal point's list of bilaterals, awaiting an answer.", b.Counterpart.Country.Name))
}

// loadBilateral finds the request of the path for the actor: one they may
// not see answers 404 exactly like a missing one.
func (s *Server) loadBilateral(c echo.Context) (convene.Meeting, convene.Bilateral, error) {
	ctx := c.Request().Context()
	m, err := s.pathMeeting(c)
	if err != nil {
		return m, convene.Bilateral{}, err
	}
	id, err := pathID(c, "id", "Bilateral")
	if err != nil {
		return m, convene.Bilateral{}, err
	}
	b, err := s.db.FindBilateralByID(ctx, m.ID, id)
	if err != nil {
		return m, b, err
	}
	if !convene.CanSeeBilateral(actor(c), b) {
		return m, b, convene.NotFound("Bilateral")
	}
	return m, b, nil
}

// bilateralPage assembles a request's page: the answers open to the viewer's
// side and, for the secretariat, proposed slots and the placement form.
func (s *Server) bilateralPage(c echo.Context, m convene.Meeting, b convene.Bilateral, respond, schedule views.Form) (templ.Component, error) {
	ctx := c.Request().Context()
	a := actor(c)
	var officers []convene.LiaisonOfficer
	if convene.CanSeeBilateral(a, b) {
		var err error
		if officers, err = s.db.FindLiaisonOfficers(ctx, m.ID); err != nil {
			return nil, err
		}
	}
	d := views.BilateralDetail{Meeting: m, B: b, Row: bilateralRow(m, b, officers), RespondForm: respond,
		ScheduleForm: schedule}
	if convene.Allow(a.Role, convene.PermRequestBilateral) {
		d.Actions = convene.BilateralActions(b.Status, convene.BilateralSideOf(a, b))
	}
	d.CanSchedule = convene.Allow(a.Role, convene.PermManageMeetings) &&
		(b.Status == convene.BilateralAccepted || b.Status == convene.BilateralScheduled)
	if d.CanSchedule {
		in, err := s.db.BilateralSlotInput(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		d.Rooms = []views.Option{{Value: "", Label: "Choose a room"}}
		for _, r := range in.Rooms {
			d.Rooms = append(d.Rooms, views.Option{Value: strconv.FormatInt(r.ID, 10),
				Label: fmt.Sprintf("%s (%d seats)", r.Name, r.Capacity)})
		}
		if b.Status == convene.BilateralAccepted {
			loc := m.Location()
			slots, why := convene.ProposeSlots(in, b, 3)
			d.NoSlot = why
			for _, p := range slots {
				d.Proposals = append(d.Proposals, views.SlotProposal{
					Label: p.StartsAt.In(loc).Format("Mon 2 Jan 15:04") + "–" + convene.FormatInZone(p.EndsAt, loc, "15:04") +
						", " + p.RoomName,
					Day: convene.DateOf(p.StartsAt.In(loc)).String(), Start: p.StartsAt.In(loc).Format("15:04"),
					End: p.EndsAt.In(loc).Format("15:04"), Room: strconv.FormatInt(p.RoomID, 10)})
			}
		}
		if schedule.Values == nil {
			d.ScheduleForm.Values = map[string]string{"day": m.StartDate.String()}
		}
	}
	return views.BilateralPage(d), nil
}

func (s *Server) handleBilateral(c echo.Context) error {
	m, b, err := s.loadBilateral(c)
	if err != nil {
		return err
	}
	page, err := s.bilateralPage(c, m, b, views.Form{}, views.Form{})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, page)
}

// handleBilateralRespond applies the button pressed (accept, decline,
// propose other times, cancel, mark held) for the viewer's side.
func (s *Server) handleBilateralRespond(c echo.Context) error {
	m, b, err := s.loadBilateral(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, "response")}
	act := convene.BilateralAction(c.FormValue("action"))
	nb, err := s.db.ActOnBilateral(c.Request().Context(), m.ID, b.ID, act, f.Get("response"))
	if err != nil {
		return s.renderFormOf(c, err, func(f views.Form) (templ.Component, error) {
			return s.bilateralPage(c, m, b, f, views.Form{})
		}, f)
	}
	return s.redirect(c, paths.Bilateral(m.Code, b.ID), "The bilateral "+nb.Title()+" is now "+strings.ToLower(nb.Status.Label())+".")
}

// handleBilateralSchedule places an accepted bilateral in a room and time,
// refusing (422, nothing written) a placement that clashes.
func (s *Server) handleBilateralSchedule(c echo.Context) error {
	m, b, err := s.loadBilateral(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, "day", "start", "end", "room")}
	page := func(f views.Form) (templ.Component, error) { return s.bilateralPage(c, m, b, views.Form{}, f) }
	p := convene.Problems{}
	start, end := convene.ParseSessionTimes(f.Get("day"), f.Get("start"), f.Get("end"), m.Location(), p)
	room := formID(f.Get("room"), "room", "Choose a room.", p)
	if room == 0 {
		p.Add("room", "Choose a room.")
	}
	if err := p.Err(); err != nil {
		return s.renderFormOf(c, err, page, f)
	}
	nb, err := s.db.ScheduleBilateral(c.Request().Context(), m.ID, b.ID,
		convene.Placement{StartsAt: start, EndsAt: end, RoomID: room})
	if err != nil {
		return s.renderFormOf(c, err, page, f)
	}
	loc := m.Location()
	return s.redirect(c, paths.Bilateral(m.Code, b.ID), fmt.Sprintf("The bilateral %s is scheduled on %s, %s–%s in %s.",
		nb.Title(), nb.StartsAt.In(loc).Format("2 January"), nb.StartsAt.In(loc).Format("15:04"),
		convene.FormatInZone(nb.EndsAt, loc, "15:04"), nb.RoomName))
}
