package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
)

// stmtCache keeps a fixed set of statements prepared on a pool: the
// writer's hot writes (write_stmt.go). Reads need no such list: every read
// is prepared once per read connection by the read pool's driver wrapper
// (read_conn.go).
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
