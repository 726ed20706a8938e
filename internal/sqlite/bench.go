//go:build bench

// Measurements only the benchmark takes; built with -tags bench (see
// bench_seed.go).

package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// InsertRate is what MeasureInsertRate found: Rows single-row transactions
// committed in Elapsed.
type InsertRate struct {
	Rows    int
	Elapsed time.Duration
}

// PerSecond is the committed transactions per second.
func (r InsertRate) PerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Rows) / r.Elapsed.Seconds()
}

// MeasureInsertRate commits single-row INSERT transactions into a scratch
// table of a new database file at path for about d, through one writer
// connection opened with exactly the production DSN (the same pragmas,
// synchronous=FULL, BEGIN IMMEDIATE). It is the benchmark's baseline for
// writes: the fastest a Convene write could possibly be on this disk, so
// that a registration's throughput is reported as a fraction of it. The
// rows are counted back at the end; a shortfall is an error.
func MeasureInsertRate(ctx context.Context, path string, d time.Duration) (InsertRate, error) {
	w, err := sql.Open("sqlite", dsn(path, "_txlock=immediate"))
	if err != nil {
		return InsertRate{}, err
	}
	defer w.Close()
	// One connection, as the production writer: commits are serialised
	// anyway, and this measures the commit path, not lock contention.
	w.SetMaxOpenConns(1)
	if _, err := w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS bench_insert (
		id INTEGER PRIMARY KEY, at TEXT NOT NULL, body TEXT NOT NULL) STRICT`); err != nil {
		return InsertRate{}, fmt.Errorf("insert baseline: %w", err)
	}
	body := "Nguyễn Thị Ánh · สมชาย ใจดี · ມະນີວັນ · សុភា · မောင်မောင်"
	var r InsertRate
	start := time.Now()
	for r.Elapsed < d {
		tx, err := w.BeginTx(ctx, nil)
		if err != nil {
			return r, translate(err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO bench_insert (at, body) VALUES (?, ?)`,
			formatTime(time.Now().UTC()), body); err != nil {
			_ = tx.Rollback()
			return r, translate(err)
		}
		if err := tx.Commit(); err != nil {
			return r, translate(err)
		}
		r.Rows++
		r.Elapsed = time.Since(start)
	}
	var n int
	if err := w.QueryRowContext(ctx, `SELECT count(*) FROM bench_insert`).Scan(&n); err != nil {
		return r, translate(err)
	}
	if n < r.Rows {
		return r, fmt.Errorf("insert baseline: committed %d rows, found %d", r.Rows, n)
	}
	return r, nil
}

// CountNominations returns how many people the delegations of the meeting
// with this code hold, and how many "nominate" audit rows name one of them.
// The benchmark counts both before and after its registration scenario:
// every nomination it saw answered 303 must have added one of each.
func (d *DB) CountNominations(ctx context.Context, code string) (people, audited int, err error) {
	err = d.view(ctx, func(tx *sql.Tx) error {
		const ofMeeting = `SELECT p.id FROM delegates p JOIN delegations g ON g.id = p.delegation_id
			JOIN meetings m ON m.id = g.meeting_id WHERE m.code = ?`
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (`+ofMeeting+`)`, code).Scan(&people); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE entity = 'delegate' AND action = 'nominate'
			AND entity_id IN (`+ofMeeting+`)`, code).Scan(&audited)
	})
	return people, audited, err
}
