// Package transfer proposes airport transfer runs from delegates' arrival
// data: a dedicated car for every head of delegation (with their liaison
// officer), and for everyone else vans and buses that collect the people
// landing at the same airport within a time window. It imports the domain
// only and does no I/O, so the secretariat's "propose runs" button, its tests
// and its benchmark all run the same code.
package transfer

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// Arrival is one person landing (or, for departures, leaving) on a flight.
type Arrival struct {
	DelegateID int64
	Name       string
	Head       bool // heads of delegation ride alone, with their liaison officer
	Delegation string
	Airport    string // IATA code, e.g. PEN
	Terminal   string
	Flight     string
	At         time.Time // scheduled time, UTC
	Hotel      string    // destination
}

// VehicleType is a kind of vehicle in the host's fleet.
type VehicleType struct {
	Kind     string // "car", "van", "bus"
	Capacity int    // passenger seats, not counting the driver or liaison officer
}

// Config says how runs are formed.
type Config struct {
	// Window is how far apart two arrivals may be and still share a vehicle,
	// measured from the first arrival of the group. Default 45 minutes.
	Window time.Duration
	// Clearance is how long after landing people come out of immigration and
	// baggage; the run leaves that long after its last arrival. Default 30 minutes.
	Clearance time.Duration
	// Vehicles are the kinds available, any order. Default car 3, van 10, bus 40.
	Vehicles []VehicleType
}

// DefaultConfig is what a host usually starts with.
func DefaultConfig() Config {
	return Config{Window: 45 * time.Minute, Clearance: 30 * time.Minute,
		Vehicles: []VehicleType{{"car", 3}, {"van", 10}, {"bus", 40}}}
}

// Run is one vehicle leaving the airport with its passengers.
type Run struct {
	Airport    string
	Vehicle    VehicleType
	Dedicated  bool      // a head of delegation's own car
	Departs    time.Time // from the airport, UTC
	Passengers []Arrival // in arrival order
}

// Plan groups arrivals into runs. Heads of delegation each get a dedicated
// car. Other arrivals are grouped per airport: a group starts at the earliest
// unassigned arrival and takes everyone landing within Window of it (so a
// 23:50 and a 00:20 flight share a van: time, not the calendar day, decides).
// Each group gets the smallest vehicle that seats it; a group larger than the
// biggest vehicle is split into full big vehicles plus the smallest that seats
// the rest. Runs come back ordered by departure, then airport.
func Plan(arrivals []Arrival, cfg Config) ([]Run, error) {
	cfg = withDefaults(cfg)
	fleet := slices.Clone(cfg.Vehicles)
	slices.SortFunc(fleet, func(a, b VehicleType) int { return cmp.Compare(a.Capacity, b.Capacity) })
	if len(fleet) == 0 || fleet[0].Capacity < 1 {
		return nil, fmt.Errorf("transfer: no vehicle with a seat")
	}
	car := fleet[0]
	for _, v := range fleet {
		if v.Kind == "car" {
			car = v
			break
		}
	}

	sorted := slices.Clone(arrivals)
	slices.SortStableFunc(sorted, func(a, b Arrival) int {
		if c := cmp.Compare(a.Airport, b.Airport); c != 0 {
			return c
		}
		return a.At.Compare(b.At)
	})

	var runs []Run
	var others []Arrival
	for _, a := range sorted {
		if a.Head {
			runs = append(runs, Run{Airport: a.Airport, Vehicle: car, Dedicated: true,
				Departs: a.At.Add(cfg.Clearance), Passengers: []Arrival{a}})
			continue
		}
		others = append(others, a)
	}

	for i := 0; i < len(others); {
		first := others[i]
		j := i + 1
		for j < len(others) && others[j].Airport == first.Airport && others[j].At.Sub(first.At) <= cfg.Window {
			j++
		}
		group := others[i:j]
		departs := group[len(group)-1].At.Add(cfg.Clearance)
		for _, load := range split(len(group), fleet) {
			runs = append(runs, Run{Airport: first.Airport, Vehicle: load.vehicle, Departs: departs,
				Passengers: slices.Clone(group[:load.n])})
			group = group[load.n:]
		}
		i = j
	}

	slices.SortStableFunc(runs, func(a, b Run) int {
		if c := a.Departs.Compare(b.Departs); c != 0 {
			return c
		}
		return cmp.Compare(a.Airport, b.Airport)
	})
	return runs, nil
}

type load struct {
	vehicle VehicleType
	n       int
}

// split seats n people in as few vehicles as the fleet allows: full vehicles
// of the biggest kind, then the smallest kind that seats the rest.
func split(n int, fleet []VehicleType) []load {
	biggest := fleet[len(fleet)-1]
	var out []load
	for n > biggest.Capacity {
		out = append(out, load{biggest, biggest.Capacity})
		n -= biggest.Capacity
	}
	for _, v := range fleet {
		if v.Capacity >= n {
			out = append(out, load{v, n})
			break
		}
	}
	return out
}

func withDefaults(cfg Config) Config {
	d := DefaultConfig()
	if cfg.Window <= 0 {
		cfg.Window = d.Window
	}
	if cfg.Clearance < 0 {
		cfg.Clearance = 0
	} else if cfg.Clearance == 0 {
		cfg.Clearance = d.Clearance
	}
	if len(cfg.Vehicles) == 0 {
		cfg.Vehicles = d.Vehicles
	}
	return cfg
}

// CheckCapacity reports a plain-words problem when a run carries more
// passengers than its vehicle seats; hand edits go through it before saving.
func CheckCapacity(r Run) error {
	if len(r.Passengers) > r.Vehicle.Capacity {
		return fmt.Errorf("the %s seats %d passengers; this run has %d", r.Vehicle.Kind, r.Vehicle.Capacity, len(r.Passengers))
	}
	return nil
}
