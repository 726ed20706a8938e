package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"convene/internal/convene"
)

// withTrustedProxy returns a second server on the same database whose
// configuration trusts loopback as a reverse proxy, as `-trusted-proxy
// 127.0.0.1,::1` would.
func withTrustedProxy(t *testing.T, app *testApp) *testApp {
	t.Helper()
	log := slog.New(slog.NewTextHandler(app.log, nil))
	srv, err := New(Config{Secret: []byte(strings.Repeat("s", 32)), SignInFailureDelay: time.Millisecond,
		TimeZone: time.UTC, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"),
			netip.MustParsePrefix("::1/128")}}, app.db, log)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &testApp{t: t, db: app.db, srv: srv, ts: ts, log: app.log}
}

// freezeSignInLimits stops the clock of app's sign-in limiter, which moves
// only when the test moves it: its waits are minutes long, so on a real
// clock the number of attempts refused would depend on how long a loaded
// machine takes to send them.
func freezeSignInLimits(app *testApp) *testClock {
	clock := newTestClock(time.Now())
	app.srv.limiter.now = clock.now
	return clock
}

// testClock is a clock a test moves by hand; handlers may read it from
// other goroutines.
type testClock struct {
	mu sync.Mutex
	at time.Time
}

func newTestClock(at time.Time) *testClock { return &testClock{at: at} }

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at
}

func (c *testClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at = c.at.Add(d)
}

// failedSignIns sends n sign-ins with a wrong password for email, the i-th
// with the X-Forwarded-For header xff(i), each from a fresh browser, and
// counts the 429 answers.
func failedSignIns(t *testing.T, app *testApp, email string, n int, xff func(i int) string) int {
	t.Helper()
	refused := 0
	for i := range n {
		c := app.as(convene.RoleAnonymous)
		req, _ := http.NewRequest(http.MethodPost, app.ts.URL+"/sign-in", strings.NewReader(url.Values{
			"_csrf": {c.csrf}, "email": {email}, "password": {"not the password"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", xff(i))
		switch resp, body := c.do(req); resp.StatusCode {
		case http.StatusTooManyRequests:
			refused++
		case http.StatusUnprocessableEntity:
		default:
			t.Fatalf("attempt %d: status %d\n%.300s", i, resp.StatusCode, body)
		}
	}
	return refused
}

// TestSpoofedForwardedForKeepsLimit: a brute force on one account whose
// every request carries a different X-Forwarded-For stays limited when the
// peer is not a trusted proxy (5 failures, then refused), and behind a
// trusted proxy, an attacker who forges the left-hand entries of the header
// is still limited by the address the proxy itself appended.
//
// Control: with loopback trusted as the proxy and the rotating address as
// the proxy's own entry, each attempt really comes from a new client, and the
// per-address limit must not refuse any of them. This proves the test's
// header reaches the limiter, so the refusals above are not an accident of
// the test client.
func TestSpoofedForwardedForKeepsLimit(t *testing.T) {
	const n = 12
	app := newTestApp(t)
	freezeSignInLimits(app)
	rotating := func(i int) string { return fmt.Sprintf("198.51.100.%d", i+1) }
	untrusted := failedSignIns(t, app, "staff@demo.test", n, rotating)
	if untrusted != n-5 {
		t.Errorf("untrusted peer, rotating X-Forwarded-For: %d of %d refused, want %d", untrusted, n, n-5)
	}

	proxied := withTrustedProxy(t, app)
	freezeSignInLimits(proxied)
	forgedLeft := failedSignIns(t, proxied, "staff@demo.test", n, func(i int) string {
		return rotating(i) + ", 203.0.113.9" // forged entry, then the client the proxy saw
	})
	if forgedLeft != n-5 {
		t.Errorf("trusted proxy, forged left-hand X-Forwarded-For: %d of %d refused, want %d", forgedLeft, n, n-5)
	}

	control := failedSignIns(t, proxied, "organiser@demo.test", n, rotating)
	if control != 0 {
		t.Errorf("control: trusted proxy and %d real clients: %d refused, want 0", n, control)
	}
	fmt.Printf("rate limit vs spoofed X-Forwarded-For: untrusted peer %d/%d refused; trusted proxy with forged left entries %d/%d refused; control (trusted proxy, %d distinct real clients) %d/%d refused\n",
		untrusted, n, forgedLeft, n, n, control, n)
}
