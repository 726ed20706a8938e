package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/transfer"
	"convene/views"
)

// travel adds legs and runs to what the logistics pages read.
type travel struct {
	logistics
	legs     []convene.TravelLeg
	runs     []convene.TransferRun
	sessions []convene.Session
}

func (s *Server) loadTravel(c echo.Context) (travel, error) {
	l, err := s.loadLogistics(c)
	if err != nil {
		return travel{}, err
	}
	t := travel{logistics: l}
	ctx := c.Request().Context()
	if t.legs, err = s.db.FindTravelLegs(ctx, l.meeting.ID); err != nil {
		return t, err
	}
	if t.runs, err = s.db.FindTransferRuns(ctx, l.meeting.ID); err != nil {
		return t, err
	}
	if t.sessions, err = s.db.FindSessions(ctx, convene.SessionFilter{MeetingIDs: []int64{l.meeting.ID}}); err != nil {
		return t, err
	}
	return t, nil
}

// people indexes the meeting's expected delegates by id.
func (t travel) people() map[int64]convene.Delegate {
	m := make(map[int64]convene.Delegate, len(t.delegates))
	for _, p := range t.delegates {
		m[p.ID] = p
	}
	return m
}

// hotelOf names the hotel each delegate sleeps in.
func (t travel) hotelOf() map[int64]string {
	blocks := map[int64]string{}
	for _, b := range t.blocks {
		blocks[b.ID] = b.HotelName
	}
	m := map[int64]string{}
	for _, st := range t.stays {
		m[st.DelegateID] = blocks[st.BlockID]
	}
	return m
}

// runOf finds the run each person is on, per direction.
func (t travel) runOf() map[convene.Direction]map[int64]int64 {
	m := map[convene.Direction]map[int64]int64{convene.Arrival: {}, convene.Departure: {}}
	for _, r := range t.runs {
		for _, p := range r.Passengers {
			m[r.Direction][p.DelegateID] = r.ID
		}
	}
	return m
}

// board turns legs into board lines, by local day of the airport.
func (t travel) board() []views.BoardDay {
	people, hotels, runs := t.people(), t.hotelOf(), t.runOf()
	var days []views.BoardDay
	for _, l := range t.legs {
		p, ok := people[l.DelegateID]
		if !ok {
			continue
		}
		a, _ := convene.FindAirport(l.Airport)
		day := l.At.In(a.Location()).Format("Monday 2 January 2006")
		if len(days) == 0 || days[len(days)-1].Day != day {
			days = append(days, views.BoardDay{Day: day})
		}
		days[len(days)-1].Legs = append(days[len(days)-1].Legs, views.BoardLeg{Leg: l, Person: p,
			Local: convene.FormatInZone(l.At, a.Location(), "15:04"), Hotel: hotels[p.ID], RunID: runs[l.Direction][p.ID]})
	}
	return days
}

func (s *Server) handleArrivals(c echo.Context) error {
	t, err := s.loadTravel(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.ArrivalsPage(t.meeting, t.board()))
}

// transfersData assembles the transfers page.
func (t travel) transfersData(canEdit bool) views.TransfersData {
	people := t.people()
	liaison := map[int64]string{}
	for _, o := range t.officers {
		if o.DelegationID != 0 && liaison[o.DelegationID] == "" {
			liaison[o.DelegationID] = o.Name + " (" + o.Mobile + ")"
		}
	}
	d := views.TransfersData{Meeting: t.meeting, CanEdit: canEdit}
	for _, r := range t.runs {
		a, _ := convene.FindAirport(r.Airport)
		v := views.RunView{Run: r, Departs: convene.FormatInZone(r.DepartsAt, a.Location(), "2 Jan 2006 15:04"),
			DepartsDay: r.DepartsAt.In(a.Location()).Format("2006-01-02"), DepartsAt: r.DepartsAt.In(a.Location()).Format("15:04")}
		for _, x := range r.Passengers {
			p := people[x.DelegateID]
			if r.Dedicated {
				v.Liaison = liaison[p.DelegationID]
			}
			v.People = append(v.People, views.RunPerson{Person: p, Flight: x.Current.Flight,
				Lands: convene.FormatInZone(x.Current.At, a.Location(), "2 Jan 15:04"), Changed: x.FlightChanged()})
		}
		d.Runs = append(d.Runs, v)
	}
	for _, day := range t.board() {
		for _, l := range day.Legs {
			if l.RunID == 0 {
				d.Unplanned = append(d.Unplanned, l)
			}
		}
	}
	return d
}

func (s *Server) handleTransfers(c echo.Context) error {
	t, err := s.loadTravel(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.TransfersPage(t.transfersData(s.canManage(c))))
}

// travellers gives the planner each expected delegate with their hotel and
// the directions they already have a run for.
func (t travel) travellers() map[int64]transfer.Traveller {
	hotels, onRun := t.hotelOf(), t.runOf()
	out := make(map[int64]transfer.Traveller, len(t.delegates))
	for _, p := range t.delegates {
		out[p.ID] = transfer.Traveller{Delegate: p, Hotel: hotels[p.ID], OnRun: map[convene.Direction]bool{
			convene.Arrival: onRun[convene.Arrival][p.ID] != 0, convene.Departure: onRun[convene.Departure][p.ID] != 0}}
	}
	return out
}

func (s *Server) handleTransfersPropose(c echo.Context) error {
	t, err := s.loadTravel(c)
	if err != nil {
		return err
	}
	runs, err := transfer.ProposeRuns(t.meeting.ID, t.legs, t.travellers(), transfer.DefaultConfig())
	if err != nil {
		return err
	}
	if err := s.db.CreateTransferRuns(c.Request().Context(), runs); err != nil {
		if convene.ErrorCode(err) == convene.ECONFLICT {
			_ = s.flash(c, "error", "Someone planned runs at the same moment; the page now shows theirs.")
			return c.Redirect(http.StatusSeeOther, "/meetings/"+t.meeting.Code+"/transfers")
		}
		return err
	}
	return s.redirect(c, "/meetings/"+t.meeting.Code+"/transfers", fmt.Sprintf("%d runs planned.", len(runs)))
}

func (s *Server) handleTransferUpdate(c echo.Context) error {
	t, err := s.loadTravel(c)
	if err != nil {
		return err
	}
	id, err := pathID(c, "id", "Transfer run")
	if err != nil {
		return err
	}
	var run convene.TransferRun
	for _, r := range t.runs {
		if r.ID == id {
			run = r
		}
	}
	if run.ID == 0 {
		return convene.NotFound("Transfer run")
	}
	f := views.Form{Values: formValues(c, "vehicle", "capacity", "driver", "plate", "day", "time")}
	p := convene.Problems{}
	upd := sqliteRunUpdate(f, run, p)
	err = p.Err()
	if err == nil {
		err = s.db.UpdateTransferRun(c.Request().Context(), t.meeting.ID, id, upd)
	}
	if err != nil {
		page := func(f views.Form) templ.Component {
			d := t.transfersData(true)
			d.Form, d.FormRunID = f, id
			return views.TransfersPage(d)
		}
		return s.renderForm(c, err, page, f)
	}
	return s.redirect(c, "/meetings/"+t.meeting.Code+"/transfers", "Run updated.")
}

func (s *Server) handleTransferMove(c echo.Context) error {
	t, err := s.loadTravel(c)
	if err != nil {
		return err
	}
	delegate, _ := strconv.ParseInt(c.FormValue("delegate_id"), 10, 64)
	to, _ := strconv.ParseInt(c.FormValue("run_id"), 10, 64)
	dir := convene.Direction(c.FormValue("direction"))
	if _, ok := t.people()[delegate]; !ok || (dir != convene.Arrival && dir != convene.Departure) {
		return convene.NotFound("Passenger")
	}
	if err := s.db.MovePassenger(c.Request().Context(), t.meeting.ID, delegate, to, dir); err != nil {
		if convene.ErrorCode(err) == convene.EINVALID {
			_ = s.flash(c, "error", convene.ErrorMessage(err))
			return c.Redirect(http.StatusSeeOther, "/meetings/"+t.meeting.Code+"/transfers")
		}
		return err
	}
	return s.redirect(c, "/meetings/"+t.meeting.Code+"/transfers", "Passenger moved.")
}

func (s *Server) handleTransferManifest(c echo.Context) error {
	t, err := s.loadTravel(c)
	if err != nil {
		return err
	}
	id, err := pathID(c, "id", "Transfer run")
	if err != nil {
		return err
	}
	for _, r := range t.transfersData(false).Runs {
		if r.Run.ID == id {
			return s.render(c, http.StatusOK, views.ManifestPage(t.meeting, r))
		}
	}
	return convene.NotFound("Transfer run")
}

// dashboard adds travel to the logistics dashboard: arrivals per day,
// transfers planned and not, and the travel problems (no arrival recorded
// for someone who flies in, a flight changed after its run was planned).
func (t travel) dashboard() views.LogisticsDashboard {
	d := t.logistics.dashboard()
	arriving := map[int64]bool{}
	for _, day := range t.board() {
		n := 0
		for _, l := range day.Legs {
			if l.Leg.Direction == convene.Arrival {
				n++
				arriving[l.Person.ID] = true
			}
			if l.RunID == 0 {
				d.Unplanned++
			}
		}
		if n > 0 {
			d.Arrivals = append(d.Arrivals, views.LabelCount{Label: day.Day, Count: n})
		}
	}
	d.Runs = len(t.runs)
	for _, p := range t.delegates {
		if !arriving[p.ID] && p.Country.ID != t.meeting.HostCountryID {
			d.Problems = append(d.Problems, fmt.Sprintf("%s (%s) has no arrival flight recorded.", p.DisplayName(), p.Country.Name))
		}
	}
	d.Problems = append(d.Problems, t.scheduleProblems()...)
	people := t.people()
	for _, r := range t.runs {
		for _, x := range r.Passengers {
			if x.FlightChanged() {
				d.Problems = append(d.Problems, fmt.Sprintf("Run %d: the flight of %s changed after the run was planned.",
					r.ID, people[x.DelegateID].DisplayName()))
			}
		}
	}
	return d
}

// scheduleProblems compares each person's flights with the sessions they
// attend: landing after the first one starts, or taking off before the last
// one ends, is a problem the secretariat must see before the day.
func (t travel) scheduleProblems() []string {
	first, last := map[int64]convene.Session{}, map[int64]convene.Session{}
	for _, s := range t.sessions {
		for _, p := range convene.Attendees(s, t.delegates) {
			if f, ok := first[p.ID]; !ok || s.StartsAt.Before(f.StartsAt) {
				first[p.ID] = s
			}
			if l, ok := last[p.ID]; !ok || s.EndsAt.After(l.EndsAt) {
				last[p.ID] = s
			}
		}
	}
	loc := t.meeting.Location()
	people := t.people()
	var out []string
	for _, l := range t.legs {
		p, ok := people[l.DelegateID]
		if !ok {
			continue
		}
		a, _ := convene.FindAirport(l.Airport)
		if s, ok := first[p.ID]; ok && l.Direction == convene.Arrival && l.At.After(s.StartsAt) {
			out = append(out, fmt.Sprintf("%s lands at %s, after %s starts (%s).", p.DisplayName(),
				convene.FormatInZone(l.At, a.Location(), "2 Jan 15:04"), s.Title, convene.FormatInZone(s.StartsAt, loc, "2 Jan 15:04")))
		}
		if s, ok := last[p.ID]; ok && l.Direction == convene.Departure && l.At.Before(s.EndsAt) {
			out = append(out, fmt.Sprintf("%s takes off at %s, before %s ends (%s).", p.DisplayName(),
				convene.FormatInZone(l.At, a.Location(), "2 Jan 15:04"), s.Title, convene.FormatInZone(s.EndsAt, loc, "2 Jan 15:04")))
		}
	}
	return out
}
