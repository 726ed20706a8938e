package web

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"convene/internal/convene"
)

// pathVariants are the spellings of one path that a router or a proxy may
// treat differently from the canonical one (issue 8, item 7).
var pathVariants = []struct {
	name  string
	spell func(p string) string
}{
	{"trailing slash", func(p string) string { return strings.TrimSuffix(p, "/") + "/" }},
	{"last separator as %2F", func(p string) string {
		if i := strings.LastIndex(p, "/"); i > 0 {
			return p[:i] + "%2F" + p[i+1:]
		}
		return "/%2F" + p[1:] // the root has no separator to replace: add an encoded one
	}},
	{"doubled slash", func(p string) string {
		i := strings.LastIndex(p, "/")
		return p[:i] + "//" + p[i+1:]
	}},
	{"../ segment", func(p string) string {
		i := strings.LastIndex(p, "/")
		return p[:i] + "/x/.." + p[i:]
	}},
	{"leading ../", func(p string) string { return "/static/.." + p }},
}

// TestPathVariantsGrantNoMore requests every route of the route table, for
// every role, under each spelling in pathVariants. Where testdata/access.txt
// denies the role the plain path, no spelling may get further: the answer
// must be a refusal (403, or a 303 to sign in), a 404, a 405, a 400, or a
// redirect, and nothing may be written. Where the role may use the route,
// no spelling may fail with a 5xx. GET and POST (with the browser's valid
// CSRF token) alike; POST spellings are sent only for the roles that may
// not use the route, because an allowed POST with an empty form may sign
// the browser out or change it, and this test is about access.
func TestPathVariantsGrantNoMore(t *testing.T) {
	app := newTestApp(t)
	table := loadAccessTable(t)
	res := checkPathVariants(t, app, table, app.srv.Routes(), t.Errorf)
	changed := res.changed
	if len(changed) > 0 {
		t.Errorf("path variants changed tables %v", changed)
	}
	var kinds []string
	for k, n := range res.answers {
		kinds = append(kinds, fmt.Sprintf("%s: %d", k, n))
	}
	sort.Strings(kinds)

	// Control: a server where the trailing-slash spelling of /admin/users
	// is registered as a route of its own without the permission (the
	// classic "the check is on the canonical route only" mistake) must be
	// reported.
	bad := newTestApp(t)
	bad.srv.echo.Add(http.MethodGet, "/admin/users/", bad.srv.handleUsers, authorize(convene.PermPublic))
	var only []RouteInfo
	for _, r := range bad.srv.Routes() {
		if r.Method == http.MethodGet && r.Path == "/admin/users" {
			only = append(only, r)
		}
	}
	ctl := checkPathVariants(t, bad, table, only, func(string, ...any) {})
	if ctl.granted == 0 {
		t.Error("control: a trailing-slash route without the permission was not reported")
	}
	fmt.Printf("path variants: %d requests (%d spellings x %d routes x %d roles, POST only where denied): %d grant more than the plain path, %d tables changed; answers %s; control: a test-only unguarded trailing-slash route granted %d (must not be 0)\n",
		res.requests, len(pathVariants), len(app.srv.Routes()), len(accessRoles), res.granted, len(changed),
		strings.Join(kinds, ", "), ctl.granted)
}

// variantResult is the figure of one run of checkPathVariants.
type variantResult struct {
	requests, granted int
	answers           map[string]int
	changed           []string // tables whose content the requests changed
}

// checkPathVariants requests each route under every spelling as every role
// and reports, through fail, any answer that grants a denied role more
// than the plain path, and any 5xx.
func checkPathVariants(t *testing.T, app *testApp, table map[string]map[convene.Role]bool, routes []RouteInfo,
	fail func(string, ...any)) variantResult {
	t.Helper()
	res := variantResult{answers: map[string]int{}}
	clients := map[convene.Role]*client{}
	for _, role := range accessRoles {
		clients[role] = app.as(role)
	}
	before := dbState(t, app)
	for _, r := range routes {
		want := table[r.Method+" "+r.Path]
		plain := concretePath(r.Path)
		for _, role := range accessRoles {
			if r.Method != http.MethodGet && want[role] {
				continue
			}
			c := clients[role]
			for _, v := range pathVariants {
				p := v.spell(plain)
				var resp *http.Response
				var body string
				if r.Method == http.MethodGet {
					resp, body = c.get(p)
				} else {
					resp, body = c.post(p, nil)
				}
				res.requests++
				res.answers[variantAnswer(resp)]++
				if resp.StatusCode >= 500 {
					fail("%s %s (%s) as %s: %d\n%.300s", r.Method, p, v.name, roleName(role), resp.StatusCode, body)
				}
				if !want[role] && variantGrants(resp) {
					res.granted++
					fail("%s %s (%s) as %s: %d %s, but the plain path is denied\n%.300s", r.Method, p, v.name,
						roleName(role), resp.StatusCode, resp.Header.Get("Location"), body)
				}
			}
		}
	}
	after := dbState(t, app)
	for k, v := range after {
		if before[k] != v {
			res.changed = append(res.changed, k)
		}
	}
	sort.Strings(res.changed)
	return res
}

// variantGrants reads an answer to a path variant the strict way: anything
// but a refusal, a missing page, a wrong method, a bad request or a
// redirect counts as access granted.
func variantGrants(resp *http.Response) bool {
	switch resp.StatusCode {
	case http.StatusForbidden, http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusBadRequest,
		http.StatusMovedPermanently, http.StatusPermanentRedirect:
		return false
	case http.StatusSeeOther:
		return !strings.HasPrefix(resp.Header.Get("Location"), "/sign-in")
	}
	return true
}

// variantAnswer names an answer for the figure.
func variantAnswer(resp *http.Response) string {
	if resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(resp.Header.Get("Location"), "/sign-in") {
		return "303 to sign-in"
	}
	return fmt.Sprint(resp.StatusCode)
}
