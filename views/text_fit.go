package views

import (
	"strings"
	"unicode"

	"convene/internal/convene"
)

// Printed names must fit their box (a seat on the seating plan, a badge)
// without a browser to measure them: the page is printed by any Chromium,
// with no script. The sizes are chosen here from a generous estimate of
// each name's width, and browser tests measure the printed boxes.

// splitName cuts a name into two lines at the space nearest the middle of
// its estimated width; a name without spaces (Thai, Khmer) is cut in the
// middle of its letters, never inside a combining sequence.
func splitName(name string) (string, string) {
	total := estimateWidth(name, false)
	best, bestGap := -1, total
	acc := 0.0
	for i, r := range name {
		if r == ' ' {
			if gap := abs(total/2 - acc); gap < bestGap {
				best, bestGap = i, gap
			}
		}
		acc += runeWidth(r, false)
	}
	if best >= 0 {
		return strings.TrimSpace(name[:best]), strings.TrimSpace(name[best:])
	}
	acc = 0
	for i, r := range name {
		if acc >= total/2 && !unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me) {
			return name[:i], name[i:]
		}
		acc += runeWidth(r, false)
	}
	return name, ""
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// estimateWidth is a text's width in em, over-estimated on purpose from
// Noto Sans's widths: capitals 0.72, lower case 0.6, narrow letters 0.3,
// Khmer and Myanmar letters 0.85, Thai and Lao 0.68, wide (CJK) 1;
// combining marks take no room. Bold is 8% wider.
func estimateWidth(text string, bold bool) float64 {
	w := 0.0
	for _, r := range text {
		w += runeWidth(r, bold)
	}
	return w
}

func runeWidth(r rune, bold bool) float64 {
	var w float64
	switch {
	case unicode.In(r, unicode.Mn, unicode.Me):
		return 0
	case r == ' ':
		w = 0.28
	case strings.ContainsRune("iljIft.,:;'’!|()[]-", r):
		w = 0.34
	case r == 'm' || r == 'w' || r == 'M' || r == 'W':
		w = 0.92
	case unicode.IsUpper(r):
		w = 0.72
	case r < 0x250:
		w = 0.6
	case unicode.In(r, unicode.Khmer, unicode.Myanmar):
		w = 0.85
	case unicode.In(r, unicode.Thai, unicode.Lao):
		w = 0.68
	case unicode.In(r, unicode.Han, unicode.Hangul, unicode.Hiragana, unicode.Katakana):
		w = 1
	default:
		w = 0.7
	}
	if bold {
		w *= 1.08
	}
	return w
}

// BadgeNameSize is the size class a badge prints a name at for a layout:
// the largest of l, m, s, xs and xxs at which the name, wrapped at its
// spaces, fits the badge's name box in that size's number of lines (see
// badgeSizes, which print.css mirrors). A name too long even for xxs
// prints at xxs, broken anywhere.
func BadgeNameSize(name string, layout convene.BadgeLayout) string {
	spec, ok := badgeSizes[layout]
	if !ok {
		spec = badgeSizes[convene.LayoutID1Sheet]
	}
	for _, s := range spec.sizes {
		if wrappedLines(name, spec.widthMM/(s.pt*mmPerPt)) <= s.lines {
			return s.class
		}
	}
	return "xxs"
}

const mmPerPt = 25.4 / 72

type nameSize struct {
	class string
	pt    float64
	lines int
}

// badgeSizes are the name box's width in each layout and the font sizes
// print.css gives each class there (.badge .name-l and .a6 .name-l ...),
// with the lines each may take before the box would push the QR code.
var badgeSizes = map[convene.BadgeLayout]struct {
	widthMM float64
	sizes   []nameSize
}{
	convene.LayoutID1Sheet:  {58, []nameSize{{"l", 14, 2}, {"m", 12, 2}, {"s", 10, 3}, {"xs", 8.5, 3}, {"xxs", 7, 4}}},
	convene.LayoutID1Single: {58, []nameSize{{"l", 14, 2}, {"m", 12, 2}, {"s", 10, 3}, {"xs", 8.5, 3}, {"xxs", 7, 4}}},
	convene.LayoutA6Sheet:   {85, []nameSize{{"l", 28, 2}, {"m", 24, 2}, {"s", 20, 3}, {"xs", 16, 3}, {"xxs", 12, 4}}},
}

// wrappedLines is how many lines text takes wrapped at its spaces in a box
// width em wide (in bold, as badges print names); a word wider than the
// box is broken anywhere and takes the lines it needs.
func wrappedLines(text string, width float64) int {
	lines, cur := 0, 0.0
	space := runeWidth(' ', true)
	for _, w := range strings.Fields(text) {
		ww := estimateWidth(w, true)
		switch {
		case cur > 0 && cur+space+ww <= width:
			cur += space + ww
		case ww <= width:
			lines++
			cur = ww
		default:
			n := int(ww/width) + 1
			lines += n
			cur = ww - float64(n-1)*width
		}
	}
	return lines
}
