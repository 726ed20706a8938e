package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"convene/internal/convene"
)

// querier is what every read helper needs. A read transaction (*sql.Tx) and
// the writer's *Tx both satisfy it, so a save runs the same queries and the
// same rules as the report that shows their result.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// scanner is one result row, *sql.Row or *sql.Rows: every scanX function
// takes it, so that one function reads a record whether the query returns
// one row or many.
type scanner interface{ Scan(dest ...any) error }

// queryAll runs query and reads every row with scan, in order. It is the
// one query/scan/append loop of the package.
func queryAll[T any](ctx context.Context, q querier, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return scanAll(rows, scan)
}

// scanAll reads every row of rows with scan and closes them; queryAll uses
// it, and so do callers whose rows come from a cached statement.
func scanAll[T any](rows *sql.Rows, scan func(scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// queryOne runs a query that returns at most one row and reads it with
// scan. No row is ENOTFOUND naming what ("Meeting"), the answer pages give
// for a missing record.
func queryOne[T any](ctx context.Context, q querier, what string, scan func(scanner) (T, error), query string, args ...any) (T, error) {
	v, err := scan(q.QueryRowContext(ctx, query, args...))
	if err == sql.ErrNoRows {
		return v, convene.NotFound(what)
	}
	return v, err
}

// scanID reads a row of one integer column, usually an id.
func scanID(row scanner) (int64, error) {
	var id int64
	err := row.Scan(&id)
	return id, err
}

// placeholders returns n comma-separated "?" for an IN (...) list.
func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// int64sAny turns ids into query arguments.
func int64sAny(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
