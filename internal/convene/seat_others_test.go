package convene

import (
	"fmt"
	"testing"
)

// TestSeatingPlanOthers places an observer and two partners as each
// setting says: at the foot, round the table after the Member States, or
// in a row behind the foot, always in protocol order and never among the
// Member States.
func TestSeatingPlanOthers(t *testing.T) {
	gs := aseanInProtocolOrder()
	n := int64(len(gs))
	for i, p := range []string{"Australia", "Japan"} {
		id := n + int64(i) + 1
		gs = append(gs, Delegation{CountryID: id, Country: Country{ID: id, Name: p}.WithStanding(StandingPartner)})
	}
	SortByProtocol(gs, Delegation.Key)
	where := func(seats []Seat) map[string]string {
		out := map[string]string{}
		for _, s := range seats {
			out[s.Delegation.Country.Name] = fmt.Sprintf("%s %d %v", s.Side, s.Position, s.Observer)
		}
		return out
	}
	for _, tc := range []struct {
		mode   SeatingMode
		others SeatOthers
		want   map[string]string
	}{
		{SeatAnticlockwise, SeatOthersFoot, map[string]string{"Timor-Leste": "foot 0 true", "Australia": "foot 1 true",
			"Japan": "foot 2 true", "Viet Nam": "left 0 false", "Brunei Darussalam": "right 0 false"}},
		{SeatAnticlockwise, SeatOthersRow, map[string]string{"Timor-Leste": "row 0 true", "Australia": "row 1 true",
			"Japan": "row 2 true", "Viet Nam": "left 0 false"}},
		// Round: 12 places, 6 down the right and 6 back up the left; the
		// last partner sits next to the chair on the left.
		{SeatAnticlockwise, SeatOthersRound, map[string]string{"Brunei Darussalam": "right 0 false", "Myanmar": "right 4 false",
			"Philippines": "right 5 false", "Singapore": "left 5 false", "Viet Nam": "left 3 false",
			"Timor-Leste": "left 2 true", "Australia": "left 1 true", "Japan": "left 0 true"}},
		{SeatAlternating, SeatOthersRound, map[string]string{"Brunei Darussalam": "right 0 false", "Cambodia": "left 0 false",
			"Viet Nam": "right 4 false", "Timor-Leste": "left 4 true", "Australia": "right 5 true", "Japan": "left 5 true"}},
	} {
		seats := SeatingPlan(gs, 1, tc.mode, tc.others)
		if len(seats) != 13 {
			t.Fatalf("%s/%s: %d seats, want 13", tc.mode, tc.others, len(seats))
		}
		got := where(seats)
		for c, w := range tc.want {
			if got[c] != w {
				t.Errorf("%s/%s: %s at %q, want %q", tc.mode, tc.others, c, got[c], w)
			}
		}
	}
	if o, ok := ParseSeatOthers("row"); !ok || o != SeatOthersRow {
		t.Error("row is not read")
	}
	if o, ok := ParseSeatOthers("aisle"); ok || o != SeatOthersFoot {
		t.Error("an unknown placement is read")
	}
}
