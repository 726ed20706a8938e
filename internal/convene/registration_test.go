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
		{RegAccredited, ActReview, RegSubmitted},
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
		Email: "x@", Dietary: "other", Gender: "x", Mobile: "call me"}, DateOfBirth: Date{2026, 1, 1},
		ArrivalFlight: "by boat"}
	err := bad.Validate(m, today)
	for _, f := range []string{"given_name", "role", "passport_number", "passport_expiry", "email", "dietary_other",
		"gender", "mobile", "date_of_birth", "arrival_flight"} {
		if ErrorFields(err)[f] == "" {
			t.Errorf("no problem reported for %s", f)
		}
	}
	if !strings.Contains(ErrorFields(err)["passport_expiry"], "26 August 2025") {
		t.Errorf("passport message: %q", ErrorFields(err)["passport_expiry"])
	}
}
