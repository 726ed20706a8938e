package views

import (
	"testing"

	"convene/internal/convene"
)

// TestDelegationTag: every delegation status has a colour, and the focal
// point's turn (not started, nominating) is amber, the secretariat's
// (submitted) neutral, accredited green.
func TestDelegationTag(t *testing.T) {
	for s, want := range map[convene.DelegationStatus]string{
		convene.DelegationNotStarted: "tag-warn",
		convene.DelegationNominating: "tag-warn",
		convene.DelegationSubmitted:  "tag-tentative",
		convene.DelegationAccredited: "tag-ok",
	} {
		if got := DelegationTag(s); got != want {
			t.Errorf("DelegationTag(%s) = %s; want %s", s, got, want)
		}
	}
}
