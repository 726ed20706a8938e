package web

import (
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
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
// password field back (judged on the form's inputs, see echoesPassword).
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
			if err := echoesPassword(rec.Body.String(), form.Get("password"), form); err != nil {
				t.Error(err)
			}
		default:
			t.Errorf("status %d for body %q", rec.Code, body)
		}
	})
}

// inputTag and inputAttr read the <input> elements of a page Convene
// rendered: templ writes every attribute value in double quotes, escaped,
// so a value cannot hold a quote or a tag.
var (
	inputTag  = regexp.MustCompile(`<input\b[^>]*>`)
	inputAttr = regexp.MustCompile(`([a-zA-Z-]+)="([^"]*)"`)
)

// echoesPassword reports a refused sign-in form that gives the password back.
// It is judged on the form's inputs, never by searching the whole page, so
// that no text of the page, random value or other echoed field can pass for
// the password by chance (the first version searched for `value="` and the
// password, and a password equal to the typed e-mail address would have
// counted):
//   - the password input carries no value at all, whatever was sent;
//   - no other input holds a password of 8 characters or more unless that
//     same field was sent holding it (the e-mail and next fields are given
//     back as typed, the CSRF field holds the token the test sent; the only
//     value the server makes up, "/" for an unsafe next, is shorter).
func echoesPassword(page, pw string, sent url.Values) error {
	for _, tag := range inputTag.FindAllString(page, -1) {
		attrs := map[string]string{}
		for _, m := range inputAttr.FindAllStringSubmatch(tag, -1) {
			attrs[m[1]] = html.UnescapeString(m[2])
		}
		name, value := attrs["name"], attrs["value"]
		switch {
		case name == "password" && value != "":
			return fmt.Errorf("the refused form fills the password input with %q", value)
		case name != "password" && len(pw) >= 8 && strings.Contains(value, pw) &&
			!slices.ContainsFunc(sent[name], func(v string) bool { return strings.Contains(v, pw) }):
			return fmt.Errorf("the refused form puts the password %q into its %q input", pw, name)
		}
	}
	return nil
}
