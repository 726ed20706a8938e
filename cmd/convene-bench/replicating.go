//go:build bench

package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
)

// childReplicaEnv, when set, makes the child server replicate its database
// to that replica URL, as `convene serve -replica` does.
const childReplicaEnv = "CONVENE_BENCH_REPLICA"

// measureReplicating runs the server again on the large database, this
// time replicating it (issue 20: "report peak RSS also with replication
// on"): to a file:// replica in the run's directory, which takes the
// snapshot of the whole file first and then every WAL change. The run's
// server c must have stopped (one server per database file). It signs in
// as before, sends the registration-week mix at the maximum rate, and
// reports the peak RSS, the errors and the mix's rate against the rate
// without replication (mixRPS).
func measureReplicating(ctx context.Context, o options, dir, large string, ds dataset, mixRPS float64, fig map[string]float64,
	say func(string, ...any)) error {
	rdir := filepath.Join(dir, "replica")
	if err := os.MkdirAll(rdir, 0o750); err != nil {
		return err
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(rdir)}
	c, err := startChild(ctx, o.exe, large, filepath.Join(dir, "replicating.log"), childReplicaEnv+"="+u.String())
	if err != nil {
		return err
	}
	defer c.stop()
	w, err := newWorld(c.base, ds, benchPassword)
	if err != nil {
		return err
	}
	mix, err := w.mixTargets()
	if err != nil {
		return err
	}
	sts := attack(ctx, mix, wants(), o.conns, 0, o.mixDur)
	hwm, err := c.hwm()
	if err != nil {
		return err
	}
	t := total(sts)
	fig["replicating.errors"] = float64(t.errors)
	fig["replicating.rps_x_mix"] = ratio(t.rps, mixRPS)
	fig["run.rss_peak_replicating_mb"] = mb(hwm)
	say("mix at the maximum while replicating: %.0f req/s (%.2f × without), %d errors, peak RSS %.1f MB",
		t.rps, fig["replicating.rps_x_mix"], t.errors, mb(hwm))
	return replicaWritten(rdir)
}

// replicaWritten checks that the replica holds something: a run that
// replicated nothing would report the memory of a server that did not
// replicate.
func replicaWritten(dir string) error {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err == nil {
			n += fi.Size()
		}
		return err
	})
	if err == nil && n == 0 {
		err = fmt.Errorf("the replica in %s is empty: the server did not replicate", dir)
	}
	return err
}
