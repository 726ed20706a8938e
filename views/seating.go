package views

import (
	"strconv"

	"convene/internal/convene"
)

// SeatWidth and SeatHeight are the size of one place on the seating plan's
// SVG (viewBox 1000 × 640); seatPad is kept clear inside its edge.
const (
	SeatWidth  = 220
	SeatHeight = 60
	seatPad    = 8
)

// SeatText is one line of text inside a seat, placed on the SVG.
type SeatText struct {
	Text string
	Y    int     // baseline
	Size float64 // font size in SVG units
	// Squeeze is the width the line is compressed to ("" when it fits as
	// set): only a name too long even at the smallest size and on two
	// lines is squeezed, so nothing ever leaves its seat.
	Squeeze string
}

// SizeAttr is the font size as the SVG attribute wants it.
func (t SeatText) SizeAttr() string { return strconv.FormatFloat(t.Size, 'f', 1, 64) }

// SeatLabel lays out a seat's country and head of delegation inside a box
// of SeatWidth × SeatHeight centred on y: the country on one line, shrunk
// from 18 to at most 12 units, and the head's name on one line at 10.5,
// shrunk to 8.5, or else wrapped on two lines, shrunk to 7. Widths are
// estimated generously (estimateWidth), so that the real text is narrower
// than the box; a browser test measures the printed boxes.
func SeatLabel(country, head string, y int) []SeatText {
	avail := float64(SeatWidth - 2*seatPad)
	cs, csq := fitSize(country, 18, 12, avail, true)
	if head == "" {
		return []SeatText{{Text: country, Y: y + 6, Size: cs, Squeeze: csq}}
	}
	if hs, hsq := fitSize(head, 10.5, 8.5, avail, false); hsq == "" {
		return []SeatText{{Text: country, Y: y - 4, Size: cs, Squeeze: csq}, {Text: head, Y: y + 18, Size: hs}}
	}
	// Two lines: break at the space nearest the middle of the name's width.
	first, second := splitName(head)
	size := 10.0
	s1, q1 := fitSize(first, size, 7, avail, false)
	s2, q2 := fitSize(second, size, 7, avail, false)
	size = min(s1, s2)
	return []SeatText{{Text: country, Y: y - 9, Size: cs, Squeeze: csq},
		{Text: first, Y: y + 8, Size: size, Squeeze: q1}, {Text: second, Y: y + 21, Size: size, Squeeze: q2}}
}

// fitSize is the largest size from from down to least, by half units, at
// which text fits width; at least it is squeezed to width when it still
// does not fit.
func fitSize(text string, from, least, width float64, bold bool) (float64, string) {
	em := estimateWidth(text, bold)
	for s := from; s >= least; s -= 0.5 {
		if em*s <= width {
			return s, ""
		}
	}
	return least, strconv.Itoa(int(width))
}

// seatTag names what a seat of the plan's order list is that is not a
// Member State: "observer", "partner" or "organisation".
func seatTag(s convene.Seat) string {
	switch s.Delegation.Country.Standing {
	case convene.StandingPartner:
		return "partner"
	case convene.StandingOrganisation:
		return "organisation"
	}
	return "observer"
}
