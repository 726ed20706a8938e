package convene

import (
	"testing"
	"time"
)

// TestReadTravel is the one rule of flights for every form and the import:
// the time is local at the airport, the flight number normalised, a side
// left empty is no leg, and the departure follows the arrival.
func TestReadTravel(t *testing.T) {
	airports := Airports{{IATA: "PEN", Name: "Penang", TimeZone: "Asia/Kuala_Lumpur"},
		{IATA: "HAN", Name: "Noi Bai", TimeZone: "Asia/Ho_Chi_Minh"}}
	myt := time.FixedZone("MYT", 8*3600)
	arr := TravelInput{Day: "2025-02-25", Time: "23:50", Flight: "mh1142", Airport: "pen"}
	dep := TravelInput{Day: "2025-02-27", Time: "15:10", Flight: "VN 680", Airport: "PEN", Terminal: "M"}
	a, d, err := ReadTravel(airports, arr, dep)
	if err != nil {
		t.Fatal(err)
	}
	if a.Direction != Arrival || a.Flight != "MH 1142" || a.Airport != "PEN" || !a.At.Equal(time.Date(2025, 2, 25, 23, 50, 0, 0, myt)) {
		t.Errorf("arrival %+v", a)
	}
	if d.Direction != Departure || d.Terminal != "M" || !d.At.Equal(time.Date(2025, 2, 27, 15, 10, 0, 0, myt)) {
		t.Errorf("departure %+v", d)
	}
	// Hanoi's clock is an hour behind Penang's: the same typed time is a
	// different instant.
	han := arr
	han.Airport = "HAN"
	if a2, _, err := ReadTravel(airports, han, TravelInput{}); err != nil || a2.At.Sub(a.At) != time.Hour {
		t.Errorf("HAN arrival %v %v", a2.At, err)
	}
	if got := a.Input(); got != (TravelInput{Day: "2025-02-25", Time: "23:50", Flight: "MH 1142", Airport: "PEN"}) {
		t.Errorf("Input() = %+v", got)
	}
	if a.Label() != "MH 1142, PEN, 25 February 2025 23:50 MYT" {
		t.Errorf("Label() = %q", a.Label())
	}

	a, d, err = ReadTravel(airports, TravelInput{Day: "2025-02-24", Airport: "PEN"}, TravelInput{})
	if err != nil || a.Recorded() || d.Recorded() {
		t.Errorf("empty sides: %+v %+v %v", a, d, err)
	}

	for _, tt := range []struct {
		name     string
		arr, dep TravelInput
		field    string
	}{
		{"flight without a time", TravelInput{Flight: "MH 1142", Airport: "PEN"}, TravelInput{}, "a_time"},
		{"time that does not parse", TravelInput{Day: "25/02/2025", Time: "2pm", Airport: "PEN"}, TravelInput{}, "a_time"},
		{"not a flight number", TravelInput{Day: "2025-02-25", Time: "10:00", Flight: "by boat", Airport: "PEN"}, TravelInput{}, "a_flight"},
		{"unknown airport", TravelInput{}, TravelInput{Day: "2025-02-27", Time: "10:00", Airport: "XXX"}, "d_airport"},
		{"departure before arrival", arr, TravelInput{Day: "2025-02-25", Time: "10:00", Airport: "PEN"}, "d_time"},
	} {
		_, _, err := ReadTravel(airports, tt.arr, tt.dep)
		if ErrorFields(err)[tt.field] == "" {
			t.Errorf("%s: no problem on %s (%v)", tt.name, tt.field, err)
		}
	}
}
