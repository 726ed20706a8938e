package sqlite

import (
	"context"
	"slices"
	"strings"
	"testing"

	"convene/internal/convene"
)

// TestFoldName: a name is compared in lower case, Latin letters without
// their diacritics (decomposed or not), other scripts' marks kept.
func TestFoldName(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Nguyen", "nguyen"},
		{"Nguyễn Thị Ánh", "nguyen thi anh"},
		{"Nguye\u0302\u0303n", "nguyen"}, // already decomposed
		{"ĐẶNG", "dang"},
		{"Søren Łukasz", "soren lukasz"},
		{"สมศักดิ์รักชาติ", "สมศักดิ์รักชาติ"}, // Thai marks are part of the word
		{"ພອນສະຫວັນ", "ພອນສະຫວັນ"},
		{"Ꮳ", "ꮳ"}, // a non-Latin capital: lower case only
		{"ΑΘΉΝΑ", "αθήνα"},
		{"", ""},
	} {
		if got := foldName(c.in); got != c.want {
			t.Errorf("foldName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// secondMeeting adds a meeting with a delegation of country to d.
func secondMeeting(t *testing.T, d *DB, countryID int64) (convene.Meeting, convene.Delegation) {
	t.Helper()
	ctx := context.Background()
	m := convene.Meeting{Code: "adsom", Title: "ADSOM", Kind: convene.KindADSOMWG, HostCountryID: countryID,
		TimeZone: "Asia/Bangkok", Status: convene.StatusProposed, DatePrecision: convene.PrecisionDay,
		StartDate: convene.Date{Year: 2025, Month: 12, Day: 1}}
	g := convene.Delegation{CountryID: countryID, Quota: 100}
	err := d.Seed(ctx, func(se *Seeder) error {
		if err := se.CreateMeeting(ctx, &m); err != nil {
			return err
		}
		g.MeetingID = m.ID
		return se.CreateDelegation(ctx, &g)
	})
	if err != nil {
		t.Fatal(err)
	}
	return m, g
}

// TestSearchWithinMeeting: a meeting's search (migration 01570's names)
// shows and counts that meeting's people only, though the same name is
// registered in another meeting, in both store reads (the delegates list
// and the registrations), and follows a person moved, renamed or removed.
func TestSearchWithinMeeting(t *testing.T) {
	d, m1, g1 := cacheDB(t)
	ctx := context.Background()
	m2, g2 := secondMeeting(t, d, g1.CountryID)
	nominate := func(g convene.Delegation, given, family string) int64 {
		t.Helper()
		r := convene.Registration{Delegate: convene.Delegate{DelegationID: g.ID, GivenName: given, FamilyName: family,
			Role: convene.RoleMember}}
		if err := d.Nominate(ctx, &r); err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	here := nominate(g1, "Văn An", "Nguyễn")
	there := nominate(g2, "Văn An", "Nguyễn")
	nominate(g2, "Thị Bình", "Nguyễn")
	find := func(m convene.Meeting, q string) ([]int64, int) {
		t.Helper()
		f := convene.RegistrationFilter{MeetingID: m.ID, Query: q}
		ps, n, err := d.FindDelegateList(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		rs, rn, err := d.FindRegistrations(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var ids, rids []int64
		for _, p := range ps {
			ids = append(ids, p.ID)
		}
		for _, r := range rs {
			rids = append(rids, r.ID)
		}
		if !slices.Equal(ids, rids) || n != rn {
			t.Errorf("%s %q: the list finds %v (%d), the registrations %v (%d)", m.Code, q, ids, n, rids, rn)
		}
		return ids, n
	}
	if ids, n := find(m1, "nguyen"); !slices.Equal(ids, []int64{here}) || n != 1 {
		t.Errorf("admm nguyen: %v, %d in all; want only %d, 1", ids, n, here)
	}
	if ids, n := find(m2, "an nguyen"); !slices.Equal(ids, []int64{there}) || n != 1 {
		t.Errorf("adsom an nguyen: %v, %d in all; want only %d, 1", ids, n, there)
	}
	if _, n := find(m2, "NGUYỄN"); n != 2 {
		t.Errorf("control: adsom holds %d Nguyễns, want 2", n)
	}
	// Moved to the other meeting's delegation, the person is searched there.
	if _, err := d.write.ExecContext(ctx, `UPDATE delegates SET delegation_id = ? WHERE id = ?`, g2.ID, here); err != nil {
		t.Fatal(err)
	}
	if ids, _ := find(m1, "nguyen"); ids != nil {
		t.Errorf("after the move admm still finds %v", ids)
	}
	if _, n := find(m2, "van an"); n != 2 {
		t.Errorf("after the move adsom finds %d Văn Ans, want 2", n)
	}
	// Renamed, they are found by the new name only; removed, not at all.
	if _, err := d.write.ExecContext(ctx, `UPDATE delegates SET badge_name = 'Ông Tư' WHERE id = ?`, there); err != nil {
		t.Fatal(err)
	}
	if ids, _ := find(m2, "ong tu"); !slices.Equal(ids, []int64{there}) {
		t.Errorf("the badge name finds %v", ids)
	}
	if _, err := d.write.ExecContext(ctx, `DELETE FROM delegates WHERE id = ?`, there); err != nil {
		t.Fatal(err)
	}
	if ids, _ := find(m2, "ong tu"); ids != nil {
		t.Errorf("a removed person is found: %v", ids)
	}
	if _, err := d.write.ExecContext(ctx, `DELETE FROM delegations WHERE id = ?`, g2.ID); err != nil {
		t.Fatal(err)
	}
	var left int
	if err := d.read.QueryRowContext(ctx, `SELECT count(*) FROM delegate_names WHERE meeting_id = ?`, m2.ID).Scan(&left); err != nil || left != 0 {
		t.Errorf("a removed delegation leaves %d names (%v)", left, err)
	}
}

// TestSearchListOrder: a search's page of the delegates list is the
// unsearched list's order with the others left out, paged the same way,
// with the same total.
func TestSearchListOrder(t *testing.T) {
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
	people := []struct {
		g             convene.Delegation
		given, family string
		role          convene.DelegateRole
	}{
		{vnm, "Anh", "Nguyễn", convene.RoleMember}, {tha, "Anan", "Srisuk", convene.RoleMember},
		{vnm, "Bình", "Trần", convene.RoleHead}, {tha, "Somchai", "Anantachai", convene.RoleHead},
		{vnm, "Ánh", "Lê", convene.RoleMember}, {tha, "Kanya", "Wongsa", convene.RoleMember},
		{vnm, "Nam", "Phạm", convene.RoleMember}, {tha, "Anong", "Chai", convene.RoleMember},
	}
	for _, p := range people {
		r := convene.Registration{Delegate: convene.Delegate{DelegationID: p.g.ID, GivenName: p.given,
			FamilyName: p.family, Role: p.role}}
		if err := d.Nominate(ctx, &r); err != nil {
			t.Fatal(err)
		}
	}
	all, _, err := d.FindDelegateList(ctx, convene.RegistrationFilter{MeetingID: m.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"an", "anh", "ANAN", "ai"} {
		var want []convene.Delegate
		for _, p := range all {
			if strings.Contains(foldName(p.GivenName+" "+p.FamilyName+" "+p.BadgeName), foldName(q)) {
				want = append(want, p)
			}
		}
		if len(want) < 2 {
			t.Fatalf("control: %q matches %d people", q, len(want))
		}
		var got []convene.Delegate
		for off := 0; off < len(want)+2; off += 2 {
			page, n, err := d.FindDelegateList(ctx, convene.RegistrationFilter{MeetingID: m.ID, Query: q, Limit: 2, Offset: off})
			if err != nil || n != len(want) {
				t.Fatalf("search %q at %d: %d in all, want %d (%v)", q, off, n, len(want), err)
			}
			got = append(got, page...)
		}
		if !slices.EqualFunc(got, want, func(a, b convene.Delegate) bool { return a == b }) {
			t.Errorf("search %q:\n got %v\nwant %v", q, got, want)
		}
	}
	// A focal point's search (their country only) finds none of the other
	// delegation's people.
	ps, n, err := d.FindDelegateList(ctx, convene.RegistrationFilter{MeetingID: m.ID, CountryID: tha.CountryID, Query: "an"})
	if err != nil || n != 4 || len(ps) != 4 {
		t.Fatalf("Thailand's search for an: %d people, %d in all (%v); want Anan, Somchai Anantachai, Kanya, Anong", len(ps), n, err)
	}
	for _, p := range ps {
		if p.Country.ID != tha.CountryID {
			t.Errorf("Thailand's search shows %s of %s", p.FullName(), p.Country.ISO3)
		}
	}
}
