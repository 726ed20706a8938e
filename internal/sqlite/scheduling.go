package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"convene/internal/convene"
)

// FindVenues returns every venue by name, without rooms, for the meeting form.
func (d *DB) FindVenues(ctx context.Context) ([]convene.Venue, error) {
	var out []convene.Venue
	err := d.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, name, kind, city, time_zone FROM venues ORDER BY name`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var v convene.Venue
			if err := rows.Scan(&v.ID, &v.Name, &v.Kind, &v.City, &v.TimeZone); err != nil {
				return err
			}
			out = append(out, v)
		}
		return rows.Err()
	})
	return out, err
}

// UpdateMeeting changes a meeting's facts, dates and status. The status may
// only move as convene.NextStatuses allows; the code stays unique.
func (d *DB) UpdateMeeting(ctx context.Context, id int64, m *convene.Meeting) error {
	return d.update(ctx, func(tx *Tx) error {
		before, err := scanMeeting(tx.QueryRowContext(ctx, `SELECT `+meetingColumns+meetingFrom+` WHERE m.id = ?`, id))
		if err == sql.ErrNoRows {
			return convene.NotFound("Meeting")
		} else if err != nil {
			return err
		}
		p := convene.Problems{}
		if err := m.Validate(); err != nil {
			for k, v := range convene.ErrorFields(err) {
				p.Add(k, v)
			}
		}
		convene.CheckStatusChange(before.Status, m.Status, p)
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM meetings WHERE code = ? AND id <> ?`, m.Code, id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			p.Add("code", "Another meeting already uses this code.")
		}
		if err := p.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET code = ?, title = ?, kind = ?, host_country_id = ?, city = ?,
			venue_id = ?, time_zone = ?, theme = ?, chair = ?, status = ?, date_precision = ?, start_date = ?, end_date = ?,
			length_days = ?, cluster = ?, updated_at = ? WHERE id = ?`,
			m.Code, m.Title, m.Kind, m.HostCountryID, m.City, nullID(m.VenueID), m.TimeZone, m.Theme, m.Chair, m.Status,
			m.DatePrecision, formatDate(m.StartDate), formatDate(m.EndDate), m.LengthDays, m.Cluster, formatTime(tx.now), id); err != nil {
			return fmt.Errorf("update meeting: %w", err)
		}
		m.ID, m.CreatedAt, m.UpdatedAt, m.FocusAreas = id, before.CreatedAt, tx.now, nil
		bf := meetingFields(&before)
		delete(bf, "focus_areas")
		af := meetingFields(m)
		delete(af, "focus_areas")
		action := "update"
		if before.Status != m.Status {
			action = "status"
		}
		return tx.audit(ctx, action, "meeting", id, summarize(bf, af))
	})
}

// CloneMeeting creates m from the meeting srcID: m keeps what the form gave
// it (code, title, dates) and takes the source's focus areas; the source's
// programme is copied as a skeleton, every session moved by the days between
// the two first days and kept at the same venue-local time of day. Sessions
// start afresh at sequence 0 and without clash overrides.
func (d *DB) CloneMeeting(ctx context.Context, srcID int64, m *convene.Meeting) (int, error) {
	copied := 0
	err := d.update(ctx, func(tx *Tx) error {
		src, err := scanMeeting(tx.QueryRowContext(ctx, `SELECT `+meetingColumns+meetingFrom+` WHERE m.id = ?`, srcID))
		if err == sql.ErrNoRows {
			return convene.NotFound("Meeting")
		} else if err != nil {
			return err
		}
		if m.FocusAreas == nil {
			var err error
			if m.FocusAreas, err = findMeetingFocusAreas(ctx, tx.Tx, srcID); err != nil {
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
				s.RoomID = 0 // the rooms belong to the old venue
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO sessions (meeting_id, title, kind, starts_at, ends_at, room_id,
				attendance, heads_plus, visibility, public_notes, internal_notes, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				s.MeetingID, s.Title, s.Kind, formatTime(s.StartsAt), formatTime(s.EndsAt), nullID(s.RoomID), s.Attendance,
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
		return tx.audit(ctx, "clone", "meeting", m.ID, fmt.Sprintf("from %q; %d sessions moved by %d days", src.Code, copied, days))
	})
	return copied, err
}
