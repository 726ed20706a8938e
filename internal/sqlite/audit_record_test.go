package sqlite

import (
	"context"
	"testing"

	"convene/internal/convene"
)

// TestAuditPageNamesRecords: a page of the audit log names each record
// (one query a page): a person in their name order with their meeting, a
// delegation by country and meeting with both codes, the meeting by title;
// and the same through FindAuditEntries (a person's history).
func TestAuditPageNamesRecords(t *testing.T) {
	d, m, g := cacheDB(t)
	ctx := context.Background()
	r := convene.Registration{Delegate: convene.Delegate{DelegationID: g.ID, GivenName: "Thị Ánh", FamilyName: "Nguyễn",
		FamilyNameFirst: true, Role: convene.RoleMember}}
	if err := d.Nominate(ctx, &r); err != nil {
		t.Fatal(err)
	}
	page, _, err := d.FindAuditPage(ctx, convene.AuditQuery{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	type named struct{ name, meeting, country string }
	want := map[string]named{
		"delegate":   {"Nguyễn Thị Ánh", "admm", ""},
		"delegation": {"Thailand, " + m.Title, "admm", "THA"},
		"meeting":    {m.Title, "admm", ""},
	}
	seen := map[string]bool{}
	for _, e := range page {
		w, ok := want[e.Entity]
		if !ok {
			continue
		}
		seen[e.Entity] = true
		if got := (named{e.RecordName, e.RecordMeeting, e.RecordCountry}); got != w {
			t.Errorf("%s %d named %+v, want %+v", e.Entity, e.EntityID, got, w)
		}
	}
	if len(seen) != len(want) {
		t.Errorf("the page has rows about %v, want one of each of %v", seen, want)
	}
	hist, _, err := d.FindAuditEntries(ctx, convene.AuditFilter{Entity: "delegate", EntityID: r.ID})
	if err != nil || len(hist) == 0 || hist[0].RecordName != "Nguyễn Thị Ánh" {
		t.Errorf("the person's history: %+v, %v", hist, err)
	}
}
