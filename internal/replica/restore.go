package replica

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/benbjohnson/litestream"
	"github.com/superfly/ltx"

	"convene/internal/convene"
)

// ErrNoBackup says the replica holds nothing to restore: a new, empty
// replica address.
var ErrNoBackup = errors.New("the replica holds no backup")

// Restore writes the database as the replica holds it, the latest state or
// the state at at (zero: the latest), to the file to. It only reads the
// replica. It refuses to overwrite anything: to, and its -wal and -shm
// files, must not exist (a stale -wal beside a restored file would be
// applied to it). The restored file passes SQLite's quick integrity check,
// or no file is left. Its precision is the sync interval: a point in time
// gets the state of the last sync before it.
func Restore(ctx context.Context, from, to string, at time.Time, log *slog.Logger) error {
	src, err := openSource(from, log)
	if err != nil {
		return err
	}
	// The directory of a new machine's database may not exist yet; one
	// made here goes again if nothing is restored into it.
	undo, err := makeDir(filepath.Dir(to))
	if err != nil {
		return err
	}
	defer undo(to)
	return src.restore(ctx, to, at, 0)
}

// source is a replica opened for reading.
type source struct {
	shown  string // the address without credentials
	client litestream.ReplicaClient
	log    *slog.Logger
}

func openSource(from string, log *slog.Logger) (*source, error) {
	shown, err := convene.ParseReplicaURL(from)
	if err != nil {
		return nil, fmt.Errorf("-from: %w", err)
	}
	client, err := newClient(from)
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.Default()
	}
	log = quiet(log)
	client.SetLogger(log)
	return &source{shown: shown, client: client, log: log}, nil
}

// restore writes the state at at, or at TXID txid, or (both zero) the
// latest, to the file to, whose directory exists.
func (s *source) restore(ctx context.Context, to string, at time.Time, txid ltx.TXID) error {
	for _, p := range []string{to, to + "-wal", to + "-shm"} {
		if _, err := os.Lstat(p); err == nil {
			return fmt.Errorf("%s already exists: restore never overwrites a file (choose a new -to, or move it aside)", p)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	r := s.replica(to)
	opt := litestream.NewRestoreOptions()
	opt.OutputPath = to
	opt.Timestamp = at
	opt.TXID = txid
	opt.IntegrityCheck = litestream.IntegrityCheckQuick
	if err := r.Restore(ctx, opt); err != nil {
		return s.explain(ctx, err, at)
	}
	return nil
}

// replica is Litestream's replica for reading. A restore needs no
// database; this one only carries the logger that Litestream's replica
// logs to (it would use slog's default otherwise).
func (s *source) replica(path string) *litestream.Replica {
	holder := litestream.NewDB(path)
	holder.Logger = s.log
	return litestream.NewReplicaWithClient(holder, s.client)
}

// explain turns Litestream's "transaction not available" into what it
// means: an empty replica (ErrNoBackup), or a point in time out of the
// replica's window.
func (s *source) explain(ctx context.Context, err error, at time.Time) error {
	if errors.Is(err, litestream.ErrTxNotAvailable) || errors.Is(err, litestream.ErrNoSnapshots) {
		first, last, berr := litestream.NewReplicaWithClient(nil, s.client).TimeBounds(ctx)
		switch {
		case berr == nil && first.IsZero():
			return fmt.Errorf("%s: %w", s.shown, ErrNoBackup)
		case berr == nil && !at.IsZero():
			return fmt.Errorf("%s holds no state at %s: it can restore from %s to %s (history older than its retention is deleted)",
				s.shown, at.UTC().Format(time.RFC3339), first.UTC().Format(time.RFC3339), last.UTC().Format(time.RFC3339))
		}
	}
	return fmt.Errorf("restore from %s: %w", s.shown, err)
}

// makeDir creates dir if it does not exist; undo(file) removes it again
// unless file was made in it. A directory that existed is left alone.
func makeDir(dir string) (undo func(file string), err error) {
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		return func(string) {}, err
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	return func(file string) {
		if _, err := os.Stat(file); err != nil {
			_ = os.Remove(dir)
		}
	}, nil
}
