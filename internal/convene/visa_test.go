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

// TestPassportFieldsAreIdentity: the passport type and the name as in the
// passport wait for approval after accreditation like the number, and the
// one validation of a person checks them.
func TestPassportFieldsAreIdentity(t *testing.T) {
	approved := Registration{Delegate: Delegate{GivenName: "Văn An", FamilyName: "Nguyễn", PassportType: PassportOrdinary}}
	proposed := approved
	proposed.PassportType, proposed.PassportName = PassportDiplomatic, "NGUYEN VAN AN"
	got := IdentityChanges(approved, proposed)
	if len(got) != 2 || got[0].Field != "passport_type" || got[1].Field != "passport_name" {
		t.Fatalf("IdentityChanges = %+v", got)
	}
	kept := proposed
	KeepIdentity(&kept, approved)
	if kept.PassportType != PassportOrdinary || kept.PassportName != "" {
		t.Errorf("KeepIdentity left the proposed passport fields: %q %q", kept.PassportType, kept.PassportName)
	}
	m := Meeting{DatePrecision: PrecisionDay, StartDate: Date{2025, 2, 26}, EndDate: Date{2025, 2, 26}}
	for _, c := range []struct {
		name      string
		pt        PassportType
		pn        string
		wantField string
		wantName  string
	}{
		{"valid", PassportOfficial, "nguyen  van an", "", "NGUYEN VAN AN"},
		{"diacritics are not passport letters", "", "Nguyễn Văn An", "passport_name", ""},
		{"the name as written is not recorded twice", "", "Văn An Nguyễn", "", ""},
		{"unknown type", "service", "", "passport_type", ""},
		{"not Latin", "", "NGUYỄN", "passport_name", ""},
	} {
		r := Registration{Delegate: Delegate{GivenName: "Văn An", FamilyName: "Nguyễn", Nationality: "VNM",
			Role: RoleMember, Dietary: "none", PassportType: c.pt, PassportName: c.pn}}
		fields := ErrorFields(r.Validate(m, Date{2025, 1, 1}))
		if c.wantField == "" && len(fields) > 0 || c.wantField != "" && fields[c.wantField] == "" {
			t.Errorf("%s: problems %v, want one on %q", c.name, fields, c.wantField)
		}
		if c.wantField == "" && r.PassportName != c.wantName {
			t.Errorf("%s: passport name %q, want %q", c.name, r.PassportName, c.wantName)
		}
	}
}
