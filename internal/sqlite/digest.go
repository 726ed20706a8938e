package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
)

// TableDigests returns a SHA-256 of every table's full content, rows in
// rowid order. Tests compare two digests to prove that requests which must
// not write (every GET) changed nothing at all, not just no row counts:
// an UPDATE leaves the counts as they were but changes the digest.
func (d *DB) TableDigests(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
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
		if err := rows.Err(); err != nil {
			return err
		}
		for _, n := range names {
			sum, err := digestTable(ctx, tx, n)
			if err != nil {
				return fmt.Errorf("digest %s: %w", n, err)
			}
			out[n] = sum
		}
		return nil
	})
	return out, err
}

func digestTable(ctx context.Context, tx *sql.Tx, name string) (string, error) {
	// name comes from sqlite_schema, not from input; quoting keeps odd names safe.
	// #nosec G202 -- a table name from sqlite_schema, quoted as an identifier.
	rows, err := tx.QueryContext(ctx, `SELECT * FROM "`+strings.ReplaceAll(name, `"`, `""`)+`" ORDER BY rowid`)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return "", err
		}
		for _, v := range vals {
			// Type and length prefix each value, so that no two rows hash alike
			// by shifting bytes between columns.
			s := fmt.Sprint(v)
			fmt.Fprintf(h, "%T:%d:%s|", v, len(s), s)
		}
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil)), rows.Err()
}
