//go:build bench

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain lets the test binary be the benchmark's server child too, so that
// the tests run the same two-process benchmark as the command.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		if err := serveChild(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestBudgetChecks(t *testing.T) {
	lines, err := parseBudget(strings.NewReader(`
# comment
all    *.errors        ==  0
full   a.rps_x_render  >=  0.5   # trailing comment
short  b.p99_ms        <   100
all    missing.figure  <   1
`))
	if err != nil {
		t.Fatal(err)
	}
	figures := map[string]float64{"a.errors": 0, "b.errors": 2, "a.rps_x_render": 0.4, "b.p99_ms": 50}
	got := map[string]bool{}
	for _, v := range checkBudget(lines, "full", figures) {
		got[v.figure] = v.ok
	}
	want := map[string]bool{"a.errors": true, "b.errors": false, "a.rps_x_render": false, "missing.figure": false}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("full mode verdicts %v, want %v", got, want)
	}
	for _, v := range checkBudget(lines, "short", figures) {
		if v.figure == "a.rps_x_render" {
			t.Errorf("a full-mode line was applied in short mode: %v", v)
		}
	}

	for _, bad := range []string{"all x ~ 1", "sometimes x < 1", "all x < many", "all x <"} {
		if _, err := parseBudget(strings.NewReader(bad)); err == nil {
			t.Errorf("budget %q was accepted", bad)
		}
	}
	if _, err := parseBudget(strings.NewReader(defaultBudget)); err != nil {
		t.Errorf("the built-in budget.txt does not parse: %v", err)
	}
}

// TestShortRun runs the benchmark end to end on a tiny dataset: it must
// measure every scenario with no errors and no lost rows and meet the short
// budget; the control runs it again with one impossible budget line, which
// must make it fail and name that line.
func TestShortRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a server under load for several seconds")
	}
	args := []string{"-short", "-duration", "150ms", "-mix-duration", "400ms", "-insert-duration", "100ms", "-conns", "4"}
	var out, errs bytes.Buffer
	report := filepath.Join(t.TempDir(), "report.md")
	if err := run(context.Background(), append(args, "-out", report), &out, &errs); err != nil {
		t.Fatalf("short run: %v\n%s\n%s", err, out.String(), errs.String())
	}
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range scenarios {
		if !strings.Contains(string(b), "| "+sc.name+" |") {
			t.Errorf("the report has no row for %s", sc.name)
		}
	}
	if !strings.Contains(string(b), "; 0 lost rows") || !strings.Contains(string(b), "registration.submit at ") {
		t.Errorf("the report does not show 0 lost rows:\n%s", b)
	}

	impossible := filepath.Join(t.TempDir(), "budget.txt")
	if err := os.WriteFile(impossible, []byte("all *.errors == 0\nshort render.rps_x_baseline > 1000\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	errs.Reset()
	err = run(context.Background(), append(args, "-budget", impossible), &out, &errs)
	if !errors.Is(err, errBudget) {
		t.Fatalf("an impossible budget did not fail the run: %v", err)
	}
	if !strings.Contains(errs.String(), "MISSED render.rps_x_baseline") || !strings.Contains(errs.String(), "budget line 2") {
		t.Errorf("the failure does not name the missed budget:\n%s", errs.String())
	}
}

// TestLostRows checks the lost-row accounting: every 303 of a write
// scenario must be a row, and for registrations also a nominate audit row.
// The controls are a 303 whose person is missing and one whose audit row is
// missing: each must count as lost.
func TestLostRows(t *testing.T) {
	scs := []scenario{{name: "users.update", writes: "user"}, {name: "registration.submit", writes: registrations}}
	before := map[string]int{"user": 10, registrations + ".people": 440, registrations + ".audit": 0}
	oks := map[string]int{"users.update": 3, "registration.submit": 5}
	for _, c := range []struct {
		name  string
		after map[string]int
		lost  int
	}{
		{"every 303 is a row", map[string]int{"user": 13, registrations + ".people": 445, registrations + ".audit": 5}, 0},
		{"control: a nominated person is missing", map[string]int{"user": 13, registrations + ".people": 444, registrations + ".audit": 5}, 1},
		{"control: a nominate audit row is missing", map[string]int{"user": 13, registrations + ".people": 445, registrations + ".audit": 4}, 1},
		{"control: a user save left no audit row", map[string]int{"user": 12, registrations + ".people": 445, registrations + ".audit": 5}, 1},
	} {
		fig := map[string]float64{}
		if got := lostRows(scs, oks, before, c.after, fig); got != c.lost {
			t.Errorf("%s: lost %d, want %d (%v)", c.name, got, c.lost, fig)
		}
	}
}

// TestGrowthRun runs -growth on tiny databases for two scenarios: the table
// must have three growing sizes and, for each scenario asked for, a cost at
// every size (a scenario left unmeasured at a size would read 0).
func TestGrowthRun(t *testing.T) {
	var out, errs bytes.Buffer
	args := []string{"-short", "-growth", "-delegates", "2", "-duration", "100ms", "-conns", "4", "-only", "landing,delegates.search"}
	if err := run(context.Background(), args, &out, &errs); err != nil {
		t.Fatalf("growth run: %v\n%s", err, errs.String())
	}
	sizes, rows, err := measureGrowthTable(out.String())
	if err != nil {
		t.Fatalf("%v in:\n%s", err, out.String())
	}
	if len(sizes) != 3 || !(sizes[0] < sizes[1] && sizes[1] < sizes[2]) {
		t.Errorf("sizes %v; want three, growing", sizes)
	}
	for _, name := range []string{"landing", "delegates.search"} {
		costs, ok := rows[name]
		if !ok || len(costs) != 3 {
			t.Errorf("%s: costs %v; want one per size", name, costs)
			continue
		}
		for i, c := range costs {
			if c <= 0 {
				t.Errorf("%s at size %d: cost %v; want a measured one", name, i, c)
			}
		}
	}
	if len(rows) != 2 {
		t.Errorf("rows %v; want the two scenarios asked for", rows)
	}
}

// measureGrowthTable reads back the table growthMarkdown wrote.
func measureGrowthTable(md string) (sizes []float64, rows map[string][]float64, err error) {
	rows = map[string][]float64{}
	for _, line := range strings.Split(md, "\n") {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		switch {
		case strings.HasPrefix(line, "| scenario |"):
			for _, c := range cells[1 : len(cells)-1] {
				var n float64
				if _, err := fmt.Sscanf(strings.ReplaceAll(c, ",", ""), "%g delegates", &n); err != nil {
					return nil, nil, fmt.Errorf("size %q: %w", c, err)
				}
				sizes = append(sizes, n)
			}
		case strings.HasPrefix(line, "| `"):
			var costs []float64
			for _, c := range cells[1 : len(cells)-1] {
				var v float64
				if _, err := fmt.Sscanf(strings.ReplaceAll(c, ",", ""), "%g", &v); err != nil {
					return nil, nil, fmt.Errorf("cost %q: %w", c, err)
				}
				costs = append(costs, v)
			}
			rows[strings.Trim(cells[0], "`")] = costs
		}
	}
	return sizes, rows, nil
}
