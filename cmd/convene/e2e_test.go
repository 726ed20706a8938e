package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer collects a command's output while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func environ(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// demoServer boots the real application through run() on a free port, the
// way `convene demo` does, and returns its base URL and the demo password.
type demoServer struct {
	url      string
	password string
	dir      string
	stdout   *syncBuffer
	stderr   *syncBuffer
	cancel   context.CancelFunc
	done     chan error
}

var addrLine = regexp.MustCompile(`running at (http://[0-9.:]+)`)

func startDemo(t *testing.T, extra ...string) *demoServer {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	d := &demoServer{dir: dir, stdout: &syncBuffer{}, stderr: &syncBuffer{}, cancel: cancel, done: make(chan error, 1),
		password: "demo password for tests"}
	args := append([]string{"convene", "demo", "-addr", "127.0.0.1:0", "-db", filepath.Join(dir, "demo.db"),
		"-password", d.password}, extra...)
	go func() { d.done <- run(ctx, args, environ(nil), strings.NewReader(""), d.stdout, d.stderr) }()
	deadline := time.Now().Add(2 * time.Minute) // a ceiling: the demo loads in seconds, slower under -race on a loaded machine
	for time.Now().Before(deadline) {
		if m := addrLine.FindStringSubmatch(d.stdout.String()); m != nil {
			d.url = m[1]
			break
		}
		select {
		case err := <-d.done:
			t.Fatalf("demo stopped: %v\n%s", err, d.stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	if d.url == "" {
		t.Fatalf("demo did not print its address:\n%s\n%s", d.stdout.String(), d.stderr.String())
	}
	t.Cleanup(func() { d.stop(t) })
	return d
}

func (d *demoServer) stop(t *testing.T) {
	if d.cancel == nil {
		return
	}
	d.cancel()
	d.cancel = nil
	select {
	case err := <-d.done:
		if err != nil {
			t.Errorf("demo stopped with %v", err)
		}
	case <-time.After(40 * time.Second):
		t.Error("demo did not stop")
	}
}

// accounts reads the demo accounts from the banner, as a newcomer would.
func (d *demoServer) accounts(t *testing.T) []string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(d.stdout.String()))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) > 0 && strings.HasSuffix(f[0], "@demo.test") {
			out = append(out, f[0])
		}
	}
	if len(out) < 14 {
		t.Fatalf("banner lists %d accounts:\n%s", len(out), d.stdout.String())
	}
	return out
}

type browser struct {
	t    *testing.T
	base string
	c    *http.Client
	csrf string
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]*)"`)

func newBrowser(t *testing.T, base string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: base, c: &http.Client{Jar: jar, Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) do(method, path string, form url.Values) (int, string, http.Header) {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		form.Set("_csrf", b.csrf)
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, b.base+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if m := csrfField.FindSubmatch(raw); m != nil {
		b.csrf = string(m[1])
	}
	return resp.StatusCode, string(raw), resp.Header
}

// TestDemoEveryAccountSignsInAndOut is the foundation's "done when": the demo
// serves the landing page and every printed account signs in and out.
func TestDemoEveryAccountSignsInAndOut(t *testing.T) {
	d := startDemo(t)
	b := newBrowser(t, d.url)
	status, body, _ := b.do("GET", "/", nil)
	for _, want := range []string{"ADMM Retreat 2025", "26 February 2025", "Shangri-La Hotel, Pulau Pinang",
		"ADSOM Working Group", "September 2025", "November 2025"} {
		if !strings.Contains(body, want) {
			t.Errorf("landing page lacks %q", want)
		}
	}
	if status != 200 {
		t.Fatalf("landing page: %d", status)
	}
	accounts := d.accounts(t)
	for _, email := range accounts {
		b := newBrowser(t, d.url)
		b.do("GET", "/sign-in", nil)
		status, body, _ := b.do("POST", "/sign-in", url.Values{"email": {email}, "password": {d.password}})
		if status != http.StatusSeeOther {
			t.Fatalf("%s: sign-in status %d\n%.400s", email, status, body)
		}
		status, body, _ = b.do("GET", "/account", nil)
		if status != 200 || !strings.Contains(body, email) {
			t.Fatalf("%s: account page %d", email, status)
		}
		if status, _, _ := b.do("POST", "/sign-out", url.Values{}); status != http.StatusSeeOther {
			t.Fatalf("%s: sign-out status %d", email, status)
		}
		if status, _, _ := b.do("GET", "/account", nil); status != http.StatusSeeOther {
			t.Fatalf("%s: still signed in after sign-out (%d)", email, status)
		}
	}
	fmt.Printf("demo: %d accounts signed in and out\n", len(accounts))

	// convene healthcheck against the running demo.
	out := &syncBuffer{}
	addr := strings.TrimPrefix(d.url, "http://")
	if err := run(context.Background(), []string{"convene", "healthcheck", "-addr", addr}, environ(nil), nil, out, out); err != nil {
		t.Errorf("healthcheck: %v %s", err, out.String())
	}
	// Logs: one line per request, with no password or e-mail in them.
	logs := d.stderr.String()
	if strings.Contains(logs, d.password) || strings.Contains(logs, "@demo.test") {
		t.Error("the log holds a password or an e-mail address")
	}
	if !strings.Contains(logs, "route=/sign-in") {
		t.Errorf("no request log lines:\n%s", logs)
	}
}

// TestDemoRestartKeepsData: a second start on the same database keeps the
// data (no second load) and the newly printed password works.
func TestDemoRestartKeepsData(t *testing.T) {
	d := startDemo(t)
	dbPath := filepath.Join(d.dir, "demo.db")
	d.stop(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, errb := &syncBuffer{}, &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"convene", "demo", "-addr", "127.0.0.1:0", "-db", dbPath}, environ(nil), nil, out, errb)
	}()
	var base, pw string
	pwLine := regexp.MustCompile(`password: (\S+)`)
	for i := 0; i < 1500 && base == ""; i++ {
		if m := addrLine.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
			pw = pwLine.FindStringSubmatch(out.String())[1]
		}
		time.Sleep(20 * time.Millisecond)
	}
	if base == "" {
		t.Fatalf("no address: %s", errb.String())
	}
	b := newBrowser(t, base)
	b.do("GET", "/sign-in", nil)
	if status, _, _ := b.do("POST", "/sign-in", url.Values{"email": {"admin@demo.test"}, "password": {pw}}); status != 303 {
		t.Fatalf("random demo password did not work: %d", status)
	}
	_, body, _ := b.do("GET", "/", nil)
	if n := strings.Count(body, "ADMM Retreat 2025</a>"); n != 1 {
		t.Errorf("the Retreat shows %d times after restart, want once", n)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestCommands runs the administrative commands against a real file.
func TestCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "prod.db")
	ctx := context.Background()
	runCmd := func(stdin string, args ...string) (string, error) {
		out := &syncBuffer{}
		err := run(ctx, append([]string{"convene"}, args...), environ(nil), strings.NewReader(stdin), out, out)
		return out.String(), err
	}
	if out, err := runCmd("", "migrate", "-db", db); err != nil {
		t.Fatalf("migrate: %v %s", err, out)
	}
	if out, err := runCmd("a long enough password\n", "user", "add", "-db", db, "-email", "Chief@Example.org",
		"-name", "Nguyễn Văn An", "-role", "admin"); err != nil || !strings.Contains(out, "added chief@example.org") {
		t.Fatalf("user add: %v %s", err, out)
	}
	if _, err := runCmd("short\n", "user", "add", "-db", db, "-email", "b@example.org", "-name", "B", "-role", "admin"); err == nil {
		t.Error("user add accepted a short password")
	}
	if _, err := runCmd("a long enough password\n", "user", "add", "-db", db, "-email", "chief@example.org",
		"-name", "Again", "-role", "admin"); err == nil {
		t.Error("user add accepted a duplicate e-mail")
	}
	backup := filepath.Join(dir, "backup.db")
	if out, err := runCmd("", "backup", "-db", db, "-to", backup); err != nil || !strings.Contains(out, "integrity ok") {
		t.Fatalf("backup: %v %s", err, out)
	}
	if _, err := runCmd("", "backup", "-db", db, "-to", backup); err == nil {
		t.Error("backup overwrote an existing file")
	}
	if out, err := runCmd("", "nonsense"); err == nil || exitCode(err) != 2 {
		t.Errorf("unknown command: %v %s", err, out)
	}
	out, err := runCmd("", "help")
	if err != nil || !strings.Contains(out, "demo") || !strings.Contains(out, "CONVENE_ADDR") {
		t.Errorf("help: %v %s", err, out)
	}
	out, err = runCmd("", "serve", "-h")
	if err != nil || !strings.Contains(out, "CONVENE_TRUSTED_PROXY") || !strings.Contains(out, "-secure-cookies") {
		t.Errorf("serve -h: %v %s", err, out)
	}
	// A database that cannot be opened stops start-up with a message naming it.
	garbage := filepath.Join(dir, "garbage.db")
	os.WriteFile(garbage, []byte(strings.Repeat("not a database ", 500)), 0o600)
	if _, err := runCmd("", "serve", "-db", garbage, "-addr", "127.0.0.1:0", "-base-url", "https://convene.test"); err == nil || !strings.Contains(err.Error(), garbage) {
		t.Errorf("serve on a garbage file: %v", err)
	}
	// serve refuses to start without its public address, and with one that
	// is not the root of an http(s) site; nothing is created.
	fresh := filepath.Join(dir, "never.db")
	for _, bad := range [][]string{nil, {"-base-url", "convene.example.gov"}, {"-base-url", "https://convene.example.gov/convene"}} {
		_, err := runCmd("", append([]string{"serve", "-db", fresh, "-addr", "127.0.0.1:0"}, bad...)...)
		if err == nil || !strings.Contains(err.Error(), "-base-url") {
			t.Errorf("serve %v: %v, want a refusal naming -base-url", bad, err)
		}
	}
	if _, err := os.Stat(fresh); !os.IsNotExist(err) {
		t.Errorf("a refused serve created %s: %v", fresh, err)
	}
}

// TestServeGeneratesSecretAndShutsDownGracefully: serve on a fresh database
// writes a 0600 secret file, loads no demo data, and on cancellation lets a
// request in flight finish.
func TestServeGeneratesSecretAndShutsDownGracefully(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	out, errb := &syncBuffer{}, &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"convene", "serve", "-addr", "127.0.0.1:0", "-db", filepath.Join(dir, "p.db"), "-base-url", "https://convene.test"},
			environ(map[string]string{"CONVENE_LOG_LEVEL": "warn"}), nil, out, errb)
	}()
	serving := regexp.MustCompile(`serving at (http://[0-9.:]+)`)
	var base string
	for i := 0; i < 1500 && base == ""; i++ {
		if m := serving.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
		time.Sleep(20 * time.Millisecond)
	}
	if base == "" {
		t.Fatalf("serve did not start: %s", errb.String())
	}
	st, err := os.Stat(filepath.Join(dir, "convene.secret"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("secret file: %v %v", st, err)
	}
	b := newBrowser(t, base)
	if _, body, _ := b.do("GET", "/", nil); strings.Contains(body, "ADMM Retreat") {
		t.Error("serve loaded demo data")
	}
	// The env fallback took effect: no info lines at level warn.
	if strings.Contains(errb.String(), "level=INFO") {
		t.Error("CONVENE_LOG_LEVEL=warn was ignored")
	}
	// A request in flight: the head and part of the body are sent, then the
	// server is told to stop, then the rest of the body follows. The server
	// must still answer it in full before it exits. Each step waits for what
	// it needs rather than sleeping: the head asks for 100-continue, which
	// the server sends only when a handler starts reading the body (the
	// request is in flight), and the rest of the body goes once the server
	// refuses new connections (its shutdown has begun).
	addr := strings.TrimPrefix(base, "http://")
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(30 * time.Second)) // never hang the suite
	form := "email=someone%40example.org&password=not-the-password&_csrf=x"
	fmt.Fprintf(conn, "POST /sign-in HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"+
		"Content-Length: %d\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n", len(form))
	replies := bufio.NewReader(conn)
	if line, err := replies.ReadString('\n'); err != nil || !strings.HasPrefix(line, "HTTP/1.1 100 ") {
		t.Fatalf("before the body: %q %v, want 100 Continue", line, err)
	}
	if line, _ := replies.ReadString('\n'); line != "\r\n" {
		t.Fatalf("100 Continue followed by %q", line)
	}
	fmt.Fprint(conn, form[:10])
	cancel()
	for stopping := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		c, err := net.DialTimeout("tcp", addr, 5*time.Second)
		if err != nil {
			break // the listener is closed: shutdown has begun
		}
		c.Close()
		if time.Now().After(stopping) {
			t.Fatal("serve still accepts connections 30 s after it was told to stop")
		}
	}
	fmt.Fprint(conn, form[10:])
	reply, _ := io.ReadAll(replies)
	if !strings.HasPrefix(string(reply), "HTTP/1.1 403") {
		t.Errorf("request in flight during shutdown got %.60q, want a full 403 answer", reply)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not shut down")
	}
}
