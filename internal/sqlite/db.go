// Package sqlite stores Convene's data in one SQLite file. It is the only
// package that sees database/sql. Every use case is one method that opens one
// transaction (DESIGN.md rule 2); writes go through a single writer
// connection so that check-then-insert is atomic, reads through a separate
// read-only pool so that they never wait for the writer.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"convene/db"
	"convene/internal/convene"
)

// BusyTimeout is how long a connection waits for a lock before SQLITE_BUSY.
// With one writer connection, only a checkpoint or a backup can hold a lock
// the writer waits on, so a generous value costs nothing in normal operation.
const BusyTimeout = 10 * time.Second

// pragmas are set on every pooled connection through the DSN, so a connection
// the pool opens later gets them too (DESIGN.md rule 3). busy_timeout must be
// first so that the others do not fail with SQLITE_BUSY; the driver applies
// it first whatever its place in the list.
//
//   - journal_mode(WAL): readers never block the writer and vice versa.
//   - foreign_keys(1): SQLite leaves foreign keys off unless asked, per connection.
//   - synchronous(FULL): in WAL mode NORMAL may lose the last commits on power
//     loss; an acknowledged registration must survive, so every commit waits
//     for fsync (DESIGN.md, Durability).
var pragmas = []string{
	fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()),
	"journal_mode(WAL)",
	"foreign_keys(1)",
	"synchronous(FULL)",
}

// DB is the Convene store: one SQLite file behind a writer and a reader pool.
type DB struct {
	path  string
	write *sql.DB    // exactly one connection; BEGIN IMMEDIATE
	read  *sql.DB    // several connections; query_only
	stmts *stmtCache // hot read statements, prepared once per read connection

	// Now returns the current time; tests replace it to move the clock.
	Now func() time.Time
}

// Open opens (creating if needed) the database file at path and applies any
// pending migrations. A file that cannot be opened or migrated is an error
// that names the file, so start-up stops with a clear message.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("open database: no file name given")
	}
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("open database %s: the file name may not contain '?' or '#'", path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("open database %s: %w", path, err)
		}
	}
	d := &DB{path: path, Now: time.Now}

	var err error
	// The writer: one connection, and _txlock=immediate makes every BEGIN a
	// BEGIN IMMEDIATE, which takes the write lock up front. A deferred
	// transaction that reads, then writes, can fail with SQLITE_BUSY at the
	// write when another connection wrote in between; with one writer and
	// immediate locking a check-then-insert (quota, room clash) is atomic.
	if d.write, err = sql.Open("sqlite", dsn(path, "_txlock=immediate")); err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	d.write.SetMaxOpenConns(1)
	d.write.SetMaxIdleConns(1)
	d.write.SetConnMaxLifetime(0)
	d.write.SetConnMaxIdleTime(0)

	if err := d.write.PingContext(ctx); err != nil {
		d.write.Close()
		return nil, fmt.Errorf("open database %s: %w", path, translate(err))
	}
	if err := d.migrate(ctx); err != nil {
		d.write.Close()
		return nil, fmt.Errorf("migrate database %s: %w", path, err)
	}

	// The readers: query_only refuses any write, so a bug cannot bypass the
	// writer. Opened after migration so that they see the WAL-mode file.
	if d.read, err = sql.Open("sqlite", dsn(path, "_pragma=query_only(1)")); err != nil {
		d.write.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	n := max(4, 2*runtime.GOMAXPROCS(0))
	d.read.SetMaxOpenConns(n)
	d.read.SetMaxIdleConns(n)
	d.read.SetConnMaxIdleTime(5 * time.Minute)
	if err := d.read.PingContext(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("open database %s: %w", path, translate(err))
	}
	if d.stmts, err = newStmtCache(ctx, d.read, hotReads()); err != nil {
		d.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return d, nil
}

func dsn(path string, extra ...string) string {
	q := make([]string, 0, len(pragmas)+len(extra))
	for _, p := range pragmas {
		q = append(q, "_pragma="+p)
	}
	q = append(q, extra...)
	return path + "?" + strings.Join(q, "&")
}

// migrate applies the embedded migrations that are not yet applied. goose
// records what it applied in its own table; migrations run in order, each in
// its own transaction.
func (d *DB) migrate(ctx context.Context) error {
	migrations, err := fs.Sub(db.Migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, d.write, migrations,
		goose.WithDisableGlobalRegistry(true),
		goose.WithLogger(goose.NopLogger()))
	if err != nil {
		return err
	}
	results, err := p.Up(ctx)
	for _, r := range results {
		if r.Error == nil {
			slog.Debug("migration applied", "version", r.Source.Version, "path", r.Source.Path)
		}
	}
	return err
}

// Path returns the database file's path.
func (d *DB) Path() string { return d.path }

// Close closes both pools. The WAL is checkpointed by SQLite when the last
// connection closes.
func (d *DB) Close() error {
	var errs []error
	if d.stmts != nil {
		errs = append(errs, d.stmts.close())
	}
	if d.read != nil {
		errs = append(errs, d.read.Close())
	}
	if d.write != nil {
		errs = append(errs, d.write.Close())
	}
	return errors.Join(errs...)
}

// Ping checks that the database answers a query; /healthz uses it.
func (d *DB) Ping(ctx context.Context) error {
	var one int
	return d.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Tx is a write transaction with what every use case needs: the time the
// change happens, and the actor, for the audit log.
type Tx struct {
	*sql.Tx
	now   time.Time
	actor convene.Actor
}

// update runs fn in one write transaction, committing if fn returns nil.
// It is how every store method changes data.
func (d *DB) update(ctx context.Context, fn func(tx *Tx) error) error {
	sqltx, err := d.write.BeginTx(ctx, nil)
	if err != nil {
		return translate(err)
	}
	tx := &Tx{Tx: sqltx, now: d.Now().UTC(), actor: convene.ActorFrom(ctx)}
	if err := fn(tx); err != nil {
		_ = sqltx.Rollback()
		return translate(err)
	}
	if err := sqltx.Commit(); err != nil {
		return translate(err)
	}
	return nil
}

// view runs fn in one read-only transaction, so that a page's queries see one
// consistent snapshot.
func (d *DB) view(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := d.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return translate(err)
	}
	defer func() { _ = tx.Rollback() }()
	return translate(fn(tx))
}

// translate turns driver errors into domain errors where the meaning is
// clear (a UNIQUE violation is a conflict) and leaves the rest as they are.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &convene.Error{Code: convene.ECONFLICT, Message: "That record already exists."}
		}
	}
	return err
}

// timeFormat stores instants as fixed-width UTC text so that they sort as text.
const timeFormat = "2006-01-02T15:04:05.000Z"

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeFormat)
}

func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(timeFormat, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

func formatDate(d convene.Date) string { return d.String() }

func parseDate(s string) convene.Date {
	d, _ := convene.ParseDate(s)
	return d
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// openRaw opens a one-connection pool with the standard pragmas and no
// transaction mode, for maintenance (backup, integrity checks) that must
// not go through the writer or the query_only readers.
func openRaw(path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// IntegrityCheck runs PRAGMA integrity_check and returns its answer ("ok"
// for a sound file).
func IntegrityCheck(ctx context.Context, path string) (string, error) {
	db, err := openRaw(path)
	if err != nil {
		return "", err
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return "", err
	}
	return res, nil
}

// TableCounts returns the number of rows in every table. Tests use it to
// prove that a refused request wrote nothing; it is cheap enough for
// diagnostics on a live database.
func (d *DB) TableCounts(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	err := d.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
		if err != nil {
			return err
		}
		var names []string
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return err
			}
			names = append(names, n)
		}
		rows.Close()
		for _, n := range names {
			var c int
			// n comes from sqlite_schema, not from input; quoting keeps odd names safe.
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM "`+strings.ReplaceAll(n, `"`, `""`)+`"`).Scan(&c); err != nil {
				return err
			}
			out[n] = c
		}
		return rows.Err()
	})
	return out, err
}
