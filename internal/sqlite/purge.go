package sqlite

import (
	"context"
	"fmt"

	"convene/internal/convene"
)

// PurgeResult says what a purge removed.
type PurgeResult struct {
	People int // delegates whose passport, date of birth or medical data was cleared
	Photos int // badge photos deleted
}

// PurgePersonalData removes the passport, date-of-birth, medical and photo
// data (pending changes and photos waiting for approval included) of a meeting that ended more than days days ago, in one transaction
// with its audit row. Names, roles and statuses stay: the record of who
// attended is kept, the sensitive data is not. A meeting that ended too
// recently is refused, so that a typo cannot wipe a live registration.
func (d *DB) PurgePersonalData(ctx context.Context, code string, days int) (PurgeResult, error) {
	var res PurgeResult
	if days < 0 {
		return res, convene.Errorf(convene.EINVALID, "The number of days cannot be negative.")
	}
	m, err := d.FindMeetingByCode(ctx, code)
	if err != nil {
		return res, err
	}
	err = d.update(ctx, func(tx *Tx) error {
		end := m.EndDate
		if end.IsZero() {
			end = m.StartDate
		}
		allowed := end.AddDays(days + 1).In(m.Location())
		if tx.now.Before(allowed) {
			return convene.Errorf(convene.ECONFLICT, "%s ended on %s; its personal data can be purged from %s (%d days after).",
				m.Title, end.Long(), allowed.Format("2 January 2006"), days)
		}
		// secure_delete zeroes the freed bytes of the old values in the
		// pages this transaction rewrites (issue 8, TestRetentionCanary).
		if _, err := tx.ExecContext(ctx, `PRAGMA secure_delete = ON`); err != nil {
			return err
		}
		defer tx.ExecContext(ctx, `PRAGMA secure_delete = OFF`) //nolint:errcheck // best effort: only costs speed if left on
		r, err := tx.ExecContext(ctx, `UPDATE delegates SET passport_number = '', passport_expiry = '', date_of_birth = '',
			medical = '', updated_at = ? WHERE delegation_id IN (SELECT id FROM delegations WHERE meeting_id = ?)
			AND (passport_number <> '' OR passport_expiry <> '' OR date_of_birth <> '' OR medical <> '')`,
			formatTime(tx.now), m.ID)
		if err != nil {
			return err
		}
		n, _ := r.RowsAffected()
		res.People = int(n)
		r, err = tx.ExecContext(ctx, `DELETE FROM delegate_photos WHERE delegate_id IN (SELECT p.id FROM delegates p
			JOIN delegations g ON g.id = p.delegation_id WHERE g.meeting_id = ?)`, m.ID)
		if err != nil {
			return err
		}
		n, _ = r.RowsAffected()
		res.Photos = int(n)
		// Pending changes carry proposed passport numbers and dates of birth
		// in their fields, and photos waiting for approval: they go too (the
		// audit log keeps that a change was proposed and decided).
		if _, err := tx.ExecContext(ctx, `DELETE FROM pending_photos WHERE delegate_id IN (SELECT p.id FROM delegates p
			JOIN delegations g ON g.id = p.delegation_id WHERE g.meeting_id = ?)`, m.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM pending_changes WHERE delegate_id IN (SELECT p.id FROM delegates p
			JOIN delegations g ON g.id = p.delegation_id WHERE g.meeting_id = ?)`, m.ID); err != nil {
			return err
		}
		return tx.audit(ctx, "purge", "meeting", m.ID, fmt.Sprintf("personal data purged: %d people, %d photos; older than %d days",
			res.People, res.Photos, days))
	})
	if err != nil {
		return res, err
	}
	// The -wal file still holds the pages as they were before the purge:
	// copy the scrubbed pages into the database file and empty the WAL.
	var busy, logFrames, done int
	if err := d.write.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &done); err != nil {
		return res, fmt.Errorf("purge committed, but the checkpoint failed: %w", err)
	}
	if busy != 0 {
		return res, convene.Errorf(convene.ECONFLICT, "The purge is committed, but a reader kept the old pages in the -wal file; run the purge again when the server is idle.")
	}
	return res, nil
}
