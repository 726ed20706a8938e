package convene

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Airport is an airport delegations fly into or out of. Times of flights are
// shown in the airport's own zone, because that is what the ticket says. The
// airports are reference data in the store (seeded with the region's and the
// partners' capitals'); a travel leg at an airport not stored is refused: the
// secretariat cannot meet a flight at an airport it has not planned for.
type Airport struct {
	IATA     string
	Name     string
	City     string
	TimeZone string
}

// iataCode is an IATA airport code: three capital letters.
var iataCode = regexp.MustCompile(`^[A-Z]{3}$`)

// Validate checks an airport before it is stored: a three-letter IATA code,
// a name and a time zone the zone database knows. It trims what was typed
// and writes the code in capitals.
func (a *Airport) Validate() error {
	p := Problems{}
	a.IATA = strings.ToUpper(strings.TrimSpace(a.IATA))
	a.Name, a.City, a.TimeZone = strings.TrimSpace(a.Name), strings.TrimSpace(a.City), strings.TrimSpace(a.TimeZone)
	if !iataCode.MatchString(a.IATA) {
		p.Add("iata", "Enter the airport's three-letter IATA code, e.g. PEN.")
	}
	if a.Name == "" {
		p.Add("name", "Enter the airport's name.")
	} else if len(a.Name) > 200 {
		p.Add("name", "The name is longer than 200 characters.")
	}
	if len(a.City) > 120 {
		p.Add("city", "The city is longer than 120 characters.")
	}
	if a.TimeZone == "" {
		p.Add("time_zone", "Enter the airport's time zone, e.g. Asia/Kuala_Lumpur.")
	} else if _, err := time.LoadLocation(a.TimeZone); err != nil || a.TimeZone == "Local" {
		p.Add("time_zone", fmt.Sprintf("%q is not a time zone name; use one such as Asia/Kuala_Lumpur.", a.TimeZone))
	}
	return p.Err()
}

// Airports is a list of airports as the store returns it.
type Airports []Airport

// Find returns the airport with an IATA code.
func (as Airports) Find(iata string) (Airport, bool) {
	for _, a := range as {
		if a.IATA == iata {
			return a, true
		}
	}
	return Airport{}, false
}

// Location is the airport's time zone; UTC if the zone database lacks it.
func (a Airport) Location() *time.Location { return zone(a.TimeZone) }

// Direction says whether a leg or a transfer run comes to the meeting or
// leaves it.
type Direction string

// Directions of travel.
const (
	Arrival   Direction = "arrival"
	Departure Direction = "departure"
)

// Label is the direction in plain words.
func (d Direction) Label() string {
	if d == Departure {
		return "Departure"
	}
	return "Arrival"
}

// TravelLeg is one person's arrival or departure flight.
type TravelLeg struct {
	ID         int64
	DelegateID int64
	Direction  Direction
	At         time.Time // scheduled, UTC
	Flight     string    // "MH 1142"
	Airport    string    // IATA
	Terminal   string
	// Zone is the airport's IANA time zone, read with the leg from the
	// airports table (or set by ReadTravel): the leg's times are shown in it.
	Zone string
	// Filled on read for boards.
	Delegate Delegate
}

// flightNumber is an airline designator (two letters or a letter and a
// digit, or three letters) and one to four digits, with an optional space.
var flightNumber = regexp.MustCompile(`^(?:[A-Z][A-Z0-9]|[0-9][A-Z]|[A-Z]{3}) ?[0-9]{1,4}[A-Z]?$`)

// NormalizeFlight writes a flight number the way boards show it: upper case,
// one space between the airline and the number ("mh1142" is "MH 1142").
func NormalizeFlight(s string) string {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	i := 2
	if len(s) > 3 && s[2] >= 'A' && s[2] <= 'Z' {
		i = 3
	}
	if len(s) <= i {
		return s
	}
	return s[:i] + " " + s[i:]
}

// Validate checks a leg before it is stored. The flight number is optional
// (a delegation arriving by road has none) but must look like one if given.
func (l *TravelLeg) Validate() error {
	p := Problems{}
	if l.Direction != Arrival && l.Direction != Departure {
		p.Add("direction", "Choose arrival or departure.")
	}
	if l.Flight = strings.TrimSpace(l.Flight); l.Flight != "" {
		l.Flight = NormalizeFlight(l.Flight)
		if !flightNumber.MatchString(l.Flight) {
			p.Add("flight", "Enter the flight number as on the ticket, e.g. MH 1142.")
		}
	}
	if !iataCode.MatchString(l.Airport) {
		p.Add("airport", "Choose the airport from the list.")
	}
	if l.At.IsZero() {
		p.Add("at", "Enter the date and local time of the flight.")
	}
	if len(l.Terminal) > 10 {
		p.Add("terminal", "The terminal is longer than 10 characters.")
	}
	return p.Err()
}

// TravelInput is one side (arrival or departure) of a travel form as it was
// typed: the day and the time local at the airport, as on the ticket. The
// travel form, the registration forms and the spreadsheet import all read
// flights through it, so that a flight is checked by one rule whatever the
// path (DESIGN.md rule 11).
type TravelInput struct {
	Day, Time, Flight, Airport, Terminal string
}

// Empty reports whether nothing was typed for the side: no time and no
// flight number (a day or an airport preset by the form does not count).
// An empty side means "no flight recorded": saving it removes the leg.
func (in TravelInput) Empty() bool {
	return strings.TrimSpace(in.Time) == "" && strings.TrimSpace(in.Flight) == ""
}

// TravelPrefixes are the prefixes of the travel fields in every form and
// template: a_ for the arrival, d_ for the departure (a_day, a_time,
// a_flight, a_airport, a_terminal, d_day ...).
var TravelPrefixes = map[Direction]string{Arrival: "a_", Departure: "d_"}

// ReadTravel turns the two sides of a travel form into a person's arrival
// and departure legs: the time is read in the airport's own zone, each leg
// is checked by TravelLeg.Validate (flight number normalised), and the
// departure must come after the arrival. An empty side gives a zero leg
// (At zero, no flight). Problems are keyed by form field: a_time, d_flight...
func ReadTravel(airports Airports, arrival, departure TravelInput) (TravelLeg, TravelLeg, error) {
	p := Problems{}
	read := func(in TravelInput, dir Direction) TravelLeg {
		if in.Empty() {
			return TravelLeg{}
		}
		prefix := TravelPrefixes[dir]
		l := TravelLeg{Direction: dir, Flight: in.Flight, Airport: strings.ToUpper(strings.TrimSpace(in.Airport)),
			Terminal: strings.TrimSpace(in.Terminal)}
		loc := time.UTC
		if a, ok := airports.Find(l.Airport); ok {
			loc, l.Zone = a.Location(), a.TimeZone
		} else {
			p.Add(prefix+"airport", "Choose the airport from the list.")
		}
		if at, err := ParseLocal(in.Day, in.Time, loc); err == nil {
			l.At = at
		} else if strings.TrimSpace(in.Day) == "" || strings.TrimSpace(in.Time) == "" {
			p.Add(prefix+"time", "Enter the day and the local time of the flight.")
		} else {
			p.Add(prefix+"time", "Enter the day as 2025-02-25 and the time as 14:05.")
		}
		if err := l.Validate(); err != nil {
			for k, v := range ErrorFields(err) {
				if k == "at" {
					k = "time"
				}
				p.Add(prefix+k, v)
			}
		}
		return l
	}
	a, d := read(arrival, Arrival), read(departure, Departure)
	if len(p) == 0 && !a.At.IsZero() && !d.At.IsZero() && !d.At.After(a.At) {
		p.Add("d_time", "The departure is before the arrival.")
	}
	return a, d, p.Err()
}

// Location is the zone of the leg's airport (UTC when unknown).
func (l TravelLeg) Location() *time.Location {
	return Airport{TimeZone: l.Zone}.Location()
}

// Input is the leg as a form shows it: day and time local at the airport.
func (l TravelLeg) Input() TravelInput {
	if l.At.IsZero() && l.Flight == "" {
		return TravelInput{}
	}
	local := l.At.In(l.Location())
	return TravelInput{Day: local.Format("2006-01-02"), Time: local.Format("15:04"), Flight: l.Flight,
		Airport: l.Airport, Terminal: l.Terminal}
}

// Recorded reports whether the leg holds a flight (a zero leg means none).
func (l TravelLeg) Recorded() bool { return !l.At.IsZero() }

// Label is the leg as a person's page prints it: "MH 1142, PEN, 25 February
// 2025 14:05 MYT", local at the airport; "" when none is recorded.
func (l TravelLeg) Label() string {
	if !l.Recorded() {
		return ""
	}
	out := FormatInZone(l.At, l.Location(), "2 January 2006 15:04")
	if l.Airport != "" {
		out = l.Airport + ", " + out
	}
	if l.Flight != "" {
		out = l.Flight + ", " + out
	}
	return out
}

// ParseLocal reads a date ("2025-02-25") and a time of day ("23:50") typed
// in an airport's local time and returns the instant in UTC.
func ParseLocal(day, clock string, loc *time.Location) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(day)+" "+strings.TrimSpace(clock), loc)
	if err != nil {
		return time.Time{}, err
	}
	return t.UTC(), nil
}

// TransferRun is one vehicle between an airport and the hotels.
type TransferRun struct {
	ID          int64
	MeetingID   int64
	Direction   Direction
	Airport     string
	DepartsAt   time.Time // UTC
	Vehicle     string    // car, van, bus
	Capacity    int
	Dedicated   bool // a head of delegation's own car
	Driver      string
	Plate       string
	Destination string // hotel(s) the run goes to, or leaves from
	Passengers  []TransferPassenger
}

// TransferPassenger is a person on a run, with the flight the run was
// planned for.
type TransferPassenger struct {
	DelegateID int64
	Flight     string
	At         time.Time
	// Filled on read.
	Delegate Delegate
	Current  TravelLeg // the leg as it stands now; zero if removed
}

// FlightChanged reports whether the passenger's flight or time has changed
// since the run was planned, or the leg was removed.
func (p TransferPassenger) FlightChanged() bool {
	return p.Current.ID == 0 || p.Current.Flight != p.Flight || !p.Current.At.Equal(p.At)
}

// Flagged reports whether any passenger's flight changed.
func (r TransferRun) Flagged() bool {
	for _, p := range r.Passengers {
		if p.FlightChanged() {
			return true
		}
	}
	return false
}

// TransferRunUpdate is what the secretariat may change on a run by hand.
type TransferRunUpdate struct {
	Vehicle  string
	Capacity int
	Driver   string
	Plate    string
	Departs  time.Time
}
