package rooming

import (
	"testing"

	"convene/internal/convene"
)

func d(day int) convene.Date { return convene.Date{Year: 2025, Month: 2, Day: day} }

func guest(id int64, name string, role convene.DelegateRole, country string, in, out int) Guest {
	p := convene.Delegate{GivenName: name, Role: role, Country: convene.Country{Name: country}}
	return Guest{DelegateID: id, Name: name, Key: p.Key(), CheckIn: d(in), CheckOut: d(out)}
}

// TestProposeByPrecedence: heads get the suites first, in protocol order;
// the rest fill the plainer block; a stay no block covers and a full block
// are reported with reasons; no night is overbooked.
func TestProposeByPrecedence(t *testing.T) {
	blocks := []Block{
		{ID: 1, Hotel: "Shangri-La", RoomType: "Executive suite", Rank: 0, Count: 2, First: d(24), Last: d(26)},
		{ID: 2, Hotel: "Shangri-La", RoomType: "Deluxe", Rank: 1, Count: 2, First: d(24), Last: d(26)},
	}
	guests := []Guest{
		guest(1, "Wanchai", convene.RoleMember, "Thailand", 25, 27),
		guest(2, "สมชาย ใจดี", convene.RoleHead, "Thailand", 25, 27),
		guest(3, "Trần Quốc Bình", convene.RoleHead, "Viet Nam", 25, 27),
		guest(4, "Darmawan", convene.RoleHead, "Indonesia", 25, 27),
		guest(5, "Late stayer", convene.RoleMember, "Brunei Darussalam", 25, 29),
		guest(6, "Anan", convene.RoleAlternate, "Thailand", 25, 27),
	}
	got, unplaced, err := Propose(blocks, guests, nil)
	if err != nil {
		t.Fatal(err)
	}
	block := map[int64]int64{}
	for _, a := range got {
		block[a.DelegateID] = a.BlockID
	}
	// Protocol order of heads: Indonesia, Thailand, Viet Nam. Two suites.
	if block[4] != 1 || block[2] != 1 || block[3] != 2 {
		t.Errorf("heads: Indonesia in %d, Thailand in %d, Viet Nam in %d; want suites for the first two", block[4], block[2], block[3])
	}
	if block[6] != 2 {
		t.Errorf("the alternate should take the last deluxe room, got block %d", block[6])
	}
	reasons := map[int64]string{}
	for _, u := range unplaced {
		reasons[u.Guest.DelegateID] = u.Reason
	}
	if reasons[5] == "" || reasons[1] == "" {
		t.Errorf("unplaced: %v; want the late stayer (not covered) and Wanchai (blocks full)", reasons)
	}
	if over := Overbooked(blocks, guests, got); len(over) != 0 {
		t.Errorf("proposal overbooks: %v", over)
	}
	// A hand edit that puts one more guest in the full deluxe block is caught.
	if over := Overbooked(blocks, guests, append(got, Assignment{DelegateID: 1, BlockID: 2})); len(over) == 0 {
		t.Error("an overbooking hand edit was not caught")
	}
}

// TestProposeKeepsHandEdits: existing assignments stay and count.
func TestProposeKeepsHandEdits(t *testing.T) {
	blocks := []Block{{ID: 1, RoomType: "Suite", Count: 1, First: d(25), Last: d(26)},
		{ID: 2, RoomType: "Deluxe", Rank: 1, Count: 5, First: d(25), Last: d(26)}}
	guests := []Guest{guest(1, "Head", convene.RoleHead, "Malaysia", 25, 27), guest(2, "Adviser", convene.RoleAdviser, "Malaysia", 25, 27)}
	got, _, err := Propose(blocks, guests, []Assignment{{DelegateID: 2, BlockID: 1}})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range got {
		if a.DelegateID == 1 && a.BlockID != 2 {
			t.Errorf("the head went to block %d although the suite was taken by hand", a.BlockID)
		}
	}
}
