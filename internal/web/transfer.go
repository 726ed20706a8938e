package web

import (
	"fmt"
	"net/http"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/internal/transfer"
	"convene/views"
)

// needTransfersPage is what the transfers page reads.
const needTransfersPage = needBoard | needOfficers

// transfersData assembles the transfers page.
func (l logistics) transfersData(canEdit bool) views.TransfersData {
	people := l.people()
	liaison := map[int64]string{}
	for _, o := range l.officers {
		if o.DelegationID != 0 && liaison[o.DelegationID] == "" {
			liaison[o.DelegationID] = o.Name + " (" + o.Mobile + ")"
		}
	}
	d := views.TransfersData{Meeting: l.meeting, CanEdit: canEdit}
	for _, r := range l.runs {
		a, _ := l.airports.Find(r.Airport)
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
	for _, day := range l.board() {
		for _, leg := range day.Legs {
			if leg.RunID == 0 {
				d.Unplanned = append(d.Unplanned, leg)
			}
		}
	}
	return d
}

func (s *Server) handleTransfers(c echo.Context) error {
	l, err := s.loadLogistics(c, needTransfersPage)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.TransfersPage(l.transfersData(s.canManage(c))))
}

// travellers gives the planner each expected delegate with their hotel and
// the directions they already have a run for.
func (l logistics) travellers() map[int64]transfer.Traveller {
	hotels, onRun := l.hotelOf(), l.runOf()
	out := make(map[int64]transfer.Traveller, len(l.delegates))
	for _, p := range l.delegates {
		out[p.ID] = transfer.Traveller{Delegate: p, Hotel: hotels[p.ID], OnRun: map[convene.Direction]bool{
			convene.Arrival: onRun[convene.Arrival][p.ID] != 0, convene.Departure: onRun[convene.Departure][p.ID] != 0}}
	}
	return out
}

// handleTransfersPropose plans runs for every flight not yet on one.
func (s *Server) handleTransfersPropose(c echo.Context) error {
	l, err := s.loadLogistics(c, needLegs|needDelegates|needBlocks|needStays|needRuns)
	if err != nil {
		return err
	}
	runs, err := transfer.ProposeRuns(l.meeting.ID, l.legs, l.travellers(), transfer.DefaultConfig())
	if err != nil {
		return err
	}
	if err := s.db.CreateTransferRuns(c.Request().Context(), runs); err != nil {
		if convene.ErrorCode(err) == convene.ECONFLICT {
			return s.redirectError(c, paths.Transfers(l.meeting.Code),
				"Someone planned runs at the same moment; the page now shows theirs.")
		}
		return err
	}
	return s.redirect(c, paths.Transfers(l.meeting.Code), fmt.Sprintf("%d runs planned.", len(runs)))
}

// transferRunUpdate reads the run edit form; the day and time are local to
// the run's airport.
func transferRunUpdate(f views.Form, run convene.TransferRun, airports convene.Airports, p convene.Problems) convene.TransferRunUpdate {
	upd := convene.TransferRunUpdate{Vehicle: f.Get("vehicle"), Driver: f.Get("driver"), Plate: f.Get("plate")}
	upd.Capacity = formInt(f.Get("capacity"), "capacity", "Enter the passenger seats (1 to 60).", p)
	a, _ := airports.Find(run.Airport)
	at, err := convene.ParseLocal(f.Get("day"), f.Get("time"), a.Location())
	if err != nil {
		p.Add("time", "Enter the day as YYYY-MM-DD and the time as HH:MM.")
	}
	upd.Departs = at
	return upd
}

// handleTransferUpdate changes a run's vehicle, driver and time.
func (s *Server) handleTransferUpdate(c echo.Context) error {
	l, err := s.loadLogistics(c, needRuns)
	if err != nil {
		return err
	}
	id, err := pathID(c, "id", "Transfer run")
	if err != nil {
		return err
	}
	var run convene.TransferRun
	for _, r := range l.runs {
		if r.ID == id {
			run = r
		}
	}
	if run.ID == 0 {
		return convene.NotFound("Transfer run")
	}
	f := views.Form{Values: formValues(c, "vehicle", "capacity", "driver", "plate", "day", "time")}
	p := convene.Problems{}
	upd := transferRunUpdate(f, run, l.airports, p)
	err = p.Err()
	if err == nil {
		err = s.db.UpdateTransferRun(c.Request().Context(), l.meeting.ID, id, upd)
	}
	if err != nil {
		return s.renderFormOf(c, err, func(f views.Form) (templ.Component, error) {
			all, err := s.logisticsOf(c.Request().Context(), l.meeting, needTransfersPage)
			d := all.transfersData(true)
			d.Form, d.FormRunID = f, id
			return views.TransfersPage(d), err
		}, f)
	}
	return s.redirect(c, paths.Transfers(l.meeting.Code), "Run updated.")
}

// handleTransferMove moves a passenger to another run of the same
// direction, or off every run (run 0).
func (s *Server) handleTransferMove(c echo.Context) error {
	l, err := s.loadLogistics(c, needDelegates)
	if err != nil {
		return err
	}
	p := convene.Problems{}
	delegate := formID(c.FormValue("delegate_id"), "delegate_id", "Passenger not found.", p)
	dir := convene.Direction(c.FormValue("direction"))
	if _, ok := l.people()[delegate]; !ok || (dir != convene.Arrival && dir != convene.Departure) {
		return convene.NotFound("Passenger")
	}
	const chooseRun = "Choose a run of this meeting in the same direction."
	to := formID(c.FormValue("run_id"), "run_id", chooseRun, p)
	if len(p) > 0 {
		return s.redirectError(c, paths.Transfers(l.meeting.Code), chooseRun)
	}
	if err := s.db.MovePassenger(c.Request().Context(), l.meeting.ID, delegate, to, dir); err != nil {
		if convene.ErrorCode(err) == convene.EINVALID {
			return s.redirectError(c, paths.Transfers(l.meeting.Code), convene.ErrorMessage(err))
		}
		return err
	}
	return s.redirect(c, paths.Transfers(l.meeting.Code), "Passenger moved.")
}

// handleTransferManifest is one run's printable manifest.
func (s *Server) handleTransferManifest(c echo.Context) error {
	l, err := s.loadLogistics(c, needRuns|needDelegates|needOfficers)
	if err != nil {
		return err
	}
	id, err := pathID(c, "id", "Transfer run")
	if err != nil {
		return err
	}
	for _, r := range l.transfersData(false).Runs {
		if r.Run.ID == id {
			return s.render(c, http.StatusOK, views.ManifestPage(l.meeting, r))
		}
	}
	return convene.NotFound("Transfer run")
}
