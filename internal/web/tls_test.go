package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"convene/internal/convene"
)

// TestSecureUnderTLS serves the real router over TLS (httptest's own
// certificate) and signs in: every cookie the server sets carries Secure,
// HttpOnly and SameSite, and every answer carries HSTS (issue 8, items 9
// and 15). The control is the same sign-in over plain HTTP, where a Secure
// cookie would be dropped by the browser and HSTS is meaningless: neither
// may appear there, so the test sees the difference TLS makes.
func TestSecureUnderTLS(t *testing.T) {
	app := newTestApp(t)
	plain := app.ts
	secure := httptest.NewTLSServer(app.srv.Handler())
	t.Cleanup(secure.Close)

	check := func(ts *httptest.Server) (cookies, secureCookies, hsts, pages int) {
		app.ts = ts
		defer func() { app.ts = plain }()
		c := app.client()
		c.http.Transport = ts.Client().Transport
		var answers []*http.Response
		resp, _ := c.get("/sign-in")
		answers = append(answers, resp)
		resp, _ = c.post("/sign-in", map[string][]string{"email": {roleEmails[convene.RoleOfficer]}, "password": {testPassword}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign in over %s: status %d", ts.URL, resp.StatusCode)
		}
		answers = append(answers, resp)
		for _, p := range []string{"/", "/account", retreat, "/audit"} {
			resp, _ = c.get(p)
			answers = append(answers, resp)
		}
		for _, r := range answers {
			pages++
			if r.Header.Get("Strict-Transport-Security") != "" {
				hsts++
			}
			for _, ck := range r.Cookies() {
				cookies++
				if ck.Secure {
					secureCookies++
				}
				if !ck.HttpOnly || ck.SameSite == http.SameSiteDefaultMode || ck.SameSite == http.SameSiteNoneMode {
					t.Errorf("cookie %s over %s: HttpOnly=%v SameSite=%v", ck.Name, ts.URL[:5], ck.HttpOnly, ck.SameSite)
				}
			}
		}
		return
	}
	cookies, secureCookies, hsts, pages := check(secure)
	if cookies == 0 || secureCookies != cookies {
		t.Errorf("over TLS: %d of %d cookies Secure", secureCookies, cookies)
	}
	if hsts != pages {
		t.Errorf("over TLS: HSTS on %d of %d answers", hsts, pages)
	}
	if !strings.HasPrefix(secure.URL, "https://") {
		t.Fatalf("the TLS server is at %s", secure.URL)
	}
	pc, ps, ph, pp := check(plain)
	if pc == 0 || ps != 0 || ph != 0 {
		t.Errorf("control over plain HTTP: %d of %d cookies Secure, HSTS on %d of %d answers (want 0 and 0)", ps, pc, ph, pp)
	}
	fmt.Printf("TLS: %d/%d cookies Secure+HttpOnly+SameSite, HSTS on %d/%d answers; control over plain HTTP: %d/%d Secure, HSTS on %d/%d\n",
		secureCookies, cookies, hsts, pages, ps, pc, ph, pp)
}
