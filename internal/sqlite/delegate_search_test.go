package sqlite

import (
	"context"
	"slices"
	"testing"

	"convene/internal/convene"
)

// TestDelegateSearch: the names' index (migration 01501) finds a Latin
// name without its diacritics and in any case, a Thai name written without
// spaces by a piece of its middle, follows a rename and a removal through
// the triggers, matches what is typed as text (FTS operators included),
// and the country filter keeps another delegation's people out.
func TestDelegateSearch(t *testing.T) {
	d, m, tha := cacheDB(t)
	ctx := context.Background()
	var vnm convene.Delegation
	err := d.Seed(ctx, func(se *Seeder) error {
		c, err := seedCountry(ctx, se, "VNM")
		if err != nil {
			return err
		}
		vnm = convene.Delegation{MeetingID: m.ID, CountryID: c.ID, Quota: 100}
		return se.CreateDelegation(ctx, &vnm)
	})
	if err != nil {
		t.Fatal(err)
	}
	nominate := func(g convene.Delegation, given, family string) int64 {
		r := convene.Registration{Delegate: convene.Delegate{DelegationID: g.ID, GivenName: given, FamilyName: family,
			Role: convene.RoleMember}}
		if err := d.Nominate(ctx, &r); err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	nguyen := nominate(vnm, "Thị Ánh", "Nguyễn")
	somsak := nominate(tha, "สมศักดิ์รักชาติ", "ใจดี")
	anan := nominate(tha, "Anan", "Srisuk")

	find := func(q string, countryID int64) []int64 {
		t.Helper()
		rs, _, err := d.FindRegistrations(ctx, convene.RegistrationFilter{MeetingID: m.ID, CountryID: countryID, Query: q})
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		var ids []int64
		for _, r := range rs {
			ids = append(ids, r.ID)
		}
		slices.Sort(ids)
		return ids
	}
	cases := []struct {
		q       string
		country int64
		want    []int64
	}{
		{"nguyen", 0, []int64{nguyen}},
		{"NGUYỄN", 0, []int64{nguyen}},
		{"thi anh", 0, []int64{nguyen}},
		{"ักรัก", 0, nil}, // control: not a part of the name
		{"ศักดิ์รัก", 0, []int64{somsak}},
		{"รักชา", 0, []int64{somsak}},
		{"risu", 0, []int64{anan}},
		{"Ng", 0, []int64{nguyen}}, // shorter than a trigram: read by instr
		{`"risuk" OR nguyen*`, 0, nil},
		// The country filter (a focal point's list) keeps Thailand's people
		// out of Viet Nam's search, and the other way round.
		{"srisuk", vnm.CountryID, nil},
		{"รักชา", vnm.CountryID, nil},
		{"nguyen", tha.CountryID, nil},
		{"nguyen", vnm.CountryID, []int64{nguyen}},
	}
	for _, c := range cases {
		if got := find(c.q, c.country); !slices.Equal(got, c.want) {
			t.Errorf("search %q in country %d: %v, want %v", c.q, c.country, got, c.want)
		}
	}

	// A rename is searched by its new name only.
	r, err := d.FindRegistrationByID(ctx, anan)
	if err != nil {
		t.Fatal(err)
	}
	r.FamilyName = "Thongdee"
	if _, err := d.UpdateRegistration(ctx, &r); err != nil {
		t.Fatal(err)
	}
	if got := find("srisuk", 0); got != nil {
		t.Errorf("the old name still finds %v", got)
	}
	if got := find("thongd", 0); !slices.Equal(got, []int64{anan}) {
		t.Errorf("the new name finds %v", got)
	}
	// Another meeting's range holds none of them.
	rs, _, err := d.FindRegistrations(ctx, convene.RegistrationFilter{MeetingID: m.ID + 1, Query: "nguyen"})
	if err != nil || len(rs) != 0 {
		t.Errorf("another meeting's search: %d people, %v", len(rs), err)
	}
	// A removed person leaves the index, and so do the people of a
	// removed delegation (its cascade).
	indexed := func(phrase string) int {
		t.Helper()
		var n int
		if err := d.read.QueryRowContext(ctx, `SELECT count(*) FROM delegate_search WHERE delegate_search MATCH ?`,
			ftsPhrase(phrase)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if indexed("รักชา") != 1 || indexed("nguyen") != 1 {
		t.Fatal("control: the names are not in the index")
	}
	if _, err := d.write.ExecContext(ctx, `DELETE FROM delegates WHERE id = ?`, somsak); err != nil {
		t.Fatal(err)
	}
	if _, err := d.write.ExecContext(ctx, `DELETE FROM delegations WHERE id = ?`, vnm.ID); err != nil {
		t.Fatal(err)
	}
	if a, b := indexed("รักชา"), indexed("nguyen"); a != 0 || b != 0 {
		t.Errorf("after the deletes the index still holds %d and %d rows for the names", a, b)
	}
}
