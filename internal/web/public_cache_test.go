package web

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"convene/internal/convene"
	"convene/static"
)

// publicPaths are the pages and feeds a visitor reads without signing in.
var publicPaths = []string{
	"/", "/?past=1", "/calendar", "/calendar?year=2025",
	"/meetings/admm-retreat-2025", "/meetings/admm-retreat-2025/programme",
	"/meetings/admm-retreat-2025/programme?view=grid", "/meetings/admm-retreat-2025/programme.ics",
}

// fetch sends one request with no cookie jar and the given headers, and
// returns the answer and its body.
func (a *testApp) fetch(method, path string, header http.Header) (*http.Response, string) {
	a.t.Helper()
	req, _ := http.NewRequest(method, a.ts.URL+path, nil)
	for k, vs := range header {
		req.Header[k] = vs
	}
	resp, err := a.ts.Client().Do(req)
	if err != nil {
		a.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestAnonymousGetsSetNoCookie: no answer to a visitor's GET of a public
// page, feed, /healthz or static file sets a cookie; the public ones say
// Vary: Cookie and may be kept by caches, /healthz may not.
func TestAnonymousGetsSetNoCookie(t *testing.T) {
	app := newTestApp(t)
	paths := append([]string{"/healthz", "/static/css/app.css", static.Path("css/app.css")}, publicPaths...)
	for _, p := range paths {
		resp, body := app.fetch(http.MethodGet, p, nil)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d\n%.300s", p, resp.StatusCode, body)
		}
		if sc := resp.Header.Values("Set-Cookie"); len(sc) > 0 {
			t.Errorf("GET %s as a visitor sets a cookie: %q", p, sc)
		}
	}
	for _, p := range publicPaths {
		resp, _ := app.fetch(http.MethodGet, p, nil)
		if !strings.Contains(resp.Header.Get("Vary"), "Cookie") || !strings.HasPrefix(resp.Header.Get("Cache-Control"), "public") ||
			resp.Header.Get("ETag") == "" || resp.Header.Get("Last-Modified") == "" {
			t.Errorf("GET %s as a visitor: Vary %q, Cache-Control %q, ETag %q, Last-Modified %q", p, resp.Header.Get("Vary"),
				resp.Header.Get("Cache-Control"), resp.Header.Get("ETag"), resp.Header.Get("Last-Modified"))
		}
	}
	if resp, _ := app.fetch(http.MethodGet, "/healthz", nil); resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("/healthz: Cache-Control %q", resp.Header.Get("Cache-Control"))
	}
	// Signed in, the same pages are the person's own: private, never kept.
	c := app.as(convene.RoleFocal)
	for _, p := range publicPaths {
		resp, _ := c.get(p)
		if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") || resp.Header.Get("ETag") != "" ||
			!strings.Contains(resp.Header.Get("Vary"), "Cookie") {
			t.Errorf("GET %s signed in: Cache-Control %q, ETag %q, Vary %q", p, cc, resp.Header.Get("ETag"), resp.Header.Get("Vary"))
		}
	}
}

// TestSignInWithoutCookieStillWorks: the sign-in form makes the CSRF token
// (and its cookie) when a cookie-less browser opens it, and its POST with
// that token signs in.
func TestSignInWithoutCookieStillWorks(t *testing.T) {
	app := newTestApp(t)
	c := app.client()
	c.get("/") // reading a public page gives no token
	if c.csrf != "" || len(c.http.Jar.Cookies(mustURL(t, app.ts.URL))) != 0 {
		t.Fatalf("the landing page gave a token or a cookie")
	}
	resp, _ := c.get("/sign-in")
	if len(resp.Header.Values("Set-Cookie")) != 1 || c.csrf == "" {
		t.Fatalf("the sign-in form: Set-Cookie %q, token %q", resp.Header.Values("Set-Cookie"), c.csrf)
	}
	resp, body := c.post("/sign-in", url.Values{"email": {"admin@demo.test"}, "password": {testPassword}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in with the form's token: status %d\n%.500s", resp.StatusCode, body)
	}
	// A POST with no state at all is refused, and sets nothing either way
	// that would let the next one through without a form.
	fresh := app.client()
	if resp, _ := fresh.post("/sign-in", url.Values{"email": {"admin@demo.test"}, "password": {testPassword}, "_csrf": {"x"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a POST without the state cookie: status %d, want 403", resp.StatusCode)
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestHeadOnEveryGetRoute: every GET route of the access table answers
// HEAD, for the first role allowed to see it, with the GET's status and
// headers and no body; the routes that answer GET 200 answer HEAD 200.
func TestHeadOnEveryGetRoute(t *testing.T) {
	app := newTestApp(t)
	table := loadAccessTable(t)
	clients := map[convene.Role]*client{}
	ok, checked := 0, 0
	for _, r := range app.srv.Routes() {
		if r.Method != http.MethodGet {
			continue
		}
		var role convene.Role
		found := false
		for _, x := range accessRoles {
			if table[r.Method+" "+r.Path][x] {
				role, found = x, true
				break
			}
		}
		if !found {
			t.Errorf("GET %s: no role may see it", r.Path)
			continue
		}
		c := clients[role]
		if c == nil {
			c = app.as(role)
			clients[role] = c
		}
		p := concretePath(r.Path)
		get, _ := c.get(p)
		req, _ := http.NewRequest(http.MethodHead, app.ts.URL+p, nil)
		head, body := c.do(req)
		checked++
		if head.StatusCode != get.StatusCode || body != "" {
			t.Errorf("HEAD %s as %s: status %d (GET %d), %d bytes of body", p, roleName(role), head.StatusCode, get.StatusCode, len(body))
			continue
		}
		for _, h := range []string{"Content-Type", "Cache-Control", "Content-Security-Policy", "Content-Disposition", "Vary", "ETag"} {
			if head.Header.Get(h) != get.Header.Get(h) {
				t.Errorf("HEAD %s as %s: %s %q, GET has %q", p, roleName(role), h, head.Header.Get(h), get.Header.Get(h))
			}
		}
		if get.StatusCode == http.StatusOK {
			ok++
		}
	}
	t.Logf("HEAD: %d GET routes checked, %d answer 200", checked, ok)
	if ok < checked/2 {
		t.Errorf("only %d of %d GET routes answer 200: the test does not reach the handlers", ok, checked)
	}
}

// TestPublishChangesThePublicPage: a visitor's programme and programme.ics
// keep their bytes and ETag (and answer 304 to it) through an edit of the
// working draft, and change on the request after a publication.
func TestPublishChangesThePublicPage(t *testing.T) {
	app := newTestApp(t)
	pages := []string{"/meetings/admm-retreat-2025/programme", "/meetings/admm-retreat-2025/programme.ics"}
	type seen struct{ etag, body string }
	read := func() map[string]seen {
		out := map[string]seen{}
		for _, p := range pages {
			resp, body := app.fetch(http.MethodGet, p, nil)
			if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") == "" {
				t.Fatalf("GET %s: %d, ETag %q", p, resp.StatusCode, resp.Header.Get("ETag"))
			}
			out[p] = seen{resp.Header.Get("ETag"), body}
		}
		return out
	}
	v1 := read()
	for _, p := range pages {
		resp, body := app.fetch(http.MethodGet, p, http.Header{"If-None-Match": {v1[p].etag}})
		if resp.StatusCode != http.StatusNotModified || body != "" || resp.Header.Get("ETag") != v1[p].etag {
			t.Errorf("GET %s If-None-Match its ETag: %d, %d bytes, ETag %q", p, resp.StatusCode, len(body), resp.Header.Get("ETag"))
		}
		if resp, _ := app.fetch(http.MethodGet, p, http.Header{"If-None-Match": {`"other"`}}); resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s If-None-Match another ETag: %d", p, resp.StatusCode)
		}
	}

	officer := app.as(convene.RoleOfficer)
	officer.get("/meetings/admm-retreat-2025/programme/new")
	f := sessionForm("Press conference of the Chair", "2025-02-26", "17:35", "17:45", "")
	if resp, body := officer.post("/meetings/admm-retreat-2025/programme/new", f); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add a session: %d\n%.1000s", resp.StatusCode, body)
	}
	draft := read()
	for _, p := range pages {
		if draft[p] != v1[p] {
			t.Errorf("%s changed after an unpublished edit", p)
		}
	}

	officer.get("/meetings/admm-retreat-2025/programme")
	if resp, _ := officer.post("/meetings/admm-retreat-2025/programme/publish", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", resp.StatusCode)
	}
	v2 := read()
	for _, p := range pages {
		if v2[p].etag == v1[p].etag || v2[p].body == v1[p].body || !strings.Contains(v2[p].body, "Press conference of the Chair") {
			t.Errorf("%s after the publication: ETag %q (was %q), new session shown %v", p, v2[p].etag, v1[p].etag,
				strings.Contains(v2[p].body, "Press conference of the Chair"))
		}
		if resp, _ := app.fetch(http.MethodGet, p, http.Header{"If-None-Match": {v1[p].etag}}); resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s with the ETag of version 1: %d, want 200", p, resp.StatusCode)
		}
	}
}

// TestPublicCacheConcurrentVisitors: visitors reading the public pages at
// once, while the secretariat publishes, all get whole pages of one version
// or the other (run it with -race).
func TestPublicCacheConcurrentVisitors(t *testing.T) {
	app := newTestApp(t)
	officer := app.as(convene.RoleOfficer)
	officer.get("/meetings/admm-retreat-2025/programme/new")
	if resp, _ := officer.post("/meetings/admm-retreat-2025/programme/new", sessionForm("Press conference of the Chair",
		"2025-02-26", "17:35", "17:45", "")); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add a session: %d", resp.StatusCode)
	}
	officer.get("/meetings/admm-retreat-2025/programme")
	errs := make(chan string, 6*15)
	done := make(chan struct{})
	for g := 0; g < 6; g++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := 0; i < 15; i++ {
				p := publicPaths[(g+i)%len(publicPaths)]
				resp, err := app.ts.Client().Get(app.ts.URL + p)
				if err != nil {
					errs <- err.Error()
					return
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") == "" || len(b) == 0 {
					errs <- p + ": " + resp.Status
				}
			}
		}()
	}
	if resp, _ := officer.post("/meetings/admm-retreat-2025/programme/publish", nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("publish: %d", resp.StatusCode)
	}
	for g := 0; g < 6; g++ {
		<-done
	}
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if _, body := app.fetch(http.MethodGet, "/meetings/admm-retreat-2025/programme", nil); !strings.Contains(body, "Press conference of the Chair") {
		t.Error("after the publication a visitor does not see the published session")
	}
}
