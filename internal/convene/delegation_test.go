package convene

import "testing"

func TestDelegationStatusFrom(t *testing.T) {
	type counts = map[RegistrationStatus]int
	tests := []struct {
		name   string
		people counts
		want   DelegationStatus
	}{
		{"nobody", counts{}, DelegationNotStarted},
		{"only people without a place", counts{RegWaitlisted: 2, RegRejected: 1, RegWithdrawn: 1}, DelegationNotStarted},
		{"one nominated", counts{RegNominated: 1, RegAccredited: 3}, DelegationNominating},
		{"one returned", counts{RegReturned: 1, RegSubmitted: 2}, DelegationNominating},
		{"all submitted", counts{RegSubmitted: 2, RegWaitlisted: 1}, DelegationSubmitted},
		{"some submitted, some accredited", counts{RegSubmitted: 1, RegAccredited: 3}, DelegationSubmitted},
		{"all accredited", counts{RegAccredited: 4, RegWaitlisted: 2, RegWithdrawn: 1}, DelegationAccredited},
	}
	for _, tt := range tests {
		if got := DelegationStatusFrom(tt.people); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}
