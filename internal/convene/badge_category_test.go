package convene

import (
	"slices"
	"strings"
	"testing"
)

func TestDefaultZones(t *testing.T) {
	all := []Zone{ZonePlenary, ZoneRetreat, ZoneOffices, ZoneMedia, ZoneDropOff}
	for _, tc := range []struct {
		band BadgeBand
		want []Zone
	}{
		{Band(RoleHead), []Zone{ZonePlenary, ZoneRetreat, ZoneOffices}},
		{Band(RoleAlternate), []Zone{ZonePlenary, ZoneRetreat, ZoneOffices}},
		{Band(RoleMember), []Zone{ZonePlenary, ZoneOffices}},
		{Band(RoleAdviser), []Zone{ZonePlenary, ZoneOffices}},
		{BandStaff, []Zone{ZonePlenary, ZoneRetreat, ZoneOffices, ZoneMedia}},
		{Band(RoleLiaison), []Zone{ZoneOffices, ZoneDropOff}},
		{BandDriver, []Zone{ZoneDropOff}},
		{Band(RoleMedia), []Zone{ZoneMedia}},
		{Band(RoleSecurity), all},
		{BadgeBand("nobody"), nil},
	} {
		if got := DefaultZones(tc.band); !slices.Equal(got, tc.want) {
			t.Errorf("DefaultZones(%s) = %v, want %v", tc.band, got, tc.want)
		}
	}
	// The defaults of security are a copy: changing them changes nothing else.
	DefaultZones(BandSecurity)[0] = "x"
	if Zones[0] != ZonePlenary {
		t.Fatal("DefaultZones(security) shares Zones")
	}
}

func TestBadgeZonesFor(t *testing.T) {
	z := BadgeZones{BandMedia: {ZoneMedia, ZonePlenary}, BandDriver: {}}
	for _, tc := range []struct {
		band BadgeBand
		want []Zone
	}{
		{BandMedia, []Zone{ZoneMedia, ZonePlenary}}, // the meeting's setting
		{BandDriver, []Zone{}},                      // set to none
		{BandStaff, DefaultZones(BandStaff)},        // not set: the default
	} {
		if got := z.For(tc.band); !slices.Equal(got, tc.want) {
			t.Errorf("For(%s) = %v, want %v", tc.band, got, tc.want)
		}
	}
}

func TestZoneWordsAndParse(t *testing.T) {
	for _, tc := range []struct {
		in      []string
		want    []Zone
		words   string
		wantErr bool
	}{
		{[]string{"media"}, []Zone{ZoneMedia}, "Media centre", false},
		{[]string{"dropoff", "plenary", "plenary"}, []Zone{ZonePlenary, ZoneDropOff}, "Plenary · Drop-off", false},
		{nil, []Zone{}, "No zone inside the venue", false},
		{[]string{"kitchen"}, nil, "", true},
		{[]string{""}, nil, "", true},
	} {
		got, err := ParseZones(tc.in)
		if (err != nil) != tc.wantErr {
			t.Errorf("ParseZones(%q) error %v", tc.in, err)
			continue
		}
		if tc.wantErr {
			continue
		}
		if !slices.Equal(got, tc.want) || ZoneWords(got) != tc.words {
			t.Errorf("ParseZones(%q) = %v (%q), want %v (%q)", tc.in, got, ZoneWords(got), tc.want, tc.words)
		}
		if back := ReadZones(FormatZones(got)); !slices.Equal(back, got) {
			t.Errorf("ReadZones(FormatZones(%v)) = %v", got, back)
		}
	}
}

// TestBandColoursReadable holds every category's colour to white text at
// 4.5:1 at least, and every category to its own colour and word: the
// category never relies on colour alone, and no two look alike.
func TestBandColoursReadable(t *testing.T) {
	colours, words := map[string]BadgeBand{}, map[string]BadgeBand{}
	for _, b := range BadgeBands {
		if r := ContrastRatio(b.Colour(), "#ffffff"); r < 4.5 {
			t.Errorf("%s: %s on white text has contrast %.2f, want at least 4.5", b, b.Colour(), r)
		}
		if o, ok := colours[b.Colour()]; ok {
			t.Errorf("%s and %s share colour %s", b, o, b.Colour())
		}
		if o, ok := words[b.Label()]; ok || b.Label() == string(b) {
			t.Errorf("%s has no word of its own (%q, like %s)", b, b.Label(), o)
		}
		colours[b.Colour()], words[b.Label()] = b, b
	}
	if r := ContrastRatio("#000000", "#ffffff"); r < 20.9 || r > 21.1 {
		t.Errorf("black on white = %.2f, want 21", r)
	}
	if r := ContrastRatio("#777777", "#777777"); r != 1 {
		t.Errorf("same colour = %.2f, want 1", r)
	}
}

func TestBadgeHolderValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		h      BadgeHolder
		fields []string
	}{
		{"staff", BadgeHolder{Category: BandStaff, Name: "Nurul Aina"}, nil},
		{"media with organisation", BadgeHolder{Category: BandMedia, Name: "Trần Thị Hương", Organisation: "VNA"}, nil},
		{"liaison from logistics", BadgeHolder{Category: BandLiaison, LiaisonOfficerID: 3}, nil},
		{"no category", BadgeHolder{Name: "A"}, []string{"category"}},
		{"delegate category", BadgeHolder{Category: BandHead, Name: "A"}, []string{"category"}},
		{"no name", BadgeHolder{Category: BandDriver, Name: "  "}, []string{"name"}},
		{"liaison without officer", BadgeHolder{Category: BandLiaison}, []string{"liaison_officer_id"}},
	} {
		err := tc.h.Validate()
		got := ErrorFields(err)
		if len(got) != len(tc.fields) {
			t.Errorf("%s: fields %v, want %v", tc.name, got, tc.fields)
		}
		for _, f := range tc.fields {
			if got[f] == "" {
				t.Errorf("%s: no message for %s (%v)", tc.name, f, got)
			}
		}
	}
}

func TestBadgeRefusalOfHolder(t *testing.T) {
	b := Badge{MeetingID: 1, HolderID: 5, HolderName: "Siti", Status: BadgeActive}
	if msg := BadgeRefusal(b, 1); msg != "" {
		t.Fatalf("a valid holder badge is refused: %s", msg)
	}
	b.Status = BadgeRevoked
	if msg := BadgeRefusal(b, 1); msg == "" || !contains(msg, "Siti") {
		t.Fatalf("a revoked holder badge: %q", msg)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
