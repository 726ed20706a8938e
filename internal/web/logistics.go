package web

import (
	"context"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// logistics is what the logistics pages of one meeting read: hotels and
// rooms, liaison officers, travel and transfers. Each handler loads only the
// parts it uses (need): a POST that releases one room reads the meeting and
// nothing else, a page its own lists.
type logistics struct {
	meeting     convene.Meeting
	hotels      []convene.Venue
	blocks      []convene.RoomBlock
	stays       []convene.Stay     // each with its guest
	delegates   []convene.Delegate // expected at the meeting, protocol order
	delegations []convene.Delegation
	officers    []convene.LiaisonOfficer
	legs        []convene.TravelLeg
	runs        []convene.TransferRun
	airports    convene.Airports // read with legs or runs, for their local times
	sessions    []convene.Session
}

// need says which parts of logistics a handler reads.
type need uint

const (
	needHotels      need = 1 << iota // every hotel, for choices and rooming lists
	needBlocks                       // the meeting's room blocks
	needStays                        // who sleeps where (reads the delegates too, to name the guests)
	needDelegates                    // the delegates expected at the meeting
	needDelegations                  // the meeting's delegations
	needOfficers                     // the liaison officers
	needLegs                         // arrival and departure flights
	needRuns                         // transfer runs with their passengers
	needSessions                     // the programme

	// needBoard is what the arrivals board reads (board).
	needBoard = needLegs | needDelegates | needBlocks | needStays | needRuns
)

// loadLogistics finds the path's meeting and loads the parts n names.
func (s *Server) loadLogistics(c echo.Context, n need) (logistics, error) {
	m, err := s.pathMeeting(c)
	if err != nil {
		return logistics{meeting: m}, err
	}
	return s.logisticsOf(c.Request().Context(), m, n)
}

// logisticsOf loads the parts n names of a meeting's logistics.
func (s *Server) logisticsOf(ctx context.Context, m convene.Meeting, n need) (logistics, error) {
	l := logistics{meeting: m}
	var err error
	load := func(part need, f func() error) {
		if err == nil && n&part != 0 {
			err = f()
		}
	}
	load(needHotels, func() (e error) { l.hotels, e = s.db.FindHotels(ctx); return })
	load(needBlocks, func() (e error) { l.blocks, e = s.db.FindRoomBlocks(ctx, m.ID); return })
	load(needStays, func() (e error) { l.stays, e = s.db.FindStays(ctx, m.ID); return })
	load(needDelegates|needStays, func() error {
		all, _, err := s.db.FindDelegates(ctx, convene.DelegateFilter{MeetingID: m.ID, Limit: 1000})
		if err != nil {
			return err
		}
		byID := make(map[int64]convene.Delegate, len(all))
		for _, p := range all {
			byID[p.ID] = p
			if p.Status.HoldsPlace() {
				l.delegates = append(l.delegates, p)
			}
		}
		for i := range l.stays {
			l.stays[i].Delegate = byID[l.stays[i].DelegateID]
		}
		return nil
	})
	load(needDelegations, func() (e error) {
		l.delegations, e = s.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
		return
	})
	load(needOfficers, func() (e error) { l.officers, e = s.db.FindLiaisonOfficers(ctx, m.ID); return })
	load(needLegs, func() (e error) { l.legs, e = s.db.FindTravelLegs(ctx, m.ID); return })
	load(needRuns, func() (e error) { l.runs, e = s.db.FindTransferRuns(ctx, m.ID); return })
	load(needLegs|needRuns, func() (e error) { l.airports, e = s.db.FindAirports(ctx); return })
	load(needSessions, func() (e error) {
		l.sessions, e = s.db.FindSessions(ctx, convene.SessionFilter{MeetingIDs: []int64{m.ID}})
		return
	})
	return l, err
}

// canManage says whether the actor may change the logistics pages' data.
func (s *Server) canManage(c echo.Context) bool {
	return convene.Allow(actor(c).Role, convene.PermManageMeetings)
}

// people indexes the meeting's expected delegates by id.
func (l logistics) people() map[int64]convene.Delegate {
	m := make(map[int64]convene.Delegate, len(l.delegates))
	for _, p := range l.delegates {
		m[p.ID] = p
	}
	return m
}

// hotelOf names the hotel each delegate sleeps in.
func (l logistics) hotelOf() map[int64]string {
	blocks := map[int64]string{}
	for _, b := range l.blocks {
		blocks[b.ID] = b.HotelName
	}
	m := map[int64]string{}
	for _, st := range l.stays {
		m[st.DelegateID] = blocks[st.BlockID]
	}
	return m
}

// runOf finds the run each person is on, per direction.
func (l logistics) runOf() map[convene.Direction]map[int64]int64 {
	m := map[convene.Direction]map[int64]int64{convene.Arrival: {}, convene.Departure: {}}
	for _, r := range l.runs {
		for _, p := range r.Passengers {
			m[r.Direction][p.DelegateID] = r.ID
		}
	}
	return m
}

func (s *Server) handleLogistics(c echo.Context) error {
	l, err := s.loadLogistics(c, needBlocks|needStays|needDelegates|needDelegations|needOfficers|needBoard|needSessions)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.LogisticsPage(l.dashboard()))
}

// dashboard builds the logistics dashboard's figures and problem list:
// rooms used and free per block per night, meal headcounts, people without
// a room, delegations without a liaison officer, arrivals per day,
// transfers planned and not, and the travel problems.
func (l logistics) dashboard() views.LogisticsDashboard {
	d := views.LogisticsDashboard{Meeting: l.meeting, Officers: l.officers}
	staying := map[int64]convene.Stay{}
	for _, st := range l.stays {
		staying[st.DelegateID] = st
	}
	for _, b := range l.blocks {
		var mine []convene.Stay
		for _, st := range l.stays {
			if st.BlockID == b.ID {
				mine = append(mine, st)
			}
		}
		used := convene.BlockUsage(mine)
		row := views.BlockNights{Block: b}
		for n := b.FirstNight; !n.After(b.LastNight); n = n.AddDays(1) {
			row.Nights = append(row.Nights, views.NightUse{Night: n, Used: used[n], Free: b.RoomCount - used[n]})
			if used[n] > b.RoomCount {
				d.Problems = append(d.Problems, views.Problem{Text: fmt.Sprintf("%s, %s: %d rooms used on the night of %s but only %d held.",
					b.HotelName, b.RoomType, used[n], n.Long(), b.RoomCount), Href: paths.Hotels(l.meeting.Code), Action: "Hotels", Public: true})
			}
		}
		d.Blocks = append(d.Blocks, row)
	}
	meals := map[string]int{}
	for _, p := range l.delegates {
		diet := p.Dietary
		if diet == "" {
			diet = "none"
		}
		meals[diet]++
		if _, ok := staying[p.ID]; !ok {
			d.Problems = append(d.Problems, views.Problem{Text: fmt.Sprintf("%s (%s) has no hotel room.", p.DisplayName(), p.Country.Name),
				Href: paths.Hotels(l.meeting.Code), Action: "Hotels", Public: true})
		}
	}
	for _, diet := range convene.DietaryChoices {
		d.Meals = append(d.Meals, views.LabelCount{Label: convene.DietaryLabel(diet, ""), Count: meals[diet]})
	}
	d.Expected = len(l.delegates)
	covered := map[int64]bool{}
	for _, o := range l.officers {
		covered[o.DelegationID] = true
	}
	for _, g := range l.delegations {
		if !covered[g.ID] {
			d.Problems = append(d.Problems, views.Problem{Text: fmt.Sprintf("The delegation of %s has no liaison officer.", g.Country.Name),
				Href: paths.Liaison(l.meeting.Code), Action: "Liaison officers", Public: true})
		}
	}
	l.travelFigures(&d)
	return d
}

// travelFigures adds travel to the dashboard: arrivals per day, transfers
// planned and not, and the travel problems (no arrival recorded for someone
// who flies in, a flight changed after its run was planned).
func (l logistics) travelFigures(d *views.LogisticsDashboard) {
	arriving := map[int64]bool{}
	for _, day := range l.board() {
		n := 0
		for _, x := range day.Legs {
			if x.Leg.Direction == convene.Arrival {
				n++
				arriving[x.Person.ID] = true
			}
			if x.RunID == 0 {
				d.Unplanned++
			}
		}
		if n > 0 {
			d.Arrivals = append(d.Arrivals, views.LabelCount{Label: day.Day, Count: n})
		}
	}
	d.Runs = len(l.runs)
	for _, p := range l.delegates {
		if !arriving[p.ID] && p.Country.ID != l.meeting.HostCountryID {
			d.Problems = append(d.Problems, l.travelProblem(p.ID, fmt.Sprintf("%s (%s) has no arrival flight recorded.", p.DisplayName(), p.Country.Name)))
		}
	}
	d.Problems = append(d.Problems, l.scheduleProblems()...)
	people := l.people()
	for _, r := range l.runs {
		for _, x := range r.Passengers {
			if x.FlightChanged() {
				d.Problems = append(d.Problems, l.travelProblem(x.DelegateID, fmt.Sprintf("Transfer leaving %s: the flight of %s changed after the transfer was planned.",
					convene.FormatInZone(r.DepartsAt, l.meeting.Location(), "2 Jan 15:04"), people[x.DelegateID].DisplayName())))
			}
		}
	}
}

// travelProblem is a problem with a person's flights, linked to their
// travel form (for those who may use it: focal points and the secretariat).
func (l logistics) travelProblem(delegateID int64, text string) views.Problem {
	return views.Problem{Text: text, Href: paths.Travel(l.meeting.Code, delegateID), Action: "Travel form"}
}

// scheduleProblems compares each person's flights with the sessions they
// attend: landing after the first one starts, or taking off before the last
// one ends, is a problem the secretariat must see before the day.
func (l logistics) scheduleProblems() []views.Problem {
	first, last := map[int64]convene.Session{}, map[int64]convene.Session{}
	for _, s := range l.sessions {
		for _, p := range convene.Attendees(s, l.delegates) {
			if f, ok := first[p.ID]; !ok || s.StartsAt.Before(f.StartsAt) {
				first[p.ID] = s
			}
			if e, ok := last[p.ID]; !ok || s.EndsAt.After(e.EndsAt) {
				last[p.ID] = s
			}
		}
	}
	loc := l.meeting.Location()
	people := l.people()
	var out []views.Problem
	for _, leg := range l.legs {
		p, ok := people[leg.DelegateID]
		if !ok {
			continue
		}
		a, _ := l.airports.Find(leg.Airport)
		if s, ok := first[p.ID]; ok && leg.Direction == convene.Arrival && leg.At.After(s.StartsAt) {
			out = append(out, l.travelProblem(p.ID, fmt.Sprintf("%s lands at %s, after %s starts (%s).", p.DisplayName(),
				convene.FormatInZone(leg.At, a.Location(), "2 Jan 15:04"), s.Title, convene.FormatInZone(s.StartsAt, loc, "2 Jan 15:04"))))
		}
		if s, ok := last[p.ID]; ok && leg.Direction == convene.Departure && leg.At.Before(s.EndsAt) {
			out = append(out, l.travelProblem(p.ID, fmt.Sprintf("%s takes off at %s, before %s ends (%s).", p.DisplayName(),
				convene.FormatInZone(leg.At, a.Location(), "2 Jan 15:04"), s.Title, convene.FormatInZone(s.EndsAt, loc, "2 Jan 15:04"))))
		}
	}
	return out
}
