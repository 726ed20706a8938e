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
	_ "modernc.org/sqlite" // the driver, registered as "sqlite"

	"convene/db"
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
	write *sql.DB        // exactly one connection; BEGIN IMMEDIATE
	read  *sql.DB        // several connections; query_only
	stmts *stmtCache     // hot read statements, prepared once per read connection
	hooks Hooks          // empty in production; see hooks.go
	refs  referenceCache // the countries and their standings, by version; see protocol_order.go
	base  string         // public address links start with; see WithBaseURL

	// Now returns the current time; tests replace it to move the clock.
	Now func() time.Time
}

// Option changes how Open sets up the store.
type Option func(*DB)

// WithBaseURL sets the public address (convene.ParseBaseURL's result) that
// links in the e-mails the store queues start with. Without it, as in tests
// of the store alone, those links are bare paths.
func WithBaseURL(base string) Option { return func(d *DB) { d.base = base } }

// Link is the absolute address of a path from internal/paths, built from the
// configured public address, never from a request's Host header.
func (d *DB) Link(path string) string { return d.base + path }

// Open opens (creating if needed) the database file at path and applies any
// pending migrations. A file that cannot be opened or migrated is an error
// that names the file, so start-up stops with a clear message. Options are
// the public address (WithBaseURL) and, in tests only, WithHooks.
func Open(ctx context.Context, path string, opts ...Option) (*DB, error) {
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
	for _, o := range opts {
		o(d)
	}

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
// its own transaction. Each issue numbers its migrations in its own range
// (01000-01099, 01100-01199, ...), and ranges are merged in whatever order
// the work lands: a database that already has 01400 must still take a later
// 01000, so goose applies such "missing" migrations rather than refusing to
// start. They are written to be independent of the ranges above them.
func (d *DB) migrate(ctx context.Context) error {
	migrations, err := fs.Sub(db.Migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, d.write, migrations,
		goose.WithDisableGlobalRegistry(true),
		goose.WithAllowOutofOrder(true),
		goose.WithGoMigrations(goMigrations()...),
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
