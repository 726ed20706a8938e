package replica_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"convene/internal/convene"
	"convene/internal/demo"
	"convene/internal/replica"
	"convene/internal/sqlite"
)

var quietLog = slog.New(slog.NewTextHandler(io.Discard, nil))

// fakeS3 serves an in-memory S3-compatible store on 127.0.0.1 for the test
// and returns the replica address of a path in its bucket. Credentials come
// from the environment, as in production; AWS_CA_BUNDLE is cleared because
// the AWS SDK refuses it with the plain HTTP client Litestream gives it
// (see /work/notes/litestream.md), and machines like this one set it.
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

// demoDB opens a database the production way and fills it with the demo.
func demoDB(t *testing.T, path string) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Seed(ctx, func(s *sqlite.Seeder) error { return demo.Load(ctx, s, "hash") }); err != nil {
		t.Fatal(err)
	}
	return db
}

// digests returns every table's digest but Litestream's bookkeeping
// tables, which the source and its restored copy may hold differently.
func digests(t *testing.T, path string) map[string]string {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path, sqlite.ExistingOnly())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	d, err := db.TableDigests(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for k := range d {
		if strings.HasPrefix(k, "_litestream_") {
			delete(d, k)
		}
	}
	return d
}

// renameUsers makes n acknowledged writes through a store method a page
// calls (the administrator's user form), each its own transaction.
func renameUsers(t *testing.T, db *sqlite.DB, n int, label string) {
	t.Helper()
	ctx := context.Background()
	users, _, err := db.FindUsers(ctx, convene.UserFilter{Limit: 50})
	if err != nil || len(users) == 0 {
		t.Fatalf("users: %v", err)
	}
	for i := range n {
		name := fmt.Sprintf("ສົມພອນ %s %d", label, i)
		if _, err := db.UpdateUser(ctx, users[i%len(users)].ID, convene.UserUpdate{Name: &name}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestReplicateAndRestore replicates a demo database to a file replica and
// to an S3-compatible server in the test process, makes 200 more writes,
// forces a sync, restores into a new file, and compares every table's
// content with the source: identical. The status reports the sync.
func TestReplicateAndRestore(t *testing.T) {
	for _, kind := range []string{"file", "s3"} {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			url := "file://" + filepath.Join(dir, "replica")
			if kind == "s3" {
				url = fakeS3(t, "convene.db")
			}
			path := filepath.Join(dir, "convene.db")
			db := demoDB(t, path)
			rep, err := replica.Start(ctx, path, replica.Config{URL: url, Logger: quietLog})
			if err != nil {
				t.Fatal(err)
			}
			renameUsers(t, db, 200, kind)
			if err := rep.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			st := rep.Status()
			if !st.Enabled || st.LastSync.IsZero() || st.LocalTXID == "" || st.ReplicatedTXID != st.LocalTXID ||
				strings.Contains(st.Replica, "convene-test-secret") {
				t.Errorf("status after a sync: %+v", st)
			}
			want := digests(t, path)

			out := filepath.Join(t.TempDir(), "fresh", "restored.db")
			start := time.Now()
			if err := replica.Restore(ctx, url, out, time.Time{}, quietLog); err != nil {
				t.Fatal(err)
			}
			took := time.Since(start)
			got := digests(t, out)
			differ := 0
			for table, sum := range want {
				if got[table] != sum {
					differ++
					t.Errorf("table %s differs after restore", table)
				}
			}
			if len(got) != len(want) {
				t.Errorf("restored %d tables, the source has %d", len(got), len(want))
			}
			if err := replica.Restore(ctx, url, out, time.Time{}, quietLog); err == nil || !strings.Contains(err.Error(), "already exists") {
				t.Errorf("a second restore onto the same file: %v", err)
			}
			db.Close()
			if err := rep.Close(ctx); err != nil {
				t.Error(err)
			}
			fmt.Printf("replication to %s: demo + 200 writes, %d tables compared after restore, %d differ; restore took %s\n",
				kind, len(want), differ, took.Round(time.Millisecond))
		})
	}
}

// TestRestoreIfMissing: a server started with a replica and no database
// restores first; with a zero-length file too; an empty replica leaves the
// file to be created; an existing database is left alone.
func TestRestoreIfMissing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	url := "file://" + filepath.Join(dir, "replica")

	fresh := filepath.Join(dir, "new", "convene.db")
	if ok, err := replica.RestoreIfMissing(ctx, fresh, url, quietLog); ok || err != nil {
		t.Fatalf("empty replica: restored %v, %v; want nothing and no error", ok, err)
	}
	if _, err := os.Stat(fresh); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("an empty replica left a file behind: %v", err)
	}
	if err := replica.Restore(ctx, url, fresh, time.Time{}, quietLog); !errors.Is(err, replica.ErrNoBackup) {
		t.Errorf("restore from an empty replica: %v, want ErrNoBackup", err)
	}

	path := filepath.Join(dir, "convene.db")
	db := demoDB(t, path)
	rep, err := replica.Start(ctx, path, replica.Config{URL: url, Logger: quietLog})
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
	if ok, err := replica.RestoreIfMissing(ctx, path, url, quietLog); ok || err != nil {
		t.Errorf("an existing database: restored %v, %v; want it left alone", ok, err)
	}

	for _, name := range []string{"missing.db", "empty.db"} {
		p := filepath.Join(dir, "standby", name)
		if name == "empty.db" {
			if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, nil, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if ok, err := replica.RestoreIfMissing(ctx, p, url, quietLog); !ok || err != nil {
			t.Fatalf("%s: restored %v, %v", name, ok, err)
		}
		if res, err := sqlite.IntegrityCheck(ctx, p); res != "ok" || err != nil {
			t.Errorf("%s: integrity %q %v", name, res, err)
		}
	}

	// A replica out of reach is an error: a server must not start empty
	// when its data may exist elsewhere.
	t.Setenv("AWS_CA_BUNDLE", "")
	t.Setenv("AWS_ACCESS_KEY_ID", "convene-test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "convene-test-secret")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := ln.Addr().String()
	ln.Close()
	cctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	p := filepath.Join(dir, "unreachable.db")
	if ok, err := replica.RestoreIfMissing(cctx, p, "s3://convene/db?endpoint=http://"+dead+"&region=us-east-1", quietLog); ok || err == nil {
		t.Errorf("replica out of reach: restored %v, %v; want an error", ok, err)
	}
}

// TestStartRefusesCredentialsInTheAddress: credentials come from the
// environment only.
func TestStartRefusesCredentialsInTheAddress(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	db := demoDB(t, path)
	defer db.Close()
	_, err := replica.Start(context.Background(), path, replica.Config{URL: "s3://key:secret@bucket/db", Logger: quietLog})
	if err == nil || strings.Contains(err.Error(), "secret") && !strings.Contains(err.Error(), "AWS_SECRET_ACCESS_KEY") {
		t.Errorf("credentials in the address: %v", err)
	}
}

// TestCheckpointThroughLitestream: the truncating checkpoint a purge needs
// goes through Litestream while it replicates, does not stall, and leaves a
// -wal file smaller than before.
func TestCheckpointThroughLitestream(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "convene.db")
	db := demoDB(t, path)
	rep, err := replica.Start(ctx, path, replica.Config{URL: "file://" + filepath.Join(dir, "replica"), Logger: quietLog})
	if err != nil {
		t.Fatal(err)
	}
	renameUsers(t, db, 100, "checkpoint")
	if err := rep.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	before := fileSize(path + "-wal")
	shrank := false
	start := time.Now()
	// Litestream skips a checkpoint while it takes a snapshot (at once,
	// without waiting for it); the watcher in cmd/convene tries again, and
	// so does this test, pausing between tries, for as long as a snapshot
	// can take on a loaded machine under the race detector.
	for i := 0; i < 300 && !shrank; i++ {
		if i > 0 {
			time.Sleep(100 * time.Millisecond)
		}
		if shrank, err = rep.Checkpoint(ctx); err != nil {
			t.Fatal(err)
		}
	}
	took := time.Since(start)
	after := fileSize(path + "-wal")
	if !shrank || after >= before {
		t.Errorf("checkpoint: -wal %d bytes before, %d after (shrank %v)", before, after, shrank)
	}
	db.Close()
	if err := rep.Close(ctx); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("checkpoint through Litestream while replicating: -wal %d bytes before, %d after, in %s\n",
		before, after, took.Round(time.Millisecond))
}

func fileSize(p string) int64 {
	fi, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return fi.Size()
}
