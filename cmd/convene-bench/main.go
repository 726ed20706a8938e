//go:build bench

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
// It builds only with the bench tag, which also builds the store's bulk
// writer (internal/sqlite/bench_seed.go); without the tag neither exists, so
// the production binary carries no benchmark code.
//
//	go run -tags bench ./cmd/convene-bench          # full mode, about 2 minutes on 2 cores
//	go run -tags bench ./cmd/convene-bench -short   # seconds; ./test.sh runs it
package main

import (
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
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
	growth        bool
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
	fs.BoolVar(&o.growth, "growth", false, "measure instead each read scenario's cost at about 1,000, 10,000 and 88,000 delegates (one table; no budget)")
	only := fs.String("only", "", "comma-separated scenarios to run alone (the baselines always run); the mixes still run")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return o, err
		}
		return o, usageError{err}
	}
	if *only != "" {
		o.only = map[string]bool{baseline: true, render: true, renderProgramme: true, staticProgramme: true}
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

	if o.growth {
		sizes, rows, err := measureGrowth(ctx, o, dir, stderr)
		if err != nil {
			return err
		}
		report := growthMarkdown(sizes, rows)
		fmt.Fprint(stdout, report)
		if o.out != "" {
			return os.WriteFile(o.out, []byte(report), 0o644)
		}
		return nil
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
