package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the database to path while the server
// keeps running; see BackupFile.
func (d *DB) Backup(ctx context.Context, path string) error { return BackupFile(ctx, d.path, path) }

// BackupFile writes a consistent copy of the database file src to dst while
// a server keeps running on src. VACUUM INTO reads one snapshot of the
// database (writers go on in the WAL meanwhile) and writes a compact,
// self-contained file; the copy is then fsynced, with its directory, so
// that a backup that reported success is on disk. It is read-only on src:
// a src that does not exist is an error, not a new database, and nothing is
// migrated (a newer binary's backup of an older server's file leaves the
// file as it was). The target must not exist: a backup never overwrites a
// file.
func BackupFile(ctx context.Context, src, dst string) error {
	if err := CheckExists(src); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("backup: %s already exists", dst)
	}
	abs, err := filepath.Abs(dst)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o750); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// A dedicated connection without query_only: VACUUM INTO counts as a
	// write for query_only even though it only writes the new file. It runs
	// in its own read transaction and does not take the write lock, so the
	// writer pool is not blocked.
	conn, err := openRaw(src)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, abs); err != nil {
		_ = os.Remove(abs)
		return fmt.Errorf("backup to %s: %w", dst, err)
	}
	if err := fsyncFile(abs); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := fsyncFile(filepath.Dir(abs)); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

func fsyncFile(path string) error {
	f, err := os.Open(path) // #nosec G304 -- the backup file the operator named on the command line.
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// openRaw opens a one-connection pool with the standard pragmas and no
// transaction mode, for maintenance (backup, integrity checks) that must
// not go through the writer or the query_only readers. It never creates
// the file: a check of a mistyped name fails instead of making one.
func openRaw(path string) (*sql.DB, error) {
	if err := CheckExists(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", existingDSN(path))
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
