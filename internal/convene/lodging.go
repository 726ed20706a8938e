package convene

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// RoomBlock is a number of hotel rooms of one type that the host holds for a
// meeting over a range of nights. The block's count is a hard ceiling: the
// hotel bills for what the host asked for and has no more rooms to give.
type RoomBlock struct {
	ID         int64
	MeetingID  int64
	HotelID    int64
	HotelName  string // filled on read
	RoomType   string // "Executive suite", "Deluxe king", ...
	Rank       int    // 0 is the best type; senior people are placed in better ranks first
	Occupancy  int    // people who may share one room
	RoomCount  int    // rooms held every night
	FirstNight Date
	LastNight  Date // the morning after is the last check-out
	Notes      string
}

// Nights is how many nights the block covers.
func (b RoomBlock) Nights() int { return b.FirstNight.DaysUntil(b.LastNight) + 1 }

// Covers reports whether the block holds rooms for every night of a stay.
func (b RoomBlock) Covers(checkIn, checkOut Date) bool {
	return !checkIn.Before(b.FirstNight) && !checkOut.AddDays(-1).After(b.LastNight)
}

// Validate checks a block before it is stored.
func (b *RoomBlock) Validate() error {
	p := Problems{}
	b.RoomType = strings.TrimSpace(b.RoomType)
	if b.HotelID == 0 {
		p.Add("hotel_id", "Choose the hotel.")
	}
	if b.RoomType == "" {
		p.Add("room_type", "Enter the room type, as the hotel names it.")
	} else if utf8.RuneCountInString(b.RoomType) > 80 {
		p.Add("room_type", "The room type is longer than 80 characters.")
	}
	if b.Rank < 0 || b.Rank > 9 {
		p.Add("rank", "Enter a rank from 0 (best) to 9.")
	}
	if b.Occupancy < 1 || b.Occupancy > 4 {
		p.Add("occupancy", "Enter how many people may share a room (1 to 4).")
	}
	if b.RoomCount < 1 || b.RoomCount > 2000 {
		p.Add("room_count", "Enter how many rooms are held (1 to 2000).")
	}
	if b.FirstNight.IsZero() {
		p.Add("first_night", "Enter the first night as YYYY-MM-DD.")
	}
	if b.LastNight.IsZero() {
		p.Add("last_night", "Enter the last night as YYYY-MM-DD.")
	} else if !b.FirstNight.IsZero() && b.LastNight.Before(b.FirstNight) {
		p.Add("last_night", "The last night is before the first night.")
	}
	return p.Err()
}

// Stay is one delegate's room assignment in a block.
type Stay struct {
	ID         int64
	BlockID    int64
	DelegateID int64
	RoomLabel  string // people with the same label share a room; empty is a room of one's own
	CheckIn    Date
	CheckOut   Date // the morning they leave
	// Filled on read for lists.
	Delegate Delegate
}

// Validate checks a stay against its block.
func (s *Stay) Validate(b RoomBlock) error {
	p := Problems{}
	s.RoomLabel = strings.TrimSpace(s.RoomLabel)
	if s.DelegateID == 0 {
		p.Add("delegate_id", "Choose the delegate.")
	}
	if utf8.RuneCountInString(s.RoomLabel) > 20 {
		p.Add("room_label", "The room number is longer than 20 characters.")
	}
	if s.CheckIn.IsZero() {
		p.Add("check_in", "Enter the check-in day as YYYY-MM-DD.")
	}
	if s.CheckOut.IsZero() {
		p.Add("check_out", "Enter the check-out day as YYYY-MM-DD.")
	} else if !s.CheckIn.IsZero() && !s.CheckIn.Before(s.CheckOut) {
		p.Add("check_out", "Check-out must be at least one day after check-in.")
	}
	if len(p) == 0 && !b.Covers(s.CheckIn, s.CheckOut) {
		p.Add("check_in", fmt.Sprintf("The %s block holds rooms only for the nights of %s to %s.",
			b.RoomType, b.FirstNight.Long(), b.LastNight.Long()))
	}
	return p.Err()
}

// BlockUsage counts the rooms a block's stays take on each night. Stays with
// the same room label share one room; a stay without a label takes a room of
// its own. It is the one rule both the store (which refuses a stay that would
// exceed the block) and the dashboard (which shows rooms used and free) apply.
func BlockUsage(stays []Stay) map[Date]int {
	used := map[Date]int{}
	shared := map[Date]map[string]bool{}
	for _, s := range stays {
		for d := s.CheckIn; d.Before(s.CheckOut); d = d.AddDays(1) {
			if s.RoomLabel == "" {
				used[d]++
				continue
			}
			if shared[d] == nil {
				shared[d] = map[string]bool{}
			}
			if !shared[d][s.RoomLabel] {
				shared[d][s.RoomLabel] = true
				used[d]++
			}
		}
	}
	return used
}

// CheckBlock reports, as a message for the secretariat, the first way a set
// of stays breaks its block: more rooms than held on a night, or more people
// in one room than the room type sleeps. It returns "" when the stays fit.
func CheckBlock(b RoomBlock, stays []Stay) string {
	used := BlockUsage(stays)
	for d := b.FirstNight; !d.After(b.LastNight); d = d.AddDays(1) {
		if used[d] > b.RoomCount {
			return fmt.Sprintf("The %s block has %d rooms and all are taken on the night of %s.",
				b.RoomType, b.RoomCount, d.Long())
		}
	}
	for d, rooms := range occupants(stays) {
		for label, n := range rooms {
			if n > b.Occupancy {
				what := "a single room"
				if b.Occupancy > 1 {
					what = fmt.Sprintf("a room for %d", b.Occupancy)
				}
				return fmt.Sprintf("Room %s is %s and would have %d guests on the night of %s.", label, what, n, d.Long())
			}
		}
	}
	return ""
}

// occupants counts people per shared room per night.
func occupants(stays []Stay) map[Date]map[string]int {
	out := map[Date]map[string]int{}
	for _, s := range stays {
		if s.RoomLabel == "" {
			continue
		}
		for d := s.CheckIn; d.Before(s.CheckOut); d = d.AddDays(1) {
			if out[d] == nil {
				out[d] = map[string]int{}
			}
			out[d][s.RoomLabel]++
		}
	}
	return out
}

// LiaisonOfficer is a host-side officer who looks after a delegation: meets
// it at the airport, rides with the head of delegation, and is its first
// call for anything. The chair's delegation usually has two.
type LiaisonOfficer struct {
	ID           int64
	MeetingID    int64
	DelegationID int64 // 0 when not yet assigned
	Name         string
	Mobile       string
	Email        string
	Languages    string
	Notes        string
	// Filled on read.
	Country Country
}

// Validate checks an officer before it is stored.
func (o *LiaisonOfficer) Validate() error {
	p := Problems{}
	o.Name = strings.TrimSpace(o.Name)
	o.Mobile = strings.TrimSpace(o.Mobile)
	o.Email = strings.ToLower(strings.TrimSpace(o.Email))
	if o.Name == "" {
		p.Add("name", "Enter the officer's name.")
	} else if utf8.RuneCountInString(o.Name) > 120 {
		p.Add("name", "The name is longer than 120 characters.")
	}
	if o.Mobile != "" && !validPhone(o.Mobile) {
		p.Add("mobile", "Enter the mobile number with its country code, e.g. +60 12 345 6789.")
	}
	if o.Email != "" && !ValidEmail(o.Email) {
		p.Add("email", "Enter an e-mail address such as name@mod.gov.my.")
	}
	if utf8.RuneCountInString(o.Languages) > 120 {
		p.Add("languages", "The languages are longer than 120 characters.")
	}
	return p.Err()
}

// validPhone accepts an international number: a plus sign, then 7 to 15
// digits with optional spaces or hyphens between them.
func validPhone(s string) bool {
	if !strings.HasPrefix(s, "+") {
		return false
	}
	digits := 0
	for _, r := range s[1:] {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ' || r == '-':
		default:
			return false
		}
	}
	return digits >= 7 && digits <= 15
}
