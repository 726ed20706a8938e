package demo

import (
	"context"
	"fmt"
	"time"

	"convene/internal/convene"
)

// demoBilateral is one request of the demo and how far it has gone.
type demoBilateral struct {
	from, to       string // ISO3 of the requester and the counterpart
	level          convene.BilateralLevel
	interpretation string
	flags, media   bool
	notes          string
	steps          []convene.BilateralAction
	response       string
	start, room    string // "HH:MM" in the meeting's zone and room name, when scheduled
}

// demoBilaterals show every state of a request at the ADMM Retreat 2025:
// two scheduled in the programme's bilateral slots, one held, one accepted
// and waiting for a room, one with other times proposed, one just
// requested, one declined (to the observer) and one cancelled.
var demoBilaterals = []demoBilateral{
	{from: "VNM", to: "THA", level: convene.LevelMinisters, interpretation: "Thai", flags: true, media: true,
		notes: "Mekong cooperation and defence industry; Bộ trưởng Quốc phòng with two officials.",
		steps: []convene.BilateralAction{convene.BilateralAccept}, start: "17:45", room: "Bilateral Room 1"},
	{from: "IDN", to: "SGP", level: convene.LevelMinisters, flags: true,
		notes: "Maritime security in the Strait of Malacca.",
		steps: []convene.BilateralAction{convene.BilateralAccept}, start: "17:45", room: "Bilateral Room 2"},
	{from: "MYS", to: "PHL", level: convene.LevelMinisters, media: true,
		notes: "Courtesy call by the Philippine Secretary of National Defense on the host.",
		steps: []convene.BilateralAction{convene.BilateralAccept}, start: "18:30", room: "Bilateral Room 2"},
	{from: "LAO", to: "KHM", level: convene.LevelSeniorOfficials, interpretation: "Khmer",
		notes: "ການປະສານງານດ້ານການກູ້ລະເບີດ (UXO clearance cooperation).",
		steps: []convene.BilateralAction{convene.BilateralAccept}},
	{from: "MMR", to: "BRN", level: convene.LevelMinisters, notes: "HADR cooperation.",
		steps: []convene.BilateralAction{convene.BilateralCounter}, response: "After the official dinner, from 21:45, if the room allows."},
	{from: "KHM", to: "VNM", level: convene.LevelHeads, interpretation: "Vietnamese",
		notes: "សហប្រតិបត្តិការព្រំដែន (border cooperation)."},
	{from: "SGP", to: "TLS", level: convene.LevelHeads, notes: "Observer's road map to membership.",
		steps: []convene.BilateralAction{convene.BilateralDecline}, response: "Our head of delegation arrives only for the dinner; we suggest ADSOM in September."},
	{from: "THA", to: "BRN", level: convene.LevelSeniorOfficials, notes: "Replaced by the ministers' meeting.",
		steps: []convene.BilateralAction{convene.BilateralCancel}},
}

// loadBilaterals writes the demo's bilateral requests at the Retreat and
// moves each through its steps with the same rules and audit rows as the
// pages use. The held one is marked after scheduling.
func loadBilaterals(ctx context.Context, s Store, retreat *convene.Meeting, venueRooms []convene.Room) error {
	delegations, err := s.DelegationsOf(ctx, retreat.ID)
	if err != nil {
		return err
	}
	byISO := map[string]int64{}
	for _, g := range delegations {
		byISO[g.Country.ISO3] = g.ID
	}
	rooms := map[string]int64{}
	for _, r := range venueRooms {
		rooms[r.Name] = r.ID
	}
	loc := retreat.Location()
	for _, d := range demoBilaterals {
		b := &convene.Bilateral{MeetingID: retreat.ID, RequesterID: byISO[d.from], CounterpartID: byISO[d.to],
			Level: d.level, DurationMin: 30, Interpretation: d.interpretation, Flags: d.flags, Media: d.media,
			Notes: d.notes, PreferredDay: retreat.StartDate}
		if b.RequesterID == 0 || b.CounterpartID == 0 {
			return fmt.Errorf("bilateral %s–%s: no delegation", d.from, d.to)
		}
		if err := s.CreateBilateral(ctx, b); err != nil {
			return fmt.Errorf("bilateral %s–%s: %w", d.from, d.to, err)
		}
		for _, act := range d.steps {
			if err := s.ActOnBilateral(ctx, retreat.ID, b.ID, act, d.response); err != nil {
				return fmt.Errorf("bilateral %s–%s %s: %w", d.from, d.to, act, err)
			}
		}
		if d.start == "" {
			continue
		}
		clock, err := time.Parse("15:04", d.start)
		if err != nil {
			return err
		}
		day := retreat.StartDate
		start := time.Date(day.Year, day.Month, day.Day, clock.Hour(), clock.Minute(), 0, 0, loc).UTC()
		p := convene.Placement{StartsAt: start, EndsAt: start.Add(30 * time.Minute), RoomID: rooms[d.room]}
		if err := s.ScheduleBilateral(ctx, retreat.ID, b.ID, p); err != nil {
			return fmt.Errorf("bilateral %s–%s schedule: %w", d.from, d.to, err)
		}
		if d.from == "MYS" {
			if err := s.ActOnBilateral(ctx, retreat.ID, b.ID, convene.BilateralMarkHeld, ""); err != nil {
				return err
			}
		}
	}
	return nil
}
