package convene

import (
	"strings"
	"testing"
)

// aseanInProtocolOrder is the Retreat's 11 delegations as the store returns
// them: Member States by English short name, then the observer.
func aseanInProtocolOrder() []Delegation {
	names := []struct {
		name     string
		observer bool
	}{{"Malaysia", false}, {"Viet Nam", false}, {"Brunei Darussalam", false}, {"Timor-Leste", true},
		{"Cambodia", false}, {"Indonesia", false}, {"Lao PDR", false}, {"Myanmar", false},
		{"Philippines", false}, {"Singapore", false}, {"Thailand", false}}
	var out []Delegation
	for i, n := range names {
		standing := StandingMember
		if n.observer {
			standing = StandingObserver
		}
		out = append(out, Delegation{CountryID: int64(i + 1), Country: Country{ID: int64(i + 1), Name: n.name}.WithStanding(standing)})
	}
	SortByProtocol(out, Delegation.Key)
	return out
}

// TestSeatingPlanAllElevenMalaysiaInTheChair checks the Retreat table with
// Malaysia in the chair in both modes: every delegation seated once, the
// chair at the head, the Member States in protocol order, the observer at
// the foot.
func TestSeatingPlanAllElevenMalaysiaInTheChair(t *testing.T) {
	gs := aseanInProtocolOrder()
	var mys int64
	for _, g := range gs {
		if g.Country.Name == "Malaysia" {
			mys = g.CountryID
		}
	}
	members := "Brunei Darussalam,Cambodia,Indonesia,Lao PDR,Myanmar,Philippines,Singapore,Thailand,Viet Nam"
	for _, mode := range []SeatingMode{SeatAnticlockwise, SeatAlternating} {
		seats := SeatingPlan(gs, mys, mode, SeatOthersFoot)
		if len(seats) != 11 {
			t.Fatalf("%s: %d seats, want 11", mode, len(seats))
		}
		if !seats[0].Chair || seats[0].Delegation.Country.Name != "Malaysia" || seats[0].Side != "head" {
			t.Errorf("%s: the chair is %+v, want Malaysia at the head", mode, seats[0])
		}
		var order []string
		for _, s := range seats[1:10] {
			order = append(order, s.Delegation.Country.Name)
		}
		if got := strings.Join(order, ","); got != members {
			t.Errorf("%s: members seated %s, want protocol order %s", mode, got, members)
		}
		if last := seats[10]; !last.Observer || last.Delegation.Country.Name != "Timor-Leste" || last.Side != "foot" {
			t.Errorf("%s: last seat %+v, want the observer Timor-Leste at the foot", mode, last)
		}
		// Nearest the chair on the right is the first in protocol order.
		if seats[1].Side != "right" || seats[1].Position != 0 {
			t.Errorf("%s: Brunei Darussalam sits at %s %d, want right 0", mode, seats[1].Side, seats[1].Position)
		}
		places := map[string]bool{}
		for _, s := range seats {
			k := s.Side + string(rune('0'+s.Position))
			if places[k] {
				t.Errorf("%s: two delegations at %s", mode, k)
			}
			places[k] = true
		}
	}
	alt := SeatingPlan(gs, mys, SeatAlternating, SeatOthersFoot)
	if alt[2].Side != "left" || alt[2].Position != 0 {
		t.Errorf("alternating: Cambodia sits at %s %d, want left 0 (opposite Brunei)", alt[2].Side, alt[2].Position)
	}
	cw := SeatingPlan(gs, mys, SeatAnticlockwise, SeatOthersFoot)
	if cw[9].Side != "left" || cw[9].Position != 0 {
		t.Errorf("anticlockwise: Viet Nam, last Member State, sits at %s %d, want left 0 (next to the chair)", cw[9].Side, cw[9].Position)
	}
}

// TestBadgeCodes: codes are random, of the documented length, from the
// unambiguous alphabet, and typed variants normalise back.
func TestBadgeCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		c := NewBadgeCode()
		if len(c) != BadgeCodeLen || strings.Trim(c, badgeAlphabet) != "" {
			t.Fatalf("bad code %q", c)
		}
		if seen[c] {
			t.Fatalf("code %q repeated", c)
		}
		seen[c] = true
		if NormalizeBadgeCode(strings.ToLower(GroupBadgeCode(c))) != c {
			t.Fatalf("typed %q does not normalise back", GroupBadgeCode(c))
		}
	}
	if NormalizeBadgeCode("k7qf-m2xa o1il") != "K7QFM2XA0111" {
		t.Errorf("Crockford normalisation: %q", NormalizeBadgeCode("k7qf-m2xa o1il"))
	}
}

func TestBadgeRefusal(t *testing.T) {
	holder := Delegate{Honorific: "Gen.", GivenName: "សុខា", FamilyName: "ចាន់", FamilyNameFirst: true, Status: RegAccredited}
	valid := Badge{MeetingID: 7, Version: 2, Status: BadgeActive, Delegate: holder}
	with := func(f func(*Badge)) Badge { b := valid; f(&b); return b }
	tests := []struct {
		name string
		b    Badge
		want string
	}{
		{"valid", valid, ""},
		{"another meeting", with(func(b *Badge) { b.MeetingID = 8 }),
			"This badge of Gen. ចាន់ សុខា is for another meeting, not this one."},
		{"superseded", with(func(b *Badge) { b.Status = BadgeSuperseded }),
			"Refused: this is version 2 of Gen. ចាន់ សុខា's badge, replaced by a reprint. Ask for the current badge."},
		{"revoked", with(func(b *Badge) { b.Status = BadgeRevoked }),
			"Refused: Gen. ចាន់ សុខា's badge was revoked. Send the holder to the accreditation desk."},
		{"holder returned", with(func(b *Badge) { b.Delegate.Status = RegReturned }),
			"Refused: Gen. ចាន់ សុខា is Returned for correction, not accredited."},
		{"holder withdrawn", with(func(b *Badge) { b.Delegate.Status = RegWithdrawn }),
			"Refused: Gen. ចាន់ សុខា is Withdrawn, not accredited."},
		{"another meeting first", with(func(b *Badge) { b.MeetingID, b.Status = 8, BadgeRevoked }),
			"This badge of Gen. ចាន់ សុខា is for another meeting, not this one."},
	}
	for _, tt := range tests {
		if got := BadgeRefusal(tt.b, 7); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestBadgePrintRefusal(t *testing.T) {
	if got := BadgePrintRefusal("Maj. ສຸລິຍາ ແກ້ວມະນີ", RegAccredited); got != "" {
		t.Errorf("accredited refused: %q", got)
	}
	for _, s := range []RegistrationStatus{RegNominated, RegSubmitted, RegReturned, RegRejected, RegWithdrawn, RegWaitlisted} {
		want := "Maj. ສຸລິຍາ ແກ້ວມະນີ is " + s.Label() + ", not accredited: badges are printed only for accredited delegates. Nothing was printed."
		if got := BadgePrintRefusal("Maj. ສຸລິຍາ ແກ້ວມະນີ", s); got != want {
			t.Errorf("%s: %q", s, got)
		}
	}
}
