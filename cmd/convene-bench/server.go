//go:build bench

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"convene/internal/replica"
	"convene/internal/sqlite"
	"convene/internal/web"
)

// The server runs in a child process (this same binary, re-executed with
// childEnv set), so that its memory is measured alone, without the load
// generator's, and its start-up is a real process start on the large file.
const (
	childEnv    = "CONVENE_BENCH_SERVER"
	childDBEnv  = "CONVENE_BENCH_DB"
	childLogEnv = "CONVENE_BENCH_LOG"
)

// serveChild is the child: the real store and the real router, with the
// baselines mounted in front of it (baseline.go), on loopback, plus a second
// loopback listener with pprof and the Go heap figures for the parent. It
// stops on SIGTERM or when the parent closes its stdin.
func serveChild() error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() { // the parent died or is done: stop.
		_, _ = io.Copy(io.Discard, os.Stdin)
		stop()
	}()
	logf, err := os.Create(os.Getenv(childLogEnv))
	if err != nil {
		return err
	}
	defer logf.Close()
	log := slog.New(slog.NewTextHandler(logf, &slog.HandlerOptions{Level: slog.LevelInfo}))
	web.LimitMemory() // as `convene serve` does
	db, err := sqlite.Open(ctx, os.Getenv(childDBEnv))
	if err != nil {
		return err
	}
	defer db.Close()
	if u := os.Getenv(childReplicaEnv); u != "" { // as `convene serve -replica` does
		rep, err := replica.Start(ctx, os.Getenv(childDBEnv), replica.Config{URL: u, Logger: log})
		if err != nil {
			return err
		}
		defer func() { _ = rep.Close(context.Background()) }()
	}
	kl, err := time.LoadLocation("Asia/Kuala_Lumpur")
	if err != nil {
		return err
	}
	srv, err := web.New(web.Config{Secret: []byte(os.Getenv("CONVENE_SECRET")), TimeZone: kl}, db, log)
	if err != nil {
		return err
	}
	mountBaselines(srv, db)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	dln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/mem", func(w http.ResponseWriter, r *http.Request) {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		_ = json.NewEncoder(w).Encode(map[string]uint64{"heap_inuse": ms.HeapInuse, "sys": ms.Sys})
	})
	mux.HandleFunc("/debug/gc", func(w http.ResponseWriter, r *http.Request) {
		debug.FreeOSMemory() // a full collection, then memory back to the OS
	})
	go func() { _ = http.Serve(dln, mux) }()
	fmt.Printf("ready %s %s\n", ln.Addr(), dln.Addr())
	return srv.Serve(ctx, ln, 5*time.Second)
}

// child is a running server process as the parent sees it.
type child struct {
	cmd     *exec.Cmd
	stdin   io.Closer
	base    string // http://127.0.0.1:port
	debug   string
	startup time.Duration // exec to the first 200 from /healthz

	mu        sync.Mutex
	peakRSS   uint64 // bytes, while sampling
	peakHeap  uint64
	sampling  bool
	stopWatch chan struct{}
}

// startChild starts the server on dbPath and waits for /healthz.
func startChild(ctx context.Context, exe, dbPath, logPath string, env ...string) (*child, error) {
	cmd := exec.CommandContext(ctx, exe)
	cmd.Env = append(os.Environ(), childEnv+"=1", childDBEnv+"="+dbPath, childLogEnv+"="+logPath,
		"CONVENE_SECRET="+strings.Repeat("b", 32))
	cmd.Env = append(cmd.Env, env...)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	c := &child{cmd: cmd, stdin: in, stopWatch: make(chan struct{})}
	line, err := bufio.NewReader(out).ReadString('\n')
	f := strings.Fields(line)
	if err != nil || len(f) != 3 || f[0] != "ready" {
		c.stop()
		return nil, fmt.Errorf("server did not start (%q): %v", line, err)
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	c.base, c.debug = "http://"+f[1], "http://"+f[2]
	for {
		resp, err := http.Get(c.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Since(start) > 30*time.Second {
			c.stop()
			return nil, errors.New("server not healthy after 30 s")
		}
		time.Sleep(2 * time.Millisecond)
	}
	c.startup = time.Since(start)
	go c.watch()
	return c, nil
}

// watch samples the child's RSS and Go heap every 50 ms while sampling is on.
func (c *child) watch() {
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-c.stopWatch:
			return
		case <-t.C:
		}
		c.mu.Lock()
		on := c.sampling
		c.mu.Unlock()
		if !on {
			continue
		}
		rss, _ := c.rss()
		heap, _ := c.heap()
		c.mu.Lock()
		c.peakRSS, c.peakHeap = max(c.peakRSS, rss), max(c.peakHeap, heap)
		c.mu.Unlock()
	}
}

// sample turns sampling on or off; peaks returns the peaks seen while on.
func (c *child) sample(on bool) {
	c.mu.Lock()
	c.sampling = on
	c.mu.Unlock()
}

// resetPeaks starts a new peak, so that each scenario's own is known.
func (c *child) resetPeaks() {
	c.mu.Lock()
	c.peakRSS, c.peakHeap = 0, 0
	c.mu.Unlock()
}

func (c *child) peaks() (rss, heap uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.peakRSS, c.peakHeap
}

// rss reads the child's resident set size from /proc (Linux).
func (c *child) rss() (uint64, error) { return procStatus(c.cmd.Process.Pid, "VmRSS:") }

// hwm reads the child's peak resident set size since it started.
func (c *child) hwm() (uint64, error) { return procStatus(c.cmd.Process.Pid, "VmHWM:") }

func procStatus(pid int, field string) (uint64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, field) {
			f := strings.Fields(line)
			if len(f) >= 2 {
				kb, err := strconv.ParseUint(f[1], 10, 64)
				return kb * 1024, err
			}
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}

// heap reads the child's Go heap in use.
func (c *child) heap() (uint64, error) {
	resp, err := http.Get(c.debug + "/debug/mem")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var m map[string]uint64
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		return 0, err
	}
	return m["heap_inuse"], nil
}

// collect runs a full garbage collection in the server and returns the
// freed memory to the OS, so that the next measurement starts clean.
func (c *child) collect() {
	if resp, err := http.Get(c.debug + "/debug/gc"); err == nil {
		resp.Body.Close()
	}
}

// stop asks the child to shut down and waits for it.
func (c *child) stop() error {
	select {
	case <-c.stopWatch:
	default:
		close(c.stopWatch)
	}
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	c.stdin.Close()
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case err := <-done:
		// The child stops on either signal; when the closed stdin wins, it
		// has already let go of SIGTERM and then dies of it, which is the
		// stop we asked for, not a failure.
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGTERM {
				return nil
			}
		}
		return err
	case <-time.After(10 * time.Second):
		_ = c.cmd.Process.Kill()
		return <-done
	}
}

// profile, when dir is set, records the server's CPU profile for about d
// and then its allocation profile, into dir/NAME.cpu.pprof and
// dir/NAME.allocs.pprof. The channel reports when both are written.
func (c *child) profile(dir, name string, d time.Duration) <-chan error {
	done := make(chan error, 1)
	if dir == "" {
		done <- nil
		return done
	}
	go func() {
		secs := max(1, int(d.Seconds()))
		err := fetch(c.debug+fmt.Sprintf("/debug/pprof/profile?seconds=%d", secs), filepath.Join(dir, name+".cpu.pprof"))
		if err == nil {
			err = fetch(c.debug+"/debug/pprof/allocs", filepath.Join(dir, name+".allocs.pprof"))
		}
		done <- err
	}()
	return done
}

func fetch(url, file string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: status %d", url, resp.StatusCode)
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	return os.WriteFile(file, b, 0o644)
}
