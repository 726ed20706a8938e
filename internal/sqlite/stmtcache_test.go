package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
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

// readAll reads the meeting and its delegations from n goroutines at once,
// so that several read connections (each with its own prepared handles)
// answer, and returns what each saw. With n above the pool's size it also
// proves that a cached read never waits for a second connection while its
// transaction holds one (an earlier version of the cache deadlocked here).
func readAll(t *testing.T, d *DB, code string, n int) (titles []string, counts []int) {
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
			mu.Lock()
			defer mu.Unlock()
			titles = append(titles, m.Title)
			counts = append(counts, gs[0].Delegates)
		}()
	}
	wg.Wait()
	return titles, counts
}

// TestCachedReadsSeeEveryCommit changes the meeting and adds a delegate
// between rounds of concurrent reads through the cached statements: every
// read after a commit must see it. A cached statement left running would keep
// its connection on an old snapshot and fail this.
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
		titles, counts := readAll(t, d, m.Code, 2*d.read.Stats().MaxOpenConnections)
		for j := range titles {
			if titles[j] != title || counts[j] != i+1 {
				t.Fatalf("round %d: read %q with %d delegates; want %q with %d", i, titles[j], counts[j], title, i+1)
			}
		}
	}
	// The set of prepared statements is the fixed one, however many reads ran.
	d.stmts.mu.Lock()
	n := len(d.stmts.m)
	d.stmts.mu.Unlock()
	if n != len(hotReads()) {
		t.Errorf("%d cached statements; want the %d hot reads", n, len(hotReads()))
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

// TestCachedReadAfterClose: a read on a closed store fails with an error,
// not a panic or a statement on a closed pool.
func TestCachedReadAfterClose(t *testing.T) {
	d, m, _ := cacheDB(t)
	ctx := context.Background()
	if _, err := d.FindMeetingByCode(ctx, m.Code); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := d.FindMeetingByCode(ctx, m.Code); err == nil {
		t.Error("read after Close succeeded")
	}
	if _, err := d.stmts.get(hotReads()[0]); err == nil {
		t.Error("prepare after Close succeeded")
	}
}

// TestSearchIsPrepared: the registration lists read most (a meeting's, a
// country's, each searched by name) are prepared whatever the filter's
// values, and a search through them still finds by any part of a name.
func TestSearchIsPrepared(t *testing.T) {
	d, m, g := cacheDB(t)
	ctx := context.Background()
	for _, f := range []convene.RegistrationFilter{{MeetingID: 7, Query: "nguyen", Limit: 50, Offset: 100},
		{MeetingID: 9}, {MeetingID: 3, CountryID: 4, Query: "ສົມພອນ"}} {
		cond, _ := registrationCond(f, "[]")
		for _, q := range []string{countRegistrationsQuery(cond), listRegistrationsQuery(cond), delegateListQuery(cond)} {
			if s, err := d.stmts.get(q); err != nil || s == nil {
				t.Errorf("filter %+v: a query is not prepared (%v)", f, err)
			}
		}
	}
	if cond, _ := registrationCond(convene.RegistrationFilter{MeetingID: 1, Role: convene.RoleMember}, ""); func() bool {
		s, _ := d.stmts.get(countRegistrationsQuery(cond))
		return s != nil
	}() {
		t.Error("control: a filter by role, which is not a hot read, came out prepared")
	}
	r := convene.Registration{Delegate: convene.Delegate{DelegationID: g.ID, GivenName: "Thị Ánh", FamilyName: "Nguyễn", Role: convene.RoleMember}}
	if err := d.Nominate(ctx, &r); err != nil {
		t.Fatal(err)
	}
	got, n, err := d.FindRegistrations(ctx, convene.RegistrationFilter{MeetingID: m.ID, Query: "nguyen"})
	if err != nil || n != 1 || len(got) != 1 || got[0].ID != r.ID {
		t.Errorf("search for nguyen: %d found, %v; want the one person", n, err)
	}
}
