package web

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
)

// hrefAttr finds the links a page offers.
var hrefAttr = regexp.MustCompile(`href="([^"]*)"`)

// dbState is what a GET must leave alone: the content digest of every table
// except logins, whose last_seen_at a request may touch by design (at most
// once a minute, for the idle timeout), plus the number of logins, which a
// GET must not change.
func dbState(t *testing.T, app *testApp) map[string]string {
	t.Helper()
	m, err := app.db.TableDigests(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	m["logins"] = fmt.Sprint(app.tableCounts()["logins"])
	// A personal-data export is a read the audit log records on purpose (who
	// took the roster out of the system, and when); it changes no domain
	// data. Every other audit row must stay as it was.
	var changes []string
	for offset := 0; ; offset += 500 {
		entries, total, err := app.db.FindAuditEntries(t.Context(), convene.AuditFilter{Offset: offset, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Action != "export" {
				changes = append(changes, fmt.Sprint(e.ID, e.Action, e.Entity, e.EntityID, e.Summary))
			}
		}
		if offset+500 >= total {
			break
		}
	}
	m["audit_log"] = fmt.Sprint(changes)
	// A meeting paper's download is a read the store records on purpose
	// too (issue 18: who took which version out, and when); it changes no
	// domain data.
	delete(m, "document_downloads")
	return m
}

// crawlGETs signs in as each of roles, then, as each, requests every route of
// the route table with GET (with parameters from the demo data, and POST-only
// paths too) and every same-site link the pages offer, breadth first. It
// returns the pages fetched and the tables whose content changed.
func crawlGETs(t *testing.T, app *testApp, roles []convene.Role) (pages int, changed []string, urls []string) {
	t.Helper()
	clients := map[convene.Role]*client{}
	for _, role := range roles {
		clients[role] = app.as(role)
	}
	before := dbState(t, app)
	for _, role := range roles {
		c := clients[role]
		var queue []string
		for _, r := range app.srv.Routes() {
			queue = append(queue, concretePath(r.Path))
		}
		seen := map[string]bool{}
		// Pages that differ only in query values (calendar months, search
		// pages, list pages) run the same handler; three of each are
		// enough, and following every "next month" link would spend the
		// crawl on one page.
		variants := map[string]int{}
		for len(queue) > 0 && len(seen) < 400 {
			p := queue[0]
			queue = queue[1:]
			if seen[p] {
				continue
			}
			seen[p] = true
			if k := variantKey(p); k != p {
				if variants[k]++; variants[k] > 3 {
					continue
				}
			}
			urls = append(urls, p)
			resp, body := c.get(p)
			pages++
			if resp.StatusCode >= 500 {
				t.Errorf("GET %s as %s: status %d", p, roleName(role), resp.StatusCode)
			}
			if loc := resp.Header.Get("Location"); loc != "" {
				urls = append(urls, loc)
				if strings.HasPrefix(loc, "/") && !strings.HasPrefix(loc, "//") {
					queue = append(queue, loc)
				}
			}
			for _, m := range hrefAttr.FindAllStringSubmatch(body, -1) {
				link := strings.ReplaceAll(m[1], "&amp;", "&")
				urls = append(urls, link)
				if u, err := url.Parse(link); err == nil && u.Scheme == "" && u.Host == "" && strings.HasPrefix(u.Path, "/") {
					u.Fragment = ""
					queue = append(queue, u.String())
				}
			}
		}
	}
	after := dbState(t, app)
	for k, v := range after {
		if before[k] != v {
			changed = append(changed, k)
		}
	}
	for k := range before {
		if _, ok := after[k]; !ok {
			changed = append(changed, k)
		}
	}
	sort.Strings(changed)
	return pages, changed, urls
}

// TestGETCrawlChangesNothing proves that no GET route writes: every route
// and every link reachable from the pages, as every role, leaves every table
// exactly as it was (content digest, not just counts).
//
// Control: a GET route that renames a user, added to the route table of a
// second server only in this test, must be caught by the same crawl.
func TestGETCrawlChangesNothing(t *testing.T) {
	app := newTestApp(t)
	passports := givePassports(t, app)
	pages, changed, urls := crawlGETs(t, app, accessRoles)
	if len(changed) > 0 {
		t.Errorf("GET requests changed tables %v", changed)
	}
	// Issue 8, item 15: no passport number ever appears in a URL (every
	// link, redirect and page the crawl met, as every role, the secretariat's
	// included) or in a line of the request log.
	inURL, inLog := 0, 0
	for _, u := range urls {
		if unescaped, err := url.PathUnescape(u); err == nil {
			u += " " + unescaped
		}
		for _, p := range passports {
			if strings.Contains(u, p) {
				inURL++
				t.Errorf("a passport number appears in a URL the pages offer (%d characters long)", len(u))
			}
		}
	}
	logText := app.log.String()
	for _, p := range passports {
		if strings.Contains(logText, p) {
			inLog++
			t.Error("a passport number appears in the request log")
		}
	}

	bad := newTestApp(t)
	staff, err := bad.db.FindUserByEmail(t.Context(), "staff@demo.test")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	mutate := func(c echo.Context) error {
		n++
		name := fmt.Sprintf("Renamed by a GET %d", n)
		if _, err := bad.db.UpdateUser(c.Request().Context(), staff.ID, convene.UserUpdate{Name: &name}); err != nil {
			return err
		}
		return c.String(http.StatusOK, "ok")
	}
	bad.srv.routes = append(bad.srv.routes, route{method: http.MethodGet, path: "/test/mutating-get",
		perm: convene.PermPublic, handler: mutate})
	bad.srv.echo.Add(http.MethodGet, "/test/mutating-get", mutate, authorize(convene.PermPublic))
	// The mutating route is public, so one anonymous crawl must find it; a
	// crawl as every role would prove nothing more and doubles the test.
	_, caught, _ := crawlGETs(t, bad, []convene.Role{convene.RoleAnonymous})
	if len(caught) == 0 {
		t.Error("control: the crawl did not notice a GET route that writes")
	}
	fmt.Printf("GET crawl: %d pages as %d roles, %d tables changed; control: a test-only mutating GET changed %v (must not be empty)\n",
		pages, len(accessRoles), len(changed), caught)
	fmt.Printf("passport numbers: %d of the dataset checked against %d URLs and %d log bytes: %d in a URL, %d in the log\n",
		len(passports), len(urls), len(logText), inURL, inLog)
}

// variantKey is a URL's path with its query's parameter names but not
// their values.
func variantKey(link string) string {
	u, err := url.Parse(link)
	if err != nil || u.RawQuery == "" {
		return link
	}
	keys := make([]string, 0, len(u.Query()))
	for k := range u.Query() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return u.Path + "?" + strings.Join(keys, "&")
}

// givePassports gives every delegate of the dataset who has none a
// passport number of its own (the demo fills in only a few), written
// straight into the file before the crawl, and returns all of them.
func givePassports(t *testing.T, app *testApp) []string {
	t.Helper()
	raw, err := sql.Open("sqlite", app.db.Path()+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.ExecContext(t.Context(), `UPDATE delegates SET passport_number = printf('X%07d', 4200000 + id)
		WHERE passport_number = ''`); err != nil {
		t.Fatal(err)
	}
	rows, err := raw.QueryContext(t.Context(), `SELECT DISTINCT passport_number FROM delegates WHERE passport_number <> ''`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) < 50 {
		t.Fatalf("the dataset holds only %d passport numbers: the check would prove little", len(out))
	}
	return out
}
