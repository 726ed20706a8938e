package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"convene/internal/convene"
)

// PurgeResult says what a purge removed.
type PurgeResult struct {
	People int // delegates whose passport, date of birth or medical data was cleared
	Photos int // badge photos deleted
	// NoteVerbales and Downloads are the delegations' Note Verbales (they
	// name people) and the records of who downloaded which meeting paper,
	// deleted. The papers themselves stay: they are not personal data.
	NoteVerbales int
	Downloads    int
	// Letters is how many issued visa-support and invitation letters were
	// deleted: they print passport numbers and expiry dates.
	Letters int
	// ScrubbedBy says who emptied the -wal file of the pages as they were
	// before the purge: ScrubCheckpoint (this process) or ScrubReplicator
	// (a server replicating the database, which holds the WAL open).
	ScrubbedBy string
}

// Who emptied the -wal file after a purge.
const (
	ScrubCheckpoint = "checkpoint"
	ScrubReplicator = "replicator"
)

// defaultScrubWait is how long a purge waits for a replicating server to
// empty the -wal file: its watcher looks every few seconds (cmd/convene).
const defaultScrubWait = time.Minute

// WithScrubWait sets how long PurgePersonalData waits for a replicating
// server to empty the -wal file before it reports that the old pages are
// still there.
func WithScrubWait(d time.Duration) Option { return func(db *DB) { db.scrubWait = d } }

// PurgePersonalData removes the passport, date-of-birth, medical and photo
// data (pending changes and photos waiting for approval included) of a meeting that ended more than days days ago, in one transaction
// with its audit row. Names, roles and statuses stay: the record of who
// attended is kept, the sensitive data is not. A meeting that ended too
// recently is refused, so that a typo cannot wipe a live registration.
//
// The -wal file still holds the pages as they were before the purge until a
// checkpoint copies the scrubbed pages into the database file and truncates
// the WAL. With no other process holding the WAL, the purge does that
// itself. A server that replicates (internal/replica) holds a read
// transaction open for Litestream, which makes such a checkpoint wait
// forever and stall that server's writes meanwhile: the purge then leaves
// the checkpoint to that server, which sees the purge in the audit log,
// checkpoints through Litestream and records a wal_scrub row, and waits for
// that row (up to a minute, WithScrubWait).
func (d *DB) PurgePersonalData(ctx context.Context, code string, days int) (PurgeResult, error) {
	var res PurgeResult
	if days < 0 {
		return res, convene.Errorf(convene.EINVALID, "The number of days cannot be negative.")
	}
	m, err := d.FindMeetingByCode(ctx, code)
	if err != nil {
		return res, err
	}
	var purgeID int64
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
		r, err := tx.ExecContext(ctx, `UPDATE delegates SET passport_number = '', passport_expiry = '', passport_type = '', passport_name = '',
			date_of_birth = '', medical = '', updated_at = ? WHERE delegation_id IN (SELECT id FROM delegations WHERE meeting_id = ?)
			AND (passport_number <> '' OR passport_expiry <> '' OR passport_type <> '' OR passport_name <> ''
			OR date_of_birth <> '' OR medical <> '')`,
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
		r, err = tx.ExecContext(ctx, `DELETE FROM letters WHERE meeting_id = ?`, m.ID)
		if err != nil {
			return err
		}
		n, _ = r.RowsAffected()
		res.Letters = int(n)
		if err := purgeDocuments(ctx, tx, m.ID, &res); err != nil {
			return err
		}
		if err := tx.audit(ctx, "purge", "meeting", m.ID, fmt.Sprintf("personal data purged: %d people, %d photos, %d letters, %d Note Verbales, %d download records; older than %d days",
			res.People, res.Photos, res.Letters, res.NoteVerbales, res.Downloads, days)); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT last_insert_rowid()`).Scan(&purgeID)
	})
	if err != nil {
		return res, err
	}
	done, err := d.truncateWAL(ctx)
	if err != nil {
		return res, fmt.Errorf("purge committed, but the checkpoint failed: %w", err)
	}
	if done {
		res.ScrubbedBy = ScrubCheckpoint
		return res, d.RecordWALScrub(ctx, purgeID)
	}
	if d.waitForScrub(ctx, purgeID) {
		res.ScrubbedBy = ScrubReplicator
		return res, nil
	}
	return res, convene.Errorf(convene.ECONFLICT, "The purge is committed, but another process keeps the old pages in the -wal file. "+
		"Run the purge again when the server is stopped; a server started with -replica empties the WAL itself after a purge.")
}

// truncateWAL checkpoints the WAL into the database file and truncates it,
// if no other connection holds a read transaction on it. It waits only
// briefly for one: a truncating checkpoint holds the write lock while it
// waits, so a long wait would stall the server's writes.
func (d *DB) truncateWAL(ctx context.Context) (bool, error) {
	conn, err := d.write.Conn(ctx)
	if err != nil {
		return false, err
	}
	defer conn.Close()
	// A short busy_timeout for this statement only, restored afterwards:
	// the connection goes back to the writer pool.
	if _, err := conn.ExecContext(ctx, `PRAGMA busy_timeout = 200`); err != nil {
		return false, err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA busy_timeout = %d`, BusyTimeout.Milliseconds())) //nolint:errcheck // restores the DSN's value
	var busy, logFrames, done int
	if err := conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &done); err != nil {
		return false, err
	}
	return busy == 0, nil
}

// waitForScrub waits until a replicating server has recorded that it
// emptied the -wal file after the purge purgeID, or until the scrub wait
// is over.
func (d *DB) waitForScrub(ctx context.Context, purgeID int64) bool {
	deadline := time.Now().Add(d.scrubWait)
	for {
		var n int
		err := d.read.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE action = 'wal_scrub' AND entity_id >= ?`,
			purgeID).Scan(&n)
		if err == nil && n > 0 {
			return true
		}
		if !time.Now().Before(deadline) {
			return false
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// PurgesToScrub answers the audit id of the newest purge whose old pages
// may still be in the -wal file (no wal_scrub row since), or 0. A
// replicating server asks every few seconds; both queries read a partial
// index that holds only those rows (migration 01601).
func (d *DB) PurgesToScrub(ctx context.Context) (int64, error) {
	var purge, scrub int64
	err := d.view(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM audit_log WHERE action = 'purge'`).Scan(&purge); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT coalesce(max(entity_id), 0) FROM audit_log WHERE action = 'wal_scrub'`).Scan(&scrub)
	})
	if err != nil || purge <= scrub {
		return 0, err
	}
	return purge, nil
}

// RecordWALScrub records that the -wal file no longer holds the pages as
// they were before the purge whose audit row is purgeID: the purge command
// waits for this row when a replicating server does the checkpoint.
func (d *DB) RecordWALScrub(ctx context.Context, purgeID int64) error {
	return d.update(ctx, func(tx *Tx) error {
		return tx.audit(ctx, "wal_scrub", "audit", purgeID, "the -wal file was emptied of the pages as they were before the purge")
	})
}

// purgeDocuments deletes what the meeting's documents hold of people: the
// delegations' Note Verbales and the download records (who read which
// paper when). The meeting papers and their versions stay: they are the
// meeting's record, not personal data.
func purgeDocuments(ctx context.Context, tx *Tx, meetingID int64, res *PurgeResult) error {
	r, err := tx.ExecContext(ctx, `DELETE FROM note_verbales WHERE delegation_id IN (SELECT id FROM delegations WHERE meeting_id = ?)`, meetingID)
	if err != nil {
		return err
	}
	n, _ := r.RowsAffected()
	res.NoteVerbales = int(n)
	r, err = tx.ExecContext(ctx, `DELETE FROM document_downloads WHERE version_id IN (SELECT v.id FROM document_versions v
		JOIN documents d ON d.id = v.document_id WHERE d.meeting_id = ?)`, meetingID)
	if err != nil {
		return err
	}
	n, _ = r.RowsAffected()
	res.Downloads = int(n)
	return nil
}
