package demo

import (
	"context"
	"fmt"
	"time"

	"convene/internal/convene"
	"convene/internal/transfer"
)

// liaisonNames are the host's liaison officers, one per delegation of the
// Retreat in protocol order, plus a second for the chair (Malaysia). They are
// fictitious Malaysian officers.
var liaisonNames = []struct{ name, mobile, languages string }{
	{"Mej. Ahmad Faizal bin Rosli", "+60 12 301 4411", "English, Bahasa Melayu"},
	{"Kapt. Tan Wei Jie", "+60 12 301 4412", "English, Khmer"},
	{"Mej. Siti Khadijah binti Omar", "+60 12 301 4413", "English, Bahasa Indonesia"},
	{"Kapt. Lee Chong Wei", "+60 12 301 4414", "English, Lao"},
	{"Lt. Kol. Mohd Hafiz bin Yaakob", "+60 12 301 4415", "English, Bahasa Melayu"},
	{"Kapt. Aung Kyaw Thein", "+60 12 301 4416", "English, Myanmar"},
	{"Mej. Maria Theresa Lim", "+60 12 301 4417", "English, Filipino"},
	{"Kapt. Ng Hui Min", "+60 12 301 4418", "English, Mandarin"},
	{"Mej. Somchai a/l Boonmee", "+60 12 301 4419", "English, Thai"},
	{"Kapt. Nguyễn Thị Lan", "+60 12 301 4420", "English, Vietnamese"},
	{"Kapt. Francisco da Costa", "+60 12 301 4421", "English, Tetum, Portuguese"},
}

// loadLogistics adds the Retreat's hotel blocks (the Shangri-La and a second
// hotel at Batu Ferringhi), rooms for everyone except nominations not yet
// submitted (so that the dashboard has a real problem to show), and a liaison
// officer for each of the 11 delegations, two for the chair.
func loadLogistics(ctx context.Context, s Store, retreat *convene.Meeting, venueID int64) error {
	second := convene.Venue{Name: "Golden Sands Resort, Batu Ferringhi", Kind: "hotel", City: "Batu Ferringhi, Pulau Pinang",
		Address: "Batu Ferringhi, 11100 Pulau Pinang, Malaysia", TimeZone: "Asia/Kuala_Lumpur",
		MapURL: "https://www.openstreetmap.org/search?query=Golden%20Sands%20Resort%20Penang",
		Notes:  "Overflow hotel for advisers and security officers; shuttle to the venue every 30 minutes."}
	if err := s.CreateVenue(ctx, &second); err != nil {
		return fmt.Errorf("second hotel: %w", err)
	}
	first, last := retreat.StartDate.AddDays(-2), retreat.EndDate
	blocks := []*convene.RoomBlock{
		{MeetingID: retreat.ID, HotelID: venueID, RoomType: "Executive suite", Rank: 0, Occupancy: 1, RoomCount: 12,
			FirstNight: first, LastNight: last, Notes: "Heads of delegation; sea view, meeting-floor access."},
		{MeetingID: retreat.ID, HotelID: venueID, RoomType: "Deluxe sea view", Rank: 1, Occupancy: 1, RoomCount: 25,
			FirstNight: first, LastNight: last},
		{MeetingID: retreat.ID, HotelID: second.ID, RoomType: "Superior twin", Rank: 2, Occupancy: 2, RoomCount: 20,
			FirstNight: first, LastNight: last, Notes: "Twin rooms; two officers of one delegation may share."},
	}
	for _, b := range blocks {
		if err := s.CreateRoomBlock(ctx, b); err != nil {
			return fmt.Errorf("room block %s: %w", b.RoomType, err)
		}
	}
	people, err := s.DelegatesOf(ctx, retreat.ID)
	if err != nil {
		return err
	}
	var stays []convene.Stay
	in, out := retreat.StartDate.AddDays(-1), retreat.EndDate.AddDays(1)
	for i, p := range people {
		switch p.Status {
		case convene.RegRejected, convene.RegWithdrawn, convene.RegWaitlisted:
			continue
		}
		if p.Status == convene.RegNominated && p.Role != convene.RoleHead {
			continue // a late nomination not yet housed: the dashboard flags it
		}
		st := convene.Stay{DelegateID: p.ID, CheckIn: in, CheckOut: out}
		switch {
		case p.Role == convene.RoleHead:
			st.BlockID = blocks[0].ID
			st.CheckIn = in.AddDays(-1) // ministers arrive two days ahead for bilaterals
		case i%3 == 0:
			st.BlockID = blocks[2].ID
		default:
			st.BlockID = blocks[1].ID
		}
		stays = append(stays, st)
	}
	if err := s.AssignRooms(ctx, retreat.ID, stays); err != nil {
		return fmt.Errorf("rooms: %w", err)
	}
	if err := loadTravel(ctx, s, retreat, people, stays, blocks); err != nil {
		return err
	}
	delegations, err := s.DelegationsOf(ctx, retreat.ID)
	if err != nil {
		return err
	}
	for i, g := range delegations {
		if i >= len(liaisonNames) {
			break
		}
		n := liaisonNames[i]
		o := &convene.LiaisonOfficer{MeetingID: retreat.ID, DelegationID: g.ID, Name: n.name, Mobile: n.mobile,
			Email: fmt.Sprintf("lo%02d@mod.demo.test", i+1), Languages: n.languages}
		if err := s.CreateLiaisonOfficer(ctx, o); err != nil {
			return fmt.Errorf("liaison officer: %w", err)
		}
		if g.Country.ISO3 == "MYS" {
			chair := &convene.LiaisonOfficer{MeetingID: retreat.ID, DelegationID: g.ID, Name: "Lt. Kol. Nurul Izzah binti Hamid",
				Mobile: "+60 12 301 4430", Email: "lo-chair@mod.demo.test", Languages: "English, Bahasa Melayu, Arabic",
				Notes: "Second officer for the chair's delegation."}
			if err := s.CreateLiaisonOfficer(ctx, chair); err != nil {
				return fmt.Errorf("liaison officer: %w", err)
			}
		}
	}
	return nil
}

// airlines are the flag carriers the demo's delegations fly with.
var airlines = map[string]string{"BRN": "BI", "KHM": "K6", "IDN": "GA", "LAO": "QV", "MMR": "8M", "PHL": "PR",
	"SGP": "SQ", "THA": "TG", "VNM": "VN", "TLS": "8G"}

// nonHeadArrivals are the local landing times at Penang of delegates other
// than heads, on the day before the Retreat. They include a 23:50 and a
// 00:20 flight, which share a van although they land on different days.
var nonHeadArrivals = []string{"09:05", "09:30", "10:10", "13:45", "14:00", "17:25", "23:50", "00:20"}

// loadTravel gives every delegate who flies in (the host's own delegation
// drives) an arrival and a departure at Penang International Airport, plans
// the transfer runs, and then changes one flight so that its run is flagged.
func loadTravel(ctx context.Context, s Store, retreat *convene.Meeting, people []convene.Delegate, stays []convene.Stay,
	blocks []*convene.RoomBlock) error {
	loc, err := time.LoadLocation("Asia/Kuala_Lumpur")
	if err != nil {
		return err
	}
	at := func(d convene.Date, clock string) time.Time {
		t, _ := convene.ParseLocal(d.String(), clock, loc)
		return t
	}
	hotel := map[int64]string{}
	for _, b := range blocks {
		hotel[b.ID] = "Shangri-La Hotel, Pulau Pinang"
		if b.Rank == 2 {
			hotel[b.ID] = "Golden Sands Resort, Batu Ferringhi"
		}
	}
	travellers := map[int64]transfer.Traveller{}
	for _, st := range stays {
		travellers[st.DelegateID] = transfer.Traveller{Hotel: hotel[st.BlockID]}
	}
	eve := retreat.StartDate.AddDays(-1)
	var legs []convene.TravelLeg
	heads, others := 0, 0
	for _, p := range people {
		code, flies := airlines[p.Country.ISO3]
		t, housed := travellers[p.ID]
		if !flies || !housed {
			continue
		}
		t.Delegate = p
		travellers[p.ID] = t
		arrive := convene.TravelLeg{DelegateID: p.ID, Direction: convene.Arrival, Airport: "PEN", Terminal: "1"}
		if p.Role == convene.RoleHead {
			arrive.Flight = fmt.Sprintf("%s %d", code, 801+heads)
			arrive.At = at(eve.AddDays(-1), fmt.Sprintf("%02d:%02d", 10+heads/2, 15+(heads%2)*30))
			heads++
		} else {
			clock := nonHeadArrivals[others%len(nonHeadArrivals)]
			day := eve
			if clock == "00:20" {
				day = retreat.StartDate
			}
			arrive.Flight = fmt.Sprintf("%s %d", code, 311+others)
			arrive.At = at(day, clock)
			others++
		}
		leave := convene.TravelLeg{DelegateID: p.ID, Direction: convene.Departure, Airport: "PEN", Terminal: "1",
			Flight: fmt.Sprintf("%s %d", code, 900+len(legs)),
			At:     at(retreat.EndDate.AddDays(1), fmt.Sprintf("%02d:%02d", 11+len(legs)%6, (len(legs)*7)%60))}
		legs = append(legs, arrive, leave)
	}
	for i := range legs {
		if err := s.SaveTravelLeg(ctx, retreat.ID, &legs[i]); err != nil {
			return fmt.Errorf("travel: %w", err)
		}
	}
	var arrivals []convene.TravelLeg
	for _, l := range legs {
		if l.Direction == convene.Arrival {
			arrivals = append(arrivals, l)
		}
	}
	runs, err := transfer.ProposeRuns(retreat.ID, arrivals, travellers, transfer.DefaultConfig())
	if err != nil {
		return err
	}
	if err := s.CreateTransferRuns(ctx, runs); err != nil {
		return fmt.Errorf("transfer runs: %w", err)
	}
	// One flight is delayed after the runs were planned: its run shows
	// "Flight changed" until the secretariat moves the passenger.
	for _, l := range arrivals {
		if p := travellers[l.DelegateID].Delegate; p.Country.ISO3 == "PHL" && p.Role != convene.RoleHead {
			l.At = l.At.Add(95 * time.Minute)
			if err := s.SaveTravelLeg(ctx, retreat.ID, &l); err != nil {
				return fmt.Errorf("delayed flight: %w", err)
			}
			break
		}
	}
	return nil
}
