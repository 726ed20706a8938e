package sqlite

import (
	"context"
	"testing"

	"convene/internal/convene"
)

// accreditedPerson nominates, submits and accredits one person in the
// fixture's meeting, through the store's use cases.
func accreditedPerson(t *testing.T, d *DB, g convene.Delegation) convene.Registration {
	t.Helper()
	ctx := context.Background()
	r := convene.Registration{Delegate: convene.Delegate{DelegationID: g.ID, Honorific: "Col.", GivenName: "ประเสริฐ",
		FamilyName: "วงศ์ใหญ่", Role: convene.RoleMember, Nationality: "THA", Mobile: "+66 81 000 0000"}}
	if err := d.Nominate(ctx, &r); err != nil {
		t.Fatal(err)
	}
	if _, err := d.SubmitDelegation(ctx, g.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Transition(ctx, r.ID, convene.ActAccredit, ""); err != nil {
		t.Fatal(err)
	}
	r, err := d.FindRegistrationByID(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func countChanges(t *testing.T, d *DB, delegateID int64) map[convene.ChangeStatus]int {
	t.Helper()
	m, _ := d.FindMeetingByCode(context.Background(), "admm")
	cs, err := d.FindPendingChanges(context.Background(), convene.PendingChangeFilter{MeetingID: m.ID, DelegateID: delegateID})
	if err != nil {
		t.Fatal(err)
	}
	out := map[convene.ChangeStatus]int{}
	for _, c := range cs {
		out[c.Status]++
	}
	return out
}

// TestPendingChangeLifecycle walks one accredited person's changes through
// the store: identity fields wait while the rest applies, a repeated save
// proposes nothing new, a photo joins the open change, taking a field back
// keeps the photo, a decline drops the waiting photo, and an approval
// writes the data and marks a printed badge for reprint until the reprint.
func TestPendingChangeLifecycle(t *testing.T) {
	d, m, g := cacheDB(t)
	ctx := context.Background()
	r := accreditedPerson(t, d, g)

	edit := r
	edit.FamilyName, edit.Mobile = "วงศ์ใหญ่ยิ่ง", "+66 81 111 1111"
	c, err := d.UpdateRegistration(ctx, &edit)
	if err != nil || c.ID == 0 || len(c.Fields) != 1 || c.Fields[0].Field != "family_name" {
		t.Fatalf("proposal: %v %+v", err, c)
	}
	got, _ := d.FindRegistrationByID(ctx, r.ID)
	if got.Status != convene.RegAccredited || got.FamilyName != "วงศ์ใหญ่" || got.Mobile != "+66 81 111 1111" {
		t.Errorf("after the edit: %s %q %q; want accredited, the approved name, the new mobile", got.Status, got.FamilyName, got.Mobile)
	}
	again := got
	again.FamilyName = "วงศ์ใหญ่ยิ่ง"
	if c2, err := d.UpdateRegistration(ctx, &again); err != nil || c2.ID != c.ID {
		t.Errorf("the same proposal saved again made change %d (was %d): %v", c2.ID, c.ID, err)
	}

	c3, err := d.UploadDelegatePhoto(ctx, r.ID, []byte{0xff, 0xd8, 0xff, 0xd9}, 1, 1)
	if err != nil || !c3.Photo || len(c3.Fields) != 1 || c3.ID == c.ID {
		t.Fatalf("photo proposal: %v %+v", err, c3)
	}
	if _, err := d.FindDelegatePhoto(ctx, r.ID); convene.ErrorCode(err) != convene.ENOTFOUND {
		t.Errorf("an unapproved photo is the badge photo: %v", err)
	}
	if _, err := d.FindPendingPhoto(ctx, r.ID); err != nil {
		t.Errorf("the waiting photo is not in the photo store: %v", err)
	}
	back := got
	c4, err := d.UpdateRegistration(ctx, &back)
	if err != nil || !c4.Photo || len(c4.Fields) != 0 {
		t.Fatalf("taking the name back: %v %+v", err, c4)
	}
	if n := countChanges(t, d, r.ID); n[convene.ChangePending] != 1 || n[convene.ChangeSuperseded] != 2 {
		t.Errorf("changes by status: %v", n)
	}

	if _, err := d.DecideChange(ctx, m.ID, c4.ID, false, "  "); convene.ErrorFields(err)["reason"] == "" {
		t.Errorf("a decline without a reason: %v", err)
	}
	if _, err := d.DecideChange(ctx, m.ID+1, c4.ID, false, "Blurred."); convene.ErrorCode(err) != convene.ENOTFOUND {
		t.Errorf("a change decided through another meeting: %v", err)
	}
	if _, err := d.DecideChange(ctx, m.ID, c4.ID, false, "Blurred."); err != nil {
		t.Fatal(err)
	}
	if _, err := d.FindPendingPhoto(ctx, r.ID); convene.ErrorCode(err) != convene.ENOTFOUND {
		t.Errorf("a declined photo is kept: %v", err)
	}
	if _, err := d.DecideChange(ctx, m.ID, c4.ID, true, ""); convene.ErrorCode(err) != convene.ECONFLICT {
		t.Errorf("a change decided twice: %v", err)
	}

	// A badge is printed; a role change is approved: the badge must be
	// reprinted, and stays valid until then.
	if _, err := d.IssueBadges(ctx, m.ID, []int64{r.ID}, false); err != nil {
		t.Fatal(err)
	}
	role := got
	role.Role = convene.RoleAdviser
	c5, err := d.UpdateRegistration(ctx, &role)
	if err != nil {
		t.Fatal(err)
	}
	done, err := d.DecideChange(ctx, m.ID, c5.ID, true, "")
	if err != nil || done.ReprintBadgeID == 0 {
		t.Fatalf("approval: %v %+v", err, done)
	}
	if got, _ := d.FindRegistrationByID(ctx, r.ID); got.Role != convene.RoleAdviser || got.Status != convene.RegAccredited {
		t.Errorf("after approval: %s %s", got.Role, got.Status)
	}
	due, err := d.FindReprintsDue(ctx, m.ID)
	if err != nil || due[r.ID].ID != c5.ID {
		t.Errorf("reprints due: %v %v", due, err)
	}
	badges, _ := d.FindBadges(ctx, convene.BadgeFilter{MeetingID: m.ID, DelegateID: r.ID})
	if len(badges) != 1 || badges[0].Status != convene.BadgeActive {
		t.Fatalf("the badge before the reprint: %+v", badges)
	}
	if _, err := d.IssueBadges(ctx, m.ID, []int64{r.ID}, true); err != nil {
		t.Fatal(err)
	}
	if due, _ := d.FindReprintsDue(ctx, m.ID); len(due) != 0 {
		t.Errorf("still due after the reprint: %v", due)
	}
	if _, err := d.CheckIn(ctx, m.ID, 0, badges[0].Code, convene.AttendanceOverride{}); convene.ErrorCode(err) != convene.EINVALID {
		t.Errorf("the old badge after the reprint: %v", err)
	}

	// Leaving accreditation withdraws what waits.
	name := got
	name.GivenName = "ประเสริฐศักดิ์"
	if _, err := d.UpdateRegistration(ctx, &name); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Transition(ctx, r.ID, convene.ActWithdraw, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := d.FindOpenChange(ctx, r.ID); convene.ErrorCode(err) != convene.ENOTFOUND {
		t.Errorf("a change still waits for a withdrawn person: %v", err)
	}
}

// TestNoPendingChangeBeforeAccreditation: before accreditation every field
// applies at once and nothing waits.
func TestNoPendingChangeBeforeAccreditation(t *testing.T) {
	d, _, g := cacheDB(t)
	ctx := context.Background()
	r := convene.Registration{Delegate: convene.Delegate{DelegationID: g.ID, GivenName: "สุดา", FamilyName: "ศรีสุข",
		Role: convene.RoleMember, Nationality: "THA"}}
	if err := d.Nominate(ctx, &r); err != nil {
		t.Fatal(err)
	}
	r.FamilyName = "ศรีสุขใจ"
	c, err := d.UpdateRegistration(ctx, &r)
	if err != nil || c.ID != 0 {
		t.Fatalf("%v %+v", err, c)
	}
	if got, _ := d.FindRegistrationByID(ctx, r.ID); got.FamilyName != "ศรีสุขใจ" {
		t.Errorf("family name %q", got.FamilyName)
	}
	if c, err := d.UploadDelegatePhoto(ctx, r.ID, []byte{0xff, 0xd8, 0xff, 0xd9}, 1, 1); err != nil || c.ID != 0 {
		t.Errorf("photo before accreditation: %v %+v", err, c)
	}
	if _, err := d.FindDelegatePhoto(ctx, r.ID); err != nil {
		t.Errorf("the photo is not the badge photo: %v", err)
	}
}
