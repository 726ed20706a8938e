package web

import "convene/internal/convene"

// zoneName is the abbreviation of the meeting's zone on its first day
// ("MYT"), for forms whose times are in the meeting's zone.
func zoneName(m convene.Meeting) string {
	return convene.ZoneAbbrev(m.StartDate.In(m.Location()), m.Location())
}
