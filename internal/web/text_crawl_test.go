package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"convene/internal/convene"
)

// rawText are the words and times no page may show a person (issue 23):
// an ISO timestamp, a raw action or field code (self_register,
// counterpart_id), a record's database id standing for a person or a record
// ("delegate 55", "user 1": names people give, like "Room 3", are written
// with a capital and are fine), and a rule with its number missing.
var rawText = []struct {
	what string
	re   *regexp.Regexp
}{
	{"an ISO timestamp", regexp.MustCompile(`\b\d{4}-\d\d-\d\d[T ]\d\d:\d\d|\d\d:\d\d:\d\d(\.\d+)?Z\b`)},
	{"a raw code", regexp.MustCompile(`\b[a-z]+(_[a-z]+)+\b`)},
	{"a record id", regexp.MustCompile(`\b(delegate|user|delegation|meeting|session|registration|bilateral|room|venue|badge|login|change|person|record|entity|country|airport|hotel|transfer|hold|feed)s? #?\d+\b|\brun #?\d+\b`)},
	{"a rule without its number", regexp.MustCompile(`Heads of delegation plus\s*($|[”"'):.,;·])`)},
	{"a run number", regexp.MustCompile(`\bRun \d+\b`)},
}

// crawlSkip are links the crawl does not follow: downloads and files (not
// pages), and sign-out (which ends the crawl's sign-in).
func crawlSkip(path string) bool {
	for _, suffix := range []string{".pdf", ".csv", ".ics", ".xlsx", "/photo", "/qr.png", ".png", ".jpg", ".svg"} {
		if strings.HasSuffix(path, suffix) {
			return true
		}
	}
	return strings.HasPrefix(path, "/static/") || path == "/sign-out" || strings.HasPrefix(path, "/sign-in")
}

// crawlKey groups pages of one kind (the same path but for its ids), so
// that the crawl reads a few of each rather than every person of every
// meeting.
var idDigits = regexp.MustCompile(`\d+`)

func crawlKey(u *url.URL) string { return idDigits.ReplaceAllString(u.Path, "N") }

// visibleText is what a person reads on a page: its text nodes, outside
// script, style and template, one per line with spaces collapsed. Text in
// code elements and in a textarea is code on purpose: a letter template's
// placeholders ({{name_in_passport}}) are typed as they are shown.
func visibleText(doc *html.Node) []string {
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "template", "head", "code", "textarea":
				return
			}
		}
		if n.Type == html.TextNode {
			if t := strings.Join(strings.Fields(n.Data), " "); t != "" {
				out = append(out, t)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// componentClass is a class of the button component set (static/css/app.css).
var componentClass = regexp.MustCompile(`(^|\s)(primary|secondary|danger|link)(\s|$)`)

// unstyledButtons are the labels of a page's buttons that carry no class of
// the component set (the header's sign-out button has its own style).
func unstyledButtons(doc *html.Node) []string {
	var out []string
	var walk func(n *html.Node, inHeader bool)
	walk = func(n *html.Node, inHeader bool) {
		if n.Type == html.ElementNode {
			class := ""
			for _, a := range n.Attr {
				if a.Key == "class" {
					class = a.Val
				}
			}
			if n.Data == "header" && strings.Contains(class, "site-header") {
				inHeader = true
			}
			if n.Data == "button" && !inHeader && !componentClass.MatchString(class) {
				out = append(out, strings.Join(visibleText(n), " "))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inHeader)
		}
	}
	walk(doc, false)
	return out
}

// pageLinks are the page's same-site links (a href starting with one slash).
func pageLinks(doc *html.Node) []string {
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "a" {
			for _, a := range n.Attr {
				if a.Key == "href" && strings.HasPrefix(a.Val, "/") && !strings.HasPrefix(a.Val, "//") {
					out = append(out, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// crawlPages visits the pages a client reaches by following links from
// start (at most perKind pages of each kind, at most limit pages) and calls
// visit with each HTML page's path and parsed document.
func crawlPages(t *testing.T, c *client, start []string, perKind, limit int, visit func(path string, doc *html.Node)) int {
	t.Helper()
	seen := map[string]bool{}
	kinds := map[string]int{}
	queue := append([]string{}, start...)
	pages := 0
	for len(queue) > 0 && pages < limit {
		p := queue[0]
		queue = queue[1:]
		u, err := url.Parse(p)
		if err != nil || crawlSkip(u.Path) {
			continue
		}
		u.Fragment = ""
		key := u.String()
		if seen[key] || kinds[crawlKey(u)] >= perKind {
			continue
		}
		seen[key] = true
		kinds[crawlKey(u)]++
		resp, body := c.get(key)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			continue
		}
		doc, err := html.Parse(strings.NewReader(body))
		if err != nil {
			t.Errorf("%s: %v", key, err)
			continue
		}
		pages++
		visit(key, doc)
		queue = append(queue, pageLinks(doc)...)
	}
	return pages
}

// TestCrawlShowsNoRawWords reads every kind of page each demo role reaches
// by following links (through the real router, the visible text read with
// an HTML parser) and fails on any ISO timestamp, raw code, record id or
// rule without its number a person would read, and on any button outside
// the component set (primary, secondary, danger).
func TestCrawlShowsNoRawWords(t *testing.T) {
	// Control: what the issue saw on the pages is caught.
	for _, seen := range []string{"delegate 55", "user 1", "self_register", `counterpart_id: "1"`,
		"2025-02-25T08:40:00.000Z", "2026-12-04 15:23", "Run 13", "Heads of delegation plus", "· Heads of delegation plus · 40 covers"} {
		caught := false
		for _, r := range rawText {
			caught = caught || r.re.MatchString(seen)
		}
		if !caught {
			t.Errorf("control: %q is not caught", seen)
		}
	}
	for _, fine := range []string{"Room 3", "The meeting runs 26 February 2025.", "Heads of delegation plus 1", "25 Feb 2025 08:40 MYT"} {
		for _, r := range rawText {
			if r.re.MatchString(fine) {
				t.Errorf("control: %q is taken for %s", fine, r.what)
			}
		}
	}
	control, _ := html.Parse(strings.NewReader(`<header class="site-header"><button>Sign out</button></header>
		<button type="submit">Withdraw</button><button class="danger">Delete</button><button class="reprint">Reprint</button>`))
	if got := unstyledButtons(control); strings.Join(got, ",") != "Withdraw,Reprint" {
		t.Errorf("control: unstyled buttons found %q, want Withdraw and Reprint", got)
	}
	app := newTestApp(t)
	roles := []convene.Role{convene.RoleAdmin, convene.RoleOfficer, convene.RoleOrganiser, convene.RoleFocal,
		convene.RoleDelegate, convene.RoleAnonymous}
	found := map[string][]string{} // finding -> pages
	total := 0
	for _, role := range roles {
		c := app.as(role)
		start := []string{"/"}
		for _, r := range app.srv.Routes() {
			if r.Method == http.MethodGet {
				start = append(start, concretePath(r.Path))
			}
		}
		n := crawlPages(t, c, start, 3, 600, func(path string, doc *html.Node) {
			for _, label := range unstyledButtons(doc) {
				k := fmt.Sprintf("an unstyled button %q", label)
				if len(found[k]) < 3 {
					found[k] = append(found[k], string(role)+" "+path)
				}
			}
			for _, text := range visibleText(doc) {
				for _, r := range rawText {
					if m := r.re.FindString(text); m != "" {
						k := fmt.Sprintf("%s %q in %q", r.what, m, clipText(text, 120))
						if len(found[k]) < 3 {
							found[k] = append(found[k], string(role)+" "+path)
						}
					}
				}
			}
		})
		total += n
		if n < 5 {
			t.Errorf("%s: the crawl read only %d pages", role, n)
		}
	}
	keys := make([]string, 0, len(found))
	for k := range found {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Errorf("%s (on %s)", k, strings.Join(found[k], ", "))
	}
	fmt.Printf("crawl: %d pages read for %d roles, %d raw words or times found\n", total, len(roles), len(keys))
}

func clipText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
