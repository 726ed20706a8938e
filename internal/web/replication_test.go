package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"convene/internal/convene"
	"convene/internal/replica"
)

// newReplicatingApp is newTestApp with continuous replication of its
// database to a file replica, as `convene serve -replica` wires it.
func newReplicatingApp(t *testing.T) (*testApp, *replica.Replicator, string) {
	t.Helper()
	db := openTestDatabase(t, t.TempDir())
	dir := filepath.Join(t.TempDir(), "replica")
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	rep, err := replica.Start(context.Background(), db.Path(), replica.Config{URL: "file://" + dir, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Close()
		_ = rep.Close(context.Background())
	})
	srv, err := New(Config{Secret: []byte(strings.Repeat("s", 32)), SignInFailureDelay: time.Millisecond,
		TimeZone: time.UTC, Replication: rep}, db, log)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &testApp{t: t, db: db, srv: srv, ts: ts, log: logs}, rep, "file://" + dir
}

// TestHealthzDetailForTheAdministratorOnly: anonymous callers and every
// other role read a bare "ok"; the secretariat's administrator also reads
// the replica's address, last sync and lag.
func TestHealthzDetailForTheAdministratorOnly(t *testing.T) {
	a, rep, url := newReplicatingApp(t)
	if err := rep.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, role := range []convene.Role{convene.RoleAnonymous, convene.RoleDelegate, convene.RoleFocal,
		convene.RoleOrganiser, convene.RoleOfficer} {
		resp, body := a.as(role).get("/healthz")
		if resp.StatusCode != http.StatusOK || body != "ok\n" {
			t.Errorf("/healthz as %s: %d %q, want a bare ok", roleName(role), resp.StatusCode, body)
		}
	}
	resp, body := a.as(convene.RoleAdmin).get("/healthz")
	for _, want := range []string{"ok\n", "replication: ok\n", "replica: " + url + "\n", "last sync: 20", "lag: "} {
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("/healthz as admin lacks %q:\n%s", want, body)
		}
	}

	// Without replication the administrator reads that it is off.
	plain := newTestApp(t)
	if _, body := plain.as(convene.RoleAdmin).get("/healthz"); body != "ok\nreplication: off\n" {
		t.Errorf("/healthz as admin without replication: %q", body)
	}
}

// TestReplicationPageSyncNow: the administrator's page shows the replica
// and its last sync; "Sync now" answers after the replica caught up with a
// change made just before it.
func TestReplicationPageSyncNow(t *testing.T) {
	a, rep, url := newReplicatingApp(t)
	admin := a.as(convene.RoleAdmin)
	resp, body := admin.get("/admin/replication")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, url) || !strings.Contains(body, "Sync now") {
		t.Fatalf("page: %d\n%.2000s", resp.StatusCode, body)
	}
	// A change, then "Sync now": the replica's position is the local one.
	name := "ສົມພອນ ພົມມະຈັນ"
	if _, err := a.db.UpdateUser(context.Background(), 1, convene.UserUpdate{Name: &name}); err != nil {
		t.Fatal(err)
	}
	resp, _ = admin.post("/admin/replication", nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sync now: %d", resp.StatusCode)
	}
	st := rep.Status()
	if st.ReplicatedTXID == "" || st.ReplicatedTXID != st.LocalTXID {
		t.Errorf("after sync now: local %q, replicated %q", st.LocalTXID, st.ReplicatedTXID)
	}
	_, body = admin.get("/admin/replication")
	if !regexp.MustCompile(`The replica holds every change made until now`).MatchString(body) ||
		!strings.Contains(body, st.LocalTXID) {
		t.Errorf("page after sync now:\n%.3000s", body)
	}

	// Without replication the page says so, and "Sync now" is refused.
	plain := newTestApp(t).as(convene.RoleAdmin)
	if _, body := plain.get("/admin/replication"); !strings.Contains(body, "does not replicate") {
		t.Errorf("page without replication:\n%.2000s", body)
	}
	if resp, _ := plain.post("/admin/replication", nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("sync now without replication: %d", resp.StatusCode)
	}
}
