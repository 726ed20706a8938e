package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"convene/internal/convene"
)

// FindVenueNotes returns a meeting's venue notes (all empty when none are
// written yet).
func (d *DB) FindVenueNotes(ctx context.Context, meetingID int64) (convene.VenueNotes, error) {
	v := convene.VenueNotes{MeetingID: meetingID}
	err := d.view(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT dress_code, wifi, prayer_rooms, medical, security FROM venue_notes
			WHERE meeting_id = ?`, meetingID).Scan(&v.DressCode, &v.WiFi, &v.PrayerRooms, &v.Medical, &v.Security)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	return v, err
}

// SaveVenueNotes writes a meeting's venue notes, replacing the previous
// ones, with an audit row naming what changed.
func (d *DB) SaveVenueNotes(ctx context.Context, v convene.VenueNotes) error {
	return d.update(ctx, func(tx *Tx) error { return saveVenueNotes(ctx, tx, v) })
}

func saveVenueNotes(ctx context.Context, tx *Tx, v convene.VenueNotes) error {
	if err := v.Validate(); err != nil {
		return err
	}
	var before convene.VenueNotes
	err := tx.QueryRowContext(ctx, `SELECT dress_code, wifi, prayer_rooms, medical, security FROM venue_notes
		WHERE meeting_id = ?`, v.MeetingID).Scan(&before.DressCode, &before.WiFi, &before.PrayerRooms, &before.Medical, &before.Security)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO venue_notes (meeting_id, dress_code, wifi, prayer_rooms, medical, security, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (meeting_id) DO UPDATE SET dress_code = excluded.dress_code,
		wifi = excluded.wifi, prayer_rooms = excluded.prayer_rooms, medical = excluded.medical,
		security = excluded.security, updated_at = excluded.updated_at`,
		v.MeetingID, v.DressCode, v.WiFi, v.PrayerRooms, v.Medical, v.Security, formatTime(tx.now)); err != nil {
		return err
	}
	return tx.audit(ctx, "update", "venue_notes", v.MeetingID, summarize(venueNoteFields(before), venueNoteFields(v)))
}

func venueNoteFields(v convene.VenueNotes) fields {
	return fields{"dress_code": v.DressCode, "wifi": v.WiFi, "prayer_rooms": v.PrayerRooms, "medical_point": v.Medical,
		"security": v.Security}
}
