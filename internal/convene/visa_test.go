package convene

import "testing"

func TestNeedsVisa(t *testing.T) {
	rules := VisaRules{
		{"AUS", PassportDiplomatic}: false,
		{"KHM", PassportOrdinary}:   true, // a host's own decision wins over the ASEAN default
	}
	cases := []struct {
		name, host, nat string
		pt              PassportType
		want            bool
	}{
		{"ASEAN national, ordinary", "MYS", "VNM", PassportOrdinary, false},
		{"ASEAN national, diplomatic", "MYS", "LAO", PassportDiplomatic, false},
		{"host's own national", "MYS", "MYS", PassportOrdinary, false},
		{"Timor-Leste by default", "MYS", "TLS", PassportOrdinary, true},
		{"partner, ordinary by default", "MYS", "AUS", PassportOrdinary, true},
		{"partner, diplomatic by rule", "MYS", "AUS", PassportDiplomatic, false},
		{"rule requires an ASEAN national", "MYS", "KHM", PassportOrdinary, true},
		{"rule is per passport type", "MYS", "KHM", PassportOfficial, false},
		{"type not given reads as ordinary", "MYS", "KHM", "", true},
		{"non-ASEAN host exempts nobody by default", "XAS", "VNM", PassportOrdinary, true},
		{"no nationality: nothing to decide", "MYS", "", PassportOrdinary, false},
	}
	for _, c := range cases {
		if got := NeedsVisa(rules, c.host, c.nat, c.pt); got != c.want {
			t.Errorf("%s: NeedsVisa(%s, %s, %q) = %v, want %v", c.name, c.host, c.nat, c.pt, got, c.want)
		}
	}
}

func TestPassportTypeValid(t *testing.T) {
	for _, c := range []struct {
		t    PassportType
		want bool
	}{{"", true}, {PassportOrdinary, true}, {PassportDiplomatic, true}, {"service", false}} {
		if got := c.t.Valid(); got != c.want {
			t.Errorf("%q.Valid() = %v, want %v", c.t, got, c.want)
		}
	}
}
