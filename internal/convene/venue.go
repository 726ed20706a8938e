package convene

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// VenueKind says what a venue is: a hotel (where delegations may also
// sleep, so room blocks reference it), a convention centre, or other.
type VenueKind string

// The kinds of venue.
const (
	VenueHotel            VenueKind = "hotel"
	VenueConventionCentre VenueKind = "convention_centre"
	VenueOther            VenueKind = "other"
)

// VenueKinds lists the kinds in form order.
var VenueKinds = []VenueKind{VenueHotel, VenueConventionCentre, VenueOther}

// Label is the kind in plain words.
func (k VenueKind) Label() string {
	switch k {
	case VenueHotel:
		return "Hotel"
	case VenueConventionCentre:
		return "Convention centre"
	case VenueOther:
		return "Other"
	}
	return string(k)
}

// Venue is a place where meetings are held or delegations stay: a hotel or
// a convention centre.
type Venue struct {
	ID       int64
	Name     string
	Kind     VenueKind
	City     string
	Address  string
	MapURL   string
	Notes    string
	TimeZone string // IANA zone of the venue
	// Region is the ISO 3166-2 code of the venue's state or region
	// ("MY-07" for Pulau Pinang), empty when not given; the date planner
	// counts that region's holidays for meetings held here.
	Region string
	Rooms  []Room // filled by FindVenueByID
	// Meetings names the meetings held here, filled by FindVenueByID.
	Meetings []Meeting
}

// Validate checks a venue before it is stored: a name, a kind, a time zone
// the zone database knows, a region code of a country Convene knows and an
// http(s) map link. It trims what was typed. Problems are keyed by the
// form's field names.
func (v *Venue) Validate() error {
	p := Problems{}
	v.Name, v.City, v.Address = strings.TrimSpace(v.Name), strings.TrimSpace(v.City), strings.TrimSpace(v.Address)
	v.MapURL, v.Notes, v.TimeZone = strings.TrimSpace(v.MapURL), strings.TrimSpace(v.Notes), strings.TrimSpace(v.TimeZone)
	v.Region = strings.ToUpper(strings.TrimSpace(v.Region))
	if v.Name == "" {
		p.Add("name", "Enter the venue's name.")
	} else if utf8.RuneCountInString(v.Name) > 200 {
		p.Add("name", "The name is longer than 200 characters.")
	}
	if v.Kind == "" {
		v.Kind = VenueHotel
	}
	if !oneOf(v.Kind, VenueKinds) {
		p.Add("kind", "Choose a hotel, a convention centre or other.")
	}
	if utf8.RuneCountInString(v.City) > 120 {
		p.Add("city", "The city is longer than 120 characters.")
	}
	if utf8.RuneCountInString(v.Address) > 500 {
		p.Add("address", "The address is longer than 500 characters.")
	}
	if v.MapURL != "" {
		u, err := url.Parse(v.MapURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(v.MapURL) > 1000 {
			p.Add("map_url", "Enter the map link as a web address starting with https://.")
		}
	}
	if utf8.RuneCountInString(v.Notes) > 2000 {
		p.Add("notes", "Notes are limited to 2000 characters.")
	}
	if v.TimeZone == "" {
		p.Add("time_zone", "Enter the venue's time zone, e.g. Asia/Kuala_Lumpur.")
	} else if _, err := time.LoadLocation(v.TimeZone); err != nil || v.TimeZone == "Local" {
		p.Add("time_zone", fmt.Sprintf("%q is not a time zone name; use one such as Asia/Kuala_Lumpur.", v.TimeZone))
	}
	if !ValidVenueRegion(v.Region) {
		p.Add("region", "Enter the ISO 3166-2 code of the state or region, e.g. MY-07 for Pulau Pinang, or leave it empty.")
	}
	return p.Err()
}

// Location is the venue's zone; UTC if the zone database lacks it.
func (v Venue) Location() *time.Location {
	m := Meeting{TimeZone: v.TimeZone}
	return m.Location()
}

// ValidVenueRegion reports whether region is empty or the ISO 3166-2 code
// of a region of one of the countries Convene knows (its prefix names the
// country), as ValidRegion decides for holidays.
func ValidVenueRegion(region string) bool {
	if region == "" {
		return true
	}
	prefix, _, _ := strings.Cut(region, "-")
	for iso3, two := range iso2 {
		if two == prefix {
			return ValidRegion(iso3, region)
		}
	}
	return false
}

// RoomLayout is how a room is set up; a room seats a different number of
// people in each.
type RoomLayout string

// The layouts a room may offer.
const (
	LayoutBoardroom    RoomLayout = "boardroom"
	LayoutHollowSquare RoomLayout = "hollow_square"
	LayoutTheatre      RoomLayout = "theatre"
	LayoutClassroom    RoomLayout = "classroom"
	LayoutBanquet      RoomLayout = "banquet"
)

// RoomLayouts lists the layouts in form order.
var RoomLayouts = []RoomLayout{LayoutBoardroom, LayoutHollowSquare, LayoutTheatre, LayoutClassroom, LayoutBanquet}

// Label is the layout in plain words.
func (l RoomLayout) Label() string {
	switch l {
	case LayoutBoardroom:
		return "Boardroom"
	case LayoutHollowSquare:
		return "Hollow square"
	case LayoutTheatre:
		return "Theatre"
	case LayoutClassroom:
		return "Classroom"
	case LayoutBanquet:
		return "Banquet"
	}
	return string(l)
}

// RoomEquipment is what a room has for a meeting.
type RoomEquipment struct {
	Booths    int  // interpretation booths
	Screens   int  // projection screens or displays
	Flags     bool // flag stands for the delegations
	Podium    bool
	Recording bool // audio or video recording
}

// Room is a meeting room inside a venue.
type Room struct {
	ID        int64
	VenueID   int64
	Name      string
	Seats     map[RoomLayout]int // seats in each layout the room offers
	Equipment RoomEquipment
	Notes     string
	// Capacity is filled on read: the seats of the room's largest layout,
	// what counts when a session names no layout.
	Capacity int
}

// MaxRoomSeats is the most seats a room may have in one layout.
const MaxRoomSeats = 5000

// Largest is the seats of the room's largest layout, 0 when it offers none.
func (r Room) Largest() int {
	n := 0
	for _, s := range r.Seats {
		n = max(n, s)
	}
	return n
}

// SeatsIn is the room's seats in layout, or in its largest layout when
// layout is empty; 0 when the room does not offer layout.
func (r Room) SeatsIn(layout RoomLayout) int {
	if layout == "" {
		return r.Largest()
	}
	return r.Seats[layout]
}

// Validate checks a room before it is stored: a name, at least one layout,
// and for each layout offered between 1 and MaxRoomSeats seats (a layout
// left out is not offered; 0 is refused rather than taken as "not
// offered", so that a slip is never silently read as a choice). Problems
// are keyed by the form's field names ("seats_theatre").
func (r *Room) Validate() error {
	p := Problems{}
	r.Name, r.Notes = strings.TrimSpace(r.Name), strings.TrimSpace(r.Notes)
	if r.Name == "" {
		p.Add("name", "Enter the room's name.")
	} else if utf8.RuneCountInString(r.Name) > 120 {
		p.Add("name", "The name is longer than 120 characters.")
	}
	for l, n := range r.Seats {
		if !oneOf(l, RoomLayouts) {
			p.Add("seats", "Choose layouts from the list.")
		} else if n < 1 || n > MaxRoomSeats {
			p.Add("seats_"+string(l), fmt.Sprintf("Enter how many people the room seats as %s (1 to %d), or leave it empty if the room is not set up that way.",
				strings.ToLower(l.Label()), MaxRoomSeats))
		}
	}
	if len(r.Seats) == 0 {
		p.Add("seats", "Enter the seats of at least one layout.")
	}
	if r.Equipment.Booths < 0 || r.Equipment.Booths > 20 {
		p.Add("booths", "Enter the number of interpretation booths (0 to 20).")
	}
	if r.Equipment.Screens < 0 || r.Equipment.Screens > 20 {
		p.Add("screens", "Enter the number of screens (0 to 20).")
	}
	if utf8.RuneCountInString(r.Notes) > 2000 {
		p.Add("notes", "Notes are limited to 2000 characters.")
	}
	return p.Err()
}

// Summary describes the equipment in a few words, e.g. "2 booths, 1
// screen, flags, podium".
func (e RoomEquipment) Summary() string {
	var parts []string
	plural := func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", n, many)
	}
	if e.Booths > 0 {
		parts = append(parts, plural(e.Booths, "interpretation booth", "interpretation booths"))
	}
	if e.Screens > 0 {
		parts = append(parts, plural(e.Screens, "screen", "screens"))
	}
	if e.Flags {
		parts = append(parts, "flags")
	}
	if e.Podium {
		parts = append(parts, "podium")
	}
	if e.Recording {
		parts = append(parts, "recording")
	}
	return strings.Join(parts, ", ")
}
