package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"convene/internal/convene"
)

// refusedClasses are one value of each class of text a one-line field
// refuses, with the message shown next to the field.
var refusedClasses = []struct{ class, value string }{
	{"control character", "Trần\aBích"},
	{"line break", "Trần\nBích"},
	{"invalid UTF-8", "Tr\xe1\xbaBích"},
	{"bidi override", "\u202eBích Trần"},
	{"bidi isolate", "Trần \u2066Bích\u2069"},
	{"only invisible", "\u200b\u200c\u2060"},
}

// fieldMessage returns the message shown next to field in a page.
func fieldMessage(page, field string) string {
	m := regexp.MustCompile(`<span class="error" id="e-` + regexp.QuoteMeta(field) + `">([^<]*)</span>`).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// TestTextHygieneInOnePlace: each refused class, typed into the user form's
// name (a handler with no hygiene code of its own), answers 422 with the
// class's message next to the field and the e-mail typed kept, and writes
// nothing; the same through the query string of the POST (which
// c.FormValue also reads); a multi-line field declared in multiLineFields
// keeps its line breaks. The store refuses every write of a refused
// request even when a handler does not look (sqlite's update).
//
// Control: names in Khmer and Myanmar with zero-width spaces between words,
// Hindi with a joiner and Persian with a non-joiner are saved as typed.
func TestTextHygieneInOnePlace(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	admin := app.as(convene.RoleAdmin)
	admin.get("/admin/users/new")
	before := dbState(t, app)
	refused := 0
	for i, rc := range refusedClasses {
		email := fmt.Sprintf("hygiene%d@example.org", i)
		form := url.Values{"email": {email}, "name": {rc.value}, "role": {"officer"}, "password": {"a long enough password"}}
		resp, body := admin.post("/admin/users/new", form)
		want := convene.ErrorMessage(convene.CheckSingleLine(rc.value))
		if resp.StatusCode != http.StatusUnprocessableEntity || fieldMessage(body, "name") != want || !strings.Contains(body, `value="`+email+`"`) {
			t.Errorf("%s in a name: status %d, message %q (want 422, %q, the e-mail kept)", rc.class, resp.StatusCode,
				fieldMessage(body, "name"), want)
			continue
		}
		refused++
	}
	// Through the query string: the handler's c.FormValue("name") reads it.
	req, _ := http.NewRequest(http.MethodPost, app.ts.URL+"/admin/users/new?name=An%00", strings.NewReader(url.Values{
		"_csrf": {admin.csrf}, "email": {"hygiene-query@example.org"}, "role": {"officer"},
		"password": {"a long enough password"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if resp, _ := admin.do(req); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a control character in the query of a POST: %d, want 422", resp.StatusCode)
	}
	if changed := changedTables(before, dbState(t, app)); len(changed) > 0 {
		t.Errorf("refused forms changed %v", changed)
	}

	// The store refuses a write of a refused request by itself.
	verdict := &convene.Error{Code: convene.EINVALID, Message: "refused", Fields: map[string]string{"name": "x"}}
	err := app.db.CreateUser(convene.WithRefusedInput(ctx, verdict), &convene.User{Email: "direct@example.org",
		Name: "Direct", Role: convene.RoleOfficer, PasswordHash: testHash})
	if err != verdict {
		t.Errorf("a store write of a refused request: %v, want the refusal", err)
	}

	// A declared multi-line field keeps its line breaks (the holiday CSV).
	admin.get("/holidays")
	csv := "country,date,name,verified,source\r\nMYS,2026-09-16,Hari Malaysia,yes,Jabatan Perdana Menteri\r\n" +
		"MYS,2026-08-31,Hari Kebangsaan,yes,\r\n"
	if resp, body := admin.post("/holidays", url.Values{"csv": {csv}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a CSV with line breaks in the multi-line field: %d\n%.400s", resp.StatusCode, fieldMessage(body, "csv"))
	}
	// Its cells are one-line values: a tab inside a quoted name is refused.
	tabbed := "country,date,name,verified,source\r\nMYS,2026-09-17,\"Hari\tMalaysia\",yes,\r\n"
	if resp, body := admin.post("/holidays", url.Values{"csv": {tabbed}}); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(fieldMessage(body, "csv"), "Line 2, the name") {
		t.Errorf("a tab inside a CSV cell: %d %q, want 422 naming line 2", resp.StatusCode, fieldMessage(body, "csv"))
	}

	// Control: the scripts that need invisible characters inside a name.
	admin.get("/admin/users/new")
	accepted := 0
	names := []string{"សុខ\u200bចាន់ធី", "အောင်\u200bကျော်", "क्\u200dष Sharma", "می\u200cخواهم Rahimi"}
	for i, name := range names {
		resp, _ := admin.post("/admin/users/new", url.Values{"email": {fmt.Sprintf("script%d@example.org", i)}, "name": {name},
			"role": {"officer"}, "password": {"a long enough password"}})
		u, err := app.db.FindUserByEmail(ctx, fmt.Sprintf("script%d@example.org", i))
		if resp.StatusCode != http.StatusSeeOther || err != nil || u.Name != name {
			t.Errorf("control: %q: status %d, stored %q", name, resp.StatusCode, u.Name)
			continue
		}
		accepted++
	}
	fmt.Printf("text hygiene (user form): %d/%d refused classes answered 422 with the message next to the field, query string too, 0 tables changed; "+
		"store refuses a refused request's write; multi-line CSV kept; control: %d/%d names with ZWSP/ZWJ/ZWNJ inside saved as typed\n",
		refused, len(refusedClasses), accepted, len(names))
}

// changedTables names the tables whose state differs between two dbState maps.
func changedTables(before, after map[string]string) []string {
	var out []string
	for k, v := range after {
		if before[k] != v {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
