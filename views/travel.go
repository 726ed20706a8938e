package views

import "convene/internal/convene"

// BoardDay is one day of the arrivals and departures board.
type BoardDay struct {
	Day  string // "Tuesday 25 February 2025"
	Legs []BoardLeg
}

// BoardLeg is one line of the board: a person's flight with where they go.
type BoardLeg struct {
	Leg    convene.TravelLeg
	Local  string // "23:50 MYT" in the airport's zone
	Hotel  string
	RunID  int64 // 0 when no transfer is planned
	Person convene.Delegate
}

// TransfersData is the transfers page: the runs and who still needs one.
type TransfersData struct {
	Meeting   convene.Meeting
	Runs      []RunView
	Unplanned []BoardLeg
	CanEdit   bool
	Form      Form  // the hand-edit form, when one was refused
	FormRunID int64 // which run the refused form belongs to
}

// RunView is a run with its times in the airport's zone and its people.
type RunView struct {
	Run        convene.TransferRun
	Departs    string // "25 Feb 2025 00:50 MYT"
	DepartsDay string // "2025-02-25" for the edit form
	DepartsAt  string // "00:50"
	Liaison    string // the head's liaison officer, on dedicated cars
	People     []RunPerson
}

// RunPerson is a passenger with their flight as it stands now.
type RunPerson struct {
	Person  convene.Delegate
	Flight  string
	Lands   string // local time
	Changed bool
}

// plateSuffix adds a registration plate to the vehicle line when known.
func plateSuffix(plate string) string {
	if plate == "" {
		return ""
	}
	return ", " + plate
}
