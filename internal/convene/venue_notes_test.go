package convene

import (
	"strings"
	"testing"
)

func TestVenueNotes(t *testing.T) {
	for _, tc := range []struct {
		name   string
		v      VenueNotes
		titles string
		bad    string
	}{
		{"empty", VenueNotes{}, "", ""},
		{"some", VenueNotes{WiFi: "ADMM-Guest / pinang2025", Security: "Badges visible at all times.", Medical: "  "},
			"Wi-Fi,Security rules", ""},
		{"all", VenueNotes{DressCode: "a", WiFi: "b", PrayerRooms: "c", Medical: "d", Security: "e"},
			"Dress code,Wi-Fi,Prayer rooms,Medical point,Security rules", ""},
		{"too long", VenueNotes{PrayerRooms: strings.Repeat("ร", 2001)}, "Prayer rooms", "prayer_rooms"},
	} {
		var titles []string
		for _, n := range tc.v.Items() {
			titles = append(titles, n.Title)
		}
		if got := strings.Join(titles, ","); got != tc.titles {
			t.Errorf("%s: items %q, want %q", tc.name, got, tc.titles)
		}
		fields := ErrorFields(tc.v.Validate())
		if (tc.bad == "") != (len(fields) == 0) || (tc.bad != "" && fields[tc.bad] == "") {
			t.Errorf("%s: problems %v, want %q", tc.name, fields, tc.bad)
		}
	}
}
