package web

import (
	"bufio"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"convene/internal/convene"
)

// accessRoles is the column order of testdata/access.txt.
var accessRoles = []convene.Role{convene.RoleAnonymous, convene.RoleDelegate, convene.RoleFocal,
	convene.RoleOrganiser, convene.RoleOfficer, convene.RoleAdmin}

// loadAccessTable reads testdata/access.txt into "METHOD path" -> role -> allowed.
func loadAccessTable(t *testing.T) map[string]map[convene.Role]bool {
	t.Helper()
	f, err := os.Open("testdata/access.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	table := map[string]map[convene.Role]bool{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cols := strings.Fields(text)
		if len(cols) != 2+len(accessRoles) {
			t.Fatalf("access.txt:%d: want %d columns, got %d", line, 2+len(accessRoles), len(cols))
		}
		key := cols[0] + " " + cols[1]
		if _, dup := table[key]; dup {
			t.Fatalf("access.txt:%d: %s listed twice", line, key)
		}
		table[key] = map[convene.Role]bool{}
		for i, r := range accessRoles {
			switch cols[2+i] {
			case "allow":
				table[key][r] = true
			case "deny":
				table[key][r] = false
			default:
				t.Fatalf("access.txt:%d: %q is neither allow nor deny", line, cols[2+i])
			}
		}
	}
	return table
}

// concretePath fills a route's parameters with values that exist in the
// demo dataset, so that an allowed request reaches its handler.
func concretePath(path string) string {
	r := strings.NewReplacer(":code", "admm-retreat-2025", ":id", "3", "*", "css/app.css")
	return r.Replace(path)
}

// TestEveryRouteForEveryRole walks every registered route for every role and
// compares the answer with testdata/access.txt (DESIGN.md rule 5).
func TestEveryRouteForEveryRole(t *testing.T) {
	app := newTestApp(t)
	table := loadAccessTable(t)

	registered := map[string]bool{}
	for _, r := range app.srv.Routes() {
		key := r.Method + " " + r.Path
		registered[key] = true
		if _, ok := table[key]; !ok {
			t.Errorf("route %s has no line in testdata/access.txt: add one", key)
		}
	}
	for key := range table {
		if !registered[key] {
			t.Errorf("testdata/access.txt lists %s, which is not a registered route", key)
		}
	}

	clients := map[convene.Role]*client{}
	for _, role := range accessRoles {
		clients[role] = app.as(role)
	}
	checked, mismatches := 0, 0
	for _, r := range app.srv.Routes() {
		want, ok := table[r.Method+" "+r.Path]
		if !ok {
			continue
		}
		for _, role := range accessRoles {
			c := clients[role]
			if r.Method != http.MethodGet {
				// A POST may sign the client out or change its password: use
				// a fresh browser for each.
				c = app.as(role)
			}
			var resp *http.Response
			var body string
			if r.Method == http.MethodGet {
				resp, body = c.get(concretePath(r.Path))
			} else {
				resp, body = c.post(concretePath(r.Path), nil)
			}
			got := allowed(resp)
			checked++
			if got != want[role] {
				mismatches++
				t.Errorf("%s %s as %s: status %d (allowed=%v), want allowed=%v\n%.300s",
					r.Method, r.Path, roleName(role), resp.StatusCode, got, want[role], body)
			}
		}
	}
	fmt.Printf("access matrix: %d route×role checks, %d mismatches\n", checked, mismatches)
}

// allowed reads an answer as the access table does.
func allowed(resp *http.Response) bool {
	if resp.StatusCode == http.StatusForbidden {
		return false
	}
	if resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(resp.Header.Get("Location"), "/sign-in") {
		return false
	}
	return true
}

func roleName(r convene.Role) string {
	if r == convene.RoleAnonymous {
		return "anonymous"
	}
	return string(r)
}
