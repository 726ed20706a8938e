package convene

// BadgeLayout is how a print run lays badges out on paper; the print room
// chooses it for each run.
type BadgeLayout string

// Badge layouts: ID-1 cards (CR80, 85.6 × 54 mm) eight to an A4 sheet
// with crop marks, the same card one per page for card printers, or A6
// badges (105 × 148 mm) for lanyards, four to an A4 sheet with cut lines
// on the shared edges (four A6 fill the sheet, so there is no margin to
// crop in).
const (
	LayoutID1Sheet  BadgeLayout = "id1"
	LayoutID1Single BadgeLayout = "id1-card"
	LayoutA6Sheet   BadgeLayout = "a6"
)

// BadgeLayouts are the layouts in the order the print room offers them.
var BadgeLayouts = []BadgeLayout{LayoutID1Sheet, LayoutID1Single, LayoutA6Sheet}

// ParseBadgeLayout reads a layout from a query; anything else is the ID-1
// sheet, the layout Convene has always printed.
func ParseBadgeLayout(s string) BadgeLayout {
	for _, l := range BadgeLayouts {
		if string(l) == s {
			return l
		}
	}
	return LayoutID1Sheet
}

// PerPage is how many badges one page of the layout carries.
func (l BadgeLayout) PerPage() int {
	switch l {
	case LayoutID1Single:
		return 1
	case LayoutA6Sheet:
		return 4
	}
	return 8
}

// Label names the layout for the print room.
func (l BadgeLayout) Label() string {
	switch l {
	case LayoutID1Single:
		return "ID-1 cards, one per page (card printer)"
	case LayoutA6Sheet:
		return "A6 badges, four to an A4 sheet with cut lines"
	}
	return "ID-1 cards, eight to an A4 sheet with crop marks"
}

// Pages splits items into pages of the layout: n badges make
// ceil(n / PerPage) pages, the last one possibly short.
func Pages[T any](l BadgeLayout, items []T) [][]T {
	var out [][]T
	per := l.PerPage()
	for len(items) > 0 {
		k := min(per, len(items))
		out = append(out, items[:k:k])
		items = items[k:]
	}
	return out
}
