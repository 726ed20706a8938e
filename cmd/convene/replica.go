package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"convene/internal/convene"
	"convene/internal/replica"
	"convene/internal/sqlite"
)

// purgeWatchInterval is how often a replicating server looks for a purge
// whose old pages are still in the -wal file; `convene purge` waits up to a
// minute for it.
const purgeWatchInterval = 2 * time.Second

// restoreBeforeServing restores the database from the replica when -db is
// missing or empty, as on a new machine or a warm standby taking over, and
// says so. A replica that holds nothing yet leaves the database to be
// created; one out of reach stops the start.
func restoreBeforeServing(ctx context.Context, e env, sf *serverFlags, log *slog.Logger) error {
	shown, err := convene.ParseReplicaURL(*sf.replica)
	if err != nil {
		return usageError{fmt.Sprintf("-replica (CONVENE_REPLICA): %v", err)}
	}
	clearCABundle(*sf.replica, log)
	start := time.Now()
	restored, err := replica.RestoreIfMissing(ctx, *sf.db, *sf.replica, log)
	if err != nil {
		return fmt.Errorf("restore %s from %s before serving: %w", *sf.db, shown, err)
	}
	if restored {
		took := time.Since(start).Round(time.Millisecond)
		log.Info("restored the database from the replica before serving", "db", *sf.db, "replica", shown, "took", took.String())
		fmt.Fprintf(e.stdout, "Restored %s from %s in %s\n", *sf.db, shown, took)
	}
	return nil
}

// startReplica starts continuous replication of the open database.
func startReplica(ctx context.Context, sf *serverFlags, log *slog.Logger) (*replica.Replicator, error) {
	rep, err := replica.Start(ctx, *sf.db, replica.Config{URL: *sf.replica, SyncInterval: *sf.replicaSyncInterval,
		PurgeDays: convene.PurgeAfterDays, Logger: log})
	if err != nil {
		return nil, err
	}
	st := rep.Status()
	log.Info("replicating", "replica", st.Replica, "sync_interval", st.SyncInterval.String(),
		"snapshot_interval", st.SnapshotInterval.String(), "retention", st.Retention.String())
	return rep, nil
}

// stopReplica makes the last sync and stops replication, after the
// application's own connections are closed. The shutdown was asked for
// already, so the sync gets its own context (bounded by the replicator's
// shutdown timeout).
func stopReplica(ctx context.Context, rep *replica.Replicator, log *slog.Logger) {
	if err := rep.Close(context.WithoutCancel(ctx)); err != nil {
		log.Error("stop replication", "err", err)
	}
}

// watchPurges empties the -wal file after a purge, which `convene purge`
// cannot do while Litestream holds the WAL open: every purgeWatchInterval
// it asks the store for a purge not yet followed by a wal_scrub row,
// checkpoints through Litestream and records the scrub (the purge command
// waits for that row). Checkpointing twice is harmless, so the job is
// idempotent: a second server on the file (never run one: see the README)
// would do no harm here. It returns a function that stops it and waits.
func watchPurges(ctx context.Context, db *sqlite.DB, rep *replica.Replicator, log *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(purgeWatchInterval)
		defer t.Stop()
		for {
			if err := scrubAfterPurge(ctx, db, rep, log); err != nil && ctx.Err() == nil {
				log.Warn("empty the WAL after a purge", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return func() { cancel(); <-done }
}

func scrubAfterPurge(ctx context.Context, db *sqlite.DB, rep *replica.Replicator, log *slog.Logger) error {
	purge, err := db.PurgesToScrub(ctx)
	if err != nil || purge == 0 {
		return err
	}
	ok, err := rep.Checkpoint(ctx)
	if err != nil || !ok {
		return err // not now (a snapshot was running): the next tick tries again
	}
	log.Info("emptied the -wal file after a purge", "audit_id", purge)
	return db.RecordWALScrub(ctx, purge)
}

// clearCABundle removes AWS_CA_BUNDLE from the environment before the S3
// client reads it: Litestream gives the AWS SDK a plain *http.Client, and
// the SDK then refuses to start ("unable to add custom RootCAs HTTPClient").
// Go's TLS reads SSL_CERT_FILE and SSL_CERT_DIR, which is where a private
// CA for the store belongs.
func clearCABundle(replicaURL string, log *slog.Logger) {
	if !strings.HasPrefix(replicaURL, "s3:") {
		return
	}
	if v := os.Getenv("AWS_CA_BUNDLE"); v != "" {
		_ = os.Unsetenv("AWS_CA_BUNDLE")
		log.Warn("AWS_CA_BUNDLE is ignored: the replica's S3 client cannot use it; give a private CA in SSL_CERT_FILE or SSL_CERT_DIR",
			"AWS_CA_BUNDLE", v)
	}
}

// runRestore handles `convene restore -from URL -to FILE [-at TIME]`.
func runRestore(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("restore", "Write the database as the replica holds it (the latest state, or the state at -at) to a new\n"+
		"file. Reads the replica only; never overwrites a file.", e.getenv, e.stderr)
	from := fs.String("from", "", "the replica: s3://bucket/path?endpoint=... or file:///dir (default: CONVENE_REPLICA)")
	to := fs.String("to", "", "the file to write (must not exist)")
	at := fs.String("at", "", "restore the state at this time, RFC 3339 (e.g. 2025-02-24T09:30:00+08:00); default the latest")
	logLevel := fs.String("log-level", "warn", "debug, info, warn or error")
	if err := fs.parse(args); err != nil {
		return err
	}
	if *from == "" {
		*from = e.getenv("CONVENE_REPLICA")
	}
	if *from == "" || *to == "" {
		return usageError{"usage: convene restore -from URL -to FILE [-at TIME]"}
	}
	var when time.Time
	if *at != "" {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			return usageError{fmt.Sprintf("-at %q: give a time like 2025-02-24T09:30:00+08:00 (RFC 3339)", *at)}
		}
		when = t
	}
	log, err := newLogger(e.stderr, *logLevel)
	if err != nil {
		return err
	}
	shown, err := convene.ParseReplicaURL(*from)
	if err != nil {
		return usageError{fmt.Sprintf("-from: %v", err)}
	}
	clearCABundle(*from, log)
	start := time.Now()
	if err := replica.Restore(ctx, *from, *to, when, log); err != nil {
		if errors.Is(err, replica.ErrNoBackup) {
			return fmt.Errorf("%s holds no backup to restore", shown)
		}
		return err
	}
	took := time.Since(start).Round(time.Millisecond)
	state := "the latest state"
	if !when.IsZero() {
		state = "the state at " + when.Format(time.RFC3339)
	}
	fmt.Fprintf(e.stdout, "restored %s of %s to %s in %s (integrity ok)\n", state, shown, *to, took)
	return nil
}
