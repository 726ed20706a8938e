package convene

import "testing"

// TestBadgeLayoutPages: each layout puts its number of badges on a page,
// and an unknown layout in a query falls back to the ID-1 sheet.
func TestBadgeLayoutPages(t *testing.T) {
	tests := []struct {
		query  string
		layout BadgeLayout
		badges int
		pages  []int // badges on each page
	}{
		{"", LayoutID1Sheet, 17, []int{8, 8, 1}},
		{"id1", LayoutID1Sheet, 8, []int{8}},
		{"id1-card", LayoutID1Single, 3, []int{1, 1, 1}},
		{"a6", LayoutA6Sheet, 9, []int{4, 4, 1}},
		{"a6", LayoutA6Sheet, 0, nil},
		{"A6", LayoutID1Sheet, 5, []int{5}},
		{"letter", LayoutID1Sheet, 1, []int{1}},
	}
	for _, tc := range tests {
		l := ParseBadgeLayout(tc.query)
		if l != tc.layout {
			t.Errorf("ParseBadgeLayout(%q) = %q, want %q", tc.query, l, tc.layout)
		}
		items := make([]int, tc.badges)
		for i := range items {
			items[i] = i
		}
		pages := Pages(l, items)
		if len(pages) != len(tc.pages) {
			t.Errorf("%s, %d badges: %d pages, want %d", l, tc.badges, len(pages), len(tc.pages))
			continue
		}
		next := 0
		for i, p := range pages {
			if len(p) != tc.pages[i] {
				t.Errorf("%s, %d badges: page %d has %d, want %d", l, tc.badges, i+1, len(p), tc.pages[i])
			}
			for _, v := range p {
				if v != next {
					t.Errorf("%s: badge %d out of order on page %d", l, v, i+1)
				}
				next++
			}
		}
	}
}
