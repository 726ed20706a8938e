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
