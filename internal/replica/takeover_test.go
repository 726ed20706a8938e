package replica_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/benbjohnson/litestream"
	"github.com/superfly/ltx"

	"convene/internal/replica"
	"convene/internal/sqlite"
)

// crashAfterSnapshot stages what a machine leaves behind when it dies just
// after Litestream's daily snapshot: Litestream takes the snapshot (level 9)
// from its local position, which can be ahead of the level-0 files it has
// uploaded. The database at path is replicated to url with Litestream
// driven by hand (no background goroutines, so every step is
// deterministic): writes, syncs, a snapshot, a close; then the replica's
// last behind level-0 files are deleted, as if the machine had died before
// uploading them. It returns the snapshot's TXID and the digests of the
// state it holds.
func crashAfterSnapshot(t *testing.T, path, url string, behind int) (ltx.TXID, map[string]string) {
	t.Helper()
	ctx := context.Background()
	db := demoDB(t, path)
	client, err := litestream.NewReplicaClientFromURL(url)
	if err != nil {
		t.Fatal(err)
	}
	client.SetLogger(quietLog)
	if err := client.Init(ctx); err != nil {
		t.Fatal(err)
	}
	ldb := litestream.NewDB(path)
	ldb.Logger = quietLog
	ldb.MonitorInterval = 0 // no background sync: the test syncs
	r := litestream.NewReplicaWithClient(ldb, client)
	r.MonitorEnabled = false
	ldb.Replica = r
	if err := ldb.Open(); err != nil {
		t.Fatal(err)
	}
	for i := range 2 + behind { // one local TXID per sync
		renameUsers(t, db, 10, fmt.Sprintf("primary %d", i))
		if err := ldb.Sync(ctx); err != nil {
			t.Fatal(err)
		}
	}
	snap, err := ldb.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := ldb.Close(ctx); err != nil { // uploads level 0 up to the snapshot
		t.Fatal(err)
	}
	var lost []*ltx.FileInfo
	for _, f := range files(t, client, 0) {
		if f.MaxTXID > snap.MaxTXID-ltx.TXID(behind) {
			lost = append(lost, f)
		}
	}
	if len(lost) != behind {
		t.Fatalf("level 0 after the snapshot at %s: %d files to drop, want %d", snap.MaxTXID, len(lost), behind)
	}
	if behind > 0 {
		if err := client.DeleteLTXFiles(ctx, lost); err != nil {
			t.Fatal(err)
		}
	}
	return snap.MaxTXID, digests(t, path)
}

func files(t *testing.T, client litestream.ReplicaClient, level int) []*ltx.FileInfo {
	t.Helper()
	itr, err := client.LTXFiles(context.Background(), level, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	defer itr.Close()
	var out []*ltx.FileInfo
	for itr.Next() {
		out = append(out, itr.Item())
	}
	if err := itr.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestStandbyContinuesAfterSnapshotAheadOfLevel0 is the warm standby's
// takeover after a primary died with its last snapshot ahead of the
// level-0 files it had uploaded (behind = how many level-0 files it did
// not upload; 0 is the ordinary case). The standby restores before
// serving, makes one write, syncs and stops; a restore from the replica
// afterwards must hold exactly the standby's state, the write included,
// and the replica's level 0 must still be one unbroken chain (Litestream's
// compaction into level 1 refuses a gap). Without the standby continuing
// level 0 up to the restored TXID, Litestream on the standby numbered its
// first sync after the last level-0 file, the same TXID as the snapshot
// holding the primary's state, and a restore took the snapshot and skipped
// the standby's write.
func TestStandbyContinuesAfterSnapshotAheadOfLevel0(t *testing.T) {
	for _, behind := range []int{0, 1, 3} {
		t.Run(fmt.Sprintf("behind=%d", behind), func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			url := "file://" + filepath.Join(dir, "replica")
			top, primary := crashAfterSnapshot(t, filepath.Join(dir, "primary.db"), url, behind)

			standby := filepath.Join(dir, "standby", "convene.db")
			if ok, err := replica.RestoreIfMissing(ctx, standby, url, quietLog); !ok || err != nil {
				t.Fatalf("takeover: restored %v, %v", ok, err)
			}
			if got := digests(t, standby); !same(got, primary) {
				t.Fatal("the standby did not restore the primary's last snapshot")
			}
			db, err := sqlite.Open(ctx, standby, sqlite.ExistingOnly())
			if err != nil {
				t.Fatal(err)
			}
			// An hour: the standby ships only when asked (Sync, Close), so
			// its first sync comes after its write, every run.
			rep, err := replica.Start(ctx, standby, replica.Config{URL: url, SyncInterval: time.Hour, Logger: quietLog})
			if err != nil {
				t.Fatal(err)
			}
			renameUsers(t, db, 1, "standby")
			if err := rep.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			db.Close()
			if err := rep.Close(ctx); err != nil {
				t.Fatal(err)
			}
			want := digests(t, standby)
			if same(want, primary) {
				t.Fatal("control: the standby's write changed nothing")
			}

			// The latest restore, then Litestream's compaction of level 0
			// into level 1 (it refuses a gap), then the restore again.
			client, err := litestream.NewReplicaClientFromURL(url)
			if err != nil {
				t.Fatal(err)
			}
			restored := 0
			for _, step := range []string{"restore", "after compaction"} {
				if step != "restore" {
					if _, err := litestream.NewCompactor(client, quietLog).Compact(ctx, 1); err != nil {
						t.Fatalf("compaction into level 1: %v", err)
					}
				}
				after := filepath.Join(t.TempDir(), "after.db")
				if err := replica.Restore(ctx, url, after, time.Time{}, quietLog); err != nil {
					t.Fatal(err)
				}
				if got := digests(t, after); same(got, want) {
					restored++
				} else {
					t.Errorf("%s: the replica lacks the standby's state", step)
				}
			}
			l0 := files(t, client, 0)
			for i := 1; i < len(l0); i++ {
				if l0[i].MinTXID != l0[i-1].MaxTXID+1 {
					t.Errorf("level 0 has a gap or an overlap: %s-%s then %s-%s",
						l0[i-1].MinTXID, l0[i-1].MaxTXID, l0[i].MinTXID, l0[i].MaxTXID)
				}
			}
			last := l0[len(l0)-1].MaxTXID
			if last <= top {
				t.Errorf("the standby's syncs end at TXID %s, not after the snapshot's %s", last, top)
			}
			fmt.Printf("takeover after a snapshot %d level-0 file(s) ahead of the upload (snapshot TXID %s): %d of 2 restores (before and after compaction) hold the standby's write; level 0 now ends at %s in %d files\n",
				behind, top, restored, last, len(l0))
		})
	}
}

func same(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
