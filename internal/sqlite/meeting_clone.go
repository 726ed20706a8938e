package sqlite

import (
	"context"
	"fmt"
	"time"

	"convene/internal/convene"
)

// CloneMeeting creates m from the meeting srcID: m keeps what the form gave
// it (code, title, dates) and takes the source's focus areas; the source's
// programme is copied as a skeleton, every session moved by the days between
// the two first days and kept at the same venue-local time of day. Sessions
// start afresh at sequence 0 and without clash overrides.
func (d *DB) CloneMeeting(ctx context.Context, srcID int64, m *convene.Meeting) (int, error) {
	copied := 0
	err := d.update(ctx, func(tx *Tx) error {
		src, err := findMeeting(ctx, tx, srcID)
		if err != nil {
			return err
		}
		if m.FocusAreas == nil {
			var err error
			if m.FocusAreas, err = findMeetingFocusAreas(ctx, tx, srcID); err != nil {
				return err
			}
		}
		if err := createMeeting(ctx, tx, m); err != nil {
			return err
		}
		ss, err := findSessions(ctx, tx, convene.SessionFilter{MeetingIDs: []int64{srcID}})
		if err != nil {
			return err
		}
		days := convene.CloneOffset(src, *m)
		srcLoc, dstLoc := src.Location(), m.Location()
		for _, s := range ss {
			// Shift in venue-local wall time, so 09:00 stays 09:00 even if a
			// zone's offset differs between the two dates (or venues).
			move := func(t time.Time) time.Time {
				l := t.In(srcLoc).AddDate(0, 0, days)
				return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), 0, 0, dstLoc).UTC()
			}
			s.MeetingID, s.StartsAt, s.EndsAt, s.ClashOverride = m.ID, move(s.StartsAt), move(s.EndsAt), ""
			if m.VenueID != src.VenueID {
				s.RoomID, s.Layout = 0, "" // the rooms belong to the old venue
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO sessions (meeting_id, title, kind, starts_at, ends_at, room_id,
				layout, attendance, heads_plus, visibility, public_notes, internal_notes, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				s.MeetingID, s.Title, s.Kind, formatTime(s.StartsAt), formatTime(s.EndsAt), nullID(s.RoomID), s.Layout, s.Attendance,
				s.HeadsPlus, s.Visibility, s.PublicNotes, s.InternalNotes, formatTime(tx.now), formatTime(tx.now))
			if err != nil {
				return fmt.Errorf("copy session: %w", err)
			}
			newID, err := res.LastInsertId()
			if err != nil {
				return err
			}
			if err := tx.audit(ctx, "create", "session", newID, summarize(nil, sessionFields(&s))); err != nil {
				return err
			}
			copied++
		}
		holds, err := cloneRoomHolds(ctx, tx, src, *m, days)
		if err != nil {
			return err
		}
		return tx.audit(ctx, "clone", "meeting", m.ID, fmt.Sprintf("from %q; %d sessions and %d room holds moved by %d days",
			src.Code, copied, holds, days))
	})
	return copied, err
}
