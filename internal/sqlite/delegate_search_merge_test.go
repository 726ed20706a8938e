package sqlite

import (
	"context"
	"testing"

	"convene/internal/convene"
)

// TestMergeSearchIndex: people nominated one transaction at a time leave
// the names' index in several segments; the merge leaves fewer pages of
// index, and a search across meetings (the one that reads the index) still
// finds each person by a part of the name.
func TestMergeSearchIndex(t *testing.T) {
	d, _, g := cacheDB(t)
	ctx := context.Background()
	var ids []int64
	for _, n := range []string{"Nguyễn", "ສີຫາລາດ", "Srisuk", "Wibowo", "Lestari", "ใจดีมาก"} {
		r := convene.Registration{Delegate: convene.Delegate{DelegationID: g.ID, GivenName: "Anan", FamilyName: n,
			Role: convene.RoleMember}}
		if err := d.Nominate(ctx, &r); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	pages := func() int {
		t.Helper()
		var n int
		if err := d.read.QueryRowContext(ctx, `SELECT count(*) FROM delegate_search_data`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := pages()
	if err := d.MergeSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if after := pages(); after >= before {
		t.Errorf("the index has %d pages after the merge, %d before", after, before)
	}
	for i, q := range []string{"nguyen", "ຫາລາ", "risu", "ibow", "esta", "ดีมา"} {
		rs, n, err := d.FindRegistrations(ctx, convene.RegistrationFilter{CountryID: g.CountryID, Query: q})
		if err != nil || n != 1 || len(rs) != 1 || rs[0].ID != ids[i] {
			t.Errorf("search %q after the merge: %d found (%v), want person %d", q, n, err, ids[i])
		}
	}
}
