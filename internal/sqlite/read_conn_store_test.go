package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"convene/internal/convene"
)

// cacheDB is a database with one meeting, one delegation and no delegates.
func cacheDB(t *testing.T) (*DB, convene.Meeting, convene.Delegation) {
	t.Helper()
	ctx := context.Background()
	d, err := Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	var m convene.Meeting
	var g convene.Delegation
	err = d.Seed(ctx, func(se *Seeder) error {
		tha, err := seedCountry(ctx, se, "THA")
		if err != nil {
			return err
		}
		m = convene.Meeting{Code: "admm", Title: "การประชุมรัฐมนตรีกลาโหมอาเซียน", Kind: convene.KindADSOMWG,
			HostCountryID: tha.ID, TimeZone: "Asia/Bangkok", Status: convene.StatusProposed,
			DatePrecision: convene.PrecisionDay, StartDate: convene.Date{Year: 2025, Month: 11, Day: 1}}
		if err := se.CreateMeeting(ctx, &m); err != nil {
			return err
		}
		g = convene.Delegation{MeetingID: m.ID, CountryID: tha.ID, Quota: 100}
		return se.CreateDelegation(ctx, &g)
	})
	if err != nil {
		t.Fatal(err)
	}
	return d, m, g
}

// readAll reads the meeting, its delegations and a search of its
// delegates for "ສົມພອນ" from n goroutines at once, so that several read
// connections (each with its own prepared statements, read_conn.go) answer,
// and returns what each saw: the title, the delegation's count and the
// search's total. With n above the pool's size it also proves that a
// prepared read never waits for a second connection while its transaction
// holds one (an earlier, pool-wide cache deadlocked here).
func readAll(t *testing.T, d *DB, code string, n int) (titles []string, counts, found []int) {
	t.Helper()
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			m, err := d.FindMeetingByCode(ctx, code)
			if err != nil {
				t.Error(err)
				return
			}
			gs, err := d.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
			if err != nil || len(gs) != 1 {
				t.Errorf("delegations %v, %v", gs, err)
				return
			}
			_, total, err := d.FindDelegateList(ctx, convene.RegistrationFilter{MeetingID: m.ID, Query: "ສົມພອນ"})
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			titles = append(titles, m.Title)
			counts = append(counts, gs[0].Delegates)
			found = append(found, total)
		}()
	}
	wg.Wait()
	return titles, counts, found
}

// preparedReads takes every connection of d's read pool at once and
// returns the statements each has prepared, by key (read_conn.go).
func preparedReads(t *testing.T, d *DB) []map[string]*readStmt {
	t.Helper()
	ctx := context.Background()
	var out []map[string]*readStmt
	for range d.read.Stats().MaxOpenConnections {
		conn, err := d.read.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		m := map[string]*readStmt{}
		if err := conn.Raw(func(dc any) error {
			for k, e := range dc.(*readConn).stmts {
				m[k] = e.Value.(*readStmt)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// TestCachedReadsSeeEveryCommit changes the meeting and adds a delegate
// between rounds of concurrent reads through the read connections'
// prepared statements: every read after a commit must see it. A prepared
// statement left running would keep its connection on an old snapshot and
// fail this.
func TestCachedReadsSeeEveryCommit(t *testing.T) {
	d, m, g := cacheDB(t)
	ctx := context.Background()
	for i := range 20 {
		title := fmt.Sprintf("Hội nghị Bộ trưởng Quốc phòng %d", i)
		if _, err := d.write.ExecContext(ctx, `UPDATE meetings SET title = ? WHERE id = ?`, title, m.ID); err != nil {
			t.Fatal(err)
		}
		p := convene.Delegate{DelegationID: g.ID, GivenName: fmt.Sprintf("ສົມພອນ %d", i), FamilyName: "ວົງສາ",
			Role: convene.RoleMember, Status: convene.RegSubmitted}
		if err := d.CreateDelegate(ctx, &p); err != nil {
			t.Fatal(err)
		}
		titles, counts, found := readAll(t, d, m.Code, 2*d.read.Stats().MaxOpenConnections)
		for j := range titles {
			if titles[j] != title || counts[j] != i+1 || found[j] != i+1 {
				t.Fatalf("round %d: read %q with %d delegates, %d found; want %q with %d", i, titles[j], counts[j],
					found[j], title, i+1)
			}
		}
	}
	// Control: the reads ran through prepared statements (the meeting's
	// text is prepared on some connection), so the check above tested them.
	cached := false
	for _, c := range preparedReads(t, d) {
		_, ok := c[meetingByCodeQuery]
		cached = cached || ok
	}
	if !cached {
		t.Error("no read connection kept the meeting's statement prepared")
	}
}

// TestStaleSnapshotControl shows that the check above can fail: a read that
// keeps one transaction open across the commit sees the old title, which is
// what a statement left holding its snapshot would return.
func TestStaleSnapshotControl(t *testing.T) {
	d, m, _ := cacheDB(t)
	ctx := context.Background()
	err := d.view(ctx, func(tx *sql.Tx) error {
		title := func() (string, error) {
			got, err := scanMeeting(tx.QueryRowContext(ctx, meetingByCodeQuery, m.Code))
			return got.Title, err
		}
		before, err := title()
		if err != nil {
			return err
		}
		if _, err := d.write.ExecContext(ctx, `UPDATE meetings SET title = 'ការប្រជុំ' WHERE id = ?`, m.ID); err != nil {
			return err
		}
		after, err := title()
		if err != nil {
			return err
		}
		if after != before {
			t.Errorf("inside one transaction the read saw the commit (%q → %q): the control cannot tell stale from fresh", before, after)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := d.FindMeetingByCode(ctx, m.Code)
	if err != nil || got.Title != "ការប្រជុំ" {
		t.Errorf("after the transaction: %q, %v", got.Title, err)
	}
}

// TestCachedReadAfterClose: a read on a closed store, of a text its
// connections had prepared, fails with an error, not a panic or a
// statement on a closed connection.
func TestCachedReadAfterClose(t *testing.T) {
	d, m, _ := cacheDB(t)
	ctx := context.Background()
	f := convene.RegistrationFilter{MeetingID: m.ID, Query: "nguyen"}
	if _, err := d.FindMeetingByCode(ctx, m.Code); err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.FindDelegateList(ctx, f); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := d.FindMeetingByCode(ctx, m.Code); err == nil {
		t.Error("read after Close succeeded")
	}
	if _, _, err := d.FindDelegateList(ctx, f); err == nil {
		t.Error("search after Close succeeded")
	}
}

// TestSearchIsPrepared: the registration lists read most (a meeting's, a
// country's, each searched by name, and the delegates list's search) are
// prepared once per read connection whatever the filter's values (their
// text depends only on which filters are set), and a search through them
// still finds by any part of a name.
func TestSearchIsPrepared(t *testing.T) {
	d, _, tha := cacheDB(t)
	ctx := context.Background()
	m, g := secondMeeting(t, d, tha.CountryID)
	// One read connection, so that every read below runs on the one whose
	// statements are compared.
	d.read.SetMaxOpenConns(1)
	r := convene.Registration{Delegate: convene.Delegate{DelegationID: g.ID, GivenName: "Thị Ánh", FamilyName: "Nguyễn", Role: convene.RoleMember}}
	if err := d.Nominate(ctx, &r); err != nil {
		t.Fatal(err)
	}
	// Values that are never 0 or 1, which have statements of their own
	// (stmtKey).
	read := func(q string, offset int) {
		t.Helper()
		for _, f := range []convene.RegistrationFilter{{MeetingID: m.ID, Query: q, Limit: 50, Offset: offset},
			{MeetingID: m.ID, Limit: 50, Offset: offset}, {MeetingID: m.ID, CountryID: g.CountryID, Query: q, Limit: 50, Offset: offset}} {
			if _, _, err := d.FindDelegateList(ctx, f); err != nil {
				t.Fatal(err)
			}
			if _, _, err := d.FindRegistrations(ctx, f); err != nil {
				t.Fatal(err)
			}
		}
	}
	lists := func(c map[string]*readStmt) map[string]*readStmt {
		out := map[string]*readStmt{}
		for k, s := range c {
			if strings.Contains(k, "FROM delegate_names") || strings.Contains(k, "protocol_order") ||
				strings.HasPrefix(k, "SELECT count(*) FROM delegates p") {
				out[k] = s
			}
		}
		return out
	}
	read("nguyen", 100)
	before := preparedReads(t, d)
	read("ສົມພອນ", 150)
	read("anh", 200)
	after := preparedReads(t, d)
	b, a := lists(before[0]), lists(after[0])
	for k, s := range a {
		if b[k] != s {
			t.Errorf("a list was prepared again for other values: %.100q", k)
		}
	}
	if len(a) < 4 {
		t.Errorf("control: %d lists prepared, want at least the search, the list, and the registrations' count and page", len(a))
	}
	got, total, err := d.FindDelegateList(ctx, convene.RegistrationFilter{MeetingID: m.ID, Query: "nguyen"})
	if err != nil || total != 1 || len(got) != 1 || got[0].ID != r.ID {
		t.Errorf("search for nguyen: %d found, %v; want the one person", total, err)
	}
}
