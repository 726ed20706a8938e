// Command convene-bench measures Convene against the machine's own limits.
// It generates a realistic dataset through the store, starts the real server
// on loopback (a child process running web.New with the benchmark's own
// baselines mounted in front of the router, baseline.go), drives it
// with vegeta, and reports every figure as a ratio to baselines measured in
// the same run: a fixed body through the same echo stack, the meeting page
// rendered from memory, and raw SQLite insert transactions with the
// production durability settings. The machines here are shared and noisy, so
// absolute times mean little; ratios travel. It then checks the figures
// against budget.txt and exits 1 naming every budget it missed.
//
//	go run ./cmd/convene-bench          # full mode, about 2 minutes on 2 cores
//	go run ./cmd/convene-bench -short   # seconds; ./test.sh runs it
package main

import (
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"convene/internal/convene"
	"convene/internal/sqlite"
)

//go:embed budget.txt
var defaultBudget string

func main() {
	if os.Getenv(childEnv) != "" {
		if err := serveChild(); err != nil {
			fmt.Fprintln(os.Stderr, "convene-bench server:", err)
			os.Exit(1)
		}
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "convene-bench:", err)
		var u usageError
		if errors.As(err, &u) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

type usageError struct{ error }

// errBudget is returned when the run completed but missed a budget.
var errBudget = errors.New("budget missed")

// options are the run's knobs; -short picks small ones.
type options struct {
	short         bool
	meetings      int
	perDelegation int
	conns         int
	dur           time.Duration
	mixDur        time.Duration
	insertDur     time.Duration
	steadyLoad    float64
	steadyRate    int
	budget        string
	out           string
	exe           string
	keep          bool
	profile       string
	only          map[string]bool
}

func parseOptions(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("convene-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.BoolVar(&o.short, "short", false, "a run of seconds on a small dataset (CI); the defaults below are the full run's")
	fs.IntVar(&o.meetings, "meetings", 200, "generated meetings, each with a delegation from all 11 countries")
	fs.IntVar(&o.perDelegation, "delegates", 40, "delegates per generated delegation")
	fs.IntVar(&o.conns, "conns", 64, "concurrent connections")
	fs.DurationVar(&o.dur, "duration", 3*time.Second, "measured time per scenario (plus a fifth to warm up and a third for the baseline just before)")
	fs.DurationVar(&o.mixDur, "mix-duration", 8*time.Second, "time of each registration-week mix")
	fs.DurationVar(&o.insertDur, "insert-duration", 2*time.Second, "time of the raw SQLite insert baseline (just before each write scenario)")
	fs.IntVar(&o.steadyRate, "steady-rate", 60, "req/s of the steady registration-week mix (0: use -steady-load)")
	fs.Float64Var(&o.steadyLoad, "steady-load", 0.5, "with -steady-rate 0, the steady mix runs at this fraction of the mix's maximum rate")
	fs.StringVar(&o.budget, "budget", "", "budget file (default: the budget.txt built in)")
	fs.StringVar(&o.out, "out", "", "also write the report (Markdown) to this file")
	fs.StringVar(&o.exe, "server-exe", "", "binary to run as the server (default: this one)")
	fs.BoolVar(&o.keep, "keep", false, "keep the temporary directory (database, server log)")
	fs.StringVar(&o.profile, "profile", "", "write the server's CPU and allocation profiles of each scenario into this directory (go tool pprof)")
	only := fs.String("only", "", "comma-separated scenarios to run alone (the baselines always run); the mixes still run")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return o, err
		}
		return o, usageError{err}
	}
	if *only != "" {
		o.only = map[string]bool{baseline: true, render: true, renderProgramme: true}
		for _, n := range strings.Split(*only, ",") {
			o.only[strings.TrimSpace(n)] = true
		}
	}
	if o.short {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		def := func(name string, apply func()) {
			if !set[name] {
				apply()
			}
		}
		def("meetings", func() { o.meetings = 4 })
		def("delegates", func() { o.perDelegation = 5 })
		def("conns", func() { o.conns = 8 })
		def("duration", func() { o.dur = 300 * time.Millisecond })
		def("mix-duration", func() { o.mixDur = time.Second })
		def("insert-duration", func() { o.insertDur = 300 * time.Millisecond })
		def("steady-rate", func() { o.steadyRate = 0 })
	}
	if o.conns < 1 || o.dur <= 0 || o.mixDur <= 0 || o.insertDur <= 0 || o.steadyLoad <= 0 || o.steadyLoad > 1 || o.steadyRate < 0 {
		return o, usageError{errors.New("-conns, the durations and -steady-load (0 < x <= 1) must be positive")}
	}
	return o, nil
}

func (o options) mode() string {
	if o.short {
		return "short"
	}
	return "full"
}

// run is the whole program, callable from tests.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseOptions(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	budgetText := defaultBudget
	if o.budget != "" {
		b, err := os.ReadFile(o.budget)
		if err != nil {
			return usageError{err}
		}
		budgetText = string(b)
	}
	budget, err := parseBudget(strings.NewReader(budgetText))
	if err != nil {
		return usageError{err}
	}
	if o.exe == "" {
		if o.exe, err = os.Executable(); err != nil {
			return err
		}
	}
	dir, err := os.MkdirTemp("", "convene-bench-")
	if err != nil {
		return err
	}
	if o.keep {
		fmt.Fprintf(stderr, "keeping %s\n", dir)
	} else {
		defer os.RemoveAll(dir)
	}

	r, err := measure(ctx, o, dir, stderr)
	if err != nil {
		return err
	}
	verdicts := checkBudget(budget, o.mode(), r.figures)
	report := r.markdown(o, verdicts)
	fmt.Fprint(stdout, report)
	if o.out != "" {
		if err := os.WriteFile(o.out, []byte(report), 0o644); err != nil {
			return err
		}
	}
	var missed []string
	for _, v := range verdicts {
		if !v.ok {
			missed = append(missed, v.String())
		}
	}
	if len(missed) > 0 {
		fmt.Fprintf(stderr, "convene-bench: %d budget(s) missed:\n  %s\n", len(missed), strings.Join(missed, "\n  "))
		return fmt.Errorf("%w: %d of %d checks", errBudget, len(missed), len(verdicts))
	}
	return nil
}

// result is everything one run measured.
type result struct {
	ds       dataset
	isolated map[string]*stats
	adjacent map[string]*stats // the baseline measured just before each scenario
	mix      map[string]*stats
	steady   map[string]*stats
	figures  map[string]float64
	start    time.Time
	load     [2]string // the machine's load averages at the start and the end
}

// benchPassword is every demo account's password in the benchmark's database.
const benchPassword = "bench-password-ADMM-2025"

func measure(ctx context.Context, o options, dir string, progress io.Writer) (*result, error) {
	res := &result{figures: map[string]float64{}, start: time.Now().UTC(), load: [2]string{loadAvg()}}
	defer func() { res.load[1] = loadAvg() }()
	fig := res.figures
	say := func(format string, a ...any) { fmt.Fprintf(progress, "bench: "+format+"\n", a...) }

	// The small database: the demo dataset plus smallMeetings generated
	// meetings of the same shape as the large one's (about 1,000
	// delegates in the full run). It is the start-up baseline, and its
	// server, idle otherwise, answers the small half of the comparisons
	// (scenarios marked small) right before the large half.
	small := filepath.Join(dir, "small.db")
	smallDS, err := generate(ctx, small, smallMeetings, o.perDelegation, benchPassword)
	if err != nil {
		return nil, err
	}
	fig["run.small_delegates"] = float64(smallDS.delegates)
	cs, err := startChild(ctx, o.exe, small, filepath.Join(dir, "small.log"))
	if err != nil {
		return nil, err
	}
	defer cs.stop()
	smallStartup := cs.startup

	say("generating %d meetings × 11 delegations × %d delegates", o.meetings, o.perDelegation)
	large := filepath.Join(dir, "convene.db")
	if res.ds, err = generate(ctx, large, o.meetings, o.perDelegation, benchPassword); err != nil {
		return nil, err
	}
	fig["run.generate_s"] = res.ds.generation.Seconds()
	fig["run.meetings"], fig["run.delegates"] = float64(res.ds.meetings), float64(res.ds.delegates)
	fig["run.db_mb"] = float64(fileSize(large)) / (1 << 20)
	say("generated %d delegates in %s (%.1f MB)", res.ds.delegates, res.ds.generation.Round(time.Millisecond), fig["run.db_mb"])

	c, err := startChild(ctx, o.exe, large, filepath.Join(dir, "server.log"))
	if err != nil {
		return nil, err
	}
	defer c.stop()
	fig["run.startup_ms"] = ms(c.startup)
	fig["run.startup_x_small"] = ratio(c.startup.Seconds(), smallStartup.Seconds())

	w, err := newWorld(c.base, res.ds, benchPassword)
	if err != nil {
		return nil, err
	}
	// The peak so far is the sign-ins' (argon2, bounded by the hashing
	// semaphore): kept apart so that the run's peak can be told from it.
	if h, err := c.hwm(); err == nil {
		fig["run.rss_signin_mb"] = mb(h)
	}
	sw, err := newWorld(cs.base, smallDS, benchPassword, "", "officer")
	if err != nil {
		return nil, err
	}
	mix, err := w.mixTargets()
	if err != nil {
		return nil, err
	}
	want := wants()
	writes := map[string]int{} // scenario -> successful writes in every attack
	count := func(sts map[string]*stats) {
		for _, sc := range scenarios {
			if s := sts[sc.name]; s != nil && sc.writes != "" {
				writes[sc.name] += s.codes[want[sc.name]]
			}
		}
	}
	auditBefore, err := auditCounts(ctx, large, res.ds.regMeeting)
	if err != nil {
		return nil, err
	}

	// Warm up (connections, caches, the Go heap), then take the idle memory.
	count(attack(ctx, mix, want, o.conns, 0, o.dur/2))
	c.collect()
	idleRSS, _ := c.rss()
	idleHeap, _ := c.heap()
	fig["run.rss_idle_mb"] = mb(idleRSS)

	baseTargets, err := w.targets(scenarios[0])
	if err != nil || scenarios[0].name != baseline {
		return nil, fmt.Errorf("the first scenario must be the baseline: %v", err)
	}
	smallBase, err := sw.targets(scenarios[0])
	if err != nil {
		return nil, err
	}
	c.sample(true)
	res.isolated, res.adjacent = map[string]*stats{}, map[string]*stats{}
	insertTPS := map[string]float64{}
	scenarioRSS := map[string]uint64{}  // peak RSS during each scenario, after a collection
	scenarioHeap := map[string]uint64{} // peak Go heap in use during each scenario (RSS lags: the runtime returns memory lazily)
	for _, sc := range scenarios {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if o.only != nil && !o.only[strings.TrimSuffix(sc.name, smallSuffix)] {
			continue
		}
		wd, bt := w, baseTargets
		if sc.small {
			wd, bt = sw, smallBase
		}
		t, err := wd.targets(sc)
		if err != nil {
			return nil, err
		}
		count(attack(ctx, t, want, o.conns, 0, o.dur/5))
		// The baseline again, right before the scenario: the load of a
		// shared machine drifts within a run, so each ratio divides by a
		// baseline measured under the same conditions (on the same server).
		adj := attack(ctx, bt, want, o.conns, 0, o.dur/3)[baseline]
		if sc.small {
			sts := attack(ctx, t, want, o.conns, 0, o.dur)
			if s := sts[sc.name]; s != nil && adj != nil {
				res.isolated[sc.name], res.adjacent[sc.name] = s, adj
				say("%-20s %8.0f req/s  p50 %6.2f ms  p99 %7.2f ms  errors %d  (small database; baseline just before: %.0f req/s)",
					sc.name, s.rps, ms(s.p50), ms(s.p99), s.errors, adj.rps)
			}
			continue
		}
		if sc.writes != "" {
			ins, err := sqlite.MeasureInsertRate(ctx, filepath.Join(dir, "insert-"+sc.name+".db"), o.insertDur)
			if err != nil {
				return nil, err
			}
			insertTPS[sc.name] = ins.PerSecond()
			say("raw SQLite insert transactions: %.0f/s", ins.PerSecond())
		}
		done := c.profile(o.profile, sc.name, o.dur)
		r0, h0 := c.peaks()
		c.collect()
		c.resetPeaks()
		sts := attack(ctx, t, want, o.conns, 0, o.dur)
		count(sts)
		r1, h1 := c.peaks()
		scenarioHeap[sc.name], scenarioRSS[sc.name] = h1, r1
		c.mu.Lock()
		c.peakRSS, c.peakHeap = max(r0, r1), max(h0, h1)
		c.mu.Unlock()
		if err := <-done; err != nil {
			return nil, err
		}
		if s := sts[sc.name]; s != nil && adj != nil {
			res.isolated[sc.name], res.adjacent[sc.name] = s, adj
			say("%-20s %8.0f req/s  p50 %6.2f ms  p99 %7.2f ms  errors %d  (baseline just before: %.0f req/s)",
				sc.name, s.rps, ms(s.p50), ms(s.p99), s.errors, adj.rps)
			if s.errors > 0 {
				say("%-20s answers by status: %v", sc.name, s.codes)
			}
		}
		// A scenario with a small twin: alternate the two, so that the
		// machine's drift falls on both alike (see alternate).
		for _, twin := range scenarios {
			if !twin.small || twin.name != sc.name+smallSuffix || (o.only != nil && !o.only[sc.name]) {
				continue
			}
			st, err := sw.targets(twin)
			if err != nil {
				return nil, err
			}
			ratios := alternate(ctx, st, t, want, o.conns, o.dur/4, twin.name, sc.name)
			for _, sts := range ratios.attacks {
				count(sts)
			}
			fig[sc.name+".p99_x_small"] = median(ratios.p99)
			fig[sc.name+".p50_x_small"] = median(ratios.p50)
			say("%-20s p99 on the large database over the small one, alternating: %v (median %.2f)",
				sc.name, ratios.p99, median(ratios.p99))
		}
	}
	r0, h0 := c.peaks()
	c.collect()
	c.resetPeaks()
	res.mix = attack(ctx, mix, want, o.conns, 0, o.mixDur)
	count(res.mix)
	mr, mh := c.peaks()
	fig["mix.rss_peak_mb"], fig["mix.heap_peak_mb"] = mb(mr), mb(mh)
	c.mu.Lock()
	c.peakRSS, c.peakHeap = max(r0, mr), max(h0, mh)
	c.mu.Unlock()
	mixRPS := total(res.mix).rps
	rate := o.steadyRate
	if rate == 0 {
		rate = int(math.Max(1, o.steadyLoad*mixRPS))
	}
	say("mix at the maximum: %.0f req/s; steady mix at %d req/s", mixRPS, rate)
	res.steady = attack(ctx, mix, want, o.conns, rate, o.mixDur)
	count(res.steady)
	c.sample(false)
	peakRSS, peakHeap := c.peaks()
	hwm, _ := c.hwm()
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	auditAfter, err := auditCounts(ctx, large, res.ds.regMeeting)
	if err != nil {
		return nil, err
	}
	lost := lostRows(scenarios, writes, auditBefore, auditAfter, fig)
	fig["run.lost_rows"] = float64(lost)

	fig["run.rss_peak_mb"] = mb(max(hwm, peakRSS))
	fig["run.rss_per_conn_kb"] = float64(int64(peakRSS)-int64(idleRSS)) / 1024 / float64(o.conns)
	fig["run.heap_peak_mb"] = mb(peakHeap)
	fig["run.heap_per_conn_kb"] = float64(int64(peakHeap)-int64(idleHeap)) / 1024 / float64(o.conns)
	fig["run.conns"] = float64(o.conns)

	base, rend := res.isolated[baseline], res.isolated[render]
	if base == nil || rend == nil {
		return nil, errors.New("a baseline was not measured")
	}
	for _, sc := range scenarios {
		s, adj := res.isolated[sc.name], res.adjacent[sc.name]
		if s == nil {
			continue
		}
		n := sc.name
		fig[n+".rps"], fig[n+".errors"], fig[n+".baseline_rps"] = s.rps, float64(s.errors), adj.rps
		fig[n+".p50_ms"], fig[n+".p95_ms"], fig[n+".p99_ms"] = ms(s.p50), ms(s.p95), ms(s.p99)
		fig[n+".heap_peak_mb"], fig[n+".rss_peak_mb"] = mb(scenarioHeap[n]), mb(scenarioRSS[n])
		fig[n+".rps_x_baseline"] = ratio(s.rps, adj.rps)
		fig[n+".p50_x_baseline"] = ratio(ms(s.p50), ms(adj.p50))
		fig[n+".p95_x_baseline"] = ratio(ms(s.p95), ms(adj.p95))
		fig[n+".p99_x_baseline"] = ratio(ms(s.p99), ms(adj.p99))
		if tps, ok := insertTPS[n]; ok {
			fig[n+".rps_x_insert"] = ratio(s.rps, tps)
			fig[n+".insert_tps"] = tps
			fig["run.insert_tps"] = tps
		}
	}
	// Against the render-only page (the scenario's own, or the meeting
	// page's): the ratio of the two ratios, each to the baseline measured
	// just before it.
	for _, sc := range scenarios {
		v, ok := fig[sc.name+".rps_x_baseline"]
		if !ok || sc.name == baseline || sc.name == render || sc.name == renderProgramme || sc.small {
			continue
		}
		against := sc.against
		if against == "" {
			against = render
		}
		if r, ok := fig[against+".rps_x_baseline"]; ok {
			fig[sc.name+".rps_x_render"] = ratio(v, r)
		}
	}
	// Small against large in the scenarios' own runs (seconds apart):
	// the plain quotients, next to the alternating p99_x_small.
	for _, sc := range scenarios {
		if !sc.small {
			continue
		}
		n := strings.TrimSuffix(sc.name, smallSuffix)
		if _, ok := fig[n+".p99_ms"]; ok {
			fig[n+".p99_ms_x_small"] = ratio(fig[n+".p99_ms"], fig[sc.name+".p99_ms"])
			fig[n+".p50_ms_x_small"] = ratio(fig[n+".p50_ms"], fig[sc.name+".p50_ms"])
		}
	}
	m, st := total(res.mix), total(res.steady)
	fig["mix.rps"], fig["mix.rps_x_baseline"], fig["mix.errors"] = m.rps, ratio(m.rps, base.rps), float64(m.errors)
	fig["steady.rate"], fig["steady.rps"], fig["steady.errors"] = float64(rate), st.rps, float64(st.errors)
	sb := res.steady[baseline]
	for name, s := range res.steady {
		fig["steady."+name+".p99_ms"] = ms(s.p99)
		if sb != nil && name != baseline {
			fig["steady."+name+".p99_x_baseline"] = ratio(ms(s.p99), ms(sb.p99))
		}
	}
	return res, nil
}

// registrations is the writes of the registration scenario: counted as
// people of the meeting and their "nominate" audit rows (CountNominations),
// not as audit rows of an entity.
const registrations = "registration"

// smallMeetings is how many generated meetings the small database has:
// with 11 delegations of 40, 880 delegates plus the demo's, about 1,000.
const smallMeetings = 2

// lostRows compares each write scenario's 303 answers (oks) with the rows
// the database gained between the counts before and after (auditCounts),
// records NAME.ok, NAME.rows (and for registrations NAME.audit_rows) in
// fig, and returns how many rows are missing or extra in all.
func lostRows(scs []scenario, oks, before, after map[string]int, fig map[string]float64) int {
	lost := 0
	diff := func(a, b int) int { return int(math.Abs(float64(a - b))) }
	for _, sc := range scs {
		switch {
		case sc.writes == registrations:
			// Every 303 is one more person in the meeting and one more
			// "nominate" audit row naming them.
			people := after[registrations+".people"] - before[registrations+".people"]
			audited := after[registrations+".audit"] - before[registrations+".audit"]
			lost += diff(oks[sc.name], people) + diff(oks[sc.name], audited)
			fig[sc.name+".rows"], fig[sc.name+".audit_rows"] = float64(people), float64(audited)
			fig[sc.name+".ok"] = float64(oks[sc.name])
		case sc.writes != "":
			got := after[sc.writes] - before[sc.writes]
			lost += diff(oks[sc.name], got)
			fig[sc.name+".rows"] = float64(got)
			fig[sc.name+".ok"] = float64(oks[sc.name])
		}
	}
	return lost
}

// auditCounts counts audit rows per entity, and the registration meeting's
// people and nominations, from the parent's own connection to the file the
// server is writing.
func auditCounts(ctx context.Context, path, regMeeting string) (map[string]int, error) {
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	out := map[string]int{}
	for _, sc := range scenarios {
		if sc.writes == registrations {
			people, audited, err := db.CountNominations(ctx, regMeeting)
			if err != nil {
				return nil, err
			}
			out[registrations+".people"], out[registrations+".audit"] = people, audited
			continue
		}
		if sc.writes == "" {
			continue
		}
		_, n, err := db.FindAuditEntries(ctx, convene.AuditFilter{Entity: sc.writes, Limit: 1})
		if err != nil {
			return nil, err
		}
		out[sc.writes] = n
	}
	return out, nil
}

// alternation is what alternate measured: per pair of attacks, the large
// scenario's p50 and p99 over the small one's, and every attack's stats.
type alternation struct {
	p50, p99 []float64
	attacks  []map[string]*stats
}

// alternateRounds is how many small/large pairs alternate measures.
const alternateRounds = 4

// alternate measures the same request on the small and the large database
// in alternation, ABBA (small, large, large, small, ...), each for d, and
// returns the ratios of each adjacent pair. The machines here are shared:
// the load moves by a factor of two within seconds, so two measurements
// taken one after the other compare the machine as much as the databases;
// in alternation a drift falls on both alike, and the median of the pairs
// discards the pair a burst of other work hit.
func alternate(ctx context.Context, small, large []vegeta.Target, want map[string]int, conns int, d time.Duration,
	smallName, largeName string) alternation {
	var a alternation
	for r := range alternateRounds {
		var s, l *stats
		for k := range 2 {
			if (r%2 == 0) == (k == 0) {
				sts := attack(ctx, small, want, conns, 0, d)
				a.attacks, s = append(a.attacks, sts), sts[smallName]
			} else {
				sts := attack(ctx, large, want, conns, 0, d)
				a.attacks, l = append(a.attacks, sts), sts[largeName]
			}
		}
		if s != nil && l != nil && s.p99 > 0 && s.p50 > 0 {
			a.p99 = append(a.p99, float64(l.p99)/float64(s.p99))
			a.p50 = append(a.p50, float64(l.p50)/float64(s.p50))
		}
	}
	return a
}

// median of xs (the mean of the middle two for an even count), 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// total sums an attack's scenarios (latencies are not summed).
func total(sts map[string]*stats) stats {
	var t stats
	for _, s := range sts {
		t.requests += s.requests
		t.errors += s.errors
		t.rps += s.rps
	}
	return t
}

func fileSize(path string) int64 {
	var n int64
	for _, p := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// loadAvg returns the machine's 1, 5 and 15 minute load averages (Linux).
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if err != nil || len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], ", ")
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
func mb(b uint64) float64        { return float64(b) / (1 << 20) }

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

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
	fmt.Fprintf(&b, "- raw SQLite single-row insert transactions (synchronous=FULL, WAL), measured right before each write scenario: %s/s before users.update, %s/s before registration.submit\n",
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
