package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
)

// tableNames lists the database's tables, SQLite's own excepted.
func tableNames(ctx context.Context, tx *sql.Tx) ([]string, error) {
	return queryAll(ctx, tx, func(row scanner) (n string, err error) { return n, row.Scan(&n) },
		`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
}

// quoteTable quotes a table name from sqlite_schema (never from input) as an
// identifier, so that odd names stay safe.
func quoteTable(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// TableCounts returns the number of rows in every table. Tests use it to
// prove that a refused request wrote nothing; it is cheap enough for
// diagnostics on a live database.
func (d *DB) TableCounts(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	err := d.view(ctx, func(tx *sql.Tx) error {
		names, err := tableNames(ctx, tx)
		if err != nil {
			return err
		}
		for _, n := range names {
			var c int
			// #nosec G202 -- a table name from sqlite_schema, quoted as an identifier.
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+quoteTable(n)).Scan(&c); err != nil {
				return err
			}
			out[n] = c
		}
		return nil
	})
	return out, err
}

// TableDigests returns a SHA-256 of every table's full content, rows in
// rowid order. Tests compare two digests to prove that requests which must
// not write (every GET) changed nothing at all, not just no row counts:
// an UPDATE leaves the counts as they were but changes the digest.
func (d *DB) TableDigests(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	err := d.view(ctx, func(tx *sql.Tx) error {
		names, err := tableNames(ctx, tx)
		if err != nil {
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
	// A WITHOUT ROWID table (the full-text index's own tables) has no
	// rowid; a scan reads it in its primary key's order.
	var def string
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(sql, '') FROM sqlite_schema WHERE name = ?`, name).Scan(&def); err != nil {
		return "", err
	}
	order := ` ORDER BY rowid`
	if strings.Contains(strings.ToUpper(def), "WITHOUT ROWID") {
		order = ""
	}
	// #nosec G202 -- a table name from sqlite_schema, quoted as an identifier.
	rows, err := tx.QueryContext(ctx, `SELECT * FROM `+quoteTable(name)+order)
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
