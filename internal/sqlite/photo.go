package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"convene/internal/convene"
)

// The photo store: delegate_photos holds each person's approved badge
// photo, the one badges and the check-in desk show; pending_photos holds a
// photo uploaded for an accredited person until the secretariat approves it
// (pending_change.go moves it across).

// SetDelegatePhoto stores a delegate's approved badge photo, already
// re-encoded by internal/photo, replacing any earlier one. It approves by
// itself, so only the demo loader and tests call it; the upload page goes
// through UploadDelegatePhoto.
func (d *DB) SetDelegatePhoto(ctx context.Context, delegateID int64, jpeg []byte, w, h int) error {
	return d.update(ctx, func(tx *Tx) error { return setPhoto(ctx, tx, delegateID, jpeg, w, h) })
}

func setPhoto(ctx context.Context, tx *Tx, delegateID int64, jpeg []byte, w, h int) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO delegate_photos (delegate_id, jpeg, width, height, updated_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (delegate_id) DO UPDATE SET jpeg = excluded.jpeg, width = excluded.width,
		height = excluded.height, updated_at = excluded.updated_at`,
		delegateID, jpeg, w, h, formatTime(tx.now)); err != nil {
		return err
	}
	return tx.audit(ctx, "update", "delegate", delegateID, fmt.Sprintf("photo: set (%d×%d)", w, h))
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

// UploadDelegatePhoto stores a photo uploaded on the person's page, already
// re-encoded by internal/photo. Before accreditation it replaces the badge
// photo at once; after it, the photo waits in pending_photos as part of the
// person's pending change (returned) and the approved one stays on the
// badge until the secretariat approves (DESIGN.md rule 13).
func (d *DB) UploadDelegatePhoto(ctx context.Context, delegateID int64, jpeg []byte, w, h int) (convene.PendingChange, error) {
	var c convene.PendingChange
	err := d.update(ctx, func(tx *Tx) error {
		r, err := findRegistration(ctx, tx, delegateID)
		if err != nil {
			return err
		}
		if r.Status != convene.RegAccredited {
			return setPhoto(ctx, tx, delegateID, jpeg, w, h)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO pending_photos (delegate_id, jpeg, width, height, uploaded_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (delegate_id) DO UPDATE SET jpeg = excluded.jpeg, width = excluded.width,
			height = excluded.height, uploaded_at = excluded.uploaded_at`,
			delegateID, jpeg, w, h, formatTime(tx.now)); err != nil {
			return err
		}
		c, err = proposeChange(ctx, tx, r, convene.PendingChange{DelegateID: delegateID, Via: convene.ViaPhoto})
		return err
	})
	return c, err
}

// FindPendingPhoto returns the photo waiting for approval for a delegate.
func (d *DB) FindPendingPhoto(ctx context.Context, delegateID int64) ([]byte, error) {
	var b []byte
	err := d.view(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT jpeg FROM pending_photos WHERE delegate_id = ?`, delegateID).Scan(&b)
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
