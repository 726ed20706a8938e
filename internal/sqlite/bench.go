//go:build bench

// Measurements only the benchmark takes; built with -tags bench (see
// bench_seed.go).

package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"convene/internal/convene"
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

// The rows a write scenario's baseline writes (MeasureRowsRate).
const (
	// RegistrationRows: a delegate's complete row, with its "create" and
	// "nominate" audit rows, as one nomination writes them.
	RegistrationRows = "registration"
	// UserRows: an account's row updated, with its audit row, as one
	// account update writes them.
	UserRows = "user"
)

// MeasureRowsRate is the write scenarios' baseline as issue 20 defines it:
// for about d, one synchronous=FULL transaction after another that writes
// the same rows as one request of the scenario (rows: RegistrationRows or
// UserRows) into a new database of the production schema (its indexes and
// search triggers included), with statements prepared once and no reads or
// checks: the fastest those rows could be written on this disk, through one
// writer connection opened with exactly the production DSN. The rows are
// counted back at the end; a shortfall is an error.
func MeasureRowsRate(ctx context.Context, path, rows string, d time.Duration) (InsertRate, error) {
	db, err := Open(ctx, path)
	if err != nil {
		return InsertRate{}, err
	}
	defer db.Close()
	var g convene.Delegation
	u := convene.User{Email: "baseline@example.org", Name: "Baseline", Role: convene.RoleOfficer}
	err = db.Seed(ctx, func(se *Seeder) error {
		cs, err := se.Countries(ctx)
		if err != nil || len(cs) == 0 {
			return errors.Join(err, errors.New("insert baseline: no countries"))
		}
		m := convene.Meeting{Code: "baseline", Title: "Baseline", Kind: convene.KindADSOMWG, HostCountryID: cs[0].ID,
			TimeZone: "Asia/Kuala_Lumpur", Status: convene.StatusProposed, DatePrecision: convene.PrecisionDay,
			StartDate: convene.Date{Year: 2026, Month: 2, Day: 25}}
		if err := se.CreateMeeting(ctx, &m); err != nil {
			return err
		}
		g = convene.Delegation{MeetingID: m.ID, CountryID: cs[0].ID, Quota: 1_000_000}
		if err := se.CreateDelegation(ctx, &g); err != nil {
			return err
		}
		return se.CreateUser(ctx, &u)
	})
	if err != nil {
		return InsertRate{}, fmt.Errorf("insert baseline: %w", err)
	}
	write := map[string]func(tx *Tx, i int, now time.Time) error{
		RegistrationRows: func(tx *Tx, i int, now time.Time) error {
			r := convene.Registration{Delegate: convene.Delegate{DelegationID: g.ID, GivenName: fmt.Sprintf("Thị Ánh %d", i),
				FamilyName: "Nguyễn", Role: convene.RoleMember, Status: convene.RegNominated,
				Email: fmt.Sprintf("baseline%d@example.org", i), PassportNumber: fmt.Sprintf("B%08d", i)}}
			setDelegateDefaults(&r.Delegate)
			res, err := tx.ExecContext(ctx, insertRegistrationQuery, append(insertDelegateArgs(&r.Delegate, now), registrationExtraArgs(&r)...)...)
			if err != nil {
				return err
			}
			id, err := res.LastInsertId()
			if err != nil {
				return err
			}
			for _, action := range []string{"create", "nominate"} {
				if _, err := tx.ExecContext(ctx, insertAuditQuery, formatTime(now), u.ID, action, "delegate", id, "baseline", "127.0.0.1"); err != nil {
					return err
				}
			}
			return nil
		},
		UserRows: func(tx *Tx, i int, now time.Time) error {
			if _, err := tx.ExecContext(ctx, updateUserQuery, fmt.Sprintf("Baseline %d", i), u.Role, nil, 0, 0, formatTime(now), u.ID); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, insertAuditQuery, formatTime(now), u.ID, "update", "user", u.ID, "baseline", "127.0.0.1")
			return err
		},
	}[rows]
	if write == nil {
		return InsertRate{}, fmt.Errorf("insert baseline: no rows called %q", rows)
	}
	var r InsertRate
	start := time.Now()
	for r.Elapsed < d {
		sqltx, err := db.write.BeginTx(ctx, nil)
		if err != nil {
			return r, translate(err)
		}
		// Every statement is one of the writer's statements prepared at
		// open (hotWrites lists the texts of both kinds of rows).
		tx := &Tx{Tx: sqltx, stmts: db.wstmts}
		if err := write(tx, r.Rows, time.Now().UTC()); err != nil {
			_ = tx.Rollback()
			return r, fmt.Errorf("insert baseline: %w", err)
		}
		if err := tx.Commit(); err != nil {
			return r, translate(err)
		}
		r.Rows++
		r.Elapsed = time.Since(start)
	}
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE summary = 'baseline'`).Scan(&n); err != nil {
		return r, translate(err)
	}
	if per := map[string]int{RegistrationRows: 2, UserRows: 1}[rows]; n < per*r.Rows {
		return r, fmt.Errorf("insert baseline: committed %d transactions, found %d of their %d audit rows", r.Rows, n, per*r.Rows)
	}
	return r, nil
}
