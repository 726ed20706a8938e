package convene

import (
	"strings"
	"testing"
)

func TestVenueValidate(t *testing.T) {
	ok := Venue{Name: "Philippine International Convention Center", Kind: VenueConventionCentre, City: "Pasay",
		TimeZone: "Asia/Manila", Region: "ph-00", MapURL: "https://www.openstreetmap.org/?mlat=14.55&mlon=120.98"}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid venue refused: %v", ErrorFields(err))
	}
	if ok.Region != "PH-00" {
		t.Errorf("region kept as %q, want PH-00", ok.Region)
	}
	cases := []struct {
		name  string
		edit  func(v *Venue)
		field string
		want  string
	}{
		{"no name", func(v *Venue) { v.Name = "  " }, "name", "Enter the venue's name"},
		{"unknown zone", func(v *Venue) { v.TimeZone = "Asia/Penang" }, "time_zone", "is not a time zone name"},
		{"no zone", func(v *Venue) { v.TimeZone = "" }, "time_zone", "Enter the venue's time zone"},
		{"Local is not a zone", func(v *Venue) { v.TimeZone = "Local" }, "time_zone", "is not a time zone name"},
		{"region of an unknown country", func(v *Venue) { v.Region = "FR-75" }, "region", "ISO 3166-2"},
		{"malformed region", func(v *Venue) { v.Region = "MY07" }, "region", "ISO 3166-2"},
		{"map link without scheme", func(v *Venue) { v.MapURL = "javascript:alert(1)" }, "map_url", "https://"},
		{"unknown kind", func(v *Venue) { v.Kind = "palace" }, "kind", "Choose"},
	}
	for _, c := range cases {
		v := ok
		c.edit(&v)
		if got := ErrorFields(v.Validate())[c.field]; !strings.Contains(got, c.want) {
			t.Errorf("%s: %s = %q, want %q", c.name, c.field, got, c.want)
		}
	}
}

func TestValidVenueRegion(t *testing.T) {
	for region, want := range map[string]bool{"": true, "MY-07": true, "LA-VT": true, "PH-00": true, "ID-JK": true,
		"XX-01": false, "MY-": false, "MY-0777": false, "my-07": false} {
		if got := ValidVenueRegion(region); got != want {
			t.Errorf("ValidVenueRegion(%q) = %v, want %v", region, got, want)
		}
	}
}

func TestRoomValidate(t *testing.T) {
	ok := Room{Name: "Straits Room", Seats: map[RoomLayout]int{LayoutHollowSquare: 60, LayoutTheatre: 120}}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid room refused: %v", ErrorFields(err))
	}
	if ok.Largest() != 120 || ok.SeatsIn("") != 120 || ok.SeatsIn(LayoutHollowSquare) != 60 || ok.SeatsIn(LayoutBanquet) != 0 {
		t.Errorf("seats: largest %d, hollow square %d, banquet %d", ok.Largest(), ok.SeatsIn(LayoutHollowSquare), ok.SeatsIn(LayoutBanquet))
	}
	cases := []struct {
		name  string
		room  Room
		field string
	}{
		{"capacity 0", Room{Name: "A", Seats: map[RoomLayout]int{LayoutTheatre: 0}}, "seats_theatre"},
		{"negative capacity", Room{Name: "A", Seats: map[RoomLayout]int{LayoutBoardroom: 12, LayoutBanquet: -5}}, "seats_banquet"},
		{"too many seats", Room{Name: "A", Seats: map[RoomLayout]int{LayoutClassroom: 5001}}, "seats_classroom"},
		{"no layout", Room{Name: "A"}, "seats"},
		{"unknown layout", Room{Name: "A", Seats: map[RoomLayout]int{"cabaret": 40}}, "seats"},
		{"no name", Room{Seats: map[RoomLayout]int{LayoutBoardroom: 12}}, "name"},
		{"booths", Room{Name: "A", Seats: map[RoomLayout]int{LayoutBoardroom: 12}, Equipment: RoomEquipment{Booths: -1}}, "booths"},
	}
	for _, c := range cases {
		fs := ErrorFields(c.room.Validate())
		if fs[c.field] == "" {
			t.Errorf("%s: no problem for %s: %v", c.name, c.field, fs)
		}
		if c.name == "negative capacity" && fs["seats_boardroom"] != "" {
			t.Errorf("%s: the valid layout was refused too: %v", c.name, fs)
		}
	}
}

func TestRoomHoldValidate(t *testing.T) {
	ok := RoomHold{Kind: HoldMediaCentre, RoomID: 3, Label: "Media centre", StartsAt: at("07:30"), EndsAt: at("22:00")}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid hold refused: %v", ErrorFields(err))
	}
	cases := []struct {
		name  string
		edit  func(h *RoomHold)
		field string
	}{
		{"end before start", func(h *RoomHold) { h.EndsAt = at("07:00") }, "end"},
		{"no room", func(h *RoomHold) { h.RoomID = 0 }, "room"},
		{"no label", func(h *RoomHold) { h.Label = " " }, "label"},
		{"unknown kind", func(h *RoomHold) { h.Kind = "storage" }, "kind"},
		{"office without delegation", func(h *RoomHold) { h.Kind = HoldDelegationOffice }, "delegation"},
		{"longer than a month", func(h *RoomHold) { h.EndsAt = h.StartsAt.AddDate(0, 2, 0) }, "end"},
	}
	for _, c := range cases {
		h := ok
		c.edit(&h)
		if ErrorFields(h.Validate())[c.field] == "" {
			t.Errorf("%s: no problem for %s", c.name, c.field)
		}
	}
}
