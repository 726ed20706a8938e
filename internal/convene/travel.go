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
func (a Airport) Location() *time.Location {
	if loc, err := time.LoadLocation(a.TimeZone); err == nil {
		return loc
	}
	return time.UTC
}

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
