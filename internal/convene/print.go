package convene

import (
	"crypto/rand"
	"fmt"
	"strings"
	"time"
)

// BadgeStatus is whether a printed badge is still accepted at the desk.
type BadgeStatus string

// Badge statuses. Only an active badge admits its holder: a reprint
// supersedes the previous version and a revoked badge is refused outright.
const (
	BadgeActive     BadgeStatus = "active"
	BadgeSuperseded BadgeStatus = "superseded"
	BadgeRevoked    BadgeStatus = "revoked"
)

// Label is the status in plain words.
func (s BadgeStatus) Label() string {
	switch s {
	case BadgeActive:
		return "Valid"
	case BadgeSuperseded:
		return "Superseded by a reprint"
	case BadgeRevoked:
		return "Revoked"
	}
	return string(s)
}

// Badge is one printed version of a delegate's pass to one meeting. Code is
// the opaque identifier the QR code carries: random, not the row id and not
// derived from anything about the person, so it cannot be guessed or
// enumerated, and a lost badge tells its finder nothing.
type Badge struct {
	ID          int64
	MeetingID   int64
	DelegateID  int64
	Code        string
	Version     int
	Status      BadgeStatus
	PrintedBy   string // filled on read: the user's name
	PrintedAt   time.Time
	CollectedBy string
	CollectedAt time.Time
	Delegate    Delegate // filled on read
	// HolderID is set instead of DelegateID on the badge of someone who is
	// not a delegate (BadgeHolder); HolderName is their name, filled on read.
	HolderID   int64
	HolderName string
}

// Name is the badge holder's name as the desk reads it out.
func (b Badge) Name() string {
	if b.HolderID != 0 {
		return b.HolderName
	}
	return b.Delegate.DisplayName()
}

// badgeAlphabet is Crockford's base32: no I, L, O or U, so a code read aloud
// or typed from a damaged badge is not mistaken for another.
const badgeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// BadgeCodeLen is the length of a badge code: 16 symbols of 5 bits, 80 bits
// of randomness, far beyond guessing at a desk or over the network.
const BadgeCodeLen = 16

// NewBadgeCode returns a fresh random badge code from crypto/rand.
func NewBadgeCode() string {
	var b [BadgeCodeLen]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand failed: " + err.Error()) // never happens on a supported OS
	}
	out := make([]byte, BadgeCodeLen)
	for i, x := range b {
		out[i] = badgeAlphabet[x&31]
	}
	return string(out)
}

// NormalizeBadgeCode turns a typed or scanned code into the stored form:
// upper case, without spaces or hyphens, with the letters people confuse
// with digits read as those digits (Crockford's rules).
func NormalizeBadgeCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == ' ' || r == '-' || r == '\t':
			continue
		case r == 'O':
			r = '0'
		case r == 'I' || r == 'L':
			r = '1'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// GroupBadgeCode prints a code in groups of four ("K7QF-M2XA-…") so that a
// person can type it from the badge without losing their place.
func GroupBadgeCode(code string) string {
	var parts []string
	for len(code) > 4 {
		parts = append(parts, code[:4])
		code = code[4:]
	}
	return strings.Join(append(parts, code), "-")
}

// What the check-in desk reads out when a typed or scanned code finds no
// badge at all.
const (
	RefuseNoCode      = "Type the code printed under the QR code, or scan the badge."
	RefuseUnknownCode = "No badge has this code. Check it character by character; do not admit on this code."
)

// BadgeRefusal decides what a badge admits: it returns "" when b admits its
// holder to the meeting with id meetingID, else the refusal the desk reads
// out. Only the current version of a badge for this meeting admits, and only
// while its holder is still accredited: a reprint supersedes the old badge,
// a revoked badge is refused, and a person returned or withdrawn after
// printing is stopped at the door.
func BadgeRefusal(b Badge, meetingID int64) string {
	name := b.Name()
	switch {
	case b.MeetingID != meetingID:
		return fmt.Sprintf("This badge of %s is for another meeting, not this one.", name)
	case b.Status == BadgeSuperseded:
		return fmt.Sprintf("Refused: this is version %d of %s's badge, replaced by a reprint. Ask for the current badge.",
			b.Version, name)
	case b.Status == BadgeRevoked:
		return fmt.Sprintf("Refused: %s's badge was revoked. Send the holder to the accreditation desk.", name)
	case b.HolderID == 0 && b.Delegate.Status != RegAccredited:
		return fmt.Sprintf("Refused: %s is %s, not accredited.", name, b.Delegate.Status.Label())
	}
	return ""
}

// BadgePrintRefusal decides who gets a badge: it returns "" when a person
// named name in registration status s may have one printed (only the
// accredited may), else why the whole sheet is refused.
func BadgePrintRefusal(name string, s RegistrationStatus) string {
	if s == RegAccredited {
		return ""
	}
	return fmt.Sprintf("%s is %s, not accredited: badges are printed only for accredited delegates. Nothing was printed.",
		name, s.Label())
}

// BadgeBand is the colour band category a badge shows, so that security and
// ushers can tell at a glance where its holder may go.
type BadgeBand string

// Badge bands.
const (
	BandHead     BadgeBand = "head"
	BandDelegate BadgeBand = "delegate"
	BandLiaison  BadgeBand = "liaison"
	BandSecurity BadgeBand = "security"
	BandMedia    BadgeBand = "media"
)

// Band returns the colour band of a delegate's role: heads and alternates
// one colour, the rest of a delegation another, then liaison officers,
// security and media each their own.
func Band(r DelegateRole) BadgeBand {
	switch r {
	case RoleHead, RoleAlternate:
		return BandHead
	case RoleLiaison:
		return BandLiaison
	case RoleSecurity:
		return BandSecurity
	case RoleMedia:
		return BandMedia
	}
	return BandDelegate
}

// CheckIn is one delegate seen at the desk for a meeting or one session.
type CheckIn struct {
	ID         int64
	MeetingID  int64
	SessionID  int64 // 0 for the meeting as a whole
	DelegateID int64
	BadgeID    int64
	At         time.Time
	ByName     string // filled on read
	New        bool   // false when the delegate was already checked in (a second scan)
	Delegate   Delegate
	// Override is set when the desk admitted someone the session's
	// attendance rule does not, by OverrideBy (the officer's name) for
	// OverrideReason.
	Override       bool
	OverrideBy     string
	OverrideReason string
	// Filled on read for the desk's answer.
	BadgeVersion int
	Session      Session // zero for the meeting as a whole
	HasPhoto     bool
	// Holder is set (Holder.ID not 0) instead of Delegate when the badge
	// is a badge holder's, someone who is not a delegate.
	Holder BadgeHolder
}

// DelegationCount is how many of a delegation's accredited people have
// checked in.
type DelegationCount struct {
	Country    Country
	Accredited int
	CheckedIn  int
}

// SeatingMode says how Member States are placed around the table.
type SeatingMode string

// Seating modes: round the table starting at the chair's right, which is
// anticlockwise on the printed plan (the chair sits at the top, facing down
// the table, so its right is the viewer's left), or alternating right and
// left of the chair, the most senior places nearest the chair.
const (
	SeatAnticlockwise SeatingMode = "anticlockwise"
	SeatAlternating   SeatingMode = "alternating"
)

// Seat is one place at the table.
type Seat struct {
	Delegation Delegation
	Chair      bool   // the host in the chair, at the head of the table
	Observer   bool   // an observer, partner or organisation: not a Member State
	Side       string // "head", "right", "left", "foot" or "row" (behind the foot) as seen from the chair
	Position   int    // 0-based place along its side, nearest the chair first
}

// SeatOthers is where a meeting seats those at its table who are not
// Member States: observers, partners and organisations. Each meeting sets
// it (the seating plan's setting); SeatOthersFoot is the default.
type SeatOthers string

// Placements of observers and partners: at the foot of the table facing the
// chair, round the table after every Member State (the sides continue in
// protocol order), or in a separate row behind the foot of the table.
const (
	SeatOthersFoot  SeatOthers = "foot"
	SeatOthersRound SeatOthers = "round"
	SeatOthersRow   SeatOthers = "row"
)

// SeatOthersChoices are the placements in the order the plan offers them.
var SeatOthersChoices = []SeatOthers{SeatOthersFoot, SeatOthersRound, SeatOthersRow}

// ParseSeatOthers reads a placement; ok is false for anything else.
func ParseSeatOthers(s string) (SeatOthers, bool) {
	for _, o := range SeatOthersChoices {
		if string(o) == s {
			return o, true
		}
	}
	return SeatOthersFoot, false
}

// Label describes the placement on the seating plan's setting.
func (o SeatOthers) Label() string {
	switch o {
	case SeatOthersRound:
		return "Round the table, after every Member State in protocol order"
	case SeatOthersRow:
		return "In a separate row behind the foot of the table"
	}
	return "At the foot of the table, facing the chair"
}

// SeatingPlan places the delegations of a meeting at a boardroom (hollow
// square) table: the host in the chair at the head, the other Member States
// in protocol order, and the others (observers, partners, organisations:
// Seat.Observer) after every Member State where others says: at the foot,
// round the table continuing the Member States' order, or in a separate
// row (side "row"). delegations must already be in protocol order (they
// come from the store that way); the function does not sort countries
// itself.
func SeatingPlan(delegations []Delegation, hostCountryID int64, mode SeatingMode, others SeatOthers) []Seat {
	var seats []Seat
	var members, outside []Delegation
	for _, d := range delegations {
		switch {
		case d.CountryID == hostCountryID:
			seats = append(seats, Seat{Delegation: d, Chair: true, Side: "head"})
		case d.Country.Standing != StandingMember && d.Country.Standing != NoStanding:
			outside = append(outside, d)
		default:
			members = append(members, d)
		}
	}
	round := members
	if others == SeatOthersRound {
		round = append(append([]Delegation(nil), members...), outside...)
	}
	right, left := 0, 0
	half := (len(round) + 1) / 2
	for i, d := range round {
		s := Seat{Delegation: d, Observer: i >= len(members)}
		switch {
		case mode == SeatAlternating && i%2 == 0, mode != SeatAlternating && i < half:
			s.Side, s.Position = "right", right
			right++
		default:
			s.Side, s.Position = "left", left
			left++
		}
		seats = append(seats, s)
	}
	if mode != SeatAlternating {
		// Round the table: down the right side, then back up the left, so the
		// left side's places count from the foot towards the chair.
		for i := range seats {
			if seats[i].Side == "left" {
				seats[i].Position = left - 1 - seats[i].Position
			}
		}
	}
	if others == SeatOthersRound {
		return seats
	}
	side := "foot"
	if others == SeatOthersRow {
		side = "row"
	}
	for i, d := range outside {
		seats = append(seats, Seat{Delegation: d, Observer: true, Side: side, Position: i})
	}
	return seats
}

// BadgeFilter selects badges of one meeting.
type BadgeFilter struct {
	MeetingID    int64
	DelegationID int64         // 0 for every delegation
	DelegateID   int64         // 0 for every delegate
	Statuses     []BadgeStatus // empty for every status
}
