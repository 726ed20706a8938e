package sqlite

import (
	"container/list"
	"context"
	"database/sql/driver"
	"fmt"
	"reflect"

	"modernc.org/sqlite"
)

// The read pool's connections keep the statements they run prepared.
//
// modernc's driver parses and plans every statement that QueryContext runs
// and finalizes it when its rows close; on the signed-in pages that
// preparation was a fifth of the server's CPU (the meeting page reads its
// documents, the programme page its sessions, versions and bilaterals...).
// A readConn wraps each read connection and keeps, per query text, the
// statement it prepared the first time, so that the next run of the same
// text on that connection only binds and steps. It is one mechanism for
// every read (in a view transaction or not): no list of hot queries to keep
// in step with the code.
//
// It is per connection, inside the driver: no statement is ever prepared
// for the pool while a transaction holds a connection (which could deadlock
// a busy pool, see stmtcache.go), and database/sql already guarantees that
// one connection is used by one goroutine at a time, so the cache needs no
// lock.
//
// The cache is bounded: at most readStmtsPerConn texts per connection, the
// least recently used one closed first. Most texts are constants, but some
// are built at run time (an IN list of n placeholders, a filter's optional
// conditions), and the bound keeps those from growing it without limit; a
// text evicted is simply prepared again when it comes back.
//
// A statement whose rows are still open (a query run inside the loop over
// another run of the same text) is not reused: the second run is prepared
// and finalized on its own, as without the cache.
const readStmtsPerConn = 128

// readConnector opens the read pool's connections through modernc's
// connector and wraps each in a readConn.
type readConnector struct{ driver.Connector }

func newReadConnector(dsn string) (driver.Connector, error) {
	c, err := sqlite.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	return readConnector{c}, nil
}

// innerConn is what readConn needs of modernc's connection and passes on.
type innerConn interface {
	driver.Conn
	driver.ConnPrepareContext
	driver.ConnBeginTx
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

func (c readConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	inner, ok := conn.(innerConn)
	if !ok {
		conn.Close()
		return nil, fmt.Errorf("sqlite: the driver's connection %T lacks an interface the read pool needs", conn)
	}
	return &readConn{innerConn: inner, stmts: map[string]*list.Element{}, lru: list.New()}, nil
}

// readConn is a read connection with its prepared statements.
type readConn struct {
	innerConn
	stmts map[string]*list.Element // query text → element of lru holding its *readStmt
	lru   *list.List               // most recently used first
}

// BeginTx begins a transaction with the connection's prepared BEGIN, and
// ends it with its prepared COMMIT or ROLLBACK: modernc's own transactions
// prepare and finalize each of the three every time, which was a tenth of
// a signed-in page's CPU (every store method reads in a view transaction).
// The isolation level and read-only flag change nothing, as with modernc's
// BeginTx on a pool without _txlock: a read connection's BEGIN is deferred.
//
// BEGIN runs without ctx: a deferred BEGIN takes no lock and cannot wait,
// and one that took effect must reach database/sql as a transaction (which
// it then rolls back when ctx is done), never as an error.
func (c *readConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if err := c.exec("BEGIN"); err != nil {
		return nil, err
	}
	return readTx{c}, nil
}

// readTx is a transaction of a readConn.
type readTx struct{ c *readConn }

// Commit commits; if COMMIT fails, it rolls back, so that the connection
// goes back to the pool outside any transaction (as modernc's Commit does).
func (t readTx) Commit() error {
	err := t.c.exec("COMMIT")
	if err != nil {
		_ = t.c.exec("ROLLBACK") // fails harmlessly if COMMIT ended the transaction
	}
	return err
}

func (t readTx) Rollback() error { return t.c.exec("ROLLBACK") }

// exec runs one of the transaction statements, prepared once (they are in
// the cache like any other text).
func (c *readConn) exec(query string) error {
	s, err := c.stmt(context.Background(), query, query)
	if err != nil {
		return err
	}
	var se driver.StmtExecContext
	if s != nil {
		se, _ = s.stmt.(driver.StmtExecContext)
	}
	if se == nil {
		_, err := c.ExecContext(context.Background(), query, nil)
		return err
	}
	_, err = se.ExecContext(context.Background(), nil)
	return err
}

// readStmt is one prepared statement of a readConn.
type readStmt struct {
	key     string // see stmtKey
	stmt    driver.Stmt
	run     driver.StmtQueryContext
	busy    bool // its rows are open
	evicted bool // out of the cache: close it once its rows close
}

// QueryContext runs query through the connection's prepared statement for
// its text, preparing it the first time.
func (c *readConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	s, err := c.stmt(ctx, stmtKey(query, args), query)
	if err != nil {
		return nil, err
	}
	if s == nil || s.busy {
		return c.innerConn.QueryContext(ctx, query, args)
	}
	rows, err := s.run.QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	s.busy = true
	return &readRows{Rows: rows, s: s}, nil
}

// stmt returns the cached statement for key (query, see stmtKey),
// preparing and caching it if needed, or nil if the driver's statement
// cannot run with a context.
func (c *readConn) stmt(ctx context.Context, key, query string) (*readStmt, error) {
	if e, ok := c.stmts[key]; ok {
		c.lru.MoveToFront(e)
		return e.Value.(*readStmt), nil
	}
	ds, err := c.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	sq, ok := ds.(driver.StmtQueryContext)
	if !ok {
		ds.Close()
		return nil, nil
	}
	s := &readStmt{key: key, stmt: ds, run: sq}
	c.stmts[key] = c.lru.PushFront(s)
	for c.lru.Len() > readStmtsPerConn {
		_ = c.evict(c.lru.Back())
	}
	return s, nil
}

// stmtKey is the cache key of query run with args: the text itself, unless
// an argument is an integer 0 or 1 (or a boolean). SQLite (3.54 and later)
// plans a "col = ?" term of a join or an ORDER BY query differently for 0
// and 1 and expires the statement when a binding changes to or from them
// (see modernc's clearBindings): one statement run alternately with id 1
// and id 5 (Brunei's delegation and Malaysia's) would be planned again on
// every run. The key then records which arguments are 0 or 1 (and which), so
// that each such combination has its own statement, planned once.
func stmtKey(query string, args []driver.NamedValue) string {
	var key []byte
	for i, a := range args {
		var v int64
		switch x := a.Value.(type) {
		case int64:
			if v = x; v != 0 && v != 1 {
				continue
			}
		case bool:
			if x {
				v = 1
			}
		default:
			continue
		}
		if key == nil {
			key = append(make([]byte, 0, len(query)+8), query...)
			key = append(key, 0)
		}
		key = fmt.Appendf(key, "%d=%d,", i, v)
	}
	if key == nil {
		return query
	}
	return string(key)
}

// evict takes e out of the cache and closes its statement, at once or, if
// its rows are open, when they close.
func (c *readConn) evict(e *list.Element) error {
	s := c.lru.Remove(e).(*readStmt)
	delete(c.stmts, s.key)
	s.evicted = true
	if s.busy {
		return nil
	}
	return s.stmt.Close()
}

// Close closes every cached statement, then the connection.
func (c *readConn) Close() error {
	for c.lru.Len() > 0 {
		s := c.lru.Front().Value.(*readStmt)
		s.busy = false // database/sql closes a connection only once its rows are closed
		_ = c.evict(c.lru.Front())
	}
	return c.innerConn.Close()
}

// readRows are the rows of a cached statement: closing them resets the
// statement (modernc's rows do) and frees it for the next run.
type readRows struct {
	driver.Rows
	s *readStmt
}

func (r *readRows) Close() error {
	err := r.Rows.Close()
	r.s.busy = false
	if r.s.evicted {
		if e := r.s.stmt.Close(); err == nil {
			err = e
		}
	}
	return err
}

// The column type methods are passed on when the driver's rows have them,
// with database/sql's answers for a driver without them otherwise.

func (r *readRows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

func (r *readRows) ColumnTypeScanType(i int) reflect.Type {
	if t, ok := r.Rows.(driver.RowsColumnTypeScanType); ok {
		return t.ColumnTypeScanType(i)
	}
	return reflect.TypeFor[any]()
}

func (r *readRows) ColumnTypeNullable(i int) (nullable, ok bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeNullable); ok {
		return t.ColumnTypeNullable(i)
	}
	return false, false
}

func (r *readRows) ColumnTypeLength(i int) (int64, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeLength); ok {
		return t.ColumnTypeLength(i)
	}
	return 0, false
}

func (r *readRows) ColumnTypePrecisionScale(i int) (precision, scale int64, ok bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypePrecisionScale); ok {
		return t.ColumnTypePrecisionScale(i)
	}
	return 0, 0, false
}
