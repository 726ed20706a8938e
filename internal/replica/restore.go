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
	shown, err := convene.ParseReplicaURL(from)
	if err != nil {
		return fmt.Errorf("-from: %w", err)
	}
	for _, p := range []string{to, to + "-wal", to + "-shm"} {
		if _, err := os.Lstat(p); err == nil {
			return fmt.Errorf("%s already exists: restore never overwrites a file (choose a new -to, or move it aside)", p)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	client, err := newClient(from)
	if err != nil {
		return err
	}
	if log == nil {
		log = slog.Default()
	}
	client.SetLogger(quiet(log))
	// The directory of a new machine's database may not exist yet; one
	// made here goes again if nothing is restored into it.
	dir := filepath.Dir(to)
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return err
		}
		defer func() {
			if _, err := os.Stat(to); err != nil {
				_ = os.Remove(dir)
			}
		}()
	}
	// A restore needs no database; this one only carries the logger that
	// Litestream's replica logs to (it would use slog's default otherwise).
	holder := litestream.NewDB(to)
	holder.Logger = quiet(log)
	r := litestream.NewReplicaWithClient(holder, client)
	opt := litestream.NewRestoreOptions()
	opt.OutputPath = to
	opt.Timestamp = at
	opt.IntegrityCheck = litestream.IntegrityCheckQuick
	err = r.Restore(ctx, opt)
	if errors.Is(err, litestream.ErrTxNotAvailable) || errors.Is(err, litestream.ErrNoSnapshots) {
		first, last, berr := r.TimeBounds(ctx)
		switch {
		case berr == nil && first.IsZero():
			return fmt.Errorf("%s: %w", shown, ErrNoBackup)
		case berr == nil && !at.IsZero():
			return fmt.Errorf("%s holds no state at %s: it can restore from %s to %s (history older than its retention is deleted)",
				shown, at.UTC().Format(time.RFC3339), first.UTC().Format(time.RFC3339), last.UTC().Format(time.RFC3339))
		}
	}
	if err != nil {
		return fmt.Errorf("restore from %s: %w", shown, err)
	}
	return nil
}

// RestoreIfMissing restores the database at path from the replica when the
// file does not exist or is empty (zero bytes, with no WAL beside it), as on
// a new machine taking over; it answers whether it restored. A replica that
// holds no backup yet is not an error: the caller then creates a new
// database. A replica out of reach is an error, so that a server never
// starts empty when its data exists elsewhere.
func RestoreIfMissing(ctx context.Context, path, from string, log *slog.Logger) (bool, error) {
	fi, err := os.Stat(path)
	switch {
	case err == nil && (fi.Size() > 0 || walSize(path) > 0):
		return false, nil // a database, perhaps with its pages still in the WAL
	case err == nil:
		for _, p := range []string{path, path + "-wal", path + "-shm"} {
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return false, err
			}
		}
	case !errors.Is(err, fs.ErrNotExist):
		return false, err
	}
	// Litestream's local files of an earlier life of this path describe
	// another database: the restored one starts afresh.
	if err := os.RemoveAll(metaDir(path)); err != nil {
		return false, err
	}
	err = Restore(ctx, from, path, time.Time{}, log)
	if errors.Is(err, ErrNoBackup) {
		return false, nil
	}
	return err == nil, err
}

// metaDir is where Litestream keeps its local files for the database at path.
func metaDir(path string) string {
	dir, file := filepath.Split(path)
	return filepath.Join(dir, "."+file+litestream.MetaDirSuffix)
}
