package sqlite

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"

	"convene/internal/convene"
)

// TestHotWritesKeepTheRules nominates 120 people at once into a delegation
// of 100 places through the writer's prepared statements (the quota, the
// duplicate checks, the insert, the audit rows and the delegation's status
// are all hot writes): exactly 100 take a place, the other 20 queue in
// positions 1 to 20, a second nomination with a passport number already
// used is refused, every nomination has its audit row, and the writer still
// holds the one fixed set of statements on its one connection.
func TestHotWritesKeepTheRules(t *testing.T) {
	d, m, g := cacheDB(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 120)
	for i := range 120 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := convene.Registration{Delegate: convene.Delegate{DelegationID: g.ID, GivenName: fmt.Sprintf("ສົມພອນ %d", i),
				FamilyName: "ວົງສາ", Role: convene.RoleMember, Email: fmt.Sprintf("p%d@example.org", i),
				PassportNumber: fmt.Sprintf("P%07d", i)}}
			errs <- d.Nominate(ctx, &r)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	again := convene.Registration{Delegate: convene.Delegate{DelegationID: g.ID, GivenName: "Again", FamilyName: "Twice",
		Role: convene.RoleMember, PassportNumber: "P0000007"}}
	var ce *convene.Error
	if err := d.Nominate(ctx, &again); !errors.As(err, &ce) || ce.Fields["passport_number"] == "" {
		t.Errorf("a passport number used twice: %v; want the duplicate refused on its field", err)
	}

	rs, _, err := d.FindRegistrations(ctx, convene.RegistrationFilter{MeetingID: m.ID})
	if err != nil {
		t.Fatal(err)
	}
	placed, positions := 0, []int{}
	for _, r := range rs {
		switch r.Status {
		case convene.RegNominated:
			placed++
		case convene.RegWaitlisted:
			positions = append(positions, r.WaitlistPos)
		}
	}
	sort.Ints(positions)
	if placed != 100 || len(positions) != 20 || positions[0] != 1 || positions[19] != 20 {
		t.Errorf("%d placed, waiting list %v; want 100 placed and positions 1 to 20", placed, positions)
	}
	var audited int
	if err := d.read.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE action = 'nominate'`).Scan(&audited); err != nil {
		t.Fatal(err)
	}
	if audited != 120 {
		t.Errorf("%d nominate audit rows; want 120", audited)
	}

	d.wstmts.mu.Lock()
	n := len(d.wstmts.m)
	d.wstmts.mu.Unlock()
	if n != len(hotWrites()) {
		t.Errorf("%d prepared writes; want the %d hot writes (a text listed twice?)", n, len(hotWrites()))
	}
	if open := d.write.Stats().OpenConnections; open != 1 {
		t.Errorf("the writer has %d connections; want 1", open)
	}
}
