package convene

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// BilateralLevel says who meets in a bilateral: it decides whose programme
// must be free (heads of delegation, or their senior officials).
type BilateralLevel string

// The levels at which two delegations meet.
const (
	LevelMinisters       BilateralLevel = "ministers"
	LevelHeads           BilateralLevel = "heads"
	LevelSeniorOfficials BilateralLevel = "senior_officials"
)

// BilateralLevels lists the levels in form order.
var BilateralLevels = []BilateralLevel{LevelMinisters, LevelHeads, LevelSeniorOfficials}

// Label is the level in plain words.
func (l BilateralLevel) Label() string {
	switch l {
	case LevelMinisters:
		return "Ministers"
	case LevelHeads:
		return "Heads of delegation"
	case LevelSeniorOfficials:
		return "Senior officials"
	}
	return string(l)
}

// needsHeads reports whether the heads of delegation take part, so that the
// bilateral competes with every session the heads attend.
func (l BilateralLevel) needsHeads() bool { return l != LevelSeniorOfficials }

// BilateralStatus is where a request stands.
type BilateralStatus string

// The life of a bilateral request.
const (
	BilateralRequested       BilateralStatus = "requested"
	BilateralAccepted        BilateralStatus = "accepted"
	BilateralDeclined        BilateralStatus = "declined"
	BilateralCounterProposed BilateralStatus = "counter_proposed"
	BilateralScheduled       BilateralStatus = "scheduled"
	BilateralHeld            BilateralStatus = "held"
	BilateralCancelled       BilateralStatus = "cancelled"
)

// Label is the status in plain words.
func (s BilateralStatus) Label() string {
	switch s {
	case BilateralRequested:
		return "Requested"
	case BilateralAccepted:
		return "Accepted"
	case BilateralDeclined:
		return "Declined"
	case BilateralCounterProposed:
		return "Other times proposed"
	case BilateralScheduled:
		return "Scheduled"
	case BilateralHeld:
		return "Held"
	case BilateralCancelled:
		return "Cancelled"
	}
	return string(s)
}

// BilateralAction is one answer or step a user can take on a request.
type BilateralAction string

// The actions on a bilateral request. Scheduling is its own store method,
// because it needs a room and a time and the clash checks.
const (
	BilateralAccept   BilateralAction = "accept"
	BilateralDecline  BilateralAction = "decline"
	BilateralCounter  BilateralAction = "counter"
	BilateralCancel   BilateralAction = "cancel"
	BilateralMarkHeld BilateralAction = "held"
)

// Bilateral is one request for a bilateral meeting between two delegations
// of a meeting, from the request to the meeting held (or not).
type Bilateral struct {
	ID             int64
	MeetingID      int64
	RequesterID    int64 // delegation that asked
	CounterpartID  int64 // delegation asked
	Level          BilateralLevel
	DurationMin    int
	PreferredDay   Date // zero when any day of the meeting will do
	PreferredTimes string
	Interpretation string // the language needed; empty when none
	Flags          bool
	Media          bool
	Notes          string
	Status         BilateralStatus
	Response       string // the last answer's words: why declined, or other times proposed
	StartsAt       time.Time
	EndsAt         time.Time
	RoomID         int64
	Sequence       int // bumped on every change, for calendar feeds
	CreatedAt      time.Time
	UpdatedAt      time.Time
	// Filled on read.
	Requester   Delegation
	Counterpart Delegation
	RoomName    string
}

// Duration is the bilateral's planned length.
func (b Bilateral) Duration() time.Duration { return time.Duration(b.DurationMin) * time.Minute }

// Involves reports whether the delegation is one of the two sides.
func (b Bilateral) Involves(delegationID int64) bool {
	return b.RequesterID == delegationID || b.CounterpartID == delegationID
}

// Booked reports whether the bilateral holds a room and people's time.
func (b Bilateral) Booked() bool {
	return (b.Status == BilateralScheduled || b.Status == BilateralHeld) && !b.StartsAt.IsZero()
}

// Sides returns the two delegations in protocol order, as every list and
// board names them.
func (b Bilateral) Sides() (Delegation, Delegation) {
	if CompareProtocol(b.Counterpart.Key(), b.Requester.Key()) < 0 {
		return b.Counterpart, b.Requester
	}
	return b.Requester, b.Counterpart
}

// CanSeeBilateral reports whether the actor may see a request: the
// secretariat and organisers see all; a focal point only requests that
// involve their own country. Callers answer ENOTFOUND otherwise.
func CanSeeBilateral(a Actor, b Bilateral) bool {
	switch a.Role {
	case RoleAdmin, RoleOfficer, RoleOrganiser:
		return true
	case RoleFocal:
		return a.CountryID != 0 && (a.CountryID == b.Requester.CountryID || a.CountryID == b.Counterpart.CountryID)
	}
	return false
}

// Validate checks a new request against its meeting. Problems are keyed by
// the form's field names.
func (b *Bilateral) Validate(m Meeting) error {
	p := Problems{}
	b.PreferredTimes = strings.TrimSpace(b.PreferredTimes)
	b.Interpretation = strings.TrimSpace(b.Interpretation)
	b.Notes = strings.TrimSpace(b.Notes)
	if b.RequesterID == 0 {
		p.Add("requester", "Choose the delegation that asks for the meeting.")
	}
	if b.CounterpartID == 0 {
		p.Add("counterpart", "Choose the delegation you wish to meet.")
	} else if b.CounterpartID == b.RequesterID {
		p.Add("counterpart", "A delegation cannot request a bilateral with itself.")
	}
	if !oneOf(b.Level, BilateralLevels) {
		p.Add("level", "Choose who meets: ministers, heads of delegation or senior officials.")
	}
	if b.DurationMin < 15 || b.DurationMin > 120 || b.DurationMin%5 != 0 {
		p.Add("duration", "Enter a length from 15 to 120 minutes, in steps of 5.")
	}
	if !b.PreferredDay.IsZero() && (b.PreferredDay.Before(m.StartDate) || b.PreferredDay.After(m.EndDate)) {
		p.Add("preferred_day", fmt.Sprintf("The meeting runs %s; choose a day inside it.", m.DatesLabel()))
	}
	if utf8.RuneCountInString(b.PreferredTimes) > 200 {
		p.Add("preferred_times", "Preferred times are limited to 200 characters.")
	}
	if utf8.RuneCountInString(b.Interpretation) > 60 {
		p.Add("interpretation", "Name the language in at most 60 characters.")
	}
	if utf8.RuneCountInString(b.Notes) > 2000 {
		p.Add("notes", "Notes are limited to 2000 characters.")
	}
	return p.Err()
}

// BilateralSide says on whose behalf someone acts on a request.
type BilateralSide int

// The sides of a request. The secretariat acts as either, or as itself.
const (
	SideNone BilateralSide = iota
	SideRequester
	SideCounterpart
	SideSecretariat
)

// NextBilateralStatus applies an action taken by one side to a request and
// returns its new status, or an EINVALID error saying why the action is not
// open to that side now. The counterpart answers a request; the requester
// answers a counter-proposal; either side may cancel until it is held; only
// the secretariat marks it held.
func NextBilateralStatus(from BilateralStatus, act BilateralAction, side BilateralSide) (BilateralStatus, error) {
	sec := side == SideSecretariat
	refuse := func() (BilateralStatus, error) {
		return from, Errorf(EINVALID, "A request that is %s cannot be answered that way.", strings.ToLower(from.Label()))
	}
	switch act {
	case BilateralAccept, BilateralDecline, BilateralCounter:
		answering := (from == BilateralRequested && (side == SideCounterpart || sec)) ||
			(from == BilateralCounterProposed && (side == SideRequester || sec))
		if !answering {
			return refuse()
		}
		switch act {
		case BilateralAccept:
			return BilateralAccepted, nil
		case BilateralDecline:
			return BilateralDeclined, nil
		}
		if from == BilateralCounterProposed {
			// Other times answered with other times go back to the
			// counterpart as a fresh request.
			return BilateralRequested, nil
		}
		return BilateralCounterProposed, nil
	case BilateralCancel:
		switch from {
		case BilateralRequested, BilateralCounterProposed, BilateralAccepted, BilateralScheduled:
			if side != SideNone {
				return BilateralCancelled, nil
			}
		}
		return refuse()
	case BilateralMarkHeld:
		if from == BilateralScheduled && sec {
			return BilateralHeld, nil
		}
		return refuse()
	}
	return refuse()
}

// BilateralActions lists what a side may do on a request now, for the page
// to offer only those buttons.
func BilateralActions(from BilateralStatus, side BilateralSide) []BilateralAction {
	var out []BilateralAction
	for _, a := range []BilateralAction{BilateralAccept, BilateralCounter, BilateralDecline, BilateralMarkHeld, BilateralCancel} {
		if _, err := NextBilateralStatus(from, a, side); err == nil {
			out = append(out, a)
		}
	}
	return out
}

// Label is the action as a button says it.
func (a BilateralAction) Label() string {
	switch a {
	case BilateralAccept:
		return "Accept"
	case BilateralDecline:
		return "Decline"
	case BilateralCounter:
		return "Propose other times"
	case BilateralCancel:
		return "Cancel the bilateral"
	case BilateralMarkHeld:
		return "Mark as held"
	}
	return string(a)
}

// TurnoverBuffer is the time a bilateral room needs between two uses (flags
// changed, table reset): no other booking may start or end inside it.
const TurnoverBuffer = 15 * time.Minute

// MinBilateralSeats is the smallest room a bilateral fits in: the two
// principals, a note-taker each and room for an interpreter per side.
const MinBilateralSeats = 6

// SlotInput is everything the placement rules look at for one bilateral:
// its meeting, the bookings around it (the meeting's programme, room holds
// and booked bilaterals, and other meetings' bookings of the venue's rooms)
// and the venue's rooms.
type SlotInput struct {
	Meeting  Meeting
	Bookings []Booking
	Rooms    []Room
}

// Placement is one proposed or chosen room and time.
type Placement struct {
	StartsAt time.Time
	EndsAt   time.Time
	RoomID   int64
	RoomName string
}

// CheckPlacement returns, keyed by form field, every reason b cannot take
// place at p: outside the meeting's days, a room too small or not the
// venue's, the room booked (RoomsClash: with the turnover buffer), or
// either side's people needed elsewhere (SamePeople). It is empty when the
// placement is clear. These are the rules the programme's clash check
// applies to a session saved over a bilateral, so both ways agree.
//
// A programme session of kind "bilateral" is a slot the host holds for
// bilaterals: it does not take people's time, and a bilateral inside it in
// the same room is using it, not clashing with it.
func CheckPlacement(in SlotInput, b Bilateral, p Placement) Problems {
	probs := Problems{}
	m := in.Meeting
	loc := m.Location()
	if !p.EndsAt.After(p.StartsAt) {
		probs.Add("start", "The bilateral must end after it starts.")
		return probs
	}
	day := DateOf(p.StartsAt.In(loc))
	if day.Before(m.StartDate) || day.After(m.EndDate) || DateOf(p.EndsAt.Add(-time.Minute).In(loc)) != day {
		probs.Add("day", fmt.Sprintf("%s runs %s; choose a time inside one of its days.", m.Title, m.DatesLabel()))
	}
	var room *Room
	for i := range in.Rooms {
		if in.Rooms[i].ID == p.RoomID {
			room = &in.Rooms[i]
		}
	}
	if room == nil {
		probs.Add("room", "Choose one of the rooms of the meeting's venue.")
		return probs
	}
	if room.Capacity < MinBilateralSeats {
		probs.Add("room", fmt.Sprintf("%s seats %d; a bilateral needs at least %d.", room.Name, room.Capacity, MinBilateralSeats))
	}
	zone := func(t time.Time) string { return FormatInZone(t, loc, "15:04") }
	x := b
	x.StartsAt, x.EndsAt, x.RoomID, x.RoomName = p.StartsAt, p.EndsAt, p.RoomID, room.Name
	me := x.Booking(m)
	for _, o := range in.Bookings {
		if o.Ref.Kind == BookingBilateral && o.Ref.ID == b.ID {
			continue
		}
		if RoomsClash(me, o) {
			what := "“" + o.Label + "”"
			switch o.Ref.Kind {
			case BookingBilateral:
				what = "the bilateral " + o.Label
			case BookingHold:
				what = "the hold “" + o.Label + "”"
			}
			probs.Add("room", fmt.Sprintf("%s is booked for %s until %s (with %d minutes to turn the room round).",
				room.Name, what, zone(o.EndsAt), int(TurnoverBuffer.Minutes())))
		}
		if !SamePeople(me, o) {
			continue
		}
		if o.Ref.Kind == BookingBilateral {
			probs.Add("start", fmt.Sprintf("The %s already meet in the bilateral %s (%s–%s).", peopleOf(b.Level), o.Label,
				o.StartsAt.In(loc).Format("15:04"), zone(o.EndsAt)))
		} else {
			probs.Add("start", fmt.Sprintf("The %s are needed at “%s” (%s–%s).", peopleOf(b.Level), o.Label,
				o.StartsAt.In(loc).Format("15:04"), zone(o.EndsAt)))
		}
	}
	return probs
}

// peopleOf names whose time a level takes, for clash messages.
func peopleOf(l BilateralLevel) string {
	if l.needsHeads() {
		return "heads of delegation"
	}
	return "senior officials"
}

// Title names a bilateral by its two delegations in protocol order.
func (b Bilateral) Title() string {
	x, y := b.Sides()
	return x.Country.Name + " – " + y.Country.Name
}

// Day window in which slots are proposed, in the meeting's zone.
const (
	slotDayStart = 8 * time.Hour
	slotDayEnd   = 22 * time.Hour
	slotStep     = 15 * time.Minute
)

// ProposeSlots returns up to n of the earliest placements where b fits:
// both sides' people free, a bilateral room (seating at least
// MinBilateralSeats and at most 20) free with its turnover buffer, on the
// preferred day first when one is given. When there is none, the second
// result says why, in words for the secretariat.
func ProposeSlots(in SlotInput, b Bilateral, n int) ([]Placement, string) {
	loc := in.Meeting.Location()
	var rooms []Room
	for _, r := range in.Rooms {
		if r.Capacity >= MinBilateralSeats && r.Capacity <= 20 {
			rooms = append(rooms, r)
		}
	}
	sort.Slice(rooms, func(i, j int) bool { return rooms[i].Name < rooms[j].Name })
	if len(rooms) == 0 {
		return nil, "The venue has no room for a bilateral (6 to 20 seats)."
	}
	var days []Date
	if !b.PreferredDay.IsZero() {
		days = append(days, b.PreferredDay)
	}
	for d := in.Meeting.StartDate; !d.IsZero() && !d.After(in.Meeting.EndDate); d = d.AddDays(1) {
		if d != b.PreferredDay {
			days = append(days, d)
		}
	}
	var out []Placement
	peopleBusy, roomBusy := 0, 0
	for _, d := range days {
		base := d.In(loc)
		for off := slotDayStart; off+b.Duration() <= slotDayEnd; off += slotStep {
			start := base.Add(off).UTC()
			end := start.Add(b.Duration())
			var found *Placement
			people := false
			for _, r := range rooms {
				pl := Placement{StartsAt: start, EndsAt: end, RoomID: r.ID, RoomName: r.Name}
				probs := CheckPlacement(in, b, pl)
				if len(probs) == 0 {
					found = &pl
					break
				}
				if _, ok := probs["start"]; ok {
					people = true
					break
				}
			}
			switch {
			case found != nil:
				out = append(out, *found)
				if len(out) == n {
					return out, ""
				}
				// Propose distinct times: skip to after this one.
				off += b.Duration() - slotStep
			case people:
				peopleBusy++
			default:
				roomBusy++
			}
		}
	}
	if len(out) > 0 {
		return out, ""
	}
	if roomBusy == 0 {
		return nil, fmt.Sprintf("No free slot: the %s of %s are needed in the programme at every time between %s and %s on %s.",
			peopleOf(b.Level), b.Title(), fmtClock(slotDayStart), fmtClock(slotDayEnd), in.Meeting.DatesLabel())
	}
	return nil, fmt.Sprintf("No free slot: whenever the %s of %s are free, every bilateral room is booked (rooms need %d minutes between uses).",
		peopleOf(b.Level), b.Title(), int(TurnoverBuffer.Minutes()))
}

func fmtClock(d time.Duration) string {
	return fmt.Sprintf("%02d:%02d", int(d.Hours()), int(d.Minutes())%60)
}

// BilateralSideOf says on whose behalf the actor acts on a request: the
// secretariat for anyone, a focal point for their own country's side. A
// focal point of neither side gets SideNone, and callers answer ENOTFOUND.
func BilateralSideOf(a Actor, b Bilateral) BilateralSide {
	switch {
	case a.Role.IsSecretariat():
		return SideSecretariat
	case a.Role != RoleFocal || a.CountryID == 0:
		return SideNone
	case a.CountryID == b.Requester.CountryID:
		return SideRequester
	case a.CountryID == b.Counterpart.CountryID:
		return SideCounterpart
	}
	return SideNone
}
