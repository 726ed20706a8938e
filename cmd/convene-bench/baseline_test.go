//go:build bench

package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"

	"convene/internal/demo"
	"convene/internal/sqlite"
	"convene/internal/web"
)

// baselineApp is the demo dataset in a SQLite file of the test's own,
// behind the real router: production's (no baselines) or the benchmark's.
type baselineApp struct {
	prod, bench *httptest.Server
	srv         *web.Server
}

const baselinePassword = "correct horse battery"

func newBaselineApp(t *testing.T) baselineApp {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "convene.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	// Cheap argon2id parameters: the tests sign in, they do not measure it.
	hash, err := argon2id.CreateHash(baselinePassword, &argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1,
		SaltLength: 16, KeyLength: 32})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Seed(ctx, func(s *sqlite.Seeder) error { return demo.Load(ctx, s, hash) }); err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg := web.Config{Secret: []byte(strings.Repeat("s", 32)), TimeZone: time.UTC, SignInFailureDelay: time.Millisecond}
	prod, err := web.New(cfg, db, quiet)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(cfg, db, quiet)
	if err != nil {
		t.Fatal(err)
	}
	mountBaselines(srv, db)
	a := baselineApp{prod: httptest.NewServer(prod.Handler()), bench: httptest.NewServer(srv.Handler()), srv: srv}
	t.Cleanup(a.prod.Close)
	t.Cleanup(a.bench.Close)
	return a
}

// get fetches a page, signed in as email when it is set.
func get(t *testing.T, base, email, path string) (int, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	read := func(resp *http.Response, err error) (int, string) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if email != "" {
		_, form := read(hc.Get(base + "/sign-in"))
		m := regexp.MustCompile(`name="_csrf" value="([^"]*)"`).FindStringSubmatch(form)
		if m == nil {
			t.Fatal("no CSRF token on the sign-in form")
		}
		status, _ := read(hc.PostForm(base+"/sign-in", url.Values{"email": {email}, "password": {baselinePassword},
			"_csrf": {m[1]}}))
		if status != http.StatusSeeOther {
			t.Fatalf("sign in as %s: status %d", email, status)
		}
		read(hc.Get(base + "/")) // shows the "Signed in" flash, so that the page asked for has none
	}
	return read(hc.Get(base + path))
}

// TestBaselinesAreNotRoutes proves the baselines are the benchmark's own:
// the production router has no route under /bench/ and answers 404 there;
// the control, the benchmark's server on the same database, answers 200.
func TestBaselinesAreNotRoutes(t *testing.T) {
	a := newBaselineApp(t)
	for _, r := range a.srv.Routes() {
		if strings.HasPrefix(r.Path, baselinePrefix) {
			t.Errorf("%s %s is in the route table", r.Method, r.Path)
		}
	}
	for _, p := range []string{"/bench/baseline", "/bench/render/admm-retreat-2025", "/bench/render/admm-retreat-2025/programme"} {
		if status, _ := get(t, a.prod.URL, "", p); status != http.StatusNotFound {
			t.Errorf("GET %s from the production router: status %d, want 404", p, status)
		}
		if status, _ := get(t, a.bench.URL, "", p); status != http.StatusOK {
			t.Errorf("GET %s from the benchmark's server: status %d, want 200", p, status)
		}
	}
	if status, body := get(t, a.bench.URL, "", "/bench/baseline"); status != http.StatusOK || body != "ok\n" {
		t.Errorf("the baseline answered %d %q", status, body)
	}
	if status, _ := get(t, a.bench.URL, "", "/bench/render/no-such-meeting"); status != http.StatusNotFound {
		t.Errorf("a missing meeting's render baseline: status %d, want 404", status)
	}
}

var (
	tableRE = regexp.MustCompile(`(?s)<table.*</table>`)
	mainRE  = regexp.MustCompile(`(?s)<main.*</main>`)
)

// TestRenderBaselineIsTheMeetingPage checks that the render-only baseline
// renders the same delegation table as the real meeting page shows the
// secretariat, so that the ratio between them measures only the database
// and sign-in work.
func TestRenderBaselineIsTheMeetingPage(t *testing.T) {
	a := newBaselineApp(t)
	_, real := get(t, a.bench.URL, "organiser@"+demo.EmailDomain, "/meetings/admm-retreat-2025")
	want := tableRE.FindString(real)
	for range 2 { // the first request reads the database, the second the cache
		status, b := get(t, a.bench.URL, "", "/bench/render/admm-retreat-2025")
		if got := tableRE.FindString(b); status != http.StatusOK || got == "" || got != want {
			t.Fatalf("render baseline (status %d) differs from the meeting page:\n%.400s\nwant\n%.400s", status, got, want)
		}
	}
}

// TestProgrammeBaselineIsTheProgrammePage checks that the programme's
// render-only baseline shows the same days and sessions as the real
// programme page shows a focal point.
func TestProgrammeBaselineIsTheProgrammePage(t *testing.T) {
	a := newBaselineApp(t)
	_, real := get(t, a.bench.URL, "focal.vnm@"+demo.EmailDomain, "/meetings/admm-retreat-2025/programme")
	want := mainRE.FindString(real)
	if !strings.Contains(want, "Official dinner hosted by the Minister of Defence Malaysia") ||
		strings.Contains(want, "Secretariat debrief") {
		t.Fatalf("the focal point's programme is not the one expected:\n%.600s", want)
	}
	for range 2 { // the first request reads the database, the second the cache
		status, b := get(t, a.bench.URL, "", "/bench/render/admm-retreat-2025/programme")
		if got := mainRE.FindString(b); status != http.StatusOK || got != want {
			t.Fatalf("programme baseline (status %d) differs from the focal point's page:\n%.600s\nwant\n%.600s", status, got, want)
		}
	}
}
