//go:build bench

package main

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
)

// markdown renders the report: the table per scenario, the run's figures,
// and the budget verdicts.
func (r *result) markdown(o options, verdicts []verdict) string {
	var b strings.Builder
	f := r.figures
	host, _ := os.Hostname()
	fmt.Fprintf(&b, "## convene-bench, %s mode, %s\n\n", o.mode(), r.start.Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(&b, "Machine: %s, %d CPUs (GOMAXPROCS %d), %s/%s, %s. %d connections, %s per scenario.\n\n",
		host, runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH, runtime.Version(), o.conns, o.dur)
	fmt.Fprintf(&b, "Load average (1, 5, 15 min) at the start: %s; at the end: %s. Above 2 the cores were shared with other work and absolute times say more about that than about Convene.\n\n",
		r.load[0], r.load[1])
	fmt.Fprintf(&b, "Dataset: %.0f meetings, %.0f delegates, %.1f MB, generated in %.1f s.\n\n",
		f["run.meetings"], f["run.delegates"], f["run.db_mb"], f["run.generate_s"])
	b.WriteString("| scenario | req/s | baseline req/s | × baseline | × render | p50 ms | p95 ms | p99 ms | p50 × base | p95 × base | p99 × base | errors | peak heap MB | peak RSS MB |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, sc := range scenarios {
		n := sc.name
		if _, ok := f[n+".rps"]; !ok {
			continue
		}
		cell := func(k string) string {
			v, ok := f[n+"."+k]
			if !ok {
				return "–"
			}
			return fmtNum(v)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", n, cell("rps"), cell("baseline_rps"),
			cell("rps_x_baseline"), cell("rps_x_render"), cell("p50_ms"), cell("p95_ms"), cell("p99_ms"),
			cell("p50_x_baseline"), cell("p95_x_baseline"), cell("p99_x_baseline"), cell("errors"), cell("heap_peak_mb"), cell("rss_peak_mb"))
	}
	b.WriteString("\n`× render` divides by `render` (the meeting page from memory), for `programme` by `render.programme` (the programme page from memory). `delegates.search.small` ran on the small database's server, against that server's baseline.\n")
	b.WriteString("\nRegistration-week mix (weights in cmd/convene-bench/load.go):\n\n")
	fmt.Fprintf(&b, "- at the maximum: %s req/s = %s × baseline, %s errors\n", fmtNum(f["mix.rps"]), fmtNum(f["mix.rps_x_baseline"]), fmtNum(f["mix.errors"]))
	fmt.Fprintf(&b, "- steady at %s req/s (%.0f%% of that): %s errors; p99 per scenario in ms (× the baseline's p99 in the same mix):",
		fmtNum(f["steady.rate"]), 100*ratio(f["steady.rate"], f["mix.rps"]), fmtNum(f["steady.errors"]))
	var names []string
	for n := range r.steady {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, " %s %s", n, fmtNum(f["steady."+n+".p99_ms"]))
		if v, ok := f["steady."+n+".p99_x_baseline"]; ok {
			fmt.Fprintf(&b, " (%s×)", fmtNum(v))
		}
		b.WriteString(";")
	}
	b.WriteString("\n\nServer and store:\n\n")
	fmt.Fprintf(&b, "- start-up to a healthy /healthz: %s ms on the large database, %s × on the small database (%s delegates)\n",
		fmtNum(f["run.startup_ms"]), fmtNum(f["run.startup_x_small"]), fmtNum(f["run.small_delegates"]))
	fmt.Fprintf(&b, "- memory: RSS %s MB idle, %s MB peak (VmHWM; %s MB after the sign-ins, %s MB RSS and %s MB Go heap at most in the mix at the maximum); %s KB RSS and %s KB Go heap per concurrent connection (peak under load minus idle, / %d)\n",
		fmtNum(f["run.rss_idle_mb"]), fmtNum(f["run.rss_peak_mb"]), fmtNum(f["run.rss_signin_mb"]), fmtNum(f["mix.rss_peak_mb"]),
		fmtNum(f["mix.heap_peak_mb"]), fmtNum(f["run.rss_per_conn_kb"]), fmtNum(f["run.heap_per_conn_kb"]), o.conns)
	if v, ok := f["run.rss_peak_replicating_mb"]; ok {
		fmt.Fprintf(&b, "- replicating (a file:// replica in the run's directory: the snapshot of the whole database, then every change): %s MB peak RSS (VmHWM), the registration-week mix at the maximum at %s × its rate without replication, %s errors\n",
			fmtNum(v), fmtNum(f["replicating.rps_x_mix"]), fmtNum(f["replicating.errors"]))
	}
	fmt.Fprintf(&b, "- raw SQLite transactions writing the scenario's own rows (an account's update and audit row; a delegate's row and its two audit rows; synchronous=FULL, WAL, statements prepared once, no checks), measured right before each write scenario: %s/s before users.update, %s/s before registration.submit\n",
		fmtNum(f["users.update.insert_tps"]), fmtNum(f["registration.submit.insert_tps"]))
	fmt.Fprintf(&b, "- writes: users.update at %s × that rate (%s saves answered 303, %s audit rows); registration.submit at %s × (%s nominations answered 303, %s new people, %s nominate audit rows); %s lost rows\n",
		fmtNum(f["users.update.rps_x_insert"]), fmtNum(f["users.update.ok"]), fmtNum(f["users.update.rows"]),
		fmtNum(f["registration.submit.rps_x_insert"]), fmtNum(f["registration.submit.ok"]), fmtNum(f["registration.submit.rows"]),
		fmtNum(f["registration.submit.audit_rows"]), fmtNum(f["run.lost_rows"]))
	fmt.Fprintf(&b, "- delegates search (in a meeting of %d on both): p99 %s ms on the small database (%s delegates), %s ms on the large one (%s), %s × in these two runs; alternating the two %d times, the large one's p99 is %s × the small one's (p50 %s ×, medians)\n",
		11*o.perDelegation, fmtNum(f["delegates.search.small.p99_ms"]), fmtNum(f["run.small_delegates"]), fmtNum(f["delegates.search.p99_ms"]),
		fmtNum(f["run.delegates"]), fmtNum(f["delegates.search.p99_ms_x_small"]), 2*alternateRounds, fmtNum(f["delegates.search.p99_x_small"]),
		fmtNum(f["delegates.search.p50_x_small"]))
	b.WriteString("\nBudget (cmd/convene-bench/budget.txt):\n\n```\n")
	missed := 0
	for _, v := range verdicts {
		b.WriteString(v.String() + "\n")
		if !v.ok {
			missed++
		}
	}
	fmt.Fprintf(&b, "```\n\n%d of %d budget checks missed.\n", missed, len(verdicts))
	return b.String()
}
