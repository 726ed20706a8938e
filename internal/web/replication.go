package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// handleReplication shows the administrator whether the database is copied
// continuously to its replica and how far behind the copy is.
func (s *Server) handleReplication(c echo.Context) error {
	return s.render(c, http.StatusOK, views.ReplicationPage(s.replicationView()))
}

// handleReplicationSync is "Sync now": it answers once the replica holds
// every change committed before the request (or the sync failed), so an
// administrator about to take risks (an upgrade, a bulk change) knows the
// replica is current.
func (s *Server) handleReplicationSync(c echo.Context) error {
	if s.cfg.Replication == nil {
		return s.redirectError(c, paths.Replication(), "This server does not replicate its database.")
	}
	ctx, cancel := context.WithTimeout(c.Request().Context(), time.Minute)
	defer cancel()
	if err := s.cfg.Replication.Sync(ctx); err != nil {
		s.log.Warn("replica sync", "err", err)
		return s.redirectError(c, paths.Replication(), "The replica could not be synced: check that its store is reachable. The last error is on this page.")
	}
	return s.redirect(c, paths.Replication(), "The replica holds every change made until now.")
}

// replicationView formats the status for the page.
func (s *Server) replicationView() views.ReplicationView {
	if s.cfg.Replication == nil {
		return views.ReplicationView{}
	}
	st, now := s.cfg.Replication.Status(), s.db.Now()
	v := views.ReplicationView{Enabled: true, Stale: st.Stale(now), Replica: st.Replica, Lag: seconds(st.Lag(now)),
		SyncInterval: seconds(st.SyncInterval), LastSync: "not since this server started",
		Snapshots: fmt.Sprintf("one every %s, kept %s (the purge window is %d days)", days(st.SnapshotInterval),
			days(st.Retention), convene.PurgeAfterDays),
		LocalTXID: orUnknown(st.LocalTXID), ReplicatedTXID: orUnknown(st.ReplicatedTXID), LastError: st.LastError}
	if !st.LastSync.IsZero() {
		v.LastSync = st.LastSync.In(s.cfg.TimeZone).Format("2 Jan 2006 15:04:05 MST")
	}
	return v
}

// healthDetail is what /healthz adds for the secretariat's administrator:
// replication's state, for a monitoring check signed in as one. Anonymous
// callers (load balancers) get the bare "ok".
func (s *Server) healthDetail(c echo.Context) string {
	if !convene.Allow(actor(c).Role, convene.PermManageUsers) || !actor(c).SignedIn() {
		return ""
	}
	if s.cfg.Replication == nil {
		return "replication: off\n"
	}
	st, now := s.cfg.Replication.Status(), s.db.Now()
	state := "ok"
	if st.Stale(now) {
		state = "stale"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "replication: %s\nreplica: %s\n", state, st.Replica)
	if st.LastSync.IsZero() {
		b.WriteString("last sync: none since start\n")
	} else {
		fmt.Fprintf(&b, "last sync: %s\n", st.LastSync.UTC().Format(time.RFC3339))
	}
	fmt.Fprintf(&b, "lag: %s\nposition: %s local, %s replicated\n", seconds(st.Lag(now)), orUnknown(st.LocalTXID),
		orUnknown(st.ReplicatedTXID))
	if st.LastError != "" {
		fmt.Fprintf(&b, "last error: %s\n", st.LastError)
	}
	return b.String()
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.1f s", d.Seconds()) }

func days(d time.Duration) string {
	if d >= 24*time.Hour && d%(24*time.Hour) == 0 {
		if n := int(d / (24 * time.Hour)); n != 1 {
			return fmt.Sprintf("%d days", n)
		}
		return "day"
	}
	return d.String()
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
