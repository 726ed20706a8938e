package views

import "convene/internal/convene"

// BilateralRow is one bilateral as lists and the board show it: the two
// delegations in protocol order, times in the meeting's zone with the zone
// named, and both delegations' liaison officers.
type BilateralRow struct {
	ID             int64
	Href           string
	First, Second  string // country names in protocol order
	Requester      string
	Level          string
	Status         convene.BilateralStatus
	Day            string // e.g. "Wed 26 Feb"; empty until scheduled
	Time           string // e.g. "17:45–18:15 MYT"
	Room           string
	Interpretation string // language, or "" when none
	Needs          string // flags, media
	Liaison        []string
	YourTurn       bool // the viewer's side is expected to answer
}

// BilateralList is a meeting's bilaterals as one viewer may see them: all
// for the secretariat and organisers, a focal point's own country's only.
type BilateralList struct {
	Meeting    convene.Meeting
	Scope      string
	Rows       []BilateralRow
	CanRequest bool
	CanBoard   bool
}

// BilateralBoard is the printable board of scheduled bilaterals.
type BilateralBoard struct {
	Meeting convene.Meeting
	Zone    string
	Rows    []BilateralRow
	Pending int // requests not yet scheduled
	Matrix  BilateralMatrix
}

// BilateralMatrix is delegations by delegations, both in protocol order,
// with the state of the bilateral between each pair (empty when none).
type BilateralMatrix struct {
	Codes []string // ISO3 codes, in protocol order
	Names []string // country names, same order
	Cells [][]MatrixCell
}

// MatrixCell is one pair's state: a one-letter mark and its meaning.
type MatrixCell struct {
	Mark  string
	Title string
}

// BilateralForm is the request form with its choices.
type BilateralForm struct {
	Meeting      convene.Meeting
	Form         Form
	Requesters   []Option
	Counterparts []Option
	Levels       []Option
	Days         []Option
}

// SlotProposal is one free room and time the system proposes.
type SlotProposal struct {
	Label string
	Day   string
	Start string
	End   string
	Room  string // room id
}

// BilateralDetail is one request with what the viewer may do on it.
type BilateralDetail struct {
	Meeting      convene.Meeting
	B            convene.Bilateral
	Row          BilateralRow
	Actions      []convene.BilateralAction
	RespondForm  Form
	CanSchedule  bool
	ScheduleForm Form
	Rooms        []Option
	Proposals    []SlotProposal
	NoSlot       string
}
