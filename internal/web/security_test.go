package web

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"convene/internal/convene"
)

// TestCSRF posts to every state-changing route without a token, with a wrong
// token, and with another browser's token: every one answers 403 and the
// database does not change.
func TestCSRF(t *testing.T) {
	app := newTestApp(t)
	other := app.as(convene.RoleAdmin) // a token that is valid, but for another browser
	before := app.tableCounts()
	cases := map[string]func(c *client) url.Values{
		"no token":              func(*client) url.Values { return url.Values{"_csrf": {""}} },
		"wrong token":           func(*client) url.Values { return url.Values{"_csrf": {"forged-token"}} },
		"another browser token": func(*client) url.Values { return url.Values{"_csrf": {other.csrf}} },
	}
	posts := 0
	for _, r := range app.srv.Routes() {
		if r.Method == http.MethodGet {
			continue
		}
		for name, form := range cases {
			c := app.as(convene.RoleAdmin)
			f := form(c)
			// A plausible body, so that only the token is wrong.
			f.Set("email", "new.person@example.org")
			f.Set("name", "Somebody")
			f.Set("password", testPassword)
			resp, _ := c.post(concretePath(r.Path), f)
			posts++
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s %s with %s: status %d, want 403", r.Method, r.Path, name, resp.StatusCode)
			}
		}
	}
	// Cross-site: a form on another site posts with the victim's cookies but
	// cannot read the token. The Lax cookie is not even sent; either way 403.
	c := app.as(convene.RoleAdmin)
	req, _ := http.NewRequest(http.MethodPost, app.ts.URL+"/admin/users/new",
		strings.NewReader(url.Values{"email": {"x@example.org"}, "name": {"X"}, "role": {"admin"},
			"password": {testPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if resp, _ := c.do(req); resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site post: status %d, want 403", resp.StatusCode)
	}
	// A token in the header works for scripts, and proves the check is not
	// simply refusing everything.
	req, _ = http.NewRequest(http.MethodPost, app.ts.URL+"/sign-out", nil)
	req.Header.Set("X-CSRF-Token", c.csrf)
	if resp, _ := c.do(req); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("sign-out with the header token: status %d, want 303", resp.StatusCode)
	}

	after := app.tableCounts()
	// Signing in the test browsers wrote logins and their audit rows; nothing else may change.
	delete(before, "logins")
	delete(after, "logins")
	delete(before, "audit_log")
	delete(after, "audit_log")
	if !reflect.DeepEqual(before, after) {
		t.Errorf("refused posts changed the database:\nbefore %v\nafter  %v", before, after)
	}
	fmt.Printf("csrf: %d refused posts, 0 changes\n", posts+1)
}

// TestSecurityHeaders checks the headers on pages of every kind, for every
// role, errors included.
func TestSecurityHeaders(t *testing.T) {
	app := newTestApp(t)
	paths := []string{"/", "/sign-in", "/meetings/admm-retreat-2025", "/account", "/audit", "/admin/users", "/nowhere"}
	checked := 0
	for _, role := range accessRoles {
		c := app.as(role)
		for _, p := range paths {
			resp, _ := c.get(p)
			h := resp.Header
			csp := h.Get("Content-Security-Policy")
			if csp == "" || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") ||
				!strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
				t.Errorf("%s as %s: bad CSP %q", p, roleName(role), csp)
			}
			if h.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("%s as %s: no nosniff", p, roleName(role))
			}
			if h.Get("Referrer-Policy") == "" {
				t.Errorf("%s as %s: no Referrer-Policy", p, roleName(role))
			}
			// Public pages as a visitor sees them may be kept briefly
			// (public_cache.go); everything else, never.
			want := "no-store"
			if role == convene.RoleAnonymous && (p == "/" || p == "/meetings/admm-retreat-2025") {
				want = publicCacheControl
			}
			if h.Get("Cache-Control") != want {
				t.Errorf("%s as %s: Cache-Control %q, want %q", p, roleName(role), h.Get("Cache-Control"), want)
			}
			if h.Get("Strict-Transport-Security") != "" {
				t.Errorf("%s as %s: HSTS on plain HTTP", p, roleName(role))
			}
			checked++
		}
	}
	// Static files are cached for a year under their hashed name.
	resp, _ := app.client().get(strings.TrimPrefix(pathOf(t, app, "css/app.css"), ""))
	if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("hashed static file: Cache-Control %q", cc)
	}
	fmt.Printf("headers: %d pages checked\n", checked)
}

func pathOf(t *testing.T, app *testApp, name string) string {
	t.Helper()
	_, body := app.client().get("/")
	i := strings.Index(body, "/static/css/app.")
	if i < 0 {
		t.Fatal("no stylesheet link on the home page")
	}
	j := strings.Index(body[i:], `"`)
	return body[i : i+j]
}

// TestSignInAndOut checks the sign-in rules: the same message for an unknown
// account and a wrong password, a new login token at every sign-in, the old
// cookie dead after sign-out, HttpOnly and SameSite cookies.
func TestSignInAndOut(t *testing.T) {
	app := newTestApp(t)

	c := app.as(convene.RoleAnonymous)
	_, unknown := c.post("/sign-in", url.Values{"email": {"nobody@demo.test"}, "password": {"whatever-password"}})
	c = app.as(convene.RoleAnonymous)
	resp, wrong := c.post("/sign-in", url.Values{"email": {"admin@demo.test"}, "password": {"whatever-password"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("wrong password: status %d, want 422", resp.StatusCode)
	}
	if !strings.Contains(unknown, badCredentials) || !strings.Contains(wrong, badCredentials) {
		t.Fatal("unknown account and wrong password must give the same message")
	}
	if !strings.Contains(wrong, `value="admin@demo.test"`) {
		t.Error("the refused form must keep the e-mail address as typed")
	}
	if strings.Contains(wrong, "whatever-password") {
		t.Error("the refused form must not send the password back")
	}

	// Sign in twice: each sign-in gets a different login cookie.
	first, second := app.as(convene.RoleAdmin), app.as(convene.RoleAdmin)
	u, _ := url.Parse(app.ts.URL)
	tok := func(c *client) *http.Cookie {
		for _, ck := range c.http.Jar.Cookies(u) {
			if ck.Name == loginCookie {
				return ck
			}
		}
		t.Fatal("no login cookie")
		return nil
	}
	if tok(first).Value == tok(second).Value {
		t.Error("two sign-ins got the same login cookie")
	}

	// The cookie's flags, as the server set them.
	c = app.as(convene.RoleAnonymous)
	resp, _ = c.post("/sign-in", url.Values{"email": {"admin@demo.test"}, "password": {testPassword}})
	var setLogin string
	for _, v := range resp.Header.Values("Set-Cookie") {
		if strings.HasPrefix(v, loginCookie+"=") {
			setLogin = v
		}
	}
	if !strings.Contains(setLogin, "HttpOnly") || !strings.Contains(setLogin, "SameSite=Lax") {
		t.Errorf("login cookie flags: %s", setLogin)
	}
	if len(setLogin) > 4096 {
		t.Errorf("login cookie is %d bytes", len(setLogin))
	}

	// After sign-out, replaying the old cookie does not sign anyone in.
	stolen := tok(first)
	first.post("/sign-out", nil)
	replay := app.client()
	replay.http.Jar.SetCookies(u, []*http.Cookie{stolen})
	if resp, _ := replay.get("/account"); allowed(resp) {
		t.Errorf("old cookie after sign-out: status %d, want a redirect to sign in", resp.StatusCode)
	}
	// The other browser is still signed in.
	if resp, _ := second.get("/account"); resp.StatusCode != http.StatusOK {
		t.Errorf("the other browser: status %d, want 200", resp.StatusCode)
	}
}

// TestRevocation: a password change signs out the user's other browsers; a
// role change signs out all of them; on the very next request.
func TestRevocation(t *testing.T) {
	app := newTestApp(t)
	a, b := app.as(convene.RoleOfficer), app.as(convene.RoleOfficer)
	newPW := "a brand new passphrase"
	a.get("/account")
	resp, body := a.post("/account/password", url.Values{"current_password": {testPassword},
		"password": {newPW}, "password_confirm": {newPW}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("change password: status %d\n%.500s", resp.StatusCode, body)
	}
	if resp, _ := a.get("/account"); resp.StatusCode != http.StatusOK {
		t.Errorf("the browser that changed the password: status %d, want 200", resp.StatusCode)
	}
	if resp, _ := b.get("/account"); allowed(resp) {
		t.Errorf("other browser after password change: status %d, want sign-in", resp.StatusCode)
	}

	// Role change by the administrator: the officer is signed out everywhere.
	admin := app.as(convene.RoleAdmin)
	staff, err := app.db.FindUserByEmail(t.Context(), "staff@demo.test")
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/admin/users/%d", staff.ID)
	admin.get(path)
	resp, body = admin.post(path, url.Values{"name": {staff.Name}, "role": {"organiser"}, "country": {""}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("role change: status %d\n%.500s", resp.StatusCode, body)
	}
	if resp, _ := a.get("/audit"); allowed(resp) {
		t.Errorf("after role change the officer's browser: status %d, want sign-in", resp.StatusCode)
	}
}

// TestLoginTimeouts moves the clock past the idle and the absolute timeout.
func TestLoginTimeouts(t *testing.T) {
	app := newTestApp(t)
	now := time.Now()
	app.db.Now = func() time.Time { return now }

	c := app.as(convene.RoleOfficer)
	now = now.Add(90 * time.Minute) // inside the 2 h idle timeout
	if resp, _ := c.get("/account"); resp.StatusCode != http.StatusOK {
		t.Fatalf("after 90 idle minutes: status %d, want 200", resp.StatusCode)
	}
	now = now.Add(2*time.Hour + time.Minute) // idle too long
	if resp, _ := c.get("/account"); allowed(resp) {
		t.Errorf("after idle timeout: status %d, want sign-in", resp.StatusCode)
	}

	c = app.as(convene.RoleOfficer)
	for range 13 { // active every hour, but for more than 12 hours
		now = now.Add(time.Hour)
		c.get("/account")
	}
	if resp, _ := c.get("/account"); allowed(resp) {
		t.Errorf("after the absolute timeout: status %d, want sign-in", resp.StatusCode)
	}
}

// TestSignInLimits: failed sign-ins are refused after the limit, a forged
// X-Forwarded-For does not reset the limit, and the real user at another
// address can still sign in.
func TestSignInLimits(t *testing.T) {
	app := newTestApp(t)
	clock := freezeSignInLimits(app)
	try := func(xff string) (int, string) {
		c := app.as(convene.RoleAnonymous)
		req, _ := http.NewRequest(http.MethodPost, app.ts.URL+"/sign-in", strings.NewReader(url.Values{
			"_csrf": {c.csrf}, "email": {"staff@demo.test"}, "password": {"not the password"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if xff != "" {
			req.Header.Set("X-Forwarded-For", xff)
		}
		resp, _ := c.do(req)
		return resp.StatusCode, resp.Header.Get("Retry-After")
	}
	refused := 0
	for i := range 8 {
		if code, _ := try(fmt.Sprintf("198.51.100.%d", i)); code == http.StatusTooManyRequests {
			refused++
		} else if code != http.StatusUnprocessableEntity {
			t.Fatalf("attempt %d: status %d", i, code)
		}
	}
	if refused != 3 {
		t.Errorf("8 failures for one account from one address with forged X-Forwarded-For: %d refused, want 3", refused)
	}
	// The right password from the same address is refused too while limited...
	c := app.as(convene.RoleAnonymous)
	resp, _ := c.post("/sign-in", url.Values{"email": {"staff@demo.test"}, "password": {testPassword}})
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("right password while limited: status %d, want 429", resp.StatusCode)
	}
	// ...but the account is not locked for everyone: the limiter counts per
	// account and address, and a different address starts afresh.
	if !app.srv.limiter.check(attempt{account: "staff@demo.test", addr: "203.0.113.7"}.keys()...).ok {
		t.Error("the same account from another address must not be locked out")
	}
	// The delay grows: a minute after the fifth failure one more try is
	// checked; it fails, and the next wait is two minutes, then four.
	var waits []string
	for _, wait := range []time.Duration{time.Minute, 2 * time.Minute} {
		clock.add(wait + time.Second)
		if code, _ := try(""); code != http.StatusUnprocessableEntity {
			t.Fatalf("after waiting %v: status %d, want the attempt checked (422)", wait, code)
		}
		code, retry := try("")
		if code != http.StatusTooManyRequests {
			t.Fatalf("right after a failure: status %d, want 429", code)
		}
		waits = append(waits, retry+" s")
	}
	if waits[0] != "120 s" || waits[1] != "240 s" {
		t.Errorf("waits after the 6th and 7th failures: %v, want 120 s and 240 s", waits)
	}
	fmt.Printf("sign-in limits: %d of 8 forged-address attempts refused; then waits of %s and %s (growing)\n", refused, waits[0], waits[1])
}

// TestBadInput: unknown routes, wrong methods, oversized bodies and
// malformed ids get the right status and a page.
func TestBadInput(t *testing.T) {
	app := newTestApp(t)
	c := app.as(convene.RoleAdmin)
	if resp, body := c.get("/no/such/page"); resp.StatusCode != 404 || !strings.Contains(body, "Page not found") {
		t.Errorf("unknown route: %d", resp.StatusCode)
	}
	if resp, _ := c.get("/meetings/no-such-meeting"); resp.StatusCode != 404 {
		t.Errorf("unknown meeting: %d", resp.StatusCode)
	}
	if resp, _ := c.get("/admin/users/abc"); resp.StatusCode != 404 {
		t.Errorf("malformed id: %d", resp.StatusCode)
	}
	if resp, _ := c.get("/admin/users/999999"); resp.StatusCode != 404 {
		t.Errorf("missing id: %d", resp.StatusCode)
	}
	if resp, _ := c.post("/", nil); resp.StatusCode != 405 {
		t.Errorf("POST /: %d, want 405", resp.StatusCode)
	}
	before := app.tableCounts()
	big := url.Values{"name": {strings.Repeat("x", 2<<20)}, "email": {"big@example.org"}}
	if resp, body := c.post("/admin/users/new", big); resp.StatusCode != 413 || !strings.Contains(body, "Too large") {
		t.Errorf("oversized body: %d", resp.StatusCode)
	}
	resp, body := c.post("/admin/users/new", url.Values{"email": {"not-an-address"}, "name": {"Nguyễn Thị Ánh"},
		"role": {"focal"}, "country": {""}, "password": {"short"}})
	if resp.StatusCode != 422 {
		t.Errorf("bad user form: %d", resp.StatusCode)
	}
	for _, want := range []string{"Enter an e-mail address", "A focal point acts for one country", "Use at least 10 characters",
		`value="Nguyễn Thị Ánh"`, `value="not-an-address"`} {
		if !strings.Contains(body, want) {
			t.Errorf("bad user form: page lacks %q", want)
		}
	}
	after := app.tableCounts()
	delete(before, "logins")
	delete(after, "logins")
	delete(before, "audit_log")
	delete(after, "audit_log")
	if !reflect.DeepEqual(before, after) {
		t.Errorf("refused input changed the database")
	}
}
