package transfer

import (
	"slices"
	"strings"
	"time"

	"convene/internal/convene"
)

// DepartureLeadTime is how long before a flight the departure run leaves the
// hotel: the drive to Penang's airport plus check-in for an international
// flight.
const DepartureLeadTime = 3 * time.Hour

// Traveller is what planning needs to know of a person besides their legs.
type Traveller struct {
	Delegate convene.Delegate
	Hotel    string // where they sleep; the run's destination
	OnRun    map[convene.Direction]bool
}

// ProposeRuns plans runs for a meeting's legs whose traveller is not yet on
// a run in that direction. Arrivals and departures are planned apart with
// Plan's rules; a departure run leaves the hotels DepartureLeadTime before
// the earliest flight it serves. Legs of people not in travellers are skipped.
func ProposeRuns(meetingID int64, legs []convene.TravelLeg, travellers map[int64]Traveller, cfg Config) ([]convene.TransferRun, error) {
	var out []convene.TransferRun
	for _, dir := range []convene.Direction{convene.Arrival, convene.Departure} {
		var in []Arrival
		for _, l := range legs {
			t, ok := travellers[l.DelegateID]
			if !ok || l.Direction != dir || t.OnRun[dir] {
				continue
			}
			in = append(in, Arrival{DelegateID: l.DelegateID, Name: t.Delegate.DisplayName(),
				Head: t.Delegate.Role == convene.RoleHead, Delegation: t.Delegate.Country.ISO3, Airport: l.Airport,
				Terminal: l.Terminal, Flight: l.Flight, At: l.At, Hotel: t.Hotel})
		}
		if len(in) == 0 {
			continue
		}
		runs, err := Plan(in, cfg)
		if err != nil {
			return nil, err
		}
		for _, r := range runs {
			run := convene.TransferRun{MeetingID: meetingID, Direction: dir, Airport: r.Airport, DepartsAt: r.Departs,
				Vehicle: r.Vehicle.Kind, Capacity: r.Vehicle.Capacity, Dedicated: r.Dedicated}
			var dest []string
			first := r.Passengers[0].At
			for _, p := range r.Passengers {
				run.Passengers = append(run.Passengers, convene.TransferPassenger{DelegateID: p.DelegateID, Flight: p.Flight, At: p.At})
				if p.Hotel != "" && !slices.Contains(dest, p.Hotel) {
					dest = append(dest, p.Hotel)
				}
				if p.At.Before(first) {
					first = p.At
				}
			}
			run.Destination = strings.Join(dest, "; ")
			if dir == convene.Departure {
				run.DepartsAt = first.Add(-DepartureLeadTime)
			}
			out = append(out, run)
		}
	}
	return out, nil
}
