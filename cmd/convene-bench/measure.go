//go:build bench

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"time"

	"convene/internal/sqlite"
)

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
	lastHWM, _ := c.hwm()               // the run's peak so far: where it rises is said in the log
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
			// The scenario's own rows written raw (issue 20's baseline):
			// a nomination's delegate and audit rows, or an account's
			// update and its audit row.
			rows := sqlite.UserRows
			if sc.writes == registrations {
				rows = sqlite.RegistrationRows
			}
			ins, err := sqlite.MeasureRowsRate(ctx, filepath.Join(dir, "insert-"+sc.name+".db"), rows, o.insertDur)
			if err != nil {
				return nil, err
			}
			insertTPS[sc.name] = ins.PerSecond()
			say("raw SQLite transactions of the same rows (%s): %.0f/s", rows, ins.PerSecond())
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
		if h, err := c.hwm(); err == nil && h > lastHWM {
			say("%-20s raised the server's peak RSS (VmHWM) from %.1f MB to %.1f MB", sc.name, mb(lastHWM), mb(h))
			lastHWM = h
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

	if !o.short && o.only == nil {
		// The same server replicating (issue 20): its own run, on the
		// same file, once this one has stopped.
		if err := c.stop(); err != nil {
			return nil, err
		}
		if err := measureReplicating(ctx, o, dir, large, res.ds, mixRPS, fig, say); err != nil {
			return nil, err
		}
	}

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
		if !ok || sc.name == baseline || sc.name == render || sc.name == renderProgramme || sc.name == staticProgramme || sc.small {
			continue
		}
		against, figure := sc.against, ".rps_x_render"
		if against == "" {
			against = render
		}
		if against == staticProgramme {
			figure = ".rps_x_static"
		}
		if r, ok := fig[against+".rps_x_baseline"]; ok {
			fig[sc.name+figure] = ratio(v, r)
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
