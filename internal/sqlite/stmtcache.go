package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
)

// stmtCache keeps the read pool's hot statements prepared. modernc's driver
// parses and plans a statement on every QueryContext, and on the pages read
// most (every signed-in request looks up its login; the meeting page reads
// the meeting and its delegations) that preparation was a third of the
// server's CPU under load (BENCHMARKS.md, finding 2), plus contention on the
// C allocator's lock that preparation takes many times.
//
// A cached *sql.Stmt belongs to the pool: database/sql prepares it on each
// connection the first time a transaction there uses it (Tx.StmtContext, on
// the transaction's own connection) and keeps that handle, so later
// transactions over the same connection only bind and step.
//
// The set is fixed when the store opens (hotReads). Preparing a statement
// for the pool later would take a second connection while the caller's
// transaction holds one: with every reader busy in such a transaction the
// pool would deadlock. A query text not in the set runs unprepared, as before.
type stmtCache struct {
	mu     sync.Mutex
	m      map[string]*sql.Stmt
	closed bool
}

// hotReads are the query texts the cache prepares: each is built from
// constants only, never from input.
func hotReads() []string {
	qs := []string{loginByTokenQuery, meetingByCodeQuery, meetingFocusAreasQuery, auditPageQuery,
		upcomingMeetingsQuery, pastMeetingsQuery, meetingDayQuery, publicVersionQuery}
	for _, where := range [][]string{nil, {delegationByMeeting}, {delegationByCountry}, {delegationByMeeting, delegationByCountry}} {
		qs = append(qs, delegationsQuery(where))
	}
	return append(qs, hotRegistrationReads()...)
}

// newStmtCache prepares queries on pool.
func newStmtCache(ctx context.Context, pool *sql.DB, queries []string) (*stmtCache, error) {
	c := &stmtCache{m: make(map[string]*sql.Stmt, len(queries))}
	for _, q := range queries {
		s, err := pool.PrepareContext(ctx, q)
		if err != nil {
			c.close()
			return nil, fmt.Errorf("prepare %.40q…: %w", q, err)
		}
		c.m[q] = s
	}
	return c, nil
}

var errStmtCacheClosed = errors.New("sqlite: store closed")

// get returns the pool's statement for query, or nil if query is not one of
// the cached ones.
func (c *stmtCache) get(query string) (*sql.Stmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, errStmtCacheClosed
	}
	return c.m[query], nil
}

// close closes every cached statement; later gets fail.
func (c *stmtCache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	var errs []error
	for q, s := range c.m {
		errs = append(errs, s.Close())
		delete(c.m, q)
	}
	return errors.Join(errs...)
}

// readStmt returns query prepared for the read transaction tx, reusing the
// handle its connection already has, or nil if query is not a cached one.
// The returned statement is closed with tx. A statement must not be run
// again while rows of an earlier run of the same statement in tx are still
// open: callers use it for queries that are read to the end (or a single
// row) before the next one.
func (d *DB) readStmt(ctx context.Context, tx *sql.Tx, query string) (*sql.Stmt, error) {
	s, err := d.stmts.get(query)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, nil
	}
	return tx.StmtContext(ctx, s), nil
}

// queryRowCached is tx.QueryRowContext through the statement cache.
func (d *DB) queryRowCached(ctx context.Context, tx *sql.Tx, query string, args ...any) scanner {
	s, err := d.readStmt(ctx, tx, query)
	if err != nil {
		return errRow{err}
	} else if s == nil {
		return tx.QueryRowContext(ctx, query, args...)
	}
	return s.QueryRowContext(ctx, args...)
}

// queryCached is tx.QueryContext through the statement cache.
func (d *DB) queryCached(ctx context.Context, tx *sql.Tx, query string, args ...any) (*sql.Rows, error) {
	s, err := d.readStmt(ctx, tx, query)
	if err != nil {
		return nil, err
	} else if s == nil {
		return tx.QueryContext(ctx, query, args...)
	}
	return s.QueryContext(ctx, args...)
}

// errRow is a row whose query could not run, so that a failed preparation
// is reported where the row is scanned, as database/sql does.
type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }
