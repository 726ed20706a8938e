package convene

import (
	"strings"
	"testing"
)

func TestNextStatus(t *testing.T) {
	ok := []struct {
		from RegistrationStatus
		act  RegAction
		to   RegistrationStatus
	}{
		{RegNominated, ActSubmit, RegSubmitted},
		{RegReturned, ActSubmit, RegSubmitted},
		{RegSubmitted, ActAccredit, RegAccredited},
		{RegSubmitted, ActReturn, RegReturned},
		{RegAccredited, ActReturn, RegReturned},
		{RegSubmitted, ActReject, RegRejected},
		{RegWaitlisted, ActPromote, RegNominated},
		{RegAccredited, ActWithdraw, RegWithdrawn},
	}
	for _, c := range ok {
		if got, err := NextStatus(c.from, c.act); err != nil || got != c.to {
			t.Errorf("%s --%s--> %s, %v; want %s", c.from, c.act, got, err, c.to)
		}
	}
	bad := []struct {
		from RegistrationStatus
		act  RegAction
	}{
		{RegNominated, ActAccredit}, {RegWaitlisted, ActAccredit}, {RegRejected, ActAccredit},
		{RegWithdrawn, ActSubmit}, {RegAccredited, ActSubmit}, {RegRejected, ActWithdraw}, {RegNominated, ActPromote},
	}
	for _, c := range bad {
		if _, err := NextStatus(c.from, c.act); ErrorCode(err) != ECONFLICT {
			t.Errorf("%s --%s--> allowed (%v), want a conflict", c.from, c.act, err)
		}
	}
	// An edit after accreditation never moves the person: the step back to
	// "submitted" (issue 16; it was ActReview) no longer exists.
	if _, err := NextStatus(RegAccredited, "review"); ErrorCode(err) != EINVALID {
		t.Errorf("accredited --review--> %v, want an unknown action", err)
	}
}

func TestRegistrationValidate(t *testing.T) {
	m := Meeting{StartDate: Date{2025, 2, 26}, EndDate: Date{2025, 2, 26}}
	today := Date{2025, 1, 10}
	good := Registration{Delegate: Delegate{GivenName: "မောင်မောင်", Role: RoleMember, PassportNumber: " mb 123456 ",
		PassportExpiry: Date{2025, 8, 26}, Nationality: "mmr"}}
	if err := good.Validate(m, today); err != nil {
		t.Fatalf("a mononym with a passport valid exactly six months after: %v", err)
	}
	if good.PassportNumber != "MB123456" || good.Nationality != "MMR" || good.GivenName != "မောင်မောင်" {
		t.Errorf("normalised to %q %q %q", good.PassportNumber, good.Nationality, good.GivenName)
	}
	bad := Registration{Delegate: Delegate{Role: "chief", PassportNumber: "12", PassportExpiry: Date{2025, 8, 25},
		Email: "x@", Dietary: "other", Gender: "x", Mobile: "call me"}, DateOfBirth: Date{2026, 1, 1}}
	err := bad.Validate(m, today)
	for _, f := range []string{"given_name", "role", "passport_number", "passport_expiry", "email", "dietary_other",
		"gender", "mobile", "date_of_birth", "nationality"} {
		if ErrorFields(err)[f] == "" {
			t.Errorf("no problem reported for %s", f)
		}
	}
	if !strings.Contains(ErrorFields(err)["passport_expiry"], "26 August 2025") {
		t.Errorf("passport message: %q", ErrorFields(err)["passport_expiry"])
	}
}

// TestRegistrationRequiredFields pins the one rule every path shares (the
// focal point's form, the personal link, the import): a given name and a
// nationality, with the same words whatever the path.
func TestRegistrationRequiredFields(t *testing.T) {
	m := Meeting{StartDate: Date{2025, 2, 26}, EndDate: Date{2025, 2, 26}}
	for _, tt := range []struct {
		name  string
		r     Registration
		field string
		want  string
	}{
		{"cleared given name", Registration{Delegate: Delegate{GivenName: "  ", FamilyName: "Võ", Nationality: "VNM", Role: RoleMember}},
			"given_name", MsgGivenNameRequired},
		{"family name only", Registration{Delegate: Delegate{FamilyName: "Võ", Nationality: "VNM", Role: RoleMember}},
			"given_name", MsgGivenNameRequired},
		{"cleared nationality", Registration{Delegate: Delegate{GivenName: "Mai", Role: RoleMember}},
			"nationality", MsgNationalityRequired},
		{"nationality not a code", Registration{Delegate: Delegate{GivenName: "Mai", Nationality: "Viet", Role: RoleMember}},
			"nationality", MsgNationalityRequired},
		{"mononym in the given name", Registration{Delegate: Delegate{GivenName: "ဇော်ဇော်", Nationality: "mmr", Role: RoleMember}},
			"", ""},
	} {
		err := tt.r.Validate(m, Date{2025, 1, 10})
		if tt.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if got := ErrorFields(err)[tt.field]; got != tt.want {
			t.Errorf("%s: %s says %q, want %q", tt.name, tt.field, got, tt.want)
		}
	}
}

func TestRegistrationFilterPageSize(t *testing.T) {
	for _, c := range []struct{ limit, want int }{{0, 1000}, {-3, 1000}, {50, 50}, {5000, 5000}, {5001, 1000}} {
		if got := (RegistrationFilter{Limit: c.limit}).PageSize(); got != c.want {
			t.Errorf("Limit %d: page size %d; want %d", c.limit, got, c.want)
		}
	}
}
