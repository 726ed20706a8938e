package convene

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Badge categories beyond a delegation's own people: the host's secretariat
// staff and its drivers. A delegate's category is Band(role); a badge
// holder who is not a delegate (BadgeHolder) has one of HolderCategories.
const (
	BandStaff  BadgeBand = "staff"
	BandDriver BadgeBand = "driver"
)

// BadgeBands are every badge category in the order the print room lists
// them.
var BadgeBands = []BadgeBand{BandHead, BandDelegate, BandStaff, BandLiaison, BandDriver, BandMedia, BandSecurity}

// HolderCategories are the categories the secretariat registers people in
// who are not delegates of a delegation.
var HolderCategories = []BadgeBand{BandStaff, BandLiaison, BandDriver, BandMedia, BandSecurity}

// ParseBadgeBand reads a category from a form; ok is false for anything
// that is not one.
func ParseBadgeBand(s string) (BadgeBand, bool) {
	for _, b := range BadgeBands {
		if string(b) == s {
			return b, true
		}
	}
	return "", false
}

// Label is the category word printed on the badge's band, so that the
// category never relies on its colour alone.
func (b BadgeBand) Label() string {
	switch b {
	case BandHead:
		return "Head of delegation"
	case BandDelegate:
		return "Delegate"
	case BandStaff:
		return "Secretariat"
	case BandLiaison:
		return "Liaison officer"
	case BandDriver:
		return "Driver"
	case BandMedia:
		return "Media"
	case BandSecurity:
		return "Security"
	}
	return string(b)
}

// Colour is the band's background; its text is always white. Each colour
// keeps a contrast of at least 4.5:1 with white (WCAG AA for small text),
// which holds on a laser printer's paler reproduction too; static/css/
// print.css must use the same colours (a test holds them together).
func (b BadgeBand) Colour() string {
	switch b {
	case BandHead:
		return "#b91c1c"
	case BandStaff:
		return "#6d28d9"
	case BandLiaison:
		return "#15803d"
	case BandDriver:
		return "#78350f"
	case BandMedia:
		return "#c2410c"
	case BandSecurity:
		return "#111827"
	}
	return "#1d4ed8"
}

// Zone is an area of the venue a badge opens.
type Zone string

// Access zones.
const (
	ZonePlenary Zone = "plenary"
	ZoneRetreat Zone = "retreat"
	ZoneOffices Zone = "offices"
	ZoneMedia   Zone = "media"
	ZoneDropOff Zone = "dropoff"
)

// Zones are every zone in the order badges print them.
var Zones = []Zone{ZonePlenary, ZoneRetreat, ZoneOffices, ZoneMedia, ZoneDropOff}

// Label names the zone as the badge and the desk show it.
func (z Zone) Label() string {
	switch z {
	case ZonePlenary:
		return "Plenary"
	case ZoneRetreat:
		return "Retreat room"
	case ZoneOffices:
		return "Delegation offices"
	case ZoneMedia:
		return "Media centre"
	case ZoneDropOff:
		return "Drop-off"
	}
	return string(z)
}

// DefaultZones are the zones a category opens unless the meeting says
// otherwise: heads of delegation everywhere delegations go, including the
// retreat room; the rest of a delegation the plenary and the offices;
// secretariat staff every room the meeting runs; liaison officers the
// offices and the drop-off where they meet their delegation; drivers only
// the drop-off (no room inside); media only the media centre; security
// every zone.
func DefaultZones(b BadgeBand) []Zone {
	switch b {
	case BandHead:
		return []Zone{ZonePlenary, ZoneRetreat, ZoneOffices}
	case BandDelegate:
		return []Zone{ZonePlenary, ZoneOffices}
	case BandStaff:
		return []Zone{ZonePlenary, ZoneRetreat, ZoneOffices, ZoneMedia}
	case BandLiaison:
		return []Zone{ZoneOffices, ZoneDropOff}
	case BandDriver:
		return []Zone{ZoneDropOff}
	case BandMedia:
		return []Zone{ZoneMedia}
	case BandSecurity:
		return append([]Zone(nil), Zones...)
	}
	return nil
}

// BadgeZones are a meeting's zones per category: the categories the
// secretariat set for the meeting, the defaults for the rest.
type BadgeZones map[BadgeBand][]Zone

// For returns the zones a category opens at the meeting.
func (z BadgeZones) For(b BadgeBand) []Zone {
	if zs, ok := z[b]; ok {
		return zs
	}
	return DefaultZones(b)
}

// ZoneWords prints zones for a badge or the desk: "Plenary · Retreat
// room", or "No zone inside the venue" for none.
func ZoneWords(zs []Zone) string {
	if len(zs) == 0 {
		return "No zone inside the venue"
	}
	out := make([]string, len(zs))
	for i, z := range zs {
		out[i] = z.Label()
	}
	return strings.Join(out, " · ")
}

// ParseZones reads the zones ticked on a form, in Zones order, without
// repeats; an unknown zone is an error naming it.
func ParseZones(vals []string) ([]Zone, error) {
	seen := map[Zone]bool{}
	for _, v := range vals {
		z := Zone(v)
		if z.Label() == v {
			return nil, fmt.Errorf("unknown zone %q", v)
		}
		seen[z] = true
	}
	out := []Zone{}
	for _, z := range Zones {
		if seen[z] {
			out = append(out, z)
		}
	}
	return out, nil
}

// FormatZones stores zones as a comma-separated list; ReadZones reads it
// back (dropping anything unknown).
func FormatZones(zs []Zone) string {
	out := make([]string, len(zs))
	for i, z := range zs {
		out[i] = string(z)
	}
	return strings.Join(out, ",")
}

// ReadZones reads zones stored by FormatZones.
func ReadZones(s string) []Zone {
	out := []Zone{}
	for _, v := range strings.Split(s, ",") {
		if z := Zone(v); v != "" && z.Label() != v {
			out = append(out, z)
		}
	}
	return out
}

// ContrastRatio is the WCAG 2 contrast ratio of two #rrggbb colours, from
// 1 (same) to 21 (black on white).
func ContrastRatio(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(hex string) float64 {
	hex = strings.TrimPrefix(hex, "#")
	if len(hex) != 6 {
		return 0
	}
	var c [3]float64
	for i := range c {
		v, err := strconv.ParseUint(hex[2*i:2*i+2], 16, 8)
		if err != nil {
			return 0
		}
		s := float64(v) / 255
		if s <= 0.03928 {
			c[i] = s / 12.92
		} else {
			c[i] = math.Pow((s+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
}

// BadgeHolder is someone who needs a badge on site without being a
// delegate: secretariat staff, liaison officers, drivers, media, security.
// A liaison officer's badge holder points at the officer's record in
// logistics (LiaisonOfficerID) and takes name and organisation from it:
// the officer is stored once.
type BadgeHolder struct {
	ID               int64
	MeetingID        int64
	Category         BadgeBand
	Name             string
	Organisation     string
	LiaisonOfficerID int64 // the liaison officer this holder is; 0 for anyone else
	// Filled on read: the current badge, if any (BadgeID 0 when none is
	// valid), and how many earlier versions there are.
	Badge Badge
}

// Validate checks a badge holder as typed on the form.
func (h BadgeHolder) Validate() error {
	p := Problems{}
	switch {
	case h.Category == "":
		p.Add("category", "Choose a category.")
	case !isHolderCategory(h.Category):
		p.Add("category", "Choose one of the categories listed.")
	}
	if h.Category == BandLiaison {
		if h.LiaisonOfficerID == 0 {
			p.Add("liaison_officer_id", "Choose the liaison officer (add them on the liaison officers' page first).")
		}
	} else {
		if h.LiaisonOfficerID != 0 {
			p.Add("liaison_officer_id", "Choose a liaison officer only for the category Liaison officer.")
		}
		name := strings.TrimSpace(h.Name)
		switch {
		case name == "":
			p.Add("name", "Type the name to print on the badge.")
		case len([]rune(name)) > 120:
			p.Add("name", "Keep the name under 120 characters.")
		}
		if len([]rune(h.Organisation)) > 120 {
			p.Add("organisation", "Keep the organisation under 120 characters.")
		}
	}
	return p.Err()
}

func isHolderCategory(b BadgeBand) bool {
	for _, x := range HolderCategories {
		if x == b {
			return true
		}
	}
	return false
}
