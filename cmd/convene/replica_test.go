package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/benbjohnson/litestream"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/superfly/ltx"

	"convene/internal/convene"
	"convene/internal/photo"
	"convene/internal/replica"
	"convene/internal/sqlite"
)

// fakeS3 serves an in-memory S3-compatible store (gofakes3) on 127.0.0.1
// for the test and returns the replica address of a path in its bucket.
// The credentials go into the environment, as in production, which the
// child processes inherit (crashEnv); AWS_CA_BUNDLE is emptied, because the
// AWS SDK refuses it with the plain HTTP client Litestream gives it.
func fakeS3(t *testing.T, path string) string {
	t.Helper()
	t.Setenv("AWS_ACCESS_KEY_ID", "convene-test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "convene-test-secret")
	t.Setenv("AWS_CA_BUNDLE", "")
	backend := s3mem.New()
	if err := backend.CreateBucket("convene"); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: gofakes3.New(backend).Server(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return fmt.Sprintf("s3://convene/%s?endpoint=http://%s&region=us-east-1", path, ln.Addr())
}

// syncNow presses the administrator's "Sync now": it answers 303 once the
// replica holds every write acknowledged before the request was sent, or
// once the sync failed; the page it leads to says which.
func (a *adminClient) syncNow(t *testing.T) {
	t.Helper()
	resp, err := a.c.PostForm(a.base+"/admin/replication", url.Values{"_csrf": {a.csrf}})
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	to := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || strings.Contains(to, "sign-in") {
		t.Fatalf("sync now: %d %s", resp.StatusCode, to)
	}
	// The writers share this client's cookie jar, and an answer to one of
	// them can replace the state cookie that carries the message between
	// this POST and the GET. So the GET sends this POST's own cookies, and
	// the jar's others (the login).
	next, err := http.NewRequest(http.MethodGet, a.base+to, nil)
	if err != nil {
		t.Fatal(err)
	}
	own := map[string]bool{}
	for _, ck := range resp.Cookies() {
		own[ck.Name] = true
		next.AddCookie(ck)
	}
	for _, ck := range a.c.Jar.Cookies(next.URL) {
		if !own[ck.Name] {
			next.AddCookie(ck)
		}
	}
	resp, err = (&http.Client{CheckRedirect: a.c.CheckRedirect}).Do(next)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), "The replica holds every change made until now.") {
		t.Fatalf("sync now did not succeed: %d\n%.2000s", resp.StatusCode, page)
	}
}

// replicaEnds returns the last TXID of the replica's level-0 files and of
// its snapshots (level 9).
func replicaEnds(t *testing.T, replicaURL string) (level0, snapshot ltx.TXID) {
	t.Helper()
	client, err := litestream.NewReplicaClientFromURL(replicaURL)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := client.Init(ctx); err != nil {
		t.Fatal(err)
	}
	for _, level := range []int{0, litestream.SnapshotLevel} {
		itr, err := client.LTXFiles(ctx, level, 0, false)
		if err != nil {
			t.Fatal(err)
		}
		for itr.Next() {
			if level == 0 {
				level0 = max(level0, itr.Item().MaxTXID)
			} else {
				snapshot = max(snapshot, itr.Item().MaxTXID)
			}
		}
		if err := itr.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return level0, snapshot
}

// TestReplicaRecoveryAfterSIGKILL is issue 21's recovery test. The real
// binary serves with -replica (an S3-compatible store in the test process,
// one-second sync) while four writers make acknowledged writes; after 250
// the administrator's "Sync now" forces a sync; at the 1,000th the server is
// killed with SIGKILL (the machine is lost), a few seconds of writing after
// the forced sync, so the background sync has shipped some of them. `convene restore` writes the
// replica's latest state into a fresh directory.
//
// Asserted (deterministic): every write acknowledged before the forced sync
// is in the restored copy. Printed: how many acknowledged writes the copy
// lacks (the recovery point: what was written in the last sync interval)
// and the time to restore.
//
// Then the warm standby takes over, as README's procedure says: `convene
// serve` on a second directory with no database and the same -replica
// restores first and serves, the acknowledged writes are there, it
// replicates its own writes to the same replica, and a restore afterwards
// holds them. The standby syncs every hour, so its write reaches the replica
// only through "Sync now" and the stop's last sync, every run (a SIGKILL
// instead of those leaves it out). Whether the killed server's last snapshot
// was ahead of its level-0 files (it takes one as soon as it starts
// replicating, from its local position) varies from run to run; the
// takeover must hold either way (internal/replica's
// TestStandbyContinuesAfterSnapshotAheadOfLevel0 stages both).
func TestReplicaRecoveryAfterSIGKILL(t *testing.T) {
	url := fakeS3(t, "crash")
	f := newCrashFixture(t, 4)
	p := startServeProcWith(t, f.db, "-replica", url)
	a := signInAdmin(t, p.url)
	got := &acks{}
	progress := make(chan int, 1)
	stop := make(chan struct{})
	wr := writeUntil(a, f, "rp", got, stop, progress)
	wr.waitFor(t, got, progress, 250)
	beforeSync := got.snapshot() // acknowledged before "Sync now" was pressed
	a.syncNow(t)
	synced := time.Now()
	wr.waitFor(t, got, progress, 1000)
	p.kill()
	sinceSync := time.Since(synced)
	close(stop)
	<-wr.done
	all := got.snapshot()

	fresh := filepath.Join(t.TempDir(), "fresh", "convene.db")
	start := time.Now()
	out := cli(t, "", "restore", "-from", url, "-to", fresh)
	took := time.Since(start)
	if !strings.Contains(out, "restored the latest state") {
		t.Errorf("restore said: %s", out)
	}
	integrityOK(t, fresh)
	lostForced := missing(t, fresh, beforeSync)
	for i, l := range lostForced {
		if i < 5 {
			t.Errorf("acknowledged before the forced sync but not in the replica: user %d renamed %q", l.id, l.name)
		}
	}
	lost := missing(t, fresh, all)

	// The warm standby: a second directory, no database, the same replica.
	level0, snapshot := replicaEnds(t, url)
	standby := filepath.Join(t.TempDir(), "standby", "convene.db")
	sp := startServeProcWith(t, standby, "-replica", url, "-replica-sync-interval", "1h")
	if !strings.Contains(sp.stdout.String(), "Restored "+standby+" from") {
		t.Errorf("the standby did not say it restored:\n%s", sp.stdout.String())
	}
	sa := signInAdminAgain(t, sp.url, a.secret)
	if ok, err := sa.rename(f.targets[0], "ທ່ານ ສົມພອນ, standby"); !ok || err != nil {
		t.Fatalf("a write on the standby: %v", err)
	}
	sa.syncNow(t)
	sp.stop(t)
	if l := missing(t, standby, beforeSync); len(l) > 0 {
		t.Errorf("the standby lacks %d writes acknowledged before the forced sync", len(l))
	}
	after := filepath.Join(t.TempDir(), "after-takeover.db")
	cli(t, "", "restore", "-from", url, "-to", after)
	if l := missing(t, after, []ack{{f.targets[0], "ທ່ານ ສົມພອນ, standby"}}); len(l) > 0 {
		t.Error("the standby's write is not in the replica it took over")
	}
	afterSync := len(all) - len(beforeSync)
	rate := float64(afterSync) / sinceSync.Seconds()
	fmt.Printf("replica recovery point: %d acknowledged writes (4 writers) to a server replicating to S3 every 1s, SIGKILL after the %dth: the restored copy lacks %d of them, the last %.1f s of writing at %.0f writes/s (%d of the %d written in the %.1f s after a forced sync reached the replica by the background sync; %d of the %d acknowledged before the forced sync missing); restore into a fresh directory took %s; the standby restored (level 0 ended at TXID %d, the last snapshot at %d), served and replicated\n",
		len(all), len(all), len(lost), float64(len(lost))/rate, rate, afterSync-len(lost), afterSync, sinceSync.Seconds(),
		len(lostForced), len(beforeSync), took.Round(time.Millisecond), level0, snapshot)
}

// TestPointInTimeRestoreBeforeBulkWithdrawal: a bad bulk change (every
// person of a meeting withdrawn) is undone by restoring the state just
// before it: every withdrawn person is back with the status they had. The
// demo serves with a file replica; the point in time is taken right after a
// forced sync and before the first withdrawal (a point in time restores the
// last sync at or before it).
func TestPointInTimeRestoreBeforeBulkWithdrawal(t *testing.T) {
	ctx := context.Background()
	replicaDir := filepath.Join(t.TempDir(), "replica")
	d := startDemo(t, "-replica", "file://"+replicaDir)
	a := &adminClient{base: d.url, c: newBrowser(t, d.url).c}
	b := &browser{t: t, base: d.url, c: a.c}
	b.do("GET", "/sign-in", nil)
	if status, _, _ := b.do("POST", "/sign-in", url.Values{"email": {"admin@demo.test"}, "password": {d.password}}); status != http.StatusSeeOther {
		t.Fatalf("sign in: %d", status)
	}
	b.do("GET", "/admin/replication", nil)
	a.csrf = b.csrf

	db, err := sqlite.Open(ctx, filepath.Join(d.dir, "demo.db"), sqlite.ExistingOnly())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m, err := db.FindMeetingByCode(ctx, "admm-retreat-2025")
	if err != nil {
		t.Fatal(err)
	}
	rs, _, err := db.FindRegistrations(ctx, convene.RegistrationFilter{MeetingID: m.ID, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	was := map[int64]convene.RegistrationStatus{}
	var ids []int64 // in the list's order: the same withdrawals in every run
	for _, r := range rs {
		if r.Status != convene.RegWithdrawn && r.Status != convene.RegRejected {
			was[r.ID] = r.Status
			ids = append(ids, r.ID)
		}
	}

	a.syncNow(t)
	at := time.Now().Truncate(time.Millisecond)
	// Replica files are stamped to the millisecond: the withdrawals start
	// strictly after the millisecond of the point in time.
	for !time.Now().After(at.Add(2 * time.Millisecond)) {
		time.Sleep(time.Millisecond)
	}
	withdrawn := 0
	for _, id := range ids {
		if _, err := db.Transition(ctx, id, convene.ActWithdraw, ""); err != nil {
			t.Fatalf("withdraw %d: %v", id, err)
		}
		withdrawn++
	}
	a.syncNow(t)
	db.Close()
	d.stop(t)

	restore := func(name string, args ...string) *sqlite.DB {
		t.Helper()
		path := filepath.Join(t.TempDir(), name)
		out := &syncBuffer{}
		if err := run(ctx, append([]string{"convene", "restore", "-from", "file://" + replicaDir, "-to", path}, args...),
			environ(nil), strings.NewReader(""), out, out); err != nil {
			t.Fatalf("restore %v: %v %s", args, err, out)
		}
		r, err := sqlite.Open(ctx, path, sqlite.ExistingOnly())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close() })
		return r
	}
	statuses := func(db *sqlite.DB) map[int64]convene.RegistrationStatus {
		rs, _, err := db.FindRegistrations(ctx, convene.RegistrationFilter{MeetingID: m.ID, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		out := map[int64]convene.RegistrationStatus{}
		for _, r := range rs {
			out[r.ID] = r.Status
		}
		return out
	}
	back, stillOut := 0, 0
	before := statuses(restore("before.db", "-at", at.Format(time.RFC3339Nano)))
	latest := statuses(restore("latest.db"))
	for id, st := range was {
		if before[id] == st {
			back++
		} else {
			t.Errorf("person %d: %s in the restore before the withdrawal, want %s", id, before[id], st)
		}
		if latest[id] == convene.RegWithdrawn {
			stillOut++
		}
	}
	if withdrawn == 0 || stillOut != withdrawn {
		t.Errorf("control: the latest restore has %d of %d people withdrawn", stillOut, withdrawn)
	}
	fmt.Printf("point-in-time restore: %d people withdrawn in bulk; restored to the moment before, %d of %d are back with their status (control: the latest state has %d withdrawn)\n",
		withdrawn, back, withdrawn, stillOut)
}

// testJPEG is a photo as an upload leaves it: a deterministic picture
// cleaned by internal/photo (re-encoded, no metadata).
func testJPEG(t *testing.T) ([]byte, int, int) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 300, 400))
	for y := range 400 {
		for x := range 300 {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), uint8(x ^ y), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	b, w, h, err := photo.Clean(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return b, w, h
}

// TestPhotosAreInTheDatabase: uploaded photos live in the database
// (delegate_photos), so a backup and a restore from the replica bring one
// back byte for byte.
func TestPhotosAreInTheDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "convene.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := loadDemo(ctx, db, "demo password for tests"); err != nil {
		t.Fatal(err)
	}
	m, _ := db.FindMeetingByCode(ctx, "admm-retreat-2025")
	rs, _, _ := db.FindRegistrations(ctx, convene.RegistrationFilter{MeetingID: m.ID, Query: "Hartono"})
	if len(rs) == 0 {
		t.Fatal("no Bambang Hartono in the demo")
	}
	jpg, w, h := testJPEG(t)
	if err := db.SetDelegatePhoto(ctx, rs[0].ID, jpg, w, h); err != nil {
		t.Fatal(err)
	}
	replicaURL := "file://" + filepath.Join(dir, "replica")
	rep, err := replica.Start(ctx, path, replica.Config{URL: replicaURL})
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := rep.Close(ctx); err != nil {
		t.Fatal(err)
	}

	runCmd := func(args ...string) {
		t.Helper()
		out := &syncBuffer{}
		if err := run(ctx, append([]string{"convene"}, args...), environ(nil), strings.NewReader(""), out, out); err != nil {
			t.Fatalf("%v: %v %s", args, err, out)
		}
	}
	restored := filepath.Join(t.TempDir(), "restored.db")
	runCmd("restore", "-from", replicaURL, "-to", restored)
	backup := filepath.Join(t.TempDir(), "backup.db")
	runCmd("backup", "-db", path, "-to", backup)
	same := 0
	for _, p := range []string{restored, backup} {
		c, err := sqlite.Open(ctx, p, sqlite.ExistingOnly())
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.FindDelegatePhoto(ctx, rs[0].ID)
		c.Close()
		if err != nil || !bytes.Equal(got, jpg) {
			t.Errorf("%s: the photo is not the one uploaded (%d bytes, want %d; %v)", filepath.Base(p), len(got), len(jpg), err)
			continue
		}
		same++
	}
	fmt.Printf("photos in the database: a %d-byte JPEG came back byte-identical from %d of 2 copies (restore from the replica, convene backup)\n",
		len(jpg), same)
}

// TestReadOnlyCommandsCreateNothing: `convene backup -db missing.db`
// fails and creates nothing (no database, no backup file, no directory);
// nor do purge and restore from a replica that does not exist.
func TestReadOnlyCommandsCreateNothing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	missingDB := filepath.Join(dir, "data", "missing.db")
	to := filepath.Join(dir, "backups", "copy.db")
	nowhere := filepath.Join(dir, "no-replica")
	restored := filepath.Join(dir, "restored", "convene.db")
	for _, args := range [][]string{
		{"backup", "-db", missingDB, "-to", to},
		{"purge", "-db", missingDB, "-meeting", "admm-retreat-2025"},
		{"restore", "-from", "file://" + nowhere, "-to", restored},
	} {
		out := &syncBuffer{}
		err := run(ctx, append([]string{"convene"}, args...), environ(nil), strings.NewReader(""), out, out)
		if err == nil {
			t.Errorf("convene %s succeeded: %s", strings.Join(args, " "), out)
		}
	}
	var made []string
	_ = filepath.Walk(dir, func(p string, _ os.FileInfo, _ error) error {
		if p != dir {
			made = append(made, strings.TrimPrefix(p, dir))
		}
		return nil
	})
	if len(made) > 0 {
		t.Errorf("the failed commands created %v", made)
	}
	// Control: the same backup of a database that exists writes the copy.
	db, err := sqlite.Open(ctx, missingDB)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	out := &syncBuffer{}
	if err := run(ctx, []string{"convene", "backup", "-db", missingDB, "-to", to}, environ(nil), nil, out, out); err != nil ||
		!strings.Contains(out.String(), "integrity ok") {
		t.Errorf("control backup: %v %s", err, out)
	}
	fmt.Printf("read-only commands: backup, purge and restore of what does not exist failed and created %d files; control: the backup of an existing database wrote its copy\n",
		len(made))
}
