package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"convene/internal/convene"
)

// SetDelegatePhoto stores a delegate's badge photo, already re-encoded by
// internal/photo, replacing any earlier one.
func (d *DB) SetDelegatePhoto(ctx context.Context, delegateID int64, jpeg []byte, w, h int) error {
	return d.update(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO delegate_photos (delegate_id, jpeg, width, height, updated_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (delegate_id) DO UPDATE SET jpeg = excluded.jpeg, width = excluded.width,
			height = excluded.height, updated_at = excluded.updated_at`,
			delegateID, jpeg, w, h, formatTime(tx.now)); err != nil {
			return err
		}
		return tx.audit(ctx, "update", "delegate", delegateID, fmt.Sprintf("photo: set (%d×%d)", w, h))
	})
}

// FindDelegatePhoto returns a delegate's badge photo as JPEG.
func (d *DB) FindDelegatePhoto(ctx context.Context, delegateID int64) ([]byte, error) {
	var b []byte
	err := d.view(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT jpeg FROM delegate_photos WHERE delegate_id = ?`, delegateID).Scan(&b)
		if err == sql.ErrNoRows {
			return convene.NotFound("Photo")
		}
		return err
	})
	return b, err
}

// FindMeetingPhotos returns which of a meeting's delegates have a badge
// photo, by delegate id: with jpeg the photo itself (for a document printed
// without access to Convene, the badge PDF), else an empty value (the page
// links to DelegatePhoto). One query for the whole sheet.
func (d *DB) FindMeetingPhotos(ctx context.Context, meetingID int64, jpeg bool) (map[int64][]byte, error) {
	out := map[int64][]byte{}
	err := d.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT ph.delegate_id, CASE WHEN ? THEN ph.jpeg ELSE x'' END
			FROM delegate_photos ph JOIN delegates p ON p.id = ph.delegate_id JOIN delegations g ON g.id = p.delegation_id
			WHERE g.meeting_id = ?`, boolInt(jpeg), meetingID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var b []byte
			if err := rows.Scan(&id, &b); err != nil {
				return err
			}
			out[id] = b
		}
		return rows.Err()
	})
	return out, err
}
