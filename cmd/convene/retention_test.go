package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// TestRetentionCanaryReplicated is TestRetentionCanary on a server that
// replicates (issue 21). Litestream holds a read transaction on the WAL, so
// `convene purge` cannot truncate it itself; the server sees the purge in
// the audit log and checkpoints through Litestream, and the purge command
// returns once that is done. Then neither canary is in the database file,
// its -wal file, or the replica's latest state. Controls: before the purge
// the search finds them; and a restore to before the purge still finds
// them, because the replica keeps history for its retention (at most the
// 90-day purge window: README, SECURITY.md). The local LTX files holding
// them are counted, not asserted: Litestream deletes them after its L0
// retention (five minutes).
func TestRetentionCanaryReplicated(t *testing.T) {
	ctx := context.Background()
	replicaDir := filepath.Join(t.TempDir(), "replica")
	replicaURL := "file://" + replicaDir
	d := startDemo(t, "-replica", replicaURL)
	path := filepath.Join(d.dir, "demo.db")
	db, err := sqlite.Open(ctx, path, sqlite.ExistingOnly())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m, _ := db.FindMeetingByCode(ctx, "adsom-wg-2025")
	rs, _, _ := db.FindRegistrations(ctx, convene.RegistrationFilter{MeetingID: m.ID, Query: "Thị Mai"})
	if len(rs) != 1 {
		t.Fatal("no Thị Mai in the demo")
	}
	canaries := [][]byte{[]byte("CNRY5520913"), []byte("canary-medical-dị-ứng-tôm")}
	r := rs[0]
	r.PassportNumber, r.Medical = string(canaries[0]), string(canaries[1])
	if _, err := db.UpdateRegistration(ctx, &r); err != nil {
		t.Fatal(err)
	}
	count := func(files ...string) int {
		n := 0
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				continue
			}
			for _, c := range canaries {
				if bytes.Contains(b, c) {
					n++
				}
			}
		}
		return n
	}
	if count(path, path+"-wal") == 0 {
		t.Fatal("control: the canaries are not found before the purge, so the search cannot see them")
	}
	a := &adminClient{base: d.url, c: newBrowser(t, d.url).c}
	b := &browser{t: t, base: d.url, c: a.c}
	b.do("GET", "/sign-in", nil)
	if status, _, _ := b.do("POST", "/sign-in", url.Values{"email": {"admin@demo.test"}, "password": {d.password}}); status != http.StatusSeeOther {
		t.Fatalf("sign in: %d", status)
	}
	b.do("GET", "/admin/replication", nil)
	a.csrf = b.csrf
	a.syncNow(t)
	beforePurge := time.Now().Add(time.Millisecond).Truncate(time.Millisecond)
	for !time.Now().After(beforePurge.Add(2 * time.Millisecond)) {
		time.Sleep(time.Millisecond)
	}

	runCmd := func(args ...string) string {
		t.Helper()
		out := &syncBuffer{}
		if err := run(ctx, append([]string{"convene"}, args...), environ(nil), strings.NewReader(""), out, out); err != nil {
			t.Fatalf("%v: %v %s", args, err, out)
		}
		return out.String()
	}
	start := time.Now()
	out := runCmd("purge", "-db", path, "-meeting", "adsom-wg-2025")
	took := time.Since(start)
	if !strings.Contains(out, "by the replicating server") {
		t.Errorf("purge: %s", out)
	}
	local := count(path, path+"-wal")
	if local != 0 {
		t.Errorf("after the purge %d canaries are in the database or its -wal file", local)
	}
	a.syncNow(t)
	latest := filepath.Join(t.TempDir(), "latest.db")
	runCmd("restore", "-from", replicaURL, "-to", latest)
	inLatest := count(latest, latest+"-wal")
	if inLatest != 0 {
		t.Errorf("the replica's latest state holds %d canaries after the purge", inLatest)
	}
	older := filepath.Join(t.TempDir(), "before-purge.db")
	runCmd("restore", "-from", replicaURL, "-to", older, "-at", beforePurge.Format(time.RFC3339Nano))
	if count(older, older+"-wal") == 0 {
		t.Error("control: a restore to before the purge lacks the canaries; the search of restored copies cannot see them")
	}
	ltx := 0 // local LTX files that hold a canary
	_ = filepath.Walk(filepath.Join(d.dir, ".demo.db-litestream"), func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() && count(p) > 0 {
			ltx++
		}
		return nil
	})
	fmt.Printf("retention canary under replication: the purge waited %s for the server's checkpoint; after it %d of 2 canaries in the database and -wal, %d in the replica's latest state; %d local LTX files still hold them until Litestream's 5-minute L0 retention; control: found before the purge and in a restore to before it\n",
		took.Round(time.Millisecond), local, inLatest, ltx)
}
