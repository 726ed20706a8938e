package convene

import (
	"strings"
	"unicode/utf8"
)

// Venue is a place where meetings are held: a hotel or a convention centre.
type Venue struct {
	ID       int64
	Name     string
	Kind     string // "hotel", "convention_centre", "other"
	City     string
	Address  string
	MapURL   string
	Notes    string
	TimeZone string // IANA zone of the venue
	Rooms    []Room // filled by FindVenueByID
}

// Room is a meeting room inside a venue.
type Room struct {
	ID       int64
	VenueID  int64
	Name     string
	Capacity int // seats in the room's usual layout
	Notes    string
}

// Validate checks a room before it is stored.
func (r *Room) Validate() error {
	p := Problems{}
	r.Name = strings.TrimSpace(r.Name)
	if r.Name == "" {
		p.Add("name", "Enter the room's name.")
	} else if utf8.RuneCountInString(r.Name) > 120 {
		p.Add("name", "The name is longer than 120 characters.")
	}
	if r.Capacity < 1 || r.Capacity > 5000 {
		p.Add("capacity", "Enter how many people the room seats (1 to 5000).")
	}
	return p.Err()
}
