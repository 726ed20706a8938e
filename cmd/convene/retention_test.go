package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"convene/internal/convene"
	"convene/internal/sqlite"
)

// TestRetentionCanary is issue 8's retention test: a canary passport number
// and medical note are written for a person of a finished meeting; a
// connection stays open throughout (as the running server's would, so the
// -wal file is kept); after `convene purge` neither canary appears, byte for
// byte, in the database file, its -wal file or a backup taken afterwards
// with `convene backup`. The control: before the purge the same byte search
// finds the canaries, so the search is able to see them.
func TestRetentionCanary(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "c.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := loadDemo(ctx, db, "demo password for tests"); err != nil {
		t.Fatal(err)
	}
	m, _ := db.FindMeetingByCode(ctx, "adsom-wg-2025")
	rs, _, _ := db.FindRegistrations(ctx, convene.RegistrationFilter{MeetingID: m.ID, Query: "Thị Mai"})
	if len(rs) != 1 {
		t.Fatal("no Thị Mai in the demo")
	}
	canaries := [][]byte{[]byte("CNRY7364815"), []byte("canary-medical-dị-ứng-đậu-phộng")}
	r := rs[0]
	r.PassportNumber, r.Medical = string(canaries[0]), string(canaries[1])
	// Thị Mai is accredited: the passport number waits as a pending change
	// (in pending_changes), the medical needs apply at once (in delegates);
	// the purge must clear both.
	if _, err := db.UpdateRegistration(ctx, &r); err != nil {
		t.Fatal(err)
	}
	files := func(extra ...string) []string { return append([]string{path, path + "-wal"}, extra...) }
	found := func(fs []string) []string {
		var hits []string
		for _, f := range fs {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatalf("%s: %v", filepath.Base(f), err)
			}
			for i, c := range canaries {
				if bytes.Contains(b, c) {
					hits = append(hits, fmt.Sprintf("canary %d in %s", i+1, filepath.Base(f)))
				}
			}
		}
		return hits
	}
	if hits := found(files()); len(hits) == 0 {
		t.Fatal("control: the canaries are not found before the purge, so the search cannot see them")
	}

	runCmd := func(args ...string) (string, error) {
		out := &syncBuffer{}
		err := run(ctx, append([]string{"convene"}, args...), environ(nil), strings.NewReader(""), out, out)
		return out.String(), err
	}
	if out, err := runCmd("purge", "-db", path, "-meeting", "adsom-wg-2025"); err != nil {
		t.Fatalf("purge: %v %s", err, out)
	}
	backup := filepath.Join(dir, "after-purge.db")
	if out, err := runCmd("backup", "-db", path, "-to", backup); err != nil {
		t.Fatalf("backup: %v %s", err, out)
	}
	checked := files(backup)
	hits := found(checked)
	if len(hits) != 0 {
		t.Errorf("after purge: %s", strings.Join(hits, "; "))
	}
	fmt.Printf("retention canary: after purge %d of 2 canaries found in %d files (database, -wal, new backup); control: found before purge\n",
		len(hits), len(checked))
}
