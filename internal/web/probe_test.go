package web

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
)

// Cross-delegation probing (issue 8, item 8): a focal point, or a delegate,
// of one country takes every record ID that belongs to another delegation
// straight from the database and asks for it on every route whose path
// names a record of that kind, GET and POST alike. Another delegation's
// record must answer exactly as a record that does not exist: the same
// status and the same page, nothing written, and not one foreign name,
// e-mail address, passport number or badge code in any answer.

// probeKinds says which kind of record each path parameter names. A route
// whose parameter is in neither map fails the test, so that a new route
// cannot escape the probe by naming its records in a new way.
var probeKinds = []struct {
	pattern *regexp.Regexp // matches the route path; group 1 is the parameter
	kind    string
}{
	{regexp.MustCompile(`(:country)`), "delegation"},
	{regexp.MustCompile(`/delegates/(:id)`), "delegate"},
	{regexp.MustCompile(`(:delegate)`), "delegate"},
	{regexp.MustCompile(`/bilaterals/(:id)`), "bilateral"},
	{regexp.MustCompile(`/badges/(:id)`), "badge"},
	{regexp.MustCompile(`/pending-changes/(:id)`), "pending change"},
	{regexp.MustCompile(`/transfers/(:id)`), "transfer run"},
	{regexp.MustCompile(`/liaison/(:id)`), "liaison officer"},
	{regexp.MustCompile(`/admin/users/(:id)`), "user"},
	{regexp.MustCompile(`/invitation/(:token)`), "focal invitation"},
	{regexp.MustCompile(`/register/(:token)`), "registration link"},
	{regexp.MustCompile(`/feeds/(:token)`), "calendar feed"},
	{regexp.MustCompile(`/letters/(:id)`), "letter"},
}

// probeShared are parameters that name records no delegation owns: the
// meeting itself (public), a hotel, a programme session, a static file, a
// venue and its rooms, a room hold and an airport (the secretariat's only),
// a password-reset link (it names one account, found by its secret only),
// a meeting paper and its versions.
var probeShared = []*regexp.Regexp{
	regexp.MustCompile(`:code`), regexp.MustCompile(`:hotel`), regexp.MustCompile(`/programme/:id`),
	regexp.MustCompile(`/static/\*`), regexp.MustCompile(`:venue`), regexp.MustCompile(`/rooms/:id`),
	regexp.MustCompile(`/holds/:id`), regexp.MustCompile(`:iata`), regexp.MustCompile(`/password/reset/:token`),
	regexp.MustCompile(`^/holidays/:id`), regexp.MustCompile(`^/chairs/:year`), regexp.MustCompile(`/templates/:kind`),
	// A meeting paper and its versions belong to the meeting, not to a
	// delegation: who reads which is its audience, whose 404s
	// TestDocumentAudienceMatrix checks byte for byte.
	regexp.MustCompile(`/documents/:id`), regexp.MustCompile(`/versions/:number`),
}

// probeMissing is the value that names no record of each kind.
var probeMissing = map[string]string{
	"delegation": "xxx", "delegate": "999999", "bilateral": "999999", "badge": "999999",
	"transfer run": "999999", "liaison officer": "999999", "user": "999999", "pending change": "999999",
	"focal invitation": strings.Repeat("0", 64), "registration link": strings.Repeat("0", 64),
	"calendar feed": strings.Repeat("0", 64), "letter": "999999",
}

// probeRecord is one record of another delegation, as a path names it.
type probeRecord struct {
	kind  string
	code  string // the meeting it belongs to; "" when its routes name no meeting
	value string
}

// probeRoute is a route whose path names a delegation-owned record.
type probeRoute struct {
	method, path, param, kind string
}

// probeRoutes classifies every parameter of every route in the table.
func probeRoutes(t *testing.T, routes []RouteInfo) []probeRoute {
	t.Helper()
	var out []probeRoute
	for _, r := range routes {
		if !strings.ContainsAny(r.Path, ":*") {
			continue
		}
		rest := r.Path
		found := false
		for _, k := range probeKinds {
			if m := k.pattern.FindStringSubmatchIndex(r.Path); m != nil {
				out = append(out, probeRoute{method: r.Method, path: r.Path, param: r.Path[m[2]:m[3]], kind: k.kind})
				rest = r.Path[:m[2]] + r.Path[m[3]:]
				found = true
				break
			}
		}
		for _, p := range probeShared {
			rest = p.ReplaceAllString(rest, "")
		}
		if strings.ContainsAny(rest, ":*") {
			t.Errorf("route %s %s has a parameter the probe does not know: add it to probeKinds (a delegation's record) or probeShared", r.Method, r.Path)
		}
		_ = found
	}
	return out
}

// probeData is what the probe knows about the other delegations' records.
type probeData struct {
	records []probeRecord
	secrets []string // names, e-mail addresses, passport numbers, badge codes
}

// collectForeign reads, with its own read-only connection, every record
// that belongs to a delegation of a country other than countryID.
func collectForeign(t *testing.T, app *testApp, countryID int64) probeData {
	t.Helper()
	raw, err := sql.Open("sqlite", app.db.Path()+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var d probeData
	query := func(kind, q string, args ...any) {
		rows, err := raw.Query(q, args...)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		defer rows.Close()
		for rows.Next() {
			var r probeRecord
			if err := rows.Scan(&r.code, &r.value); err != nil {
				t.Fatal(err)
			}
			r.kind = kind
			d.records = append(d.records, r)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	query("delegation", `SELECT m.code, lower(c.iso3) FROM delegations g JOIN meetings m ON m.id = g.meeting_id
		JOIN countries c ON c.id = g.country_id WHERE g.country_id <> ?`, countryID)
	query("delegate", `SELECT m.code, p.id FROM delegates p JOIN delegations g ON g.id = p.delegation_id
		JOIN meetings m ON m.id = g.meeting_id WHERE g.country_id <> ?`, countryID)
	query("bilateral", `SELECT m.code, b.id FROM bilaterals b JOIN meetings m ON m.id = b.meeting_id
		JOIN delegations r ON r.id = b.requester_id JOIN delegations o ON o.id = b.counterpart_id
		WHERE r.country_id <> ? AND o.country_id <> ?`, countryID, countryID)
	query("badge", `SELECT m.code, b.id FROM badges b JOIN meetings m ON m.id = b.meeting_id
		JOIN delegates p ON p.id = b.delegate_id JOIN delegations g ON g.id = p.delegation_id WHERE g.country_id <> ?`, countryID)
	query("transfer run", `SELECT m.code, r.id FROM transfer_runs r JOIN meetings m ON m.id = r.meeting_id
		WHERE EXISTS (SELECT 1 FROM transfer_passengers x WHERE x.run_id = r.id)
		AND NOT EXISTS (SELECT 1 FROM transfer_passengers x JOIN delegates p ON p.id = x.delegate_id
			JOIN delegations g ON g.id = p.delegation_id WHERE x.run_id = r.id AND g.country_id = ?)`, countryID)
	query("liaison officer", `SELECT m.code, o.id FROM liaison_officers o JOIN meetings m ON m.id = o.meeting_id
		JOIN delegations g ON g.id = o.delegation_id WHERE g.country_id <> ?`, countryID)
	query("pending change", `SELECT m.code, x.id FROM pending_changes x JOIN delegates p ON p.id = x.delegate_id
		JOIN delegations g ON g.id = p.delegation_id JOIN meetings m ON m.id = g.meeting_id WHERE g.country_id <> ?`, countryID)
	query("user", `SELECT '', id FROM users WHERE country_id IS NOT NULL AND country_id <> ?`, countryID)
	query("letter", `SELECT m.code, l.id FROM letters l JOIN meetings m ON m.id = l.meeting_id
		JOIN delegations g ON g.id = l.delegation_id WHERE g.country_id <> ?`, countryID)
	// Links are bearer tokens and only their hashes are stored: the probe
	// tries each link's stored hash in place of the token, as someone who
	// has read the hashes (a backup, a log of queries) would.
	for _, q := range []struct{ kind, sql string }{
		{"focal invitation", `SELECT '', lower(hex(i.token_hash)) FROM focal_invitations i
			JOIN delegations g ON g.id = i.delegation_id WHERE g.country_id <> ?`},
		{"registration link", `SELECT '', lower(hex(l.token_hash)) FROM registration_links l
			JOIN delegates p ON p.id = l.delegate_id JOIN delegations g ON g.id = p.delegation_id WHERE g.country_id <> ?`},
		{"calendar feed", `SELECT '', lower(hex(f.token_hash)) FROM calendar_feeds f
			JOIN users u ON u.id = f.user_id WHERE u.country_id <> ?`},
	} {
		rows, err := raw.Query(q.sql, countryID)
		if err != nil {
			t.Fatalf("%s: %v", q.kind, err)
		}
		for rows.Next() {
			var code, hash string
			if err := rows.Scan(&code, &hash); err != nil {
				t.Fatal(err)
			}
			d.records = append(d.records, probeRecord{kind: q.kind, value: hash})
		}
		rows.Close()
	}

	rows, err := raw.Query(`SELECT p.given_name || ' ' || p.family_name, p.family_name || ' ' || p.given_name,
		p.email, p.passport_number, p.mobile FROM delegates p JOIN delegations g ON g.id = p.delegation_id
		WHERE g.country_id <> ?
		UNION ALL SELECT u.name, '', u.email, '', '' FROM users u WHERE u.country_id IS NOT NULL AND u.country_id <> ?
		UNION ALL SELECT b.code, '', '', '', '' FROM badges b JOIN delegates p ON p.id = b.delegate_id
		JOIN delegations g ON g.id = p.delegation_id WHERE g.country_id <> ?
		UNION ALL SELECT o.name, '', o.email, '', o.mobile FROM liaison_officers o
		JOIN delegations g ON g.id = o.delegation_id WHERE g.country_id <> ?`, countryID, countryID, countryID, countryID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		vals := make([]string, 5)
		if err := rows.Scan(&vals[0], &vals[1], &vals[2], &vals[3], &vals[4]); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			v = strings.TrimSpace(v)
			if len(v) >= 6 && !seen[v] {
				seen[v] = true
				d.secrets = append(d.secrets, v)
			}
		}
	}
	return d
}

// ownRecords are the country's own delegations and people: the probe's
// reach check, which proves that the routes probed do serve a record to
// those who may see it (so that "identical to a missing record" is not
// merely every request missing the route).
func ownRecords(t *testing.T, app *testApp, countryID int64) []probeRecord {
	t.Helper()
	raw, err := sql.Open("sqlite", app.db.Path()+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(`SELECT 'delegation', m.code, lower(c.iso3) FROM delegations g JOIN meetings m ON m.id = g.meeting_id
		JOIN countries c ON c.id = g.country_id WHERE g.country_id = ?1
		UNION ALL SELECT 'delegate', m.code, p.id FROM delegates p JOIN delegations g ON g.id = p.delegation_id
		JOIN meetings m ON m.id = g.meeting_id WHERE g.country_id = ?1 AND p.status NOT IN ('rejected', 'withdrawn')`, countryID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []probeRecord
	for rows.Next() {
		var r probeRecord
		if err := rows.Scan(&r.kind, &r.code, &r.value); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// prepareProbeData gives the demo the records it lacks, so that every kind
// has something to probe: a photo for every person, badges for everyone
// accredited, a focal-point invitation for every delegation, a registration
// link for every person, a calendar feed for every focal point and a
// stored visa-support letter for everyone accredited.
func prepareProbeData(t *testing.T, app *testApp) {
	t.Helper()
	ctx := context.Background()
	raw, err := sql.Open("sqlite", app.db.Path()+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	ids := func(q string) [][2]int64 {
		rows, err := raw.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out [][2]int64
		for rows.Next() {
			var a, b int64
			if err := rows.Scan(&a, &b); err != nil {
				t.Fatal(err)
			}
			out = append(out, [2]int64{a, b})
		}
		return out
	}
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, image.NewGray(image.Rect(0, 0, 4, 4)), nil); err != nil {
		t.Fatal(err)
	}
	for _, p := range ids(`SELECT id, 0 FROM delegates WHERE status NOT IN ('rejected', 'withdrawn')`) {
		if err := app.db.SetDelegatePhoto(ctx, p[0], jpg.Bytes(), 4, 4); err != nil {
			t.Fatal(err)
		}
		if _, err := app.db.CreateRegistrationLink(ctx, p[0]); err != nil {
			t.Fatal(err)
		}
	}
	byMeeting := map[int64][]int64{}
	for _, p := range ids(`SELECT g.meeting_id, p.id FROM delegates p JOIN delegations g ON g.id = p.delegation_id
		WHERE p.status = 'accredited'`) {
		byMeeting[p[0]] = append(byMeeting[p[0]], p[1])
	}
	for m, ps := range byMeeting {
		if _, err := app.db.IssueBadges(ctx, m, ps, false); err != nil {
			t.Fatal(err)
		}
		// A stored visa-support letter for everyone accredited (the PDF
		// bytes stand in for Chromium's).
		for i, id := range ps {
			r, err := app.db.FindRegistrationByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			l := convene.Letter{MeetingID: m, Kind: convene.LetterVisa, Seq: i + 1, Reference: fmt.Sprintf("PROBE/VISA/%04d", i+1),
				DelegationID: r.DelegationID, DelegateID: id, Addressee: r.DisplayName(), PDF: []byte("%PDF-1.4 " + r.PassportNumber)}
			if err := app.db.IssueLetter(ctx, &l, r.UpdatedAt); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, g := range ids(`SELECT id, country_id FROM delegations`) {
		if _, err := app.db.CreateFocalInvitation(ctx, g[0], fmt.Sprintf("new.focal.%d@example.org", g[0]),
			"Phạm Thị Hương"); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range ids(`SELECT id, 0 FROM users WHERE role = 'focal'`) {
		if _, err := app.db.CreateCalendarFeed(ctx, u[0]); err != nil {
			t.Fatal(err)
		}
	}
}

// probeNoise is what legitimately differs between two answers to the same
// request: the request id and the CSRF token.
var probeNoise = regexp.MustCompile(`[0-9a-f]{16}|name="_csrf" value="[^"]*"|"csrf-token" content="[^"]*"`)

// probeAnswer is an answer reduced to what must not depend on whether a
// record exists: its status, its type, where it redirects and its body,
// with the path requested and the per-request noise taken out.
func probeAnswer(resp *http.Response, body, path string) string {
	body = strings.ReplaceAll(body, path, "{path}")
	body = strings.ReplaceAll(body, url.QueryEscape(path), "{path}")
	loc := strings.ReplaceAll(resp.Header.Get("Location"), url.QueryEscape(path), "{path}")
	return fmt.Sprintf("%d %s %s\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), loc,
		probeNoise.ReplaceAllString(body, "{noise}"))
}

// probeForms are the bodies each POST is sent with: the bare token (where
// a handler that validates before it checks access would answer 422), and a
// plausible form (where a handler that forgot the check would write).
func probeForms() []url.Values {
	return []url.Values{
		{},
		{"given_name": {"Thị Mai"}, "family_name": {"Trần"}, "role": {"delegate"}, "gender": {"female"},
			"email": {"tran.thi.mai@example.org"}, "nationality": {"VNM"}, "passport_number": {"C1234567"},
			"passport_expiry": {"2030-01-01"}, "date_of_birth": {"1980-01-01"}, "dietary": {"none"},
			"position": {"Adviser"}, "consent": {"1"}, "action": {"accept"}, "response": {"Yes"},
			"name": {"Souksavanh Phommachanh"}, "password": {testPassword},
			"arrival_day": {"2025-02-25"}, "arrival_time": {"10:00"}, "arrival_flight": {"VN 681"},
			"arrival_airport": {"PEN"}, "vehicle": {"car"}, "capacity": {"3"}, "driver": {"Sok Dara"},
			"collected_by": {"Aung Kyaw"}, "reason": {"lost"}, "delegation": {"1"}},
	}
}

// probeResult is the figure of one probing run.
type probeResult struct {
	requests, routes, identical, foreign int
	changed                              []string
	findings                             []string
}

// probe requests every foreign record on every route that names its kind,
// as client c, and compares each answer with the answer for a missing
// record of the same kind on the same route and meeting.
//
// A route the role may not use at all (testdata/access.txt) refuses before
// any record is read, so there the probe sends only the first three
// records: enough to see the refusal is the same, without spending the
// shared CPU on hundreds of identical 403s.
func probe(t *testing.T, app *testApp, c *client, role convene.Role, table map[string]map[convene.Role]bool,
	routes []probeRoute, d probeData) probeResult {
	t.Helper()
	var res probeResult
	before := dbState(t, app)
	byKind := map[string][]probeRecord{}
	for _, r := range d.records {
		byKind[r.kind] = append(byKind[r.kind], r)
	}
	do := func(method, path string, form url.Values) (*http.Response, string) {
		if method == http.MethodGet {
			return c.get(path)
		}
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		return c.post(path, f)
	}
	fill := func(r probeRoute, code, value string) string {
		return strings.NewReplacer(":code", code, r.param, url.PathEscape(value)).Replace(r.path)
	}
	for _, r := range routes {
		recs := byKind[r.kind]
		if len(recs) == 0 {
			t.Errorf("no %s of another delegation to probe %s %s with", r.kind, r.method, r.path)
			continue
		}
		if want, ok := table[r.method+" "+r.path]; ok && !want[role] && len(recs) > 3 {
			recs = recs[:3]
		}
		res.routes++
		forms := []url.Values{nil}
		if r.method != http.MethodGet {
			forms = probeForms()
		}
		missing := map[string]string{} // meeting code + form -> answer for a missing record
		for _, rec := range recs {
			code := rec.code
			if code == "" {
				code = "admm-retreat-2025"
			}
			for fi, form := range forms {
				key := fmt.Sprint(code, fi)
				if _, ok := missing[key]; !ok {
					p := fill(r, code, probeMissing[r.kind])
					resp, body := do(r.method, p, form)
					missing[key] = probeAnswer(resp, body, p)
				}
				p := fill(r, code, rec.value)
				resp, body := do(r.method, p, form)
				res.requests++
				got := probeAnswer(resp, body, p)
				leaked := ""
				for _, s := range d.secrets {
					if strings.Contains(body, s) || strings.Contains(body, htmlEscape(s)) {
						leaked = s
						break
					}
				}
				if leaked != "" {
					res.foreign++
				}
				if got == missing[key] {
					res.identical++
				} else if len(res.findings) < 20 {
					res.findings = append(res.findings, fmt.Sprintf("%s %s (%s of another delegation): %d, unlike a missing record:\n%.300s",
						r.method, p, r.kind, resp.StatusCode, got))
				}
				if leaked != "" && len(res.findings) < 20 {
					res.findings = append(res.findings, fmt.Sprintf("%s %s returned a foreign record (%d bytes)", r.method, p, len(body)))
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

// reachOwn requests the country's own records on every GET route of the
// delegate and delegation kinds that the role may use, and counts the
// routes where at least one of them is served (200).
func reachOwn(t *testing.T, c *client, role convene.Role, table map[string]map[convene.Role]bool,
	routes []probeRoute, own []probeRecord) (reached, usable int) {
	t.Helper()
	for _, r := range routes {
		if r.method != http.MethodGet || !table[r.method+" "+r.path][role] || (r.kind != "delegate" && r.kind != "delegation") {
			continue
		}
		usable++
		for _, rec := range own {
			if rec.kind != r.kind {
				continue
			}
			p := strings.NewReplacer(":code", rec.code, r.param, rec.value).Replace(r.path)
			if resp, _ := c.get(p); resp.StatusCode == http.StatusOK {
				reached++
				break
			}
		}
	}
	return reached, usable
}

// htmlEscape escapes as templ does, so that a name with an apostrophe is
// still found in a page.
func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "'", "&#39;", "<", "&lt;", ">", "&gt;", `"`, "&#34;").Replace(s)
}

// TestProbeOtherDelegations runs the probe as the focal point of Viet Nam
// and as a Vietnamese delegate. Control: a test-only route that serves a
// person without the delegation check, added to a second server only in
// this test, must be reported.
func TestProbeOtherDelegations(t *testing.T) {
	app := newTestApp(t)
	prepareProbeData(t, app)
	vnm, err := app.db.FindCountryByISO3(t.Context(), "VNM")
	if err != nil {
		t.Fatal(err)
	}
	routes := probeRoutes(t, app.srv.Routes())
	table := loadAccessTable(t)
	data := collectForeign(t, app, vnm.ID)
	kinds := map[string]int{}
	for _, r := range data.records {
		kinds[r.kind]++
	}
	t.Logf("foreign records by kind: %v; %d secrets", kinds, len(data.secrets))

	for _, who := range []struct {
		role convene.Role
		name string
	}{{convene.RoleFocal, "focal point of Viet Nam"}, {convene.RoleDelegate, "delegate of Viet Nam"}} {
		c := app.as(who.role)
		res := probe(t, app, c, who.role, table, routes, data)
		for _, f := range res.findings {
			t.Error(f)
		}
		if res.foreign != 0 || len(res.changed) != 0 || res.identical != res.requests {
			t.Errorf("as %s: %d foreign records, changed %v, %d/%d identical", who.name, res.foreign, res.changed,
				res.identical, res.requests)
		}
		reached, usable := reachOwn(t, c, who.role, table, routes, ownRecords(t, app, vnm.ID))
		if reached != usable {
			t.Errorf("as %s: own records served on only %d of %d GET routes the role may use", who.name, reached, usable)
		}
		fmt.Printf("cross-delegation probing: %d requests over %d routes as %s: %d foreign records, %d changes, %d/%d answers identical to a missing record\n",
			res.requests, res.routes, who.name, res.foreign, len(res.changed), res.identical, res.requests)
		fmt.Printf("cross-delegation probing reach check as %s: own records served (200) on %d/%d GET routes of those kinds the role may use\n",
			who.name, reached, usable)
	}

	// Control: the same probe against a server with one route that forgets
	// the delegation check must see foreign records and differing answers.
	bad := newTestApp(t)
	leak := func(c echo.Context) error {
		id, err := pathID(c, "id", "Delegate")
		if err != nil {
			return err
		}
		r, err := bad.db.FindRegistrationByID(c.Request().Context(), id)
		if err != nil {
			return err
		}
		return c.String(http.StatusOK, r.FullName()+" "+r.Email+" "+r.PassportNumber)
	}
	const leakPath = "/meetings/:code/test-leak/delegates/:id"
	bad.srv.routes = append(bad.srv.routes, route{method: http.MethodGet, path: leakPath, perm: convene.PermViewMeetings, handler: leak})
	bad.srv.echo.Add(http.MethodGet, leakPath, leak, authorize(convene.PermViewMeetings))
	badData := collectForeign(t, bad, vnm.ID)
	var only []probeRoute
	for _, r := range probeRoutes(t, bad.srv.Routes()) {
		if r.path == leakPath {
			only = append(only, r)
		}
	}
	ctl := probe(t, bad, bad.as(convene.RoleFocal), convene.RoleFocal, nil, only, badData)
	if ctl.foreign == 0 || ctl.identical == ctl.requests {
		t.Errorf("control: a route without the delegation check was not reported (%d foreign, %d/%d identical)",
			ctl.foreign, ctl.identical, ctl.requests)
	}
	fmt.Printf("cross-delegation probing control: a test-only route without the delegation check returned %d foreign records, %d/%d answers identical (must be fewer)\n",
		ctl.foreign, ctl.identical, ctl.requests)
}

// probeBodyText is what a person would read in an answer: the body itself,
// or for an XLSX file the XML of every part of the archive.
func probeBodyText(t *testing.T, resp *http.Response, body string) string {
	t.Helper()
	if !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
		return body
	}
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Errorf("an XLSX answer that is not a zip archive: %v", err)
		return body
	}
	var b strings.Builder
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(&b, rc)
		rc.Close()
	}
	return b.String()
}

// TestProbeMeetingWideAnswers requests every GET route that names no
// record of a delegation (lists, exports, calendars, the own-registration
// page) as the focal point and as a delegate of Viet Nam, for every meeting,
// plain and with query parameters that name another delegation's records
// (?country=THA, ?delegation=ID, ?delegate=ID, ?q=a foreign name): no
// answer may carry another delegation's people. XLSX answers are unpacked
// before the search. Control: the same search finds other delegations'
// people in the secretariat's exports. The reach check: the focal point's own people appear
// in the roster exports, so the search looks where the names would be.
// Pages must not link to another delegation's person, delegation or
// bilateral either, and no link and no log line may carry a passport
// number (item 15).
func TestProbeMeetingWideAnswers(t *testing.T) {
	app := newTestApp(t)
	prepareProbeData(t, app)
	vnm, err := app.db.FindCountryByISO3(t.Context(), "VNM")
	if err != nil {
		t.Fatal(err)
	}
	table := loadAccessTable(t)
	data := collectForeign(t, app, vnm.ID)
	var meetings []string
	seen := map[string]bool{}
	var foreignDelegate, foreignDelegation, foreignName string
	for _, r := range data.records {
		if r.code != "" && !seen[r.code] {
			seen[r.code] = true
			meetings = append(meetings, r.code)
		}
		if r.kind == "delegate" && foreignDelegate == "" {
			foreignDelegate = r.value
		}
	}
	sort.Strings(meetings)
	raw, err := sql.Open("sqlite", app.db.Path()+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow(`SELECT g.id, p.family_name FROM delegations g JOIN delegates p ON p.delegation_id = g.id
		WHERE g.country_id <> ? ORDER BY g.id LIMIT 1`, vnm.ID).Scan(&foreignDelegation, &foreignName); err != nil {
		t.Fatal(err)
	}
	var ownEmails []string
	rows, err := raw.Query(`SELECT p.email FROM delegates p JOIN delegations g ON g.id = p.delegation_id
		WHERE g.country_id = ? AND p.email <> ''`, vnm.ID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			t.Fatal(err)
		}
		ownEmails = append(ownEmails, e)
	}
	rows.Close()
	var passports []string
	rows, err = raw.Query(`SELECT passport_number FROM delegates WHERE length(passport_number) >= 6`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			t.Fatal(err)
		}
		passports = append(passports, p)
	}
	rows.Close()
	raw.Close()
	if len(passports) == 0 {
		t.Fatal("no passport numbers in the demo to look for")
	}
	// A link to another delegation's record says the record exists: the
	// paths of every foreign delegation, person and bilateral.
	var foreignPaths []string
	for _, r := range data.records {
		switch r.kind {
		case "delegation":
			foreignPaths = append(foreignPaths, "/meetings/"+r.code+"/delegations/"+r.value)
		case "delegate":
			foreignPaths = append(foreignPaths, "/meetings/"+r.code+"/delegates/"+r.value)
		case "bilateral":
			foreignPaths = append(foreignPaths, "/meetings/"+r.code+"/bilaterals/"+r.value)
		}
	}
	links, passportLinks := 0, 0
	queries := []string{"", "?country=THA", "?country=tha&status=accredited", "?delegation=" + foreignDelegation,
		"?delegate=" + foreignDelegate, "?q=" + url.QueryEscape(foreignName)}

	// Control: the same search in the secretariat's exports, which hold
	// every delegation, must find the other delegations' people.
	admin := app.as(convene.RoleAdmin)
	found := 0
	for _, ext := range []string{"csv", "xlsx"} {
		resp, body := admin.get("/meetings/admm-retreat-2025/delegates." + ext)
		text := probeBodyText(t, resp, body)
		for _, s := range data.secrets {
			if strings.Contains(text, s) {
				found++
				break
			}
		}
	}
	if found != 2 {
		t.Errorf("control: foreign people found in only %d of the secretariat's 2 exports", found)
	}
	fmt.Printf("cross-delegation probing control: foreign people found in %d/2 of the secretariat's roster exports\n", found)

	for _, who := range []struct {
		role convene.Role
		name string
	}{{convene.RoleFocal, "focal point of Viet Nam"}, {convene.RoleDelegate, "delegate of Viet Nam"}} {
		c := app.as(who.role)
		before := dbState(t, app)
		requests, routes, leaks := 0, 0, 0
		exports, exportsWithOwn := map[string]bool{}, map[string]bool{}
		for _, r := range app.srv.Routes() {
			rest := strings.Replace(r.Path, ":code", "", 1)
			if r.Method != http.MethodGet || strings.ContainsAny(rest, ":*") || !table[r.Method+" "+r.Path][who.role] {
				continue
			}
			routes++
			codes := meetings
			if !strings.Contains(r.Path, ":code") {
				codes = []string{""}
			}
			for _, code := range codes {
				for _, q := range queries {
					p := strings.Replace(r.Path, ":code", code, 1) + q
					if r.Path == "/sign-in" {
						p = strings.Replace(r.Path, ":code", code, 1)
					}
					resp, body := c.get(p)
					requests++
					text := probeBodyText(t, resp, body)
					if strings.HasSuffix(r.Path, ".csv") || strings.HasSuffix(r.Path, ".xlsx") {
						exports[r.Path] = true
						for _, e := range ownEmails {
							if strings.Contains(text, e) {
								exportsWithOwn[r.Path] = true
							}
						}
					}
					for _, m := range hrefAttr.FindAllStringSubmatch(body, -1) {
						links++
						href := strings.ReplaceAll(m[1], "&amp;", "&")
						for _, fp := range foreignPaths {
							if href == fp || strings.HasPrefix(href, fp+"/") || strings.HasPrefix(href, fp+"?") ||
								strings.HasPrefix(href, strings.ToUpper(fp)) {
								leaks++
								t.Errorf("GET %s as %s links to another delegation's %s", p, who.name, href)
							}
						}
						for _, pp := range passports {
							if strings.Contains(href, pp) {
								passportLinks++
								t.Errorf("GET %s as %s: a passport number in a link", p, who.name)
							}
						}
					}
					for _, s := range data.secrets {
						if strings.Contains(text, s) || strings.Contains(text, htmlEscape(s)) {
							leaks++
							t.Errorf("GET %s as %s: %d carries another delegation's %q", p, who.name, resp.StatusCode, s)
							break
						}
					}
				}
			}
		}
		after := dbState(t, app)
		changes := 0
		for k, v := range after {
			if before[k] != v {
				changes++
				t.Errorf("as %s: table %s changed", who.name, k)
			}
		}
		if len(exportsWithOwn) != len(exports) {
			t.Errorf("as %s: own people found in %d of %d roster exports: the search does not look where names are", who.name,
				len(exportsWithOwn), len(exports))
		}
		fmt.Printf("cross-delegation probing of meeting-wide pages and exports: %d requests over %d routes as %s: %d answers with foreign records or links to them, %d changes; own people found in %d/%d exports\n",
			requests, routes, who.name, leaks, changes, len(exportsWithOwn), len(exports))
	}
	// No passport number in any link of any page above, nor in the log.
	inLog := 0
	logText := app.log.String()
	for _, pp := range passports {
		if strings.Contains(logText, pp) {
			inLog++
		}
	}
	if inLog > 0 {
		t.Errorf("%d passport numbers in the request log", inLog)
	}
	fmt.Printf("passport numbers: %d of %d found in %d links of the pages probed, %d in %d bytes of log\n",
		passportLinks, len(passports), links, inLog, len(logText))
}

// TestProbeFormFieldIDs posts, as the focal point of Viet Nam, to every
// meeting route it may post to whose path names no record (today the
// bilateral request form), with every field that carries a record id set
// to another delegation's delegation or person, and the rest of the form
// valid (the counterpart is Viet Nam's own delegation). Each answer must
// equal the answer with ids that do not exist, and nothing may be written:
// a focal point cannot act on behalf of another delegation through a form
// field any more than through the path.
func TestProbeFormFieldIDs(t *testing.T) {
	app := newTestApp(t)
	vnm, err := app.db.FindCountryByISO3(t.Context(), "VNM")
	if err != nil {
		t.Fatal(err)
	}
	table := loadAccessTable(t)
	raw, err := sql.Open("sqlite", app.db.Path()+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	type pair struct {
		code              string
		own, other, agent int64
	}
	rows, err := raw.Query(`SELECT m.code, o.id, g.id, coalesce((SELECT min(p.id) FROM delegates p WHERE p.delegation_id = g.id), 999999)
		FROM delegations g JOIN meetings m ON m.id = g.meeting_id
		JOIN delegations o ON o.meeting_id = g.meeting_id AND o.country_id = ?1
		WHERE g.country_id <> ?1 ORDER BY m.code, g.id`, vnm.ID)
	if err != nil {
		t.Fatal(err)
	}
	var pairs []pair
	for rows.Next() {
		var p pair
		if err := rows.Scan(&p.code, &p.own, &p.other, &p.agent); err != nil {
			t.Fatal(err)
		}
		pairs = append(pairs, p)
	}
	rows.Close()
	raw.Close()
	if len(pairs) == 0 {
		t.Fatal("no other delegation shares a meeting with Viet Nam")
	}
	form := func(code string, own, other, person int64) url.Values {
		id, pid := fmt.Sprint(other), fmt.Sprint(person)
		return url.Values{"requester": {id}, "counterpart": {fmt.Sprint(own)}, "delegation": {id}, "delegation_id": {id},
			"delegate_id": {pid}, "delegate": {pid}, "level": {"ministers"}, "duration": {"30"},
			"interpretation": {"English"}, "notes": {"Probe"}, "from": {code}}
	}
	c := app.as(convene.RoleFocal)
	before := dbState(t, app)
	requests, identical, routes := 0, 0, 0
	for _, r := range app.srv.Routes() {
		rest := strings.Replace(r.Path, ":code", "", 1)
		if r.Method != http.MethodPost || !strings.HasPrefix(r.Path, "/meetings/:code/") || strings.ContainsAny(rest, ":*") ||
			!table[r.Method+" "+r.Path][convene.RoleFocal] {
			continue
		}
		routes++
		for _, p := range pairs {
			path := strings.Replace(r.Path, ":code", p.code, 1)
			c.get(strings.TrimSuffix(path, "/new") + "/new")
			resp, body := c.post(path, form(p.code, p.own, 999999, 999999))
			missing := probeAnswer(resp, body, path)
			resp, body = c.post(path, form(p.code, p.own, p.other, p.agent))
			requests++
			if got := probeAnswer(resp, body, path); got == missing {
				identical++
			} else {
				t.Errorf("POST %s with delegation %d of another country: unlike a missing one:\n%.400s\nmissing:\n%.400s",
					path, p.other, got, missing)
			}
		}
	}
	var changed []string
	for k, v := range dbState(t, app) {
		if before[k] != v {
			changed = append(changed, k)
		}
	}
	if len(changed) > 0 {
		t.Errorf("posts naming other delegations changed %v", changed)
	}
	if routes == 0 {
		t.Error("no route to probe: the filter is wrong")
	}
	// Reach check: the same form with the roles the right way round (Viet
	// Nam asks another delegation) is accepted, so the refusals above were
	// about the ids, not a form that could never pass.
	p := pairs[0]
	path := "/meetings/" + p.code + "/bilaterals/new"
	c.get(path)
	f := form(p.code, p.other, p.own, p.agent)
	f.Set("requester", fmt.Sprint(p.own))
	f.Set("counterpart", fmt.Sprint(p.other))
	resp, body := c.post(path, f)
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("reach check: Viet Nam's own request answered %d, want 303\n%.400s", resp.StatusCode, body)
	}
	fmt.Printf("cross-delegation probing of form fields: %d posts over %d routes as focal point of Viet Nam naming another delegation: %d changes, %d/%d answers identical to a missing id; reach check: own request %d\n",
		requests, routes, len(changed), identical, requests, resp.StatusCode)
}
