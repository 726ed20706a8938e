package convene

import "strconv"

// MeetingWork is what waits for the secretariat at one meeting: the
// numbers its signed-in home shows, each linked to the page that deals
// with it.
type MeetingWork struct {
	Queue          int // people submitted and waiting for accreditation
	PendingChanges int // changes to accredited people waiting for approval
	Clashes        int // clashes of rooms or people in the programme
	MailProblems   int // messages the mail server refused and not yet sent
	BadgesToPrint  int // accredited people without a valid badge
}

// NeedsAction reports whether anything waits for the secretariat.
func (w MeetingWork) NeedsAction() bool {
	return w.Queue+w.PendingChanges+w.Clashes+w.MailProblems > 0
}

// DelegationProgress is where one of a focal point's delegations stands:
// the meeting, the delegation and how many of its people stand in each
// registration status.
type DelegationProgress struct {
	Meeting    Meeting
	Delegation Delegation
	People     map[RegistrationStatus]int
	// WithoutLink counts the people who hold a place or wait for one,
	// have an e-mail address and hold no personal link that still works.
	WithoutLink int
}

// StepKind says which page takes a focal point's next step.
type StepKind string

// The kinds of next step.
const (
	StepNone       StepKind = ""           // nothing to do now
	StepNominate   StepKind = "nominate"   // the form that nominates a person
	StepDelegation StepKind = "delegation" // the delegation's page (submit, correct, send links)
)

// Step is a focal point's next step for one delegation, in words.
type Step struct {
	Label string
	Kind  StepKind
}

// NextStep decides the one thing a focal point should do next for the
// delegation, most urgent first: corrections the secretariat asked for,
// then nominating, submitting, and sending personal links.
func (p DelegationProgress) NextStep() Step {
	n := p.People
	switch p.Meeting.Status {
	case StatusCancelled, StatusHeld:
		return Step{Label: "Nothing more to do: the meeting is " + lowerFirst(p.Meeting.Status.Label()) + "."}
	case StatusProposed, StatusDatesConfirmed:
		return Step{Label: "Registration is not open yet."}
	}
	open := p.Meeting.Status == StatusRegistrationOpen
	switch {
	case n[RegReturned] > 0 && open:
		return Step{Label: "Correct " + peopleCount(n[RegReturned]) + " returned by the secretariat, then submit.", Kind: StepDelegation}
	case n[RegNominated]+n[RegReturned]+n[RegSubmitted]+n[RegAccredited] == 0 && open:
		return Step{Label: "Nominate the delegation.", Kind: StepNominate}
	case n[RegNominated] > 0 && open:
		return Step{Label: "Submit " + peopleCount(n[RegNominated]) + " to the secretariat.", Kind: StepDelegation}
	case n[RegNominated]+n[RegReturned] > 0:
		return Step{Label: "Registration is closed: ask the secretariat about " + peopleCount(n[RegNominated]+n[RegReturned]) + " not submitted."}
	case p.WithoutLink > 0 && open:
		return Step{Label: "Send personal links to " + peopleCount(p.WithoutLink) + ".", Kind: StepDelegation}
	case n[RegSubmitted] > 0:
		return Step{Label: "Wait for the secretariat's decision on " + peopleCount(n[RegSubmitted]) + "."}
	case n[RegAccredited] > 0:
		return Step{Label: "Nothing to do: everyone is accredited."}
	}
	return Step{Label: "Nothing to do now."}
}

// peopleCount counts persons in words: "1 person", "3 people".
func peopleCount(n int) string {
	if n == 1 {
		return "1 person"
	}
	return strconv.Itoa(n) + " people"
}

// lowerFirst puts the first letter of a label in lower case, for use inside a
// sentence.
func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}
