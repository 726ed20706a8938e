package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// site is where the fuzz targets pretend Convene is served.
var site, _ = url.Parse("https://convene.example/sign-in")

// leavesSite (the same check as in internal/convene's FuzzSafeRedirectTarget) reports whether a browser that follows a redirect to loc ends
// up somewhere else than Convene. Browsers drop tabs and newlines anywhere in
// a URL and read a backslash as a slash, so loc is first cleaned as the
// WHATWG URL parser would.
func leavesSite(loc string) bool {
	cleaned := strings.NewReplacer("\t", "", "\n", "", "\r", "", `\`, "/").Replace(loc)
	cleaned = strings.TrimLeft(cleaned, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	if strings.HasPrefix(cleaned, "//") {
		return true
	}
	u, err := url.Parse(cleaned)
	if err != nil {
		return true
	}
	r := site.ResolveReference(u)
	return r.Scheme != site.Scheme || r.Host != site.Host || r.User != nil
}

// FuzzSignInForm posts arbitrary form bodies (with a valid CSRF token, so
// they reach the handler) to the real router: the answer is never a server
// error, a redirect never leaves the site, and the page never echoes the
// password field back.
func FuzzSignInForm(f *testing.F) {
	db := openTestDatabase(f, f.TempDir())
	srv, err := New(Config{Secret: []byte(strings.Repeat("s", 32)), SignInFailureDelay: time.Microsecond,
		TimeZone: time.UTC}, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		f.Fatal(err)
	}
	h := srv.Handler()
	// One browser's cookie and token, reused by every input.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/sign-in", nil))
	var cookies []string
	for _, c := range rec.Result().Cookies() {
		cookies = append(cookies, c.Name+"="+c.Value)
	}
	m := regexp.MustCompile(`name="_csrf" value="([^"]*)"`).FindStringSubmatch(rec.Body.String())
	if m == nil {
		f.Fatal("no CSRF token on the sign-in page")
	}
	token := url.QueryEscape(m[1])

	for _, s := range []string{"email=admin%40demo.test&password=" + url.QueryEscape(testPassword) + "&next=%2Faccount",
		"email=admin%40demo.test&password=wrong-password-x", "email=&password=", "next=%2F%2Fevil.example&email=a&password=b",
		"email=%ff%fe&password=%00", "email=a%40b.c&password=pw&password=other&_csrf=forged", "%zz=&&&==",
		"email=" + strings.Repeat("x", 5000) + "&password=y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, "/sign-in", strings.NewReader("_csrf="+token+"&"+body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Cookie", strings.Join(cookies, "; "))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusSeeOther:
			if loc := rec.Header().Get("Location"); leavesSite(loc) {
				t.Errorf("sign-in redirected to %q", loc)
			}
		case http.StatusUnprocessableEntity, http.StatusTooManyRequests, http.StatusBadRequest,
			http.StatusForbidden, http.StatusRequestEntityTooLarge:
			form, _ := url.ParseQuery(body)
			if pw := form.Get("password"); len(pw) >= 8 && strings.Contains(rec.Body.String(), "value=\""+pw) {
				t.Errorf("the refused form echoes the password %q", pw)
			}
		default:
			t.Errorf("status %d for body %q", rec.Code, body)
		}
	})
}
