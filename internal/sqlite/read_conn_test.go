package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"testing"
)

// onOneConn runs fn on one read connection of d, with its readConn.
func onOneConn(t *testing.T, d *DB, fn func(conn *sql.Conn, rc func() *readConn)) {
	t.Helper()
	ctx := context.Background()
	conn, err := d.read.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rc := func() *readConn {
		var c *readConn
		if err := conn.Raw(func(dc any) error {
			c = dc.(*readConn)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return c
	}
	fn(conn, rc)
}

// TestReadConnPreparesOnce: a text run twice on a connection runs the
// statement prepared the first time, and gives the same answer.
func TestReadConnPreparesOnce(t *testing.T) {
	d, m, _ := cacheDB(t)
	ctx := context.Background()
	onOneConn(t, d, func(conn *sql.Conn, rc func() *readConn) {
		var first *readStmt
		for i := range 3 {
			got, err := scanMeeting(conn.QueryRowContext(ctx, meetingByCodeQuery, m.Code))
			if err != nil || got.Title != m.Title {
				t.Fatalf("run %d: %q, %v", i, got.Title, err)
			}
			e, ok := rc().stmts[meetingByCodeQuery]
			if !ok {
				t.Fatalf("run %d: the text is not cached", i)
			}
			s := e.Value.(*readStmt)
			if first == nil {
				first = s
			} else if s != first {
				t.Errorf("run %d: prepared again", i)
			}
			if s.busy {
				t.Errorf("run %d: the statement is still busy after its row was read", i)
			}
		}
	})
}

// TestReadConnNestedSameText runs a text again while the rows of its first
// run are open on the same connection (in one transaction): both runs give
// every row, since the second is not run on the busy statement.
func TestReadConnNestedSameText(t *testing.T) {
	d, _, _ := cacheDB(t)
	ctx := context.Background()
	const q = `SELECT value FROM json_each('[1,2,3]') ORDER BY value`
	err := d.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, q)
		if err != nil {
			return err
		}
		defer rows.Close()
		var outer, inner []int
		for rows.Next() {
			var v int
			if err := rows.Scan(&v); err != nil {
				return err
			}
			outer = append(outer, v)
			vs, err := queryAll(ctx, tx, func(r scanner) (int, error) { var v int; return v, r.Scan(&v) }, q)
			if err != nil {
				return err
			}
			inner = append(inner, vs...)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if fmt.Sprint(outer) != "[1 2 3]" || fmt.Sprint(inner) != "[1 2 3 1 2 3 1 2 3]" {
			t.Errorf("outer %v, inner %v", outer, inner)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestReadConnBounded runs more distinct texts than the bound on one
// connection: the cache keeps the most recent ones, and a statement evicted
// while its rows are open still reads them to the end.
func TestReadConnBounded(t *testing.T) {
	d, _, _ := cacheDB(t)
	ctx := context.Background()
	onOneConn(t, d, func(conn *sql.Conn, rc func() *readConn) {
		open, err := conn.QueryContext(ctx, `SELECT value FROM json_each('[10,20]') ORDER BY value`)
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		if open.Next() {
			var v int
			if err := open.Scan(&v); err != nil {
				t.Fatal(err)
			}
			got = append(got, v)
		}
		// database/sql gives no other query this connection while its rows
		// are open; Raw runs the other texts on it between two reads.
		for i := range readStmtsPerConn + 10 {
			q := fmt.Sprintf("SELECT %d", i)
			if err := conn.Raw(func(dc any) error {
				r, err := dc.(*readConn).QueryContext(ctx, q, nil)
				if err != nil {
					return err
				}
				return r.Close()
			}); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		if _, ok := rc().stmts[`SELECT value FROM json_each('[10,20]') ORDER BY value`]; ok {
			t.Error("the first text is still cached after the bound's worth of others")
		}
		for open.Next() {
			var v int
			if err := open.Scan(&v); err != nil {
				t.Fatal(err)
			}
			got = append(got, v)
		}
		if err := open.Close(); err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != "[10 20]" {
			t.Errorf("rows of the evicted statement: %v", got)
		}
		c := rc()
		if len(c.stmts) > readStmtsPerConn || c.lru.Len() != len(c.stmts) {
			t.Errorf("%d texts cached (%d in the list); the bound is %d", len(c.stmts), c.lru.Len(), readStmtsPerConn)
		}
	})
}

// TestReadConnTransaction: a transaction on a read connection runs its
// prepared BEGIN and ROLLBACK, sees one snapshot (TestStaleSnapshotControl
// shows the same through view), and leaves the connection outside any
// transaction, so that the next BEGIN works.
func TestReadConnTransaction(t *testing.T) {
	d, m, _ := cacheDB(t)
	ctx := context.Background()
	onOneConn(t, d, func(conn *sql.Conn, rc func() *readConn) {
		for i := range 3 {
			tx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
			if err != nil {
				t.Fatalf("round %d: %v", i, err)
			}
			if _, err := scanMeeting(tx.QueryRowContext(ctx, meetingByCodeQuery, m.Code)); err != nil {
				t.Fatal(err)
			}
			end := tx.Rollback
			if i == 1 {
				end = tx.Commit
			}
			if err := end(); err != nil {
				t.Fatalf("round %d: %v", i, err)
			}
		}
		c := rc()
		for _, q := range []string{"BEGIN", "ROLLBACK", "COMMIT"} {
			if _, ok := c.stmts[q]; !ok {
				t.Errorf("%s is not prepared", q)
			}
		}
	})
}

// TestStmtKey: a text's key is the text unless an argument is 0 or 1 (or a
// boolean), which then has its own statement (SQLite plans those apart).
func TestStmtKey(t *testing.T) {
	const q = "SELECT ?"
	arg := func(vs ...any) []driver.NamedValue {
		out := make([]driver.NamedValue, len(vs))
		for i, v := range vs {
			out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
		}
		return out
	}
	for _, c := range []struct {
		args []driver.NamedValue
		want string
	}{
		{nil, q}, {arg(int64(5), "x", int64(17)), q}, {arg(int64(2), int64(-1), 1.0, "1"), q},
		{arg(int64(1)), q + "\x000=1,"}, {arg(int64(5), int64(0)), q + "\x001=0,"},
		{arg(true, int64(7), false), q + "\x000=1,2=0,"},
	} {
		if got := stmtKey(q, c.args); got != c.want {
			t.Errorf("stmtKey(%v) = %q; want %q", c.args, got, c.want)
		}
	}
}

// TestReadConnZeroOrOne runs the focal point's delegation list alternately
// for country 1 and another: each class of binding keeps its statement, and
// each run returns its own country's delegation.
func TestReadConnZeroOrOne(t *testing.T) {
	d, m, g := cacheDB(t)
	ctx := context.Background()
	q := delegationsQuery([]string{delegationByMeeting, delegationByCountry})
	onOneConn(t, d, func(conn *sql.Conn, rc func() *readConn) {
		other := g.CountryID
		if other == 1 {
			other = 2 // no delegation
		}
		stmts := map[string]*readStmt{}
		for i := range 4 {
			country := []int64{1, other}[i%2]
			gs, err := queryAll(ctx, conn, scanDelegation, q, m.ID, country)
			if err != nil {
				t.Fatal(err)
			}
			if want := country == g.CountryID; (len(gs) == 1) != want || want && gs[0].ID != g.ID {
				t.Errorf("run %d, country %d: %+v", i, country, gs)
			}
			c := rc()
			for k, e := range c.stmts {
				if !strings.HasPrefix(k, q) {
					continue
				}
				if s, seen := stmts[k]; seen && s != e.Value.(*readStmt) {
					t.Errorf("run %d: %q prepared again", i, k)
				}
				stmts[k] = e.Value.(*readStmt)
			}
		}
		if len(stmts) != 2 {
			t.Errorf("%d statements for the text; want 2 (country 1 and the others)", len(stmts))
		}
	})
}
