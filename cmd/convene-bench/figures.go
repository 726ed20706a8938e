//go:build bench

package main

import (
	"context"
	"convene/internal/convene"
	"convene/internal/sqlite"
	"math"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

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
