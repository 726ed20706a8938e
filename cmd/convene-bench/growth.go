//go:build bench

package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
)

// growthSizes are the generated meetings of the growth table's databases:
// with 11 delegations of 40 each, about 1,000, 10,000 and 88,000 delegates
// (the demo's meetings come on top). -short divides them by ten and keeps
// at least one.
var growthSizes = []int{2, 22, 200}

// growthRow is one scenario's cost at each size: how many baseline
// requests one of its requests costs (the baseline's rate over its own,
// the baseline measured right before it on the same server).
type growthRow struct {
	name string
	cost []float64
}

// measureGrowth is -growth (issue 20, item 5): for each size it generates
// a database the way the full run does, starts the real server on it,
// signs in, and drives every read scenario alone for o.dur right after the
// baseline. A scenario whose cost grows with the database reads more than
// its page shows. Writes are left out: each adds rows, so their cost is
// the disk's, measured by the full run.
func measureGrowth(ctx context.Context, o options, dir string, progress io.Writer) (sizes []int, rows []growthRow, err error) {
	say := func(format string, a ...any) { fmt.Fprintf(progress, "bench: "+format+"\n", a...) }
	want := wants()
	idx := map[string]int{}
	for i, meetings := range growthSizes {
		if o.short {
			meetings = max(1, meetings/10)
		}
		path := filepath.Join(dir, fmt.Sprintf("growth-%d.db", i))
		ds, err := generate(ctx, path, meetings, o.perDelegation, benchPassword)
		if err != nil {
			return nil, nil, err
		}
		sizes = append(sizes, ds.delegates)
		say("growth: %d delegates generated in %s", ds.delegates, ds.generation.Round(time.Millisecond))
		c, err := startChild(ctx, o.exe, path, filepath.Join(dir, fmt.Sprintf("growth-%d.log", i)))
		if err != nil {
			return nil, nil, err
		}
		rows, err = growthAt(ctx, o, c.base, ds, want, idx, rows, i)
		c.stop()
		if err != nil {
			return nil, nil, err
		}
	}
	return sizes, rows, nil
}

// growthAt measures every read scenario on one server and puts its cost
// in column col of its row.
func growthAt(ctx context.Context, o options, base string, ds dataset, want map[string]int, idx map[string]int, rows []growthRow, col int) ([]growthRow, error) {
	w, err := newWorld(base, ds, benchPassword)
	if err != nil {
		return nil, err
	}
	bt, err := w.targets(scenarios[0])
	if err != nil {
		return nil, err
	}
	attack(ctx, bt, want, o.conns, 0, o.dur/3) // warm up
	for _, sc := range scenarios {
		if sc.small || sc.writes != "" || strings.HasPrefix(sc.path, "/bench/") {
			continue
		}
		if o.only != nil && !o.only[sc.name] {
			continue
		}
		t, err := w.targets(sc)
		if err != nil {
			return nil, err
		}
		adj := attack(ctx, bt, want, o.conns, 0, o.dur/3)[baseline]
		s := attack(ctx, t, want, o.conns, 0, o.dur)[sc.name]
		if adj == nil || s == nil || s.rps == 0 {
			continue
		}
		i, ok := idx[sc.name]
		if !ok {
			i, idx[sc.name] = len(rows), len(rows)
			rows = append(rows, growthRow{name: sc.name, cost: make([]float64, len(growthSizes))})
		}
		rows[i].cost[col] = adj.rps / s.rps
	}
	return rows, nil
}

// growthMarkdown is the growth table: each scenario's cost in baseline
// requests at each size, and the largest size's over the smallest's.
func growthMarkdown(sizes []int, rows []growthRow) string {
	var b strings.Builder
	b.WriteString("Cost of one request in baseline requests (the baseline's rate over the scenario's, each right after the baseline on the same server), by the database's size:\n\n| scenario |")
	for _, n := range sizes {
		fmt.Fprintf(&b, " %s delegates |", fmtNum(float64(n)))
	}
	b.WriteString(" largest × smallest |\n|---|")
	for range sizes {
		b.WriteString("---|")
	}
	b.WriteString("---|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| `%s` |", r.name)
		for _, c := range r.cost {
			fmt.Fprintf(&b, " %s |", fmtNum(c))
		}
		fmt.Fprintf(&b, " %s |\n", fmtNum(ratio(r.cost[len(r.cost)-1], r.cost[0])))
	}
	return b.String()
}
