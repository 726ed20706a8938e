package views

import (
	"github.com/a-h/templ"

	"convene/internal/convene"
)

// PrintDoc is what every printable document shares: its meeting, the print
// stamp each page carries, and the links of the toolbar that the print CSS
// hides (back to the print room, the PDF download).
type PrintDoc struct {
	Meeting  convene.Meeting
	Title    string
	Printed  string // "26 February 2025 09:00 MYT"
	PDFHref  string // "" when the document has no PDF download
	BackHref string
	// InlineCSS is print.css itself when the server prints the document
	// to PDF; empty in the browser, which loads the stylesheet (the CSP
	// refuses inline styles there).
	InlineCSS string
}

// BadgeCard is one badge as the sheet prints it. It carries only what a
// badge shows: never passport, date of birth, contact or medical data.
type BadgeCard struct {
	Name     string // honorific and the name as chosen for the badge
	NameSize string // l, m, s, xs: long names shrink to fit
	Position string
	Country  string
	ISO3     string
	Role     string
	Band     convene.BadgeBand
	Code     string // grouped for typing, e.g. K7QF-M2XA-9T4B-ZP0C
	Version  int
	QR       templ.Component
}

// BadgeSheetData is a sheet of badges, already split into A4 pages.
type BadgeSheetData struct {
	Doc   PrintDoc
	Pages [][]BadgeCard
}

// BadgeRow is one accredited delegate on the badges page, with the current
// badge if one is printed.
type BadgeRow struct {
	Delegate convene.Delegate
	Badge    *convene.Badge // nil when none is printed
	Older    int            // how many earlier versions were superseded or revoked
}

// BadgesData is the badges page of the print room.
type BadgesData struct {
	Meeting     convene.Meeting
	Rows        []BadgeRow
	Delegations []convene.Delegation
	NotPrinted  int
	CanManage   bool // may reprint and revoke
	Collect     Form
}

// CheckInData is the registration desk's page.
type CheckInData struct {
	Meeting  convene.Meeting
	Sessions []Option
	Session  string // the chosen session id, "" for the meeting as a whole
	Form     Form
	Counts   []convene.DelegationCount
	Total    convene.DelegationCount
}

// BookSession is one line of the programme book, formatted in venue time.
type BookSession struct {
	Time  string // "09:00–10:30 MYT"
	Title string
	Kind  string
	Room  string
	Notes string
}

// BookDay is one day of the programme book.
type BookDay struct {
	Label    string // "Wednesday 26 February 2025"
	Sessions []BookSession
}

// ProgrammeBookData is the programme book of one meeting.
type ProgrammeBookData struct {
	Doc         PrintDoc
	Zone        string // "Asia/Kuala_Lumpur (MYT)"
	Days        []BookDay
	Delegations []convene.Delegation
}

// SeatBox is one place of the seating plan, positioned for the SVG.
type SeatBox struct {
	X, Y     int
	Country  string
	Head     string
	Chair    bool
	Observer bool
}

// SeatingData is the seating plan of the meeting's table.
type SeatingData struct {
	Doc   PrintDoc
	Mode  convene.SeatingMode
	Room  string
	Seats []SeatBox
	Order []convene.Seat
}

// NamePlate is one tent card: the country, and for a head's place card the
// name too.
type NamePlate struct {
	Country string
	Name    string
	Role    string
}

// NamePlatesData is the set of name plates in protocol order.
type NamePlatesData struct {
	Doc    PrintDoc
	Plates []NamePlate
}

// ParticipantGroup is one delegation on the list of participants.
type ParticipantGroup struct {
	Country convene.Country
	People  []convene.Delegate
}

// ParticipantsData is the list of participants.
type ParticipantsData struct {
	Doc    PrintDoc
	Final  bool
	Groups []ParticipantGroup
	Count  int
}

// PrintRoomData is the index of everything the print room produces.
type PrintRoomData struct {
	Meeting     convene.Meeting
	Delegations []convene.Delegation
	PDF         bool // Chromium is installed on the server
}
