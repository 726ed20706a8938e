package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// ProgrammeVersion is one publication of a meeting's programme.
type ProgrammeVersion struct {
	Version     int
	PublishedAt time.Time
	Note        string
}

// PublishProgramme records a new version of a meeting's programme, numbered
// one after the last, inside the writer's immediate transaction so that two
// secretaries publishing at once get two numbers, not one twice.
func (d *DB) PublishProgramme(ctx context.Context, meetingID int64, note string) (ProgrammeVersion, error) {
	var v ProgrammeVersion
	err := d.update(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) + 1 FROM programme_versions WHERE meeting_id = ?`,
			meetingID).Scan(&v.Version); err != nil {
			return err
		}
		v.PublishedAt, v.Note = tx.now, note
		res, err := tx.ExecContext(ctx, `INSERT INTO programme_versions (meeting_id, version, published_at, published_by, note)
			VALUES (?, ?, ?, ?, ?)`, meetingID, v.Version, formatTime(tx.now), nullID(tx.actor.UserID), note)
		if err != nil {
			return fmt.Errorf("insert programme version: %w", err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		return tx.audit(ctx, "publish", "programme_version", id,
			summarize(nil, fields{"meeting_id": fmt.Sprint(meetingID), "version": fmt.Sprint(v.Version), "note": note}))
	})
	return v, err
}

// LatestProgrammeVersion returns the meeting's latest published version,
// or the zero version (Version 0) if it was never published.
func (d *DB) LatestProgrammeVersion(ctx context.Context, meetingID int64) (ProgrammeVersion, error) {
	var v ProgrammeVersion
	err := d.view(ctx, func(tx *sql.Tx) error {
		var at string
		err := tx.QueryRowContext(ctx, `SELECT version, published_at, note FROM programme_versions WHERE meeting_id = ?
			ORDER BY version DESC LIMIT 1`, meetingID).Scan(&v.Version, &at, &v.Note)
		if err == sql.ErrNoRows {
			return nil
		}
		v.PublishedAt = parseTime(at)
		return err
	})
	return v, err
}
