package sqlite

import (
	"context"
	"database/sql"
)

// hotWrites are the query texts the writer prepares once, when the store
// opens (issue 20, item 4): the statements of the form writes made most
// under load, the nomination (registration) and the account update, and
// the audit row every write adds. modernc's driver parses and plans a
// statement on every call; in the nomination that preparation was half of
// the writer's CPU (BENCHMARKS.md), and the writer is the one connection
// every write in the process waits for. A query text not in the set runs
// unprepared, as before; each is built from constants only, never input.
//
// The set is fixed at open (stmtCache): preparing for the writer's pool
// later would need its only connection while the caller's transaction
// holds it.
func hotWrites() []string {
	return []string{insertAuditQuery,
		placeQuery, delegationMeetingQuery, settingsQuery, duplicatePassportQuery, duplicateEmailQuery,
		insertRegistrationQuery, travelLegQuery, statusCountsQuery, delegationStatusQuery,
		userByIDQuery, updateUserQuery, savepointQuery, releaseQuery, rollbackToQuery}
}

// prepared returns query prepared for this transaction, reusing the handle
// the writer's connection has had since the store opened, or nil when query
// is not a hot write (or the store is closing: the unprepared call then
// reports the error). The statement is closed with the transaction.
func (tx *Tx) prepared(ctx context.Context, query string) *sql.Stmt {
	ctx = tx.context(ctx)
	if tx.stmts == nil {
		return nil
	}
	s, err := tx.stmts.get(query)
	if err != nil || s == nil {
		return nil
	}
	return tx.Tx.StmtContext(ctx, s)
}

// ExecContext is sql.Tx's, through the writer's prepared statement when
// query is a hot write.
func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ctx = tx.context(ctx)
	if s := tx.prepared(ctx, query); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return tx.Tx.ExecContext(ctx, query, args...)
}

// QueryRowContext is sql.Tx's, through the writer's prepared statement when
// query is a hot write.
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	ctx = tx.context(ctx)
	if s := tx.prepared(ctx, query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return tx.Tx.QueryRowContext(ctx, query, args...)
}

// QueryContext is sql.Tx's, through the writer's prepared statement when
// query is a hot write. The rows of a hot query must be read to the end
// before the same query runs again in the transaction (queryAll does).
func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	ctx = tx.context(ctx)
	if s := tx.prepared(ctx, query); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return tx.Tx.QueryContext(ctx, query, args...)
}

// PrepareContext is sql.Tx's, under the transaction's own context.
func (tx *Tx) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return tx.Tx.PrepareContext(tx.context(ctx), query)
}

// context is the transaction's context (the caller's without its
// cancellation: a write, once begun, runs to its end; see group_commit.go),
// or ctx for a Tx made outside update (the benchmark's raw transactions).
func (tx *Tx) context(ctx context.Context) context.Context {
	if tx.ctx != nil {
		return tx.ctx
	}
	return ctx
}
