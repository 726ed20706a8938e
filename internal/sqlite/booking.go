package sqlite

import (
	"context"
	"database/sql"

	"convene/internal/convene"
)

// FindBookings returns every booking of rooms and people around a meeting:
// the programme sessions, room holds and scheduled bilaterals of the
// meeting and of the meetings held together with it, and those of any
// other meeting in the rooms of its venue. It is the one read the clash
// checks use (programme saves, holds, bilateral placement, the clash
// report); a page that needs to show what books a room calls it too.
func (d *DB) FindBookings(ctx context.Context, meetingID int64) ([]convene.Booking, error) {
	var out []convene.Booking
	err := d.view(ctx, func(tx *sql.Tx) error {
		m, err := findMeeting(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		_, out, err = findBookings(ctx, tx, m)
		return err
	})
	return out, err
}

// findBookings is FindBookings inside a transaction (the writer's, when a
// save checks for clashes, so that check and write are one). It also
// returns the meetings the bookings belong to, by id.
func findBookings(ctx context.Context, q querier, m convene.Meeting) (map[int64]convene.Meeting, []convene.Booking, error) {
	meetings := map[int64]convene.Meeting{m.ID: m}
	if m.Cluster != "" {
		cluster, err := queryAll(ctx, q, scanMeeting, `SELECT `+meetingColumns+meetingFrom+` WHERE m.cluster = ? AND m.id <> ?`,
			m.Cluster, m.ID)
		if err != nil {
			return nil, nil, err
		}
		for _, o := range cluster {
			meetings[o.ID] = o
		}
	}
	// Other meetings' bookings of the venue's rooms book those rooms too:
	// a room is booked twice whichever meeting booked it. Only the room
	// counts for them; their people are not this meeting's.
	venueRoom := map[int64]bool{}
	roomOnly := map[int64]bool{}
	if m.VenueID != 0 {
		rooms, err := queryAll(ctx, q, scanID, `SELECT id FROM rooms WHERE venue_id = ?`, m.VenueID)
		if err != nil {
			return nil, nil, err
		}
		for _, id := range rooms {
			venueRoom[id] = true
		}
		others, err := queryAll(ctx, q, scanMeeting, `SELECT `+meetingColumns+meetingFrom+` WHERE m.id IN (
			SELECT x.meeting_id FROM sessions x JOIN rooms r ON r.id = x.room_id WHERE r.venue_id = ?1
			UNION SELECT x.meeting_id FROM room_holds x JOIN rooms r ON r.id = x.room_id WHERE r.venue_id = ?1
			UNION SELECT x.meeting_id FROM bilaterals x JOIN rooms r ON r.id = x.room_id WHERE r.venue_id = ?1)`, m.VenueID)
		if err != nil {
			return nil, nil, err
		}
		for _, o := range others {
			if _, ok := meetings[o.ID]; !ok {
				meetings[o.ID], roomOnly[o.ID] = o, true
			}
		}
	}
	ids := make([]int64, 0, len(meetings))
	for id := range meetings {
		ids = append(ids, id)
	}
	keep := func(b convene.Booking) bool { return !roomOnly[b.MeetingID] || venueRoom[b.RoomID] }
	var out []convene.Booking
	ss, err := findSessions(ctx, q, convene.SessionFilter{MeetingIDs: ids})
	if err != nil {
		return nil, nil, err
	}
	for _, s := range ss {
		if b := s.Booking(meetings[s.MeetingID].Code); keep(b) {
			out = append(out, b)
		}
	}
	hs, err := findRoomHolds(ctx, q, ids...)
	if err != nil {
		return nil, nil, err
	}
	for _, h := range hs {
		if b := h.Booking(meetings[h.MeetingID]); keep(b) {
			out = append(out, b)
		}
	}
	for _, id := range ids {
		bs, err := findBilaterals(ctx, q, id)
		if err != nil {
			return nil, nil, err
		}
		for _, x := range bs {
			if b := x.Booking(meetings[id]); x.Booked() && keep(b) {
				out = append(out, b)
			}
		}
	}
	return meetings, out, nil
}
