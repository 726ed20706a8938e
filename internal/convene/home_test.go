package convene

import "testing"

func TestDelegationNextStep(t *testing.T) {
	open := Meeting{Status: StatusRegistrationOpen}
	tests := []struct {
		name string
		p    DelegationProgress
		want Step
	}{
		{"cancelled", DelegationProgress{Meeting: Meeting{Status: StatusCancelled}, People: map[RegistrationStatus]int{RegNominated: 2}},
			Step{Label: "Nothing more to do: the meeting is cancelled."}},
		{"not open", DelegationProgress{Meeting: Meeting{Status: StatusProposed}}, Step{Label: "Registration is not open yet."}},
		{"empty", DelegationProgress{Meeting: open}, Step{Label: "Nominate the delegation.", Kind: StepNominate}},
		{"returned first", DelegationProgress{Meeting: open, People: map[RegistrationStatus]int{RegReturned: 1, RegNominated: 3}},
			Step{Label: "Correct 1 person returned by the secretariat, then submit.", Kind: StepDelegation}},
		{"submit", DelegationProgress{Meeting: open, People: map[RegistrationStatus]int{RegNominated: 3, RegAccredited: 1}},
			Step{Label: "Submit 3 people to the secretariat.", Kind: StepDelegation}},
		{"closed", DelegationProgress{Meeting: Meeting{Status: StatusRegistrationClosed}, People: map[RegistrationStatus]int{RegNominated: 2}},
			Step{Label: "Registration is closed: ask the secretariat about 2 people not submitted."}},
		{"links", DelegationProgress{Meeting: open, People: map[RegistrationStatus]int{RegSubmitted: 2}, WithoutLink: 2},
			Step{Label: "Send personal links to 2 people.", Kind: StepDelegation}},
		{"wait", DelegationProgress{Meeting: open, People: map[RegistrationStatus]int{RegSubmitted: 2}},
			Step{Label: "Wait for the secretariat's decision on 2 people."}},
		{"done", DelegationProgress{Meeting: open, People: map[RegistrationStatus]int{RegAccredited: 4}},
			Step{Label: "Nothing to do: everyone is accredited."}},
		{"only waitlisted", DelegationProgress{Meeting: Meeting{Status: StatusRegistrationClosed}, People: map[RegistrationStatus]int{RegWaitlisted: 1}},
			Step{Label: "Nothing to do now."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.NextStep(); got != tt.want {
				t.Errorf("NextStep() = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestMeetingWorkNeedsAction(t *testing.T) {
	if (MeetingWork{BadgesToPrint: 3}).NeedsAction() {
		t.Error("badges to print alone is the print room's work, not the secretariat's action")
	}
	for _, w := range []MeetingWork{{Queue: 1}, {PendingChanges: 1}, {Clashes: 1}, {MailProblems: 1}} {
		if !w.NeedsAction() {
			t.Errorf("%+v: NeedsAction() = false", w)
		}
	}
}
