package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"convene/internal/convene"
	"convene/internal/demo"
	"convene/internal/sqlite"

	"github.com/alexedwards/argon2id"
)

// testPassword is the password of every account in the test dataset.
const testPassword = "correct horse battery"

// testApp is a real Convene: a SQLite file in t.TempDir() opened the
// production way, loaded with the demo dataset, behind the real router
// served by httptest over loopback.
type testApp struct {
	t   *testing.T
	db  *sqlite.DB
	srv *Server
	ts  *httptest.Server
	log *syncBuffer
}

// testHash is the password hash of every test account. It is argon2id in
// the same PHC format the server writes, but with cheap parameters (1 MiB,
// one pass) chosen by the hash itself: verifying the production parameters
// costs most of a second per sign-in under the race detector, and the web
// tests sign in a few hundred times. The production parameters are covered
// by internal/password's tests, and every password the tests set through
// the forms is still hashed the production way.
var testHash = func() string {
	h, err := argon2id.CreateHash(testPassword, &argon2id.Params{Memory: 1024, Iterations: 1,
		Parallelism: 1, SaltLength: 16, KeyLength: 32})
	if err != nil {
		panic(err)
	}
	return h
}()

// demoDatabase is the test dataset as the bytes of a closed SQLite file:
// the demo loaded through the store's seeders, plus a delegate account linked
// to the first delegate of Viet Nam's Retreat delegation. Loading the demo
// takes seconds under the race detector and almost every test needs it, so
// it is built once per test binary; each test writes the bytes into its own
// t.TempDir() file and opens that the production way. The template is closed
// before it is read, so its WAL has been checkpointed into the main file.
var demoDatabase = sync.OnceValues(func() ([]byte, error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "convene-web-template-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "convene.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	if err := seedTestDataset(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.Close(); err != nil {
		return nil, err
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		return nil, fmt.Errorf("template database still has a WAL file after closing")
	}
	return os.ReadFile(path)
})

// seedTestDataset loads the demo and adds the delegate account. It stops
// at demo.Load: the 2026 cycle `convene demo` generates (LoadNextCycle) is
// left out, so that tests create 2026 meetings and generate the cycle
// themselves.
func seedTestDataset(ctx context.Context, db *sqlite.DB) error {
	if err := db.Seed(ctx, func(s *sqlite.Seeder) error { return demo.Load(ctx, s, testHash) }); err != nil {
		return err
	}
	vnm, err := db.FindCountryByISO3(ctx, "VNM")
	if err != nil {
		return err
	}
	people, _, err := db.FindDelegates(ctx, convene.DelegateFilter{CountryID: vnm.ID, Limit: 1})
	if err != nil || len(people) == 0 {
		return fmt.Errorf("no Vietnamese delegate in the demo: %v", err)
	}
	return db.CreateUser(ctx, &convene.User{Email: "delegate@demo.test", Name: people[0].FullName(),
		Role: convene.RoleDelegate, CountryID: vnm.ID, DelegateID: people[0].ID, PasswordHash: testHash})
}

// testBaseURL is the public address of the test server, as -base-url would
// give it: links in e-mails and flashes start with it, never with the Host
// header of the request.
const testBaseURL = "https://convene.test"

// openTestDatabase writes the test dataset into a new file under dir and
// opens it with the production Open (migrations, pragmas, both pools); opts
// are the store's test options (sqlite.WithHooks for the race controls).
func openTestDatabase(tb testing.TB, dir string, opts ...sqlite.Option) *sqlite.DB {
	tb.Helper()
	data, err := demoDatabase()
	if err != nil {
		tb.Fatalf("build the test dataset: %v", err)
	}
	path := filepath.Join(dir, "convene.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		tb.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), path, append([]sqlite.Option{sqlite.WithBaseURL(testBaseURL)}, opts...)...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func newTestApp(t *testing.T, opts ...sqlite.Option) *testApp {
	t.Helper()
	db := openTestDatabase(t, t.TempDir(), opts...)
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	srv, err := New(Config{Secret: []byte(strings.Repeat("s", 32)), SignInFailureDelay: time.Millisecond,
		TimeZone: time.UTC}, db, log)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &testApp{t: t, db: db, srv: srv, ts: ts, log: logs}
}

// roleEmails are the accounts that hold each role in the test dataset.
var roleEmails = map[convene.Role]string{
	convene.RoleAdmin:     "admin@demo.test",
	convene.RoleOfficer:   "staff@demo.test",
	convene.RoleOrganiser: "organiser@demo.test",
	convene.RoleFocal:     "focal.vnm@demo.test",
	convene.RoleDelegate:  "delegate@demo.test",
}

// client is a browser: a cookie jar, no automatic redirects, and the CSRF
// token of the last page it loaded.
type client struct {
	app  *testApp
	http *http.Client
	csrf string
}

func (a *testApp) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{app: a, http: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// as returns a client signed in with the role's account (anonymous for RoleAnonymous).
func (a *testApp) as(role convene.Role) *client {
	a.t.Helper()
	c := a.client()
	if role == convene.RoleAnonymous {
		c.get("/sign-in")
		return c
	}
	c.signIn(roleEmails[role], testPassword)
	return c
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]*)"`)

func (c *client) do(req *http.Request) (*http.Response, string) {
	c.app.t.Helper()
	resp, err := c.http.Do(req)
	if err != nil {
		c.app.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if m := csrfField.FindSubmatch(b); m != nil {
		c.csrf = string(m[1])
	}
	return resp, string(b)
}

func (c *client) get(path string) (*http.Response, string) {
	c.app.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.app.ts.URL+path, nil)
	return c.do(req)
}

// post sends a form with the client's current CSRF token (unless the form
// sets _csrf itself).
func (c *client) post(path string, form url.Values) (*http.Response, string) {
	c.app.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["_csrf"]; !ok {
		form.Set("_csrf", c.csrf)
	}
	req, _ := http.NewRequest(http.MethodPost, c.app.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func (c *client) signIn(email, pw string) {
	c.app.t.Helper()
	c.get("/sign-in")
	resp, body := c.post("/sign-in", url.Values{"email": {email}, "password": {pw}})
	if resp.StatusCode != http.StatusSeeOther {
		c.app.t.Fatalf("sign in as %s: status %d\n%s", email, resp.StatusCode, body)
	}
	c.get("/")
}

// tableCounts counts the rows of every table, to prove that a refused
// request wrote nothing.
func (a *testApp) tableCounts() map[string]int {
	a.t.Helper()
	m, err := a.db.TableCounts(context.Background())
	if err != nil {
		a.t.Fatal(err)
	}
	return m
}

// syncBuffer is a log sink that concurrent request goroutines can share.
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
