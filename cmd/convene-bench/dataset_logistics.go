//go:build bench

package main

import (
	"context"
	"fmt"
	"time"

	"convene/internal/convene"
	"convene/internal/sqlite"
	"convene/internal/transfer"
)

// registrationQuota is the quota of every delegation of the meeting the
// registration scenario nominates into: large enough that every nomination
// of a run takes a place (status "nominated") rather than joining the
// waiting list, so the scenario measures the common path.
const registrationQuota = 1_000_000

// benchSlot is one session of a generated day, in the venue's local time.
type benchSlot struct {
	start, end string
	title      string
	kind       convene.SessionKind
	room       string // a room of the Shangri-La, or "" for none
	attendance convene.Attendance
	plus       int
	visibility convene.Visibility
}

// benchDay is a generated meeting's day: 30 sessions, modelled on the Penang
// programme of the demo. The delegations' sessions follow each other (the
// heads are needed in all of them); bilateral slots run in parallel in three
// rooms while nothing else needs the heads; the secretariat's own sessions
// are internal and book no room (a room the secretariat keeps is a room
// hold, not a session). A focal point sees 28 of the 30, a visitor 7.
var benchDay = func() []benchSlot {
	day := []benchSlot{
		{"07:30", "08:15", "Secretariat briefing", convene.SessionInternal, "", convene.AttendSecretariat, 0, convene.VisibleInternal},
		{"08:30", "09:00", "Opening of the day", convene.SessionCeremony, "Grand Ballroom", convene.AttendHeadsPlus, 5, convene.VisiblePublic},
		{"09:00", "09:15", "Family photo", convene.SessionFamilyPhoto, "", convene.AttendHeads, 0, convene.VisiblePublic},
		{"09:15", "10:15", "Plenary: review of ADMM-Plus cooperation", convene.SessionPlenary, "Grand Ballroom", convene.AttendHeadsPlus, 5, convene.VisiblePublic},
		{"10:15", "10:30", "Coffee break", convene.SessionBreak, "", convene.AttendDelegations, 0, convene.VisiblePublic},
		{"10:30", "11:30", "Plenary: maritime security and HADR", convene.SessionPlenary, "Grand Ballroom", convene.AttendHeadsPlus, 5, convene.VisiblePublic},
		{"11:30", "11:45", "Break", convene.SessionBreak, "", convene.AttendDelegations, 0, convene.VisiblePublic},
		{"11:45", "12:45", "Plenary: report of the Experts' Working Group", convene.SessionPlenary, "Grand Ballroom", convene.AttendHeadsPlus, 5, convene.VisiblePublic},
		{"12:45", "13:45", "Lunch", convene.SessionMeal, "Grand Ballroom", convene.AttendHeadsPlus, 5, convene.VisibleDelegates},
		{"13:45", "14:45", "Working session: table-top exercise", convene.SessionWorkingGroup, "Straits Room", convene.AttendHeadsPlus, 3, convene.VisibleDelegates},
		{"14:45", "15:00", "Break", convene.SessionBreak, "", convene.AttendDelegations, 0, convene.VisibleDelegates},
		{"15:00", "16:00", "Retreat: deliverables for the next cycle", convene.SessionRetreat, "Retreat Room", convene.AttendHeadsPlus, 1, convene.VisibleDelegates},
	}
	for k, hm := range [][2]string{{"16:15", "16:45"}, {"16:45", "17:15"}, {"17:15", "17:45"}, {"17:45", "18:15"}, {"18:15", "18:45"}} {
		for r, room := range []string{"Bilateral Room 1", "Bilateral Room 2", "Media Centre"} {
			day = append(day, benchSlot{hm[0], hm[1], fmt.Sprintf("Bilateral slot %d%c", k+1, 'A'+r), convene.SessionBilateral,
				room, convene.AttendHeadsPlus, 1, convene.VisibleDelegates})
		}
	}
	return append(day,
		benchSlot{"19:00", "19:30", "Transfer to the official dinner", convene.SessionTransfer, "", convene.AttendDelegations, 0, convene.VisibleDelegates},
		benchSlot{"19:30", "21:30", "Official dinner", convene.SessionMeal, "Grand Ballroom", convene.AttendHeadsPlus, 5, convene.VisibleDelegates},
		benchSlot{"21:45", "22:15", "Secretariat debrief", convene.SessionInternal, "", convene.AttendSecretariat, 0, convene.VisibleInternal},
	)
}()

// benchProgramme is a generated meeting's 60 sessions: benchDay on each of
// its two days.
func benchProgramme(m convene.Meeting, rooms map[string]int64) []convene.Session {
	loc := m.Location()
	var out []convene.Session
	for d := m.StartDate; !d.After(m.EndDate); d = d.AddDays(1) {
		at := func(hm string) time.Time {
			t, err := time.ParseInLocation("2006-01-02 15:04", d.String()+" "+hm, loc)
			if err != nil {
				panic(err) // the table above is constant
			}
			return t.UTC()
		}
		for _, x := range benchDay {
			out = append(out, convene.Session{MeetingID: m.ID, Title: x.title, Kind: x.kind, StartsAt: at(x.start),
				EndsAt: at(x.end), RoomID: rooms[x.room], Attendance: x.attendance, HeadsPlus: x.plus,
				Visibility: x.visibility, PublicNotes: "Interpretation English–Bahasa Melayu on request."})
		}
	}
	return out
}

// benchAirlines are the flag carriers of the delegations that fly in.
var benchAirlines = map[string]string{"BRN": "BI", "KHM": "K6", "IDN": "GA", "LAO": "QV", "MMR": "8M", "PHL": "PR",
	"SGP": "SQ", "THA": "TG", "VNM": "VN", "TLS": "8G", "MYS": "MH"}

// benchArrivals are local landing times at Penang the day before a meeting.
var benchArrivals = []string{"08:05", "09:30", "10:10", "11:40", "13:45", "14:00", "15:20", "17:25", "19:10", "21:35", "23:50"}

// benchLogistics gives a generated meeting what the logistics pages read:
// three room blocks in two hotels sized to the delegations, a stay for
// every delegate (heads in suites from two nights before), an arrival and
// a departure for every delegate of the countries that fly in (the host's
// delegation drives), and the transfer runs planned for the arrivals.
func benchLogistics(ctx context.Context, s *sqlite.Seeder, bulk *sqlite.Bulk, m convene.Meeting, hostISO3 string,
	people []convene.Delegate, overflowID int64) error {
	heads, deluxe, twin := 0, 0, 0
	for i, p := range people {
		switch {
		case p.Role == convene.RoleHead:
			heads++
		case i%3 == 0:
			twin++
		default:
			deluxe++
		}
	}
	first, last := m.StartDate.AddDays(-2), m.EndDate
	blocks := []*convene.RoomBlock{
		{MeetingID: m.ID, HotelID: m.VenueID, RoomType: "Executive suite", Rank: 0, Occupancy: 1, RoomCount: heads + 1,
			FirstNight: first, LastNight: last, Notes: "Heads of delegation."},
		{MeetingID: m.ID, HotelID: m.VenueID, RoomType: "Deluxe sea view", Rank: 1, Occupancy: 1, RoomCount: deluxe + 5,
			FirstNight: first, LastNight: last},
		{MeetingID: m.ID, HotelID: overflowID, RoomType: "Superior twin", Rank: 2, Occupancy: 2, RoomCount: twin/2 + 5,
			FirstNight: first, LastNight: last, Notes: "Two officers of one delegation share."},
	}
	for _, b := range blocks {
		if err := s.CreateRoomBlock(ctx, b); err != nil {
			return fmt.Errorf("room block %s: %w", b.RoomType, err)
		}
	}
	in, out := m.StartDate.AddDays(-1), m.EndDate.AddDays(1)
	stays := make([]convene.Stay, 0, len(people))
	hotel := map[int64]string{}
	pair := 0
	for i, p := range people {
		st := convene.Stay{DelegateID: p.ID, CheckIn: in, CheckOut: out}
		switch {
		case p.Role == convene.RoleHead:
			st.BlockID, st.CheckIn = blocks[0].ID, in.AddDays(-1)
			hotel[p.ID] = "Shangri-La Hotel, Pulau Pinang"
		case i%3 == 0:
			st.BlockID, st.RoomLabel = blocks[2].ID, fmt.Sprintf("T%03d", pair/2+1)
			pair++
			hotel[p.ID] = "Golden Sands Resort, Batu Ferringhi"
		default:
			st.BlockID = blocks[1].ID
			hotel[p.ID] = "Shangri-La Hotel, Pulau Pinang"
		}
		stays = append(stays, st)
	}
	bs := make([]convene.RoomBlock, len(blocks))
	for i, b := range blocks {
		bs[i] = *b
	}
	if err := bulk.Stays(ctx, bs, stays); err != nil {
		return fmt.Errorf("stays: %w", err)
	}

	loc := m.Location()
	at := func(d convene.Date, clock string) time.Time {
		t, _ := convene.ParseLocal(d.String(), clock, loc)
		return t
	}
	travellers := map[int64]transfer.Traveller{}
	var legs []convene.TravelLeg
	for k, p := range people {
		code, flies := benchAirlines[p.Country.ISO3]
		if !flies || p.Country.ISO3 == hostISO3 {
			continue
		}
		travellers[p.ID] = transfer.Traveller{Delegate: p, Hotel: hotel[p.ID]}
		day := in
		if p.Role == convene.RoleHead {
			day = in.AddDays(-1)
		}
		legs = append(legs,
			convene.TravelLeg{DelegateID: p.ID, Direction: convene.Arrival, Airport: "PEN", Terminal: "1",
				Flight: fmt.Sprintf("%s %d", code, 300+k%40), At: at(day, benchArrivals[k%len(benchArrivals)])},
			convene.TravelLeg{DelegateID: p.ID, Direction: convene.Departure, Airport: "PEN", Terminal: "1",
				Flight: fmt.Sprintf("%s %d", code, 900+k%40), At: at(out, fmt.Sprintf("%02d:%02d", 10+k%8, (k*7)%60))})
	}
	if err := bulk.TravelLegs(ctx, legs); err != nil {
		return fmt.Errorf("travel: %w", err)
	}
	var arrivals []convene.TravelLeg
	for _, l := range legs {
		if l.Direction == convene.Arrival {
			arrivals = append(arrivals, l)
		}
	}
	runs, err := transfer.ProposeRuns(m.ID, arrivals, travellers, transfer.DefaultConfig())
	if err != nil {
		return err
	}
	if err := s.CreateTransferRuns(ctx, runs); err != nil {
		return fmt.Errorf("transfer runs: %w", err)
	}
	return nil
}
