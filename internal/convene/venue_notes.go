package convene

import "strings"

// VenueNotes are what the secretariat tells every delegation about the
// meeting's venue; each delegation's programme book prints them.
type VenueNotes struct {
	MeetingID   int64
	DressCode   string
	WiFi        string
	PrayerRooms string
	Medical     string // where the medical point is: never anyone's medical data
	Security    string
}

// VenueNote is one titled note, as the book prints it.
type VenueNote struct {
	Title string
	Text  string
}

// venueNoteMax is the longest a note may be: a book page, not a manual.
const venueNoteMax = 2000

// Items are the notes that are written, in the order the book prints them.
func (v VenueNotes) Items() []VenueNote {
	var out []VenueNote
	for _, n := range []VenueNote{{"Dress code", v.DressCode}, {"Wi-Fi", v.WiFi}, {"Prayer rooms", v.PrayerRooms},
		{"Medical point", v.Medical}, {"Security rules", v.Security}} {
		if strings.TrimSpace(n.Text) != "" {
			out = append(out, n)
		}
	}
	return out
}

// Validate keeps each note to a page.
func (v VenueNotes) Validate() error {
	p := Problems{}
	for field, text := range map[string]string{"dress_code": v.DressCode, "wifi": v.WiFi, "prayer_rooms": v.PrayerRooms,
		"medical": v.Medical, "security": v.Security} {
		if len([]rune(text)) > venueNoteMax {
			p.Add(field, "Keep this note under 2,000 characters: it prints on one page of the book.")
		}
	}
	return p.Err()
}
