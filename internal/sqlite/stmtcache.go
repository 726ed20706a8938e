package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
)

// stmtCache keeps a fixed set of statements prepared on a pool: the
// writer's hot writes (write_stmt.go) and the registration lists read most
// (hotReads). Every other read is prepared once per read connection by the
// read pool's driver wrapper (read_conn.go), which covers these lists too;
// they stay here until the search work that owns them moves them.
//
// A cached *sql.Stmt belongs to the pool: database/sql prepares it on each
// connection the first time a transaction there uses it (Tx.StmtContext, on
// the transaction's own connection) and keeps that handle, so later
// transactions over the same connection only bind and step.
//
// The set is fixed when the store opens. Preparing a statement for the pool
// later would take a second connection while the caller's transaction holds
// one: with every reader busy in such a transaction the pool would deadlock.
type stmtCache struct {
	mu     sync.Mutex
	m      map[string]*sql.Stmt
	closed bool
}

// hotReads are the read texts the cache prepares: each is built from
// constants only, never from input.
func hotReads() []string { return hotRegistrationReads() }

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
