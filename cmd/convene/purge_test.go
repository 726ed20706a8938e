package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"convene/internal/convene"
	"convene/internal/sqlite"
)

// TestPurgeCommand purges the Working Group's personal data through the
// real command and checks that names stay, sensitive data goes, a meeting
// that ended too recently is refused, and the audit log says so.
func TestPurgeCommand(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := loadDemo(ctx, db, "demo password for tests"); err != nil {
		t.Fatal(err)
	}
	m, _ := db.FindMeetingByCode(ctx, "adsom-wg-2025")
	rs, _, _ := db.FindRegistrations(ctx, convene.RegistrationFilter{MeetingID: m.ID, Query: "Thị Mai"})
	if len(rs) != 1 || rs[0].PassportNumber == "" || rs[0].Medical == "" {
		t.Fatal("the demo's Thị Mai has no passport or medical data to purge")
	}
	if err := db.SetDelegatePhoto(ctx, rs[0].ID, []byte{0xff, 0xd8, 0xff, 0xd9}, 1, 1); err != nil {
		t.Fatal(err)
	}
	db.Close()

	runCmd := func(args ...string) (string, error) {
		out := &syncBuffer{}
		err := run(ctx, append([]string{"convene"}, args...), environ(nil), strings.NewReader(""), out, out)
		return out.String(), err
	}
	if _, err := runCmd("purge", "-db", path, "-meeting", "adsom-wg-2025", "-days", "100000"); err == nil ||
		!strings.Contains(err.Error(), "can be purged from") {
		t.Errorf("a purge too soon: %v", err)
	}
	if _, err := runCmd("purge", "-db", path); err == nil {
		t.Error("purge without -meeting")
	}
	out, err := runCmd("purge", "-db", path, "-meeting", "adsom-wg-2025")
	if err != nil || !strings.Contains(out, "1 photos") {
		t.Fatalf("purge: %v %s", err, out)
	}

	db, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rs, _, _ = db.FindRegistrations(ctx, convene.RegistrationFilter{MeetingID: m.ID, Query: "Thị Mai"})
	if len(rs) != 1 || rs[0].PassportNumber != "" || rs[0].Medical != "" || !rs[0].DateOfBirth.IsZero() ||
		rs[0].Status != convene.RegAccredited {
		t.Errorf("after purge: %+v", rs)
	}
	if _, err := db.FindDelegatePhoto(ctx, rs[0].ID); convene.ErrorCode(err) != convene.ENOTFOUND {
		t.Errorf("photo after purge: %v", err)
	}
	entries, _, _ := db.FindAuditEntries(ctx, convene.AuditFilter{Entity: "meeting", EntityID: m.ID})
	if len(entries) == 0 || entries[0].Action != "purge" {
		t.Error("no purge row in the audit log")
	}
}
