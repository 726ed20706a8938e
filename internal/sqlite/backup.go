package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the database to path while the server
// keeps running. VACUUM INTO reads one snapshot of the database (writers go on
// in the WAL meanwhile) and writes a compact, self-contained file; the copy is
// then fsynced, with its directory, so that a backup that reported success is
// on disk. The target must not exist: a backup never overwrites a file.
func (d *DB) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s already exists", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// A dedicated connection without query_only: VACUUM INTO counts as a
	// write for query_only even though it only writes the new file. It runs
	// in its own read transaction and does not take the write lock, so the
	// writer pool is not blocked.
	conn, err := openRaw(d.path)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, abs); err != nil {
		_ = os.Remove(abs)
		return fmt.Errorf("backup to %s: %w", path, err)
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
