package views

import (
	"time"

	"convene/internal/convene"
)

// LogisticsDashboard is the figures and problems of one meeting's logistics.
type LogisticsDashboard struct {
	Meeting  convene.Meeting
	Blocks   []BlockNights
	Meals    []LabelCount // people per dietary requirement
	Expected int          // delegates still coming
	Officers []convene.LiaisonOfficer
	Problems []string
	// Travel.
	Arrivals  []LabelCount // people arriving per local day
	Runs      int          // transfer runs planned
	Unplanned int          // flights without a transfer
}

// BlockNights is a room block with its use on each night it covers.
type BlockNights struct {
	Block  convene.RoomBlock
	Nights []NightUse
}

// NightUse is how many of a block's rooms are taken and free on one night.
type NightUse struct {
	Night convene.Date
	Used  int
	Free  int
}

// LabelCount is a labelled figure: people per dietary requirement, arrivals
// per day.
type LabelCount struct {
	Label string
	Count int
}

// HotelsData is what the hotels page shows: the blocks, who sleeps where,
// who has no room yet, and the two forms.
type HotelsData struct {
	Meeting      convene.Meeting
	Blocks       []convene.RoomBlock
	Stays        []convene.Stay
	Unplaced     []convene.Delegate
	Hotels       []Option
	BlockOptions []Option
	People       []Option
	BlockForm    Form
	AssignForm   Form
	CanEdit      bool
}

// RoomingRow is one line of a hotel's rooming list.
type RoomingRow struct {
	Stay  convene.Stay
	Block convene.RoomBlock
}

// blockName finds a block's label for the stays table.
func blockName(blocks []convene.RoomBlock, id int64) string {
	for _, b := range blocks {
		if b.ID == id {
			return b.HotelName + ": " + b.RoomType
		}
	}
	return ""
}

// shortDate is a day as tables show it, "25 Feb 2025": short enough to keep
// a row on one line, unambiguous in every ASEAN country (no 02/03 puzzles).
func shortDate(d convene.Date) string { return d.In(time.UTC).Format("2 Jan 2006") }

// Meal is one meal of the programme as the caterer needs it.
type Meal struct {
	Session     convene.Session
	When        string // local, with the zone named
	Total       int
	Diets       []LabelCount
	Delegations []LabelCount // in protocol order
	Notes       []string     // "other" requirements as typed, by delegation code
}
