// Package replica copies Convene's database continuously to another place
// (an S3-compatible object store, or a directory on another disk) with
// Litestream (github.com/benbjohnson/litestream, used as a library), and
// restores it from there: the latest state, or the state at a point in time.
// It imports the domain and Litestream only.
//
// # The exception to DESIGN.md's rules
//
// Everything else in Convene reaches the database through internal/sqlite's
// one writer and its read-only pool. Litestream is the one component allowed
// its own way in (DESIGN.md, Durability):
//
//   - its own connection (modernc.org/sqlite, the driver Convene uses: two
//     SQLite implementations in one process would break POSIX locks), which
//     holds a long read transaction so that no one else can finish a
//     checkpoint behind its back, and briefly takes the write lock while it
//     checkpoints (Convene's writer waits for it through busy_timeout);
//   - its bookkeeping tables, _litestream_seq and _litestream_lock, and its
//     local files in the .FILE-litestream directory beside the database;
//   - control of WAL checkpoints: Convene issues no wal_checkpoint of its
//     own while replicating. SQLite's automatic PASSIVE checkpoint stays on
//     in Convene's writer, so the WAL stays bounded even when the replica is
//     out of reach; Litestream notices a checkpoint that raced it and takes
//     a full snapshot. The one truncating checkpoint Convene needs (after a
//     purge, to drop the old pages from the -wal file) goes through
//     Litestream: Replicator.Checkpoint.
//
// # Retention
//
// The replica keeps no history longer than the purge window for personal
// data (convene.PurgeAfterDays, 90 days, the -days default of `convene
// purge`): one full snapshot a day, snapshots kept 88 days, and Litestream
// deletes what is older at each snapshot (convene.ReplicaRetention). Purged
// passport and medical data is thus gone from the replica at most 90 days
// after the purge; a point-in-time restore to before a purge brings the data
// back, by design, until then.
//
// # One writer per replica
//
// Two processes replicating to the same address corrupt it. A standby
// restores from the replica (Restore, which only reads) and serves with the
// same -replica only once the primary is dead.
package replica

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/benbjohnson/litestream"
	lsfile "github.com/benbjohnson/litestream/file" // registers file://
	_ "github.com/benbjohnson/litestream/s3"        // registers s3://

	"convene/internal/convene"
)

// Config says where and how often to replicate.
type Config struct {
	// URL is the replica: s3://bucket/path?endpoint=https://host:port for
	// an S3-compatible store (credentials from AWS_ACCESS_KEY_ID and
	// AWS_SECRET_ACCESS_KEY; region from the URL's region=, else
	// AWS_REGION, else us-east-1 with an endpoint or the bucket's own on
	// AWS), or file:///absolute/directory.
	URL string
	// SyncInterval is how often the WAL is captured and shipped; the
	// recovery point is about this long. Default one second.
	SyncInterval time.Duration
	// PurgeDays is the purge window that bounds retention; default
	// convene.PurgeAfterDays.
	PurgeDays int
	// ShutdownTimeout bounds the final sync on Close, so that a replica
	// out of reach cannot hold a shutdown past docker's or systemd's stop
	// timeout. Default five seconds.
	ShutdownTimeout time.Duration
	// Logger receives Litestream's warnings and errors (its info level
	// reports every compaction). Default slog.Default().
	Logger *slog.Logger
	// Now is the clock of the status page's lag; default time.Now.
	Now func() time.Time
}

func (c *Config) setDefaults() {
	if c.SyncInterval <= 0 {
		c.SyncInterval = time.Second
	}
	if c.PurgeDays <= 0 {
		c.PurgeDays = convene.PurgeAfterDays
	}
	if c.ShutdownTimeout <= 0 {
		c.ShutdownTimeout = 5 * time.Second
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// Replicator replicates one database file while the server runs.
type Replicator struct {
	store  *litestream.Store
	db     *litestream.DB
	status convene.ReplicationStatus // the parts that do not change
}

// Start begins replicating the database at path, which must exist and be
// migrated already: Litestream only starts watching a file that exists.
// Call Close after the application's own connections are closed.
func Start(ctx context.Context, path string, cfg Config) (*Replicator, error) {
	cfg.setDefaults()
	shown, err := convene.ParseReplicaURL(cfg.URL)
	if err != nil {
		return nil, fmt.Errorf("-replica: %w", err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(abs); err != nil {
		return nil, fmt.Errorf("replicate %s: %w", path, err)
	}
	client, err := newClient(cfg.URL)
	if err != nil {
		return nil, err
	}
	log := quiet(cfg.Logger).With("replica", shown)

	db := litestream.NewDB(abs)
	db.MonitorInterval = cfg.SyncInterval // WAL -> local LTX file
	r := litestream.NewReplicaWithClient(db, client)
	r.SyncInterval = cfg.SyncInterval // local LTX files -> replica
	db.Replica = r
	if fc, ok := client.(*lsfile.ReplicaClient); ok {
		fc.Replica = r // the file client copies the database's owner and mode
	}
	interval, retention := convene.ReplicaRetention(cfg.PurgeDays)
	store := litestream.NewStore([]*litestream.DB{db}, litestream.DefaultCompactionLevels)
	store.SnapshotInterval = interval
	store.SnapshotRetention = retention
	store.SetShutdownSyncTimeout(cfg.ShutdownTimeout)
	store.Logger = log
	db.SetLogger(log.With("db", filepath.Base(abs)))
	if err := store.Open(ctx); err != nil {
		return nil, fmt.Errorf("start replication to %s: %w", shown, err)
	}
	return &Replicator{store: store, db: db, status: convene.ReplicationStatus{
		Enabled: true, Replica: shown, SyncInterval: cfg.SyncInterval,
		SnapshotInterval: interval, Retention: retention, Started: cfg.Now(),
	}}, nil
}

// newClient builds Litestream's client for the replica address. Litestream
// reads the credentials from the environment itself; the region is taken
// from AWS_REGION here when the address names none, as the AWS tools do.
func newClient(rawURL string) (litestream.ReplicaClient, error) {
	if u, err := url.Parse(rawURL); err == nil && u.Scheme == "s3" && u.Query().Get("region") == "" {
		if region := os.Getenv("AWS_REGION"); region != "" {
			q := u.Query()
			q.Set("region", region)
			u.RawQuery = q.Encode()
			rawURL = u.String()
		}
	}
	client, err := litestream.NewReplicaClientFromURL(rawURL)
	if err != nil {
		shown, _ := convene.ParseReplicaURL(rawURL)
		return nil, fmt.Errorf("-replica %s: %w", shown, err)
	}
	return client, nil
}

// Status reports the replica's position and when it last caught up. It
// reads what Litestream keeps in memory and never calls the replica, so
// /healthz can ask it on every request.
func (r *Replicator) Status() convene.ReplicationStatus {
	s := r.status
	s.LastSync = r.db.LastSuccessfulSyncAt()
	if pos, err := r.db.Pos(); err == nil && !pos.IsZero() {
		s.LocalTXID = pos.TXID.String()
	}
	if r.db.Replica != nil {
		if pos := r.db.Replica.Pos(); !pos.IsZero() {
			s.ReplicatedTXID = pos.TXID.String() // zero after a failed sync: unknown
		}
	}
	s.LastError = r.db.SyncDiagnostic().Error
	return s
}

// Sync captures the WAL and uploads it now, and returns when the replica
// holds every transaction committed before the call: the administrator's
// "Sync now", and the deterministic point the recovery test relies on.
func (r *Replicator) Sync(ctx context.Context) error {
	if err := r.db.SyncAndWait(ctx); err != nil {
		return fmt.Errorf("sync the replica: %w", err)
	}
	return nil
}

// Checkpoint copies the WAL into the database file and truncates the -wal
// file through Litestream (which releases its read transaction for it and
// then takes a snapshot of the new state). After a purge this drops the old
// pages from the -wal file. It answers whether the -wal file shrank: a
// checkpoint is skipped while Litestream takes a snapshot, and the caller
// tries again later.
func (r *Replicator) Checkpoint(ctx context.Context) (bool, error) {
	before := walSize(r.db.Path())
	if err := r.db.Checkpoint(ctx, litestream.CheckpointModeTruncate); err != nil {
		return false, fmt.Errorf("checkpoint: %w", err)
	}
	return before == 0 || walSize(r.db.Path()) < before, nil
}

func walSize(dbPath string) int64 {
	fi, err := os.Stat(dbPath + "-wal")
	if err != nil {
		return 0
	}
	return fi.Size()
}

// Close stops replicating after a last sync, bounded by the shutdown
// timeout. Close the application's connections first: closing Litestream's
// file handle while other connections of the process are open would drop
// their POSIX locks.
func (r *Replicator) Close(ctx context.Context) error {
	if err := r.store.Close(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("stop replication: %w", err)
	}
	return nil
}

// quiet passes on Litestream's records at warning level and above only: at
// info it reports every compaction and every snapshot.
func quiet(l *slog.Logger) *slog.Logger {
	return slog.New(minLevel{l.Handler(), slog.LevelWarn})
}

type minLevel struct {
	slog.Handler
	min slog.Level
}

func (h minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h minLevel) WithAttrs(a []slog.Attr) slog.Handler {
	return minLevel{h.Handler.WithAttrs(a), h.min}
}
func (h minLevel) WithGroup(g string) slog.Handler { return minLevel{h.Handler.WithGroup(g), h.min} }
