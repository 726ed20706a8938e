package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
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
	path    string
	write   *sql.DB        // exactly one connection; BEGIN IMMEDIATE
	read    *sql.DB        // several connections; query_only
	wstmts  *stmtCache     // hot write statements, prepared once on the writer (write_stmt.go)
	commits *committer     // the writes waiting for the writer; see group_commit.go
	hooks   Hooks          // empty in production; see hooks.go
	refs    referenceCache // the countries and their standings, by version; see protocol_order.go
	pages   pageCache      // the lists signed-in pages read most, by version; see page_cache.go
	// committed counts this process's committed write transactions
	// (group_commit.go), so that a PageScope notices its own writes.
	committed atomic.Uint64
	// choices is the list of meetings to choose from, by version; see meeting_choice.go
	choices meetingChoiceCache
	base    string // public address links start with; see WithBaseURL
	// existing refuses a missing or empty file instead of creating one
	// (ExistingOnly).
	existing bool
	// scrubWait is how long PurgePersonalData waits for a replicating
	// server to empty the -wal file (WithScrubWait).
	scrubWait time.Duration

	// Now returns the current time; tests replace it to move the clock.
	Now func() time.Time
}

// Option changes how Open sets up the store.
type Option func(*DB)

// WithBaseURL sets the public address (convene.ParseBaseURL's result) that
// links in the e-mails the store queues start with. Without it, as in tests
// of the store alone, those links are bare paths.
func WithBaseURL(base string) Option { return func(d *DB) { d.base = base } }

// ExistingOnly makes Open refuse a database file that does not exist or is
// empty, and open the file so that SQLite cannot create it either: commands
// that work on an existing database (backup, purge) must not leave an empty,
// migrated database behind a mistyped -db.
func ExistingOnly() Option { return func(d *DB) { d.existing = true } }

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
	d := &DB{path: path, Now: time.Now, scrubWait: defaultScrubWait, commits: newCommitter()}
	for _, o := range opts {
		o(d)
	}
	if d.existing {
		if err := CheckExists(path); err != nil {
			return nil, err
		}
	} else if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("open database %s: %w", path, err)
		}
	}

	var err error
	// The writer: one connection, and _txlock=immediate makes every BEGIN a
	// BEGIN IMMEDIATE, which takes the write lock up front. A deferred
	// transaction that reads, then writes, can fail with SQLITE_BUSY at the
	// write when another connection wrote in between; with one writer and
	// immediate locking a check-then-insert (quota, room clash) is atomic.
	if d.write, err = sql.Open("sqlite", d.dsn("_txlock=immediate")); err != nil {
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
	// Each keeps the statements it runs prepared (read_conn.go).
	rc, err := newReadConnector(d.dsn("_pragma=query_only(1)"))
	if err != nil {
		d.write.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	d.read = sql.OpenDB(rc)
	n := max(4, 2*runtime.GOMAXPROCS(0))
	d.read.SetMaxOpenConns(n)
	d.read.SetMaxIdleConns(n)
	d.read.SetConnMaxIdleTime(5 * time.Minute)
	if err := d.read.PingContext(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("open database %s: %w", path, translate(err))
	}
	if d.wstmts, err = newStmtCache(ctx, d.write, hotWrites()); err != nil {
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

// dsn is the store's data source name: with ExistingOnly, an SQLite URI
// with mode=rw, which opens the file for reading and writing but never
// creates it (the check in CheckExists could otherwise race a deletion).
func (d *DB) dsn(extra ...string) string {
	if d.existing {
		return existingDSN(d.path, extra...)
	}
	return dsn(d.path, extra...)
}

// existingDSN is dsn as a URI that never creates the file. The driver
// passes a "file:" name to SQLite whole, and SQLite ignores the driver's
// own parameters (_pragma, _txlock) in it.
func existingDSN(path string, extra ...string) string {
	u := url.URL{Path: filepath.ToSlash(path)}
	return "file:" + dsn(u.EscapedPath(), append([]string{"mode=rw"}, extra...)...)
}

// CheckExists returns an error when path is not an existing, non-empty
// database file (a zero-length file is what SQLite leaves when asked to
// open a name that did not exist; a new database whose pages are all still
// in its -wal file counts as existing). It creates nothing.
func CheckExists(path string) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("database %s does not exist (check -db)", path)
	case err != nil:
		return fmt.Errorf("database %s: %w", path, err)
	case fi.IsDir():
		return fmt.Errorf("database %s is a directory", path)
	case fi.Size() == 0:
		if wal, err := os.Stat(path + "-wal"); err != nil || wal.Size() == 0 {
			return fmt.Errorf("database %s is empty", path)
		}
	}
	return nil
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
	if d.wstmts != nil {
		errs = append(errs, d.wstmts.close())
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
