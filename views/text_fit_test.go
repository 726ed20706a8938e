package views

import (
	"strings"
	"testing"

	"convene/internal/convene"
)

// TestBadgeNameSize: short names print large, long ones shrink by steps,
// and the larger A6 badge keeps a name larger than the ID-1 card does.
func TestBadgeNameSize(t *testing.T) {
	brunei := "Yang Berhormat Pehin Mohd Yusof bin Haji Ahmad"
	tests := []struct {
		name   string
		layout convene.BadgeLayout
		want   string
	}{
		{"Dr Tan Wei Ming", convene.LayoutID1Sheet, "l"},
		{brunei, convene.LayoutID1Sheet, "s"},
		{brunei, convene.LayoutID1Single, "s"},
		{brunei, convene.LayoutA6Sheet, "s"},
		{strings.Repeat("Wolfeschlegelsteinhausen ", 4) + "Bergerdorff", convene.LayoutID1Sheet, "xxs"},
		{strings.Repeat("ឆ", 60), convene.LayoutID1Sheet, "xs"},
		{"Gen. สมชาย ใจดี", convene.LayoutA6Sheet, "l"},
	}
	for _, tc := range tests {
		if got := BadgeNameSize(tc.name, tc.layout); got != tc.want {
			t.Errorf("BadgeNameSize(%q, %s) = %s, want %s", tc.name, tc.layout, got, tc.want)
		}
	}
}

// TestSeatLabel: a short head's name stays on one line at full size, a
// long one wraps on two, and no line's estimated width exceeds the seat
// unless it is squeezed to it.
func TestSeatLabel(t *testing.T) {
	short := SeatLabel("Indonesia", "H.E. Darmawan", 100)
	if len(short) != 2 || short[1].Size != 10.5 || short[0].Size != 18 {
		t.Errorf("short name: %+v", short)
	}
	long := SeatLabel("Brunei Darussalam", "Yang Berhormat Pehin Mohd Yusof bin Haji Ahmad", 100)
	if len(long) != 3 || long[1].Text+" "+long[2].Text != "Yang Berhormat Pehin Mohd Yusof bin Haji Ahmad" {
		t.Errorf("long name not wrapped on two lines: %+v", long)
	}
	huge := SeatLabel("Brunei Darussalam", strings.Repeat("Wolfeschlegelsteinhausen", 5), 100)
	for _, set := range [][]SeatText{short, long, huge} {
		for i, l := range set {
			if w := estimateWidth(l.Text, i == 0) * l.Size; w > SeatWidth-2*seatPad && l.Squeeze == "" {
				t.Errorf("%q at %.1f is %.0f wide, more than the seat, and not squeezed", l.Text, l.Size, w)
			}
		}
	}
	if huge[1].Squeeze == "" {
		t.Errorf("a name far too long is not squeezed: %+v", huge)
	}
}
