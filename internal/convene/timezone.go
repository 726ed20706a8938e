package convene

import (
	"strings"
	"time"
)

// regionalZoneNames gives the abbreviations people in the region use for
// zones whose IANA abbreviation is only an offset ("+08"). A programme reads
// "09:00 MYT", not "09:00 +08".
var regionalZoneNames = map[string]string{
	"Asia/Kuala_Lumpur": "MYT", "Asia/Kuching": "MYT",
	"Asia/Singapore": "SGT",
	"Asia/Brunei":    "BNT",
	"Asia/Bangkok":   "ICT", "Asia/Ho_Chi_Minh": "ICT", "Asia/Saigon": "ICT",
	"Asia/Vientiane": "ICT", "Asia/Phnom_Penh": "ICT",
	"Asia/Yangon": "MMT", "Asia/Rangoon": "MMT",
	"Asia/Dili":    "TLT",
	"Asia/Manila":  "PHT",
	"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB",
	"Asia/Makassar": "WITA",
	"Asia/Jayapura": "WIT",
}

// ZoneAbbrev names the zone of t in loc the way a reader expects: the
// regional abbreviation where there is one, else the IANA abbreviation.
func ZoneAbbrev(t time.Time, loc *time.Location) string {
	if n, ok := regionalZoneNames[loc.String()]; ok {
		return n
	}
	name, _ := t.In(loc).Zone()
	if strings.HasPrefix(name, "+") || strings.HasPrefix(name, "-") {
		return "UTC" + name
	}
	return name
}

// FormatInZone formats t in loc with the layout and appends the zone name,
// e.g. "09:00 MYT".
func FormatInZone(t time.Time, loc *time.Location, layout string) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(layout) + " " + ZoneAbbrev(t, loc)
}
