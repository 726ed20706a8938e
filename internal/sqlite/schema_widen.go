package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pressly/goose/v3"
)

// outboxPollKindsVersion is the migration that lets the outbox hold the
// availability polls' messages (convene.MailPollReminder and MailPollConfirmed).
const outboxPollKindsVersion = 1411

// outboxPollKinds is migration 01411. It is written in Go, not SQL, because
// several branches of work grow the outbox's kind list and add columns to
// it: rather than rebuild the table from a fixed copy of its definition
// (which would drop the kinds and columns others added before it), it
// rebuilds it from the definition the database holds, with only the kind
// list widened (widenCheck). Nothing references the outbox, so it runs in
// goose's transaction with foreign keys on.
func outboxPollKinds() *goose.Migration {
	return goose.NewGoMigration(outboxPollKindsVersion, &goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
		return widenCheck(ctx, tx, "outbox", "kind", []string{"poll_reminder", "poll_confirmed"})
	}}, nil)
}

// widenCheck adds values to the list of a "CHECK (column IN (...))"
// constraint of table, keeping everything else of the table as the
// database defines it: SQLite cannot alter a constraint, so the table is
// rebuilt from its stored CREATE statement with the longer list (create,
// copy every column, drop, rename) and its indexes and triggers are made
// again. Values already allowed are not added twice; a table whose list
// already holds them all is left alone. It must run in a transaction, on
// a table no other table references (DROP TABLE would otherwise delete, or
// cascade to, the rows that point at it).
func widenCheck(ctx context.Context, tx *sql.Tx, table, column string, values []string) error {
	var create string
	if err := tx.QueryRowContext(ctx, `SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?`, table).
		Scan(&create); err != nil {
		return fmt.Errorf("widen %s.%s: %w", table, column, err)
	}
	check := regexp.MustCompile(`CHECK\s*\(\s*"?` + regexp.QuoteMeta(column) + `"?\s+IN\s*\(([^)]*)\)\s*\)`)
	m := check.FindStringSubmatchIndex(create)
	if m == nil {
		return fmt.Errorf("widen %s.%s: no CHECK (%s IN (...)) in %q", table, column, column, create)
	}
	list := create[m[2]:m[3]]
	var have []string
	for _, v := range strings.Split(list, ",") {
		have = append(have, strings.Trim(strings.TrimSpace(v), "'"))
	}
	var add []string
	for _, v := range values {
		if !slices.Contains(have, v) {
			have = append(have, v)
			add = append(add, "'"+strings.ReplaceAll(v, "'", "''")+"'")
		}
	}
	if len(add) == 0 {
		return nil
	}
	widened := create[:m[3]] + ", " + strings.Join(add, ", ") + create[m[3]:]
	name := regexp.MustCompile(`^CREATE TABLE\s+("` + regexp.QuoteMeta(table) + `"|` + regexp.QuoteMeta(table) + `)\s*\(`)
	if !name.MatchString(widened) {
		return fmt.Errorf("widen %s.%s: unexpected definition %q", table, column, create)
	}
	widened = name.ReplaceAllString(widened, "CREATE TABLE "+table+"_widened (")
	others, err := queryAll(ctx, tx, func(s scanner) (def string, err error) { return def, s.Scan(&def) },
		`SELECT sql FROM sqlite_schema WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL
		ORDER BY type, name`, table)
	if err != nil {
		return err
	}
	for _, stmt := range append([]string{widened,
		`INSERT INTO ` + table + `_widened SELECT * FROM ` + table,
		`DROP TABLE ` + table,
		`ALTER TABLE ` + table + `_widened RENAME TO ` + table}, others...) {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("widen %s.%s: %w", table, column, err)
		}
	}
	return nil
}
