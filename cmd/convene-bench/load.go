//go:build bench

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// scenario is one kind of request the benchmark sends. Adding a route to the
// benchmark is one line here. Placeholders in path and form:
//
//	{meeting}  the code of a generated meeting with every delegation
//	{user}     a focal point's account id (the scenario then runs once per country)
//	{name}     that account's name; {iso3} its country; {csrf} the client's CSRF token
type scenario struct {
	name   string
	method string // GET when empty
	path   string
	as     string // "" (a visitor with a cookie), "focal", "organiser", "officer" or "admin"
	form   string // POST body, URL-encoded
	want   int    // expected status; 200 when zero
	weight int    // share in the registration-week mix; 0 keeps it out
	writes string // audit entity each success adds one row for: checked for lost rows
	// against is the render-only baseline the page's rps_x_render divides
	// by: the meeting page's ("render") unless the page has its own.
	against string
	// small runs the scenario against the second server, on the small
	// (about 1,000-delegate) database, right before the same scenario
	// without the suffix on the large one.
	small bool
	// conditional sends If-None-Match with the ETag the page had when the
	// targets were made (a browser revalidating its copy).
	conditional bool
}

// Names of the two baselines every ratio is taken against.
const (
	baseline = "baseline" // a fixed small body through the whole middleware stack
	render   = "render"   // the meeting page from memory: rendering without the database
	// renderProgramme is the programme page (60 sessions, as a focal point
	// sees it) from memory.
	renderProgramme = "render.programme"
	// staticProgramme is the visitor's programme page as bytes in memory:
	// what the public pages are measured against (rps_x_static).
	staticProgramme = "static.programme"
	// smallSuffix names a scenario's run on the small database.
	smallSuffix = ".small"
)

// scenarios are the requests of registration week that exist today:
// visitors and focal points browse the meetings, organisers and the
// secretariat read, the administrator saves accounts (the one form write
// the foundation has; registration submit joins when issue 4 lands).
var scenarios = []scenario{
	{name: baseline, path: "/bench/baseline", weight: 1},
	{name: render, path: "/bench/render/{meeting}"},
	{name: renderProgramme, path: "/bench/render/{meeting}/programme"},
	{name: "landing", path: "/", weight: 3},
	{name: "meeting.visitor", path: "/meetings/{meeting}", weight: 2},
	{name: "meeting.focal", path: "/meetings/{meeting}", as: "focal", weight: 6},
	{name: "meeting.organiser", path: "/meetings/{meeting}", as: "organiser", weight: 3},
	{name: "account.focal", path: "/account", as: "focal", weight: 2},
	{name: "signin.form", path: "/sign-in", weight: 1},
	{name: "audit.officer", path: "/audit", as: "officer", weight: 1},
	{name: "users.admin", path: "/admin/users", as: "admin", weight: 1},
	{name: "static.css", path: "/static/css/app.css", weight: 2},
	{name: "healthz", path: "/healthz"},
	{name: "users.update", method: http.MethodPost, path: "/admin/users/{user}", as: "admin",
		form: "name={name}&role=focal&country={iso3}&_csrf={csrf}", want: http.StatusSeeOther, weight: 1, writes: "user"},
	// Meetings, programme and scheduling.
	// The programme as the focal points read it during registration week:
	// 56 of the 60 sessions (a visitor sees only the 14 public ones).
	{name: "programme", path: "/meetings/{meeting}/programme", as: "focal", weight: 4, against: renderProgramme},
	{name: "programme.ics", path: "/meetings/{meeting}/programme.ics", weight: 1},
	// What visitors without a cookie (link checkers, calendar clients,
	// search engines, the public) read, against the same bytes from memory.
	{name: staticProgramme, path: "/bench/static/{meeting}/programme", as: "anon"},
	{name: "programme.visitor", path: "/meetings/{meeting}/programme", as: "anon", against: staticProgramme, weight: 2},
	{name: "programme.visitor.304", path: "/meetings/{meeting}/programme", as: "anon", against: staticProgramme,
		conditional: true, want: http.StatusNotModified},
	{name: "programme.visitor.head", method: http.MethodHead, path: "/meetings/{meeting}/programme", as: "anon",
		against: staticProgramme},
	{name: "programme.ics.visitor", path: "/meetings/{meeting}/programme.ics", as: "anon", against: staticProgramme},
	{name: "calendar.visitor", path: "/calendar", as: "anon", against: staticProgramme, weight: 1},
	{name: "landing.visitor", path: "/", as: "anon", against: staticProgramme},
	// Delegations, registration and accreditation.
	{name: "delegations.focal", path: "/meetings/{meeting}/delegations", as: "focal", weight: 3},
	// The same search on the small database (about 1,000 delegates), then
	// on the large one (88,000): delegates.search.p99_x_small compares them.
	{name: "delegates.search" + smallSuffix, path: "/meetings/{meeting}/delegates?q=nguyen", as: "officer", small: true},
	{name: "delegates.search", path: "/meetings/{meeting}/delegates?q=nguyen", as: "officer", weight: 2},
	// A focal point nominates a new person into their own delegation of a
	// meeting with large quotas: CSRF, validation, duplicate and quota
	// checks, the delegate row and its audit rows in one transaction, 303.
	// Every request has a new name, e-mail and passport number ({seq}).
	{name: "registration.submit", method: http.MethodPost, path: "/meetings/{regmeeting}/delegations/{own}/delegates/new",
		as: "focal", form: "honorific=Lt.+Col.&given_name={given}&family_name={family}&family_name_first={ffirst}" +
			"&position=Staff+Officer+{seq}&role=delegate&gender=female&nationality={iso3}&passport_number=BX{seq}" +
			"&passport_expiry=2031-12-31&email=nominee{seq}%40mod.bench.test&dietary=halal&_csrf={csrf}",
		want: http.StatusSeeOther, weight: 1, writes: registrations},
}

// browser is a signed-in (or visiting) client: its cookies and CSRF token,
// as a real browser would send them on every request.
type browser struct {
	cookie string
	csrf   string
}

var csrfRE = regexp.MustCompile(`name="_csrf" value="([^"]*)"`)

// newBrowser visits the sign-in page and, when email is set, signs in.
func newBrowser(base, email, pw string) (browser, error) {
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string) (string, error) {
		resp, err := hc.Get(base + path)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if m := csrfRE.FindSubmatch(b); m != nil {
			return string(m[1]), err
		}
		return "", err
	}
	token, err := get("/sign-in")
	if err != nil {
		return browser{}, err
	}
	if email != "" {
		resp, err := hc.PostForm(base+"/sign-in", url.Values{"email": {email}, "password": {pw}, "_csrf": {token}})
		if err != nil {
			return browser{}, err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			return browser{}, fmt.Errorf("sign in as %s: status %d", email, resp.StatusCode)
		}
		if token, err = get("/account"); err != nil {
			return browser{}, err
		}
	}
	u, _ := url.Parse(base)
	var parts []string
	for _, c := range jar.Cookies(u) {
		parts = append(parts, c.Name+"="+c.Value)
	}
	return browser{cookie: strings.Join(parts, "; "), csrf: token}, nil
}

// world is what the scenarios are expanded against.
type world struct {
	base     string
	ds       dataset
	browsers map[string][]browser // by role; "" is the visitor
}

// newWorld signs in a browser per role (roles: only those; none: all),
// one per country for the focal points.
func newWorld(base string, ds dataset, pw string, roles ...string) (*world, error) {
	w := &world{base: base, ds: ds, browsers: map[string][]browser{}}
	if len(roles) == 0 || slices.Contains(roles, "anon") {
		w.browsers["anon"] = []browser{{}} // no cookie at all
	}
	emails := map[string][]string{"": {""}, "organiser": {"organiser@demo.test"},
		"officer": {"staff@demo.test"}, "admin": {"admin@demo.test"}}
	for _, f := range ds.focal {
		emails["focal"] = append(emails["focal"], f.Email)
	}
	for role, list := range emails {
		if len(roles) > 0 && !slices.Contains(roles, role) {
			continue
		}
		for _, e := range list {
			b, err := newBrowser(base, e, pw)
			if err != nil {
				return nil, err
			}
			w.browsers[role] = append(w.browsers[role], b)
		}
	}
	return w, nil
}

// targets expands a scenario into the requests it sends, round robin: one
// per browser of its role, and for {user} one per focal account with two
// names in turn, so that every save changes something.
func (w *world) targets(sc scenario) ([]vegeta.Target, error) {
	bs := w.browsers[sc.as]
	if len(bs) == 0 {
		return nil, fmt.Errorf("scenario %s: no browser for role %q", sc.name, sc.as)
	}
	method := sc.method
	if method == "" {
		method = http.MethodGet
	}
	type vars map[string]string
	variants := []vars{{}}
	if strings.Contains(sc.path+sc.form, "{user}") {
		variants = nil
		for _, f := range w.ds.focal {
			for _, n := range []string{f.Name, f.Name + " (ASEAN)"} {
				variants = append(variants, vars{"{user}": fmt.Sprint(f.ID), "{name}": url.QueryEscape(n), "{iso3}": f.ISO3})
			}
		}
	}
	if strings.Contains(sc.path, "{own}") {
		// Each focal point into their own delegation: browser i is the
		// focal point of w.ds.focal[i] (newWorld signs them in in order).
		if sc.as != "focal" || len(bs) != len(w.ds.focal) {
			return nil, fmt.Errorf("scenario %s: {own} needs one focal browser per country", sc.name)
		}
		var out []vegeta.Target
		for i, f := range w.ds.focal {
			for k := range benchNames {
				n := benchNames[(i+k)%len(benchNames)]
				ffirst := "0"
				if n.familyFirst {
					ffirst = "1"
				}
				out = append(out, w.target(sc, method, bs[i], vars{"{own}": strings.ToLower(f.ISO3), "{iso3}": f.ISO3,
					"{given}": url.QueryEscape(n.given), "{family}": url.QueryEscape(n.family), "{ffirst}": ffirst}))
			}
		}
		return out, nil
	}
	var out []vegeta.Target
	add := func(b browser, v vars) { out = append(out, w.target(sc, method, b, v)) }
	if len(variants) > 1 {
		for i, v := range variants {
			add(bs[i%len(bs)], v)
		}
	} else {
		for _, b := range bs {
			add(b, vars{})
		}
	}
	return out, nil
}

// target fills a scenario's placeholders for one browser and variant.
// {seq} is left in place: seqTargeter fills it per request.
func (w *world) target(sc scenario, method string, b browser, v map[string]string) vegeta.Target {
	v["{meeting}"], v["{regmeeting}"], v["{csrf}"] = w.ds.meeting, w.ds.regMeeting, url.QueryEscape(b.csrf)
	fill := func(s string) string {
		for k, x := range v {
			s = strings.ReplaceAll(s, k, x)
		}
		return s
	}
	h := http.Header{}
	if b.cookie != "" {
		h.Set("Cookie", b.cookie)
	}
	var body []byte
	if sc.form != "" {
		body = []byte(fill(sc.form))
		h.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	// The query names the scenario, so that results of a mix can be
	// told apart; handlers ignore it.
	u := w.base + fill(sc.path)
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	t := vegeta.Target{Method: method, URL: u + sep + "bench=" + sc.name, Header: h, Body: body}
	if sc.conditional {
		if resp, err := http.Get(t.URL); err == nil {
			resp.Body.Close()
			h.Set("If-None-Match", resp.Header.Get("ETag"))
		}
	}
	return t
}

// seq numbers the requests whose body has {seq}, across every attack of
// the run, so that no two registrations share a passport or an e-mail.
var seq atomic.Uint64

var seqMark = []byte("{seq}")

// seqTargeter hands out tgts round robin, as vegeta's static targeter does,
// filling {seq} in a body with the next number.
func seqTargeter(tgts []vegeta.Target) vegeta.Targeter {
	var next atomic.Uint64
	return func(t *vegeta.Target) error {
		if t == nil {
			return vegeta.ErrNilTarget
		}
		*t = tgts[(next.Add(1)-1)%uint64(len(tgts))]
		if bytes.Contains(t.Body, seqMark) {
			t.Body = bytes.ReplaceAll(t.Body, seqMark, fmt.Appendf(nil, "%08d", seq.Add(1)))
		}
		return nil
	}
}

// stats are one scenario's figures in one attack.
type stats struct {
	requests, errors int
	rps              float64
	p50, p95, p99    time.Duration
	codes            map[int]int
}

// attack sends targets from conns concurrent connections for d at rate
// (0: as fast as the server answers) and returns the figures of each
// scenario, keyed by the name in the URL's bench query.
func attack(ctx context.Context, tgts []vegeta.Target, want map[string]int, conns int, rate int, d time.Duration) map[string]*stats {
	// Our own transport, so that its connections can be closed when the
	// attack ends: left open, each attack's 64 idle keep-alive connections
	// would hold buffers and goroutines in the server until its idle timeout
	// and be counted as the next scenario's memory.
	tr := &http.Transport{DialContext: (&net.Dialer{KeepAlive: 30 * time.Second}).DialContext}
	defer tr.CloseIdleConnections()
	a := vegeta.NewAttacker(vegeta.Client(&http.Client{Transport: tr}),
		vegeta.Workers(uint64(conns)), vegeta.MaxWorkers(uint64(conns)),
		vegeta.Connections(conns), vegeta.MaxConnections(conns), vegeta.KeepAlive(true),
		vegeta.Redirects(vegeta.NoFollow), vegeta.Timeout(30*time.Second))
	metrics := map[string]*vegeta.Metrics{}
	sts := map[string]*stats{}
	// The targets are sent in order: the first need of them cover every
	// scenario of the attack.
	need, seen := 0, map[string]bool{}
	for i, t := range tgts {
		if name := scenarioOf(t.URL); !seen[name] {
			seen[name], need = true, i+1
		}
	}
	start := time.Now()
	pacer := atLeast{Pacer: vegeta.Rate{Freq: rate, Per: time.Second}, d: d, hits: uint64(need)}
	results := a.Attack(seqTargeter(tgts), pacer, 0, "bench")
	for {
		var r *vegeta.Result
		var ok bool
		select {
		case r, ok = <-results:
		case <-ctx.Done():
			a.Stop()
			r, ok = <-results
		}
		if !ok {
			break
		}
		name := scenarioOf(r.URL)
		m := metrics[name]
		if m == nil {
			m, sts[name] = &vegeta.Metrics{}, &stats{codes: map[int]int{}}
			metrics[name] = m
		}
		m.Add(r)
		s := sts[name]
		s.requests++
		s.codes[int(r.Code)]++
		if r.Error != "" || int(r.Code) != want[name] {
			s.errors++
		}
	}
	elapsed := time.Since(start)
	for name, m := range metrics {
		m.Close()
		s := sts[name]
		s.rps = float64(s.requests) / elapsed.Seconds()
		s.p50, s.p95, s.p99 = m.Latencies.P50, m.Latencies.P95, m.Latencies.P99
	}
	return sts
}

// atLeast paces an attack like its Pacer for d, and never ends it before
// hits requests have gone out. vegeta's own duration counts from the call: on
// a loaded machine its goroutine may not run at all within a short attack
// (the short mode's are 30 to 300 ms), and a scenario with no answer would
// have no figures and fail the run at random (issue 14).
type atLeast struct {
	vegeta.Pacer
	d    time.Duration
	hits uint64
}

func (p atLeast) Pace(elapsed time.Duration, hits uint64) (time.Duration, bool) {
	if elapsed > p.d && hits >= p.hits {
		return 0, true
	}
	return p.Pacer.Pace(elapsed, hits)
}

func scenarioOf(rawURL string) string {
	for _, sep := range []string{"?bench=", "&bench="} {
		if i := strings.LastIndex(rawURL, sep); i >= 0 {
			return rawURL[i+len(sep):]
		}
	}
	return rawURL
}

// wants maps each scenario to its expected status.
func wants() map[string]int {
	m := map[string]int{}
	for _, sc := range scenarios {
		m[sc.name] = sc.want
		if sc.want == 0 {
			m[sc.name] = http.StatusOK
		}
	}
	return m
}

// mixTargets is the registration-week mix: each scenario's targets repeated
// by its weight, interleaved so that a short run still sees every kind.
func (w *world) mixTargets() ([]vegeta.Target, error) {
	var all [][]vegeta.Target
	var weights []int
	unit := 1
	for _, sc := range scenarios {
		if sc.weight == 0 {
			continue
		}
		t, err := w.targets(sc)
		if err != nil {
			return nil, err
		}
		all, weights = append(all, t), append(weights, sc.weight)
		unit = max(unit, len(t))
	}
	// weight units of requests each, whatever the number of targets, so the
	// weight is the scenario's share of the requests.
	var lists [][]vegeta.Target
	for i, t := range all {
		var l []vegeta.Target
		for j := 0; j < weights[i]*unit; j++ {
			l = append(l, t[j%len(t)])
		}
		lists = append(lists, l)
	}
	sort.SliceStable(lists, func(i, j int) bool { return len(lists[i]) > len(lists[j]) })
	var out []vegeta.Target
	for i := 0; ; i++ {
		added := false
		for _, l := range lists {
			if i < len(l) {
				out = append(out, l[i])
				added = true
			}
		}
		if !added {
			return out, nil
		}
	}
}
