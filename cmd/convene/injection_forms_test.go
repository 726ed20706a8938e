package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/chromedp"

	"convene/internal/browser/browsertest"
)

// shortPayloads go into fields too short for the long ones (a room number of
// at most 20 characters, a terminal of at most 10): each still opens a
// dialog or injects an element if it is ever rendered as markup.
var shortPayloads = []string{`<svg onload=alert()>`, `"><svg>`, `'><svg>`, `<iframe>`}

// payloadFor returns what goes into a text field of at most max characters
// for payload i: a name in one of the five scripts followed by the payload
// when it fits, the payload alone, or else a short payload that fits.
func payloadFor(i, max int) string {
	p := xssPayloads[i%len(xssPayloads)]
	for _, v := range []string{xssPrefixes[i%len(xssPrefixes)] + " " + p, p} {
		if utf8.RuneCountInString(v) <= max {
			return v
		}
	}
	for k := range shortPayloads {
		if v := shortPayloads[(i+k)%len(shortPayloads)]; utf8.RuneCountInString(v) <= max {
			return v
		}
	}
	return ""
}

var (
	formRe     = regexp.MustCompile(`(?s)<form\b([^>]*)>(.*?)</form>`)
	attrRe     = regexp.MustCompile(`([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?`)
	inputRe    = regexp.MustCompile(`<input\b([^>]*)>`)
	selectRe   = regexp.MustCompile(`(?s)<select\b([^>]*)>(.*?)</select>`)
	optionRe   = regexp.MustCompile(`<option\b([^>]*)>`)
	textareaRe = regexp.MustCompile(`(?s)<textarea\b([^>]*)>(.*?)</textarea>`)
)

func attrs(tag string) map[string]string {
	out := map[string]string{}
	for _, m := range attrRe.FindAllStringSubmatch(tag, -1) {
		out[strings.ToLower(m[1])] = html.UnescapeString(m[2])
	}
	return out
}

// formDefaults reads the form with the given action out of a page the way a
// browser would submit it once a person has made a choice in every list:
// text, hidden, date and number inputs with their values, checked boxes,
// each select's selected option (or else its first real choice), textareas;
// no buttons, files or passwords.
// A form without an action posts to its own page, pagePath.
func formDefaults(page, pagePath, action string) (url.Values, bool) {
	for _, f := range formRe.FindAllStringSubmatch(page, -1) {
		act, ok := attrs(f[1])["action"]
		if !ok {
			act = pagePath
		}
		if act != action {
			continue
		}
		v := url.Values{}
		for _, in := range inputRe.FindAllStringSubmatch(f[2], -1) {
			a := attrs(in[1])
			switch a["type"] {
			case "submit", "button", "file", "password", "reset", "image":
				continue
			case "checkbox", "radio":
				if _, on := a["checked"]; !on {
					continue
				}
			}
			if a["name"] != "" {
				v.Add(a["name"], a["value"])
			}
		}
		for _, s := range selectRe.FindAllStringSubmatch(f[2], -1) {
			name := attrs(s[1])["name"]
			first, chosen := "", ""
			for _, o := range optionRe.FindAllStringSubmatch(s[2], -1) {
				a := attrs(o[1])
				if first == "" && a["value"] != "" {
					first = a["value"]
				}
				if _, sel := a["selected"]; sel {
					chosen = a["value"]
				}
			}
			if chosen == "" {
				chosen = first
			}
			v.Set(name, chosen)
		}
		for _, ta := range textareaRe.FindAllStringSubmatch(f[2], -1) {
			v.Set(attrs(ta[1])["name"], html.UnescapeString(strings.TrimPrefix(ta[2], "\n")))
		}
		return v, true
	}
	return nil, false
}

// selectOptions returns the non-empty option values of a select of the
// form posting to action.
func selectOptions(page, action, name string) []string {
	var out []string
	for _, f := range formRe.FindAllStringSubmatch(page, -1) {
		if attrs(f[1])["action"] != action {
			continue
		}
		for _, sel := range selectRe.FindAllStringSubmatch(f[2], -1) {
			if attrs(sel[1])["name"] != name {
				continue
			}
			for _, o := range optionRe.FindAllStringSubmatch(sel[2], -1) {
				if v := attrs(o[1])["value"]; v != "" {
					out = append(out, v)
				}
			}
		}
	}
	return out
}

// fieldErrorRe finds the message next to a refused field.
// freeTextFields names the fields of the form posting to action that take
// free text: text and search inputs (an input without a type is text) and
// textareas.
func freeTextFields(page, pagePath, action string) []string {
	var out []string
	for _, f := range formRe.FindAllStringSubmatch(page, -1) {
		act, ok := attrs(f[1])["action"]
		if !ok {
			act = pagePath
		}
		if act != action {
			continue
		}
		for _, in := range inputRe.FindAllStringSubmatch(f[2], -1) {
			if a := attrs(in[1]); a["name"] != "" && (a["type"] == "" || a["type"] == "text" || a["type"] == "search") {
				out = append(out, a["name"])
			}
		}
		for _, ta := range textareaRe.FindAllStringSubmatch(f[2], -1) {
			out = append(out, attrs(ta[1])["name"])
		}
		return out
	}
	return nil
}

var fieldErrorRe = regexp.MustCompile(`(?s)<span class="error" id="e-([a-z_]+)">(.*?)</span>`)

// sortByID sorts record paths by the number they end in, oldest first.
func sortByID(paths []string) {
	id := func(p string) int {
		n, _ := strconv.Atoi(p[strings.LastIndex(p, "/")+1:])
		return n
	}
	sort.Slice(paths, func(i, j int) bool { return id(paths[i]) < id(paths[j]) })
}

// injectedSelector is what a payload would add to a page (see injectedJS),
// with Convene's own inline SVG (the seating plan, badge QR codes) allowed, and any
// element with an inline event handler (on*) counted, not only the handlers
// the payloads use: a page of Convene carries none, because the CSP would
// refuse to run it.
const injectedSelector = `script:not([src]), iframe, frame, svg:not(#seating):not([aria-label="QR code of the badge"]), object, embed, base, style, ` +
	`a[href^="javascript:"], [onerror], [onload], [onclick], [onmouseover], [onfocus], [onsubmit], [onchange], [oninput]`

const injectedFormsJS = `document.querySelectorAll('` + injectedSelector + `').length`

// injectedWhat names what injectedFormsJS counted, for the failure message.
const injectedWhat = `Array.from(document.querySelectorAll('` + injectedSelector + `')).map(e => e.outerHTML.slice(0, 160)).join(" | ")`

// formCase is one form of Convene that stores text.
type formCase struct {
	name   string
	as     string // the account that fills it in
	page   string // the page holding the form
	action string // the form's action, the path posted to
	// text are the form's free-text fields with the most characters each
	// accepts.
	text map[string]int
	// set gives the non-text fields that make submission i valid (unique
	// codes, passport numbers, days and times), over the form's defaults.
	set func(i int) url.Values
	// fixed are fields whose value must have a fixed shape and is
	// validated as such (flight numbers, nationality, passport numbers),
	// left at the form's value unless set gives one.
	fixed []string
	// runs is how many payloads go through this form (default: all).
	runs int
}

// TestInjectionInEveryForm stores the payloads through every form of Convene
// that stores text, into every free-text field (over HTTP with the page's
// own CSRF token, the way a browser posts the form), then opens every page
// that shows those fields in headless Chromium: lists, detail pages, the
// programme, the HTML pages the PDFs are printed from, print pages, the
// bilateral board, the roster, the dashboards and the audit log. No dialog may
// open, no injected element or handler may appear, and each page must show
// at least one stored value exactly as typed (so that the page view proves
// something).
//
// Control: the same detectors over the same values written into a page
// without escaping must see dialogs and injected elements.
func TestInjectionInEveryForm(t *testing.T) {
	d := startDemo(t)
	const mtg = "/meetings/admm-retreat-2025"

	admin := newBrowser(t, d.url)
	admin.do("GET", "/sign-in", nil)
	if status, _, _ := admin.do("POST", "/sign-in", url.Values{"email": {"admin@demo.test"}, "password": {d.password}}); status != http.StatusSeeOther {
		t.Fatalf("admin sign-in: %d", status)
	}
	focal := newBrowser(t, d.url)
	focal.do("GET", "/sign-in", nil)
	if status, _, _ := focal.do("POST", "/sign-in", url.Values{"email": {"focal.vnm@demo.test"}, "password": {d.password}}); status != http.StatusSeeOther {
		t.Fatalf("focal sign-in: %d", status)
	}
	accounts := map[string]*browser{"admin": admin, "focal": focal}

	cases := []formCase{
		{name: "meeting", as: "admin", page: "/meetings/new", action: "/meetings/new",
			text: map[string]int{"title": 200, "city": 200, "theme": 200, "chair": 200, "cluster": 200},
			set: func(i int) url.Values {
				return url.Values{"code": {fmt.Sprintf("xss-meeting-%d", i)}, "time_zone": {"Asia/Kuala_Lumpur"},
					"date_precision": {"day"}, "start_date": {fmt.Sprintf("2026-03-%02d", i+2)},
					"end_date": {fmt.Sprintf("2026-03-%02d", i+3)}}
			}},
		{name: "session", as: "admin", page: mtg + "/programme/new", action: mtg + "/programme/new",
			text: map[string]int{"title": 200, "public_notes": 2000, "internal_notes": 2000, "override_reason": 200},
			set: func(i int) url.Values {
				return url.Values{"day": {"2025-02-26"}, "start": {fmt.Sprintf("%02d:00", 6+i)},
					"end": {fmt.Sprintf("%02d:30", 6+i)}, "visibility": {"public"}}
			}},
		{name: "nomination", as: "focal", page: mtg + "/delegations/vnm/delegates/new", action: mtg + "/delegations/vnm/delegates/new",
			text: map[string]int{"honorific": 60, "given_name": 120, "family_name": 120, "badge_name": 60, "position": 200,
				"dietary_other": 200, "medical": 1000},
			// The name as in the passport takes Latin capitals only: a code.
			fixed: []string{"passport_name", "a_flight", "a_terminal", "d_flight", "d_terminal"},
			set: func(i int) url.Values {
				return url.Values{"role": {"delegate"}, "nationality": {"VNM"}, "dietary": {"other"},
					"passport_number": {fmt.Sprintf("X%07d", i)}, "passport_expiry": {"2031-05-31"}, "consent": {"1"}}
			}},
		{name: "invitation", as: "admin", page: mtg + "/delegations/tha/invite", action: mtg + "/delegations/tha/invite",
			text: map[string]int{"name": 120},
			set:  func(i int) url.Values { return url.Values{"email": {fmt.Sprintf("xss-invite-%d@example.org", i)}} }},
		{name: "room block", as: "admin", page: mtg + "/hotels", action: mtg + "/hotels/blocks",
			text: map[string]int{"room_type": 80, "notes": 200},
			set: func(i int) url.Values {
				return url.Values{"rank": {"5"}, "occupancy": {"2"}, "room_count": {"3"},
					"first_night": {"2025-02-25"}, "last_night": {"2025-02-26"}}
			}},
		{name: "liaison officer", as: "admin", page: mtg + "/liaison", action: mtg + "/liaison",
			text: map[string]int{"name": 120, "languages": 120, "notes": 200},
			set: func(i int) url.Values {
				return url.Values{"mobile": {fmt.Sprintf("+60 12 555 %04d", i)}, "email": {fmt.Sprintf("xss-lo-%d@example.org", i)}}
			}},
		{name: "bilateral request", as: "focal", page: mtg + "/bilaterals/new", action: mtg + "/bilaterals/new",
			text: map[string]int{"preferred_times": 200, "interpretation": 60, "notes": 2000},
			set:  func(i int) url.Values { return url.Values{"duration": {"30"}} }},
		{name: "badge collection", as: "admin", page: mtg + "/badges", action: mtg + "/badges/collect",
			text: map[string]int{"collected_by": 199},
			set:  func(i int) url.Values { return url.Values{"delegation": {"VNM"}} }},
	}

	type stored struct{ form, field, value string }
	var all []stored
	posts := 0
	// post fills the form of fc.page that posts to fc.action for payload i:
	// its defaults, then fc.set(i), then the payload in every text field.
	// The page is read once per form (the CSRF token is the browser's, so
	// it stays valid), which halves the requests under the race detector.
	defaults := map[string]url.Values{}
	post := func(fc formCase, i int) {
		t.Helper()
		b := accounts[fc.as]
		key := fc.as + " " + fc.page + " " + fc.action
		if _, ok := defaults[key]; !ok {
			_, page, _ := b.do("GET", fc.page, nil)
			v, ok := formDefaults(page, fc.page, fc.action)
			if !ok {
				t.Fatalf("%s: no form posting to %s on %s", fc.name, fc.action, fc.page)
			}
			defaults[key] = v
			// Every free-text field gets a payload, unless the test must
			// give it a value of a fixed shape (a code, a flight number).
			var set url.Values
			if fc.set != nil {
				set = fc.set(i)
			}
			for _, name := range freeTextFields(page, fc.page, fc.action) {
				if _, payload := fc.text[name]; !payload && set[name] == nil && !slices.Contains(fc.fixed, name) {
					t.Errorf("%s: free-text field %q gets no payload", fc.name, name)
				}
			}
		}
		form := url.Values{}
		for k, vs := range defaults[key] {
			form[k] = slices.Clone(vs)
		}
		if fc.set != nil {
			for k, vs := range fc.set(i) {
				form[k] = vs
			}
		}
		for field, max := range fc.text {
			v := payloadFor(i, max)
			form.Set(field, v)
			all = append(all, stored{fc.name, field, v})
		}
		status, body, _ := b.do("POST", fc.action, form)
		if status != http.StatusSeeOther {
			var errs []string
			for _, m := range fieldErrorRe.FindAllStringSubmatch(body, -1) {
				errs = append(errs, m[1]+": "+html.UnescapeString(m[2]))
			}
			msg := regexp.MustCompile(`(?s)<main.*`).FindString(body)
			t.Fatalf("%s, payload %d: status %d, field errors %v\n%.600s", fc.name, i, status, errs, msg)
		}
		posts++
	}
	start := time.Now()
	for _, fc := range cases {
		runs := fc.runs
		if runs == 0 {
			runs = len(xssPayloads)
		}
		for i := 0; i < runs; i++ {
			post(fc, i)
		}
	}

	// Viet Nam submits its delegation and the secretariat accredits all but
	// two of the people nominated here, so that the queue still shows some
	// and the badges, name plates, seating plan and list of participants show
	// the others.
	post(formCase{name: "submit delegation", as: "focal", page: mtg + "/delegations/vnm", action: mtg + "/delegations/vnm/submit"}, 0)
	_, vnm, _ := admin.do("GET", mtg+"/delegations/vnm", nil)
	var people []string
	for _, m := range regexp.MustCompile(`href="(`+mtg+`/delegates/[0-9]+)"`).FindAllStringSubmatch(vnm, -1) {
		if !slices.Contains(people, m[1]) {
			people = append(people, m[1])
		}
	}
	sortByID(people)
	nominated := people[max(0, len(people)-len(xssPayloads)):]
	_, queue, _ := admin.do("GET", mtg+"/accreditation", nil)
	var queued []string
	for _, p := range nominated {
		if id := p[strings.LastIndex(p, "/")+1:]; strings.Contains(queue, `name="id" value="`+id+`"`) {
			queued = append(queued, id)
		}
	}
	if len(queued) < 2 {
		t.Fatalf("%d of the %d people nominated here are in the accreditation queue", len(queued), len(nominated))
	}
	accredit := url.Values{"id": queued[:len(queued)-1]}
	post(formCase{name: "bulk accreditation", as: "admin", page: mtg + "/accreditation", action: mtg + "/accreditation",
		set: func(int) url.Values { return accredit }}, 0)
	post(formCase{name: "print badges", as: "admin", page: mtg + "/badges", action: mtg + "/badges/print"}, 0)

	// The focal point corrects a nomination through the edit form (its own
	// handler), once per payload.
	edited := nominated[1] + "/edit"
	for i := range xssPayloads {
		post(formCase{name: "nomination edit", as: "focal", page: edited, action: edited,
			text: map[string]int{"honorific": 60, "given_name": 120, "family_name": 120, "badge_name": 60, "position": 200,
				"dietary_other": 200, "medical": 1000},
			fixed: []string{"nationality", "passport_number", "passport_name", "a_flight", "a_terminal", "d_flight", "d_terminal"},
			set:   func(int) url.Values { return url.Values{"dietary": {"other"}} }}, i)
	}

	// The programme is published with a note, and public holidays are
	// imported as CSV whose names and sources are payloads (the CSV itself
	// is the form's text, so it is built here, quoted as CSV quotes).
	for i := range xssPayloads {
		post(formCase{name: "programme publication", as: "admin", page: mtg + "/programme", action: mtg + "/programme/publish",
			text: map[string]int{"note": 300}}, i)
	}
	for i := range xssPayloads {
		var b strings.Builder
		w := csv.NewWriter(&b)
		name, source := payloadFor(i, 200), payloadFor(i+1, 200)
		_ = w.Write([]string{"country", "date", "name", "verified", "source"})
		_ = w.Write([]string{"MYS", fmt.Sprintf("2025-09-%02d", 10+i), name, "no", source})
		w.Flush()
		post(formCase{name: "holiday import", as: "admin", page: "/holidays", action: "/holidays", fixed: []string{"csv"},
			set: func(int) url.Values { return url.Values{"csv": {b.String()}} }}, i)
		all = append(all, stored{"holiday import", "csv name", name}, stored{"holiday import", "csv source", source})
	}

	// Travel legs of each person nominated here (the terminal is the free
	// text; flight numbers must look like one), a room for people of the
	// demo (the room number is free text), a returned nomination's reason,
	// and the drivers and plates of the proposed transfer runs.
	for i, p := range nominated {
		id := p[strings.LastIndex(p, "/")+1:]
		post(formCase{name: "travel legs", as: "focal", page: mtg + "/travel/" + id, action: mtg + "/travel/" + id,
			text: map[string]int{"a_terminal": 10, "d_terminal": 10},
			set: func(int) url.Values {
				return url.Values{"a_day": {"2025-02-25"}, "a_time": {"14:05"}, "a_flight": {"VN 683"}, "a_airport": {"PEN"},
					"d_day": {"2025-02-27"}, "d_time": {"09:10"}, "d_flight": {"VN 682"}, "d_airport": {"PEN"}}
			}}, i)
	}
	_, hotels, _ := admin.do("GET", mtg+"/hotels", nil)
	guests := selectOptions(hotels, mtg+"/hotels/assign", "delegate_id")
	blocks := selectOptions(hotels, mtg+"/hotels/assign", "block_id")
	if len(guests) < len(xssPayloads) || len(blocks) == 0 {
		t.Fatalf("%d people to lodge, %d room blocks", len(guests), len(blocks))
	}
	for i := range xssPayloads {
		post(formCase{name: "room assignment", as: "admin", page: mtg + "/hotels", action: mtg + "/hotels/assign",
			text: map[string]int{"room_label": 20},
			set: func(int) url.Values {
				// One block each, so that rooms that share a short payload as
				// their number are not over-full.
				return url.Values{"delegate_id": {guests[i]}, "block_id": {blocks[len(blocks)-1-i%len(blocks)]},
					"check_in": {"2025-02-25"}, "check_out": {"2025-02-27"}}
			}}, i)
	}
	returned := nominated[len(nominated)-1]
	post(formCase{name: "decision", as: "admin", page: returned, action: returned + "/decision",
		text: map[string]int{"reason": 1000}, set: func(int) url.Values { return url.Values{"action": {"reject"}} }}, 0)
	post(formCase{name: "transfer proposal", as: "admin", page: mtg + "/transfers", action: mtg + "/transfers/propose"}, 0)
	_, transfers, _ := admin.do("GET", mtg+"/transfers", nil)
	var runs []string
	for _, m := range regexp.MustCompile(`action="(`+mtg+`/transfers/[0-9]+)"`).FindAllStringSubmatch(transfers, -1) {
		if !slices.Contains(runs, m[1]) {
			runs = append(runs, m[1])
		}
	}
	if len(runs) == 0 {
		t.Fatal("no transfer runs proposed")
	}
	for i := range xssPayloads {
		r := runs[i%len(runs)]
		post(formCase{name: "transfer run", as: "admin", page: mtg + "/transfers", action: r,
			text: map[string]int{"driver": 120, "plate": 20}}, i)
	}

	// Brunei's focal point answers three of the bilateral requests (a
	// message is one more text field) and the secretariat places them, so
	// that the board shows them.
	brn := newBrowser(t, d.url)
	brn.do("GET", "/sign-in", nil)
	if status, _, _ := brn.do("POST", "/sign-in", url.Values{"email": {"focal.brn@demo.test"}, "password": {d.password}}); status != http.StatusSeeOther {
		t.Fatalf("focal.brn sign-in: %d", status)
	}
	accounts["brn"] = brn
	_, list, _ := admin.do("GET", mtg+"/bilaterals", nil)
	var bilaterals []string
	for _, m := range regexp.MustCompile(`href="(`+mtg+`/bilaterals/[0-9]+)"`).FindAllStringSubmatch(list, -1) {
		if !slices.Contains(bilaterals, m[1]) {
			bilaterals = append(bilaterals, m[1])
		}
	}
	sortByID(bilaterals)
	if len(bilaterals) < 3 {
		t.Fatalf("%d bilaterals listed", len(bilaterals))
	}
	bilaterals = bilaterals[len(bilaterals)-3:]
	for i, b := range bilaterals {
		post(formCase{name: "bilateral answer", as: "brn", page: b, action: b + "/respond", text: map[string]int{"response": 1000},
			set: func(int) url.Values { return url.Values{"action": {"accept"}} }}, i)
		post(formCase{name: "bilateral placement", as: "admin", page: b, action: b + "/schedule"}, i)
	}
	t.Logf("%d forms posted in %v", posts, time.Since(start))

	// The pages that show the stored text.
	pages := []string{"/", "/calendar", mtg + "/programme", mtg + "/programme-book", mtg + "/clashes",
		mtg + "/delegations/vnm", mtg + "/delegates", mtg + "/accreditation",
		mtg + "/hotels", mtg + "/logistics", mtg + "/liaison", mtg + "/catering",
		mtg + "/bilaterals/board", "/meetings/adsom-2025/planner", mtg + "/arrivals", mtg + "/transfers", mtg + "/badges", mtg + "/badges/sheet", mtg + "/participants", "/audit", mtg + "/outbox"}
	pages = append(pages, bilaterals...)
	for i := range xssPayloads {
		pages = append(pages, fmt.Sprintf("/meetings/xss-meeting-%d", i))
	}
	pages = append(pages, bilaterals...)
	for _, i := range []int{0, len(xssPayloads) - 1} {
		pages = append(pages, fmt.Sprintf("/meetings/xss-meeting-%d", i), fmt.Sprintf("/meetings/xss-meeting-%d/edit", i))
	}
	for _, p := range []string{nominated[0], nominated[1], nominated[len(nominated)-1]} {
		pages = append(pages, p, p+"/edit")
	}
	pages = append(pages, mtg+"/travel/"+nominated[0][strings.LastIndex(nominated[0], "/")+1:], runs[0]+"/manifest")
	for _, b := range selectOptions(hotels, mtg+"/hotels/blocks", "hotel_id")[:1] {
		pages = append(pages, mtg+"/hotels/"+b+"/rooming")
	}

	// Chromium: one browser, a fresh tab every few pages (a tab has 60 s).
	var tabDialogs []*atomic.Int64
	var ctx context.Context
	newTab := func() {
		ctx = browsertest.Tab(t)
		tabDialogs = append(tabDialogs, watchDialogs(ctx))
	}
	dialogs := func() int64 {
		var n int64
		for _, c := range tabDialogs {
			n += c.Load()
		}
		return n
	}
	newTab()
	// Sign the browser in as the administrator, who sees every page.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/sign-in"),
		chromedp.WaitVisible(chromedp.ID("f-email")),
		chromedp.SendKeys(chromedp.ID("f-email"), "admin@demo.test"),
		chromedp.SendKeys(chromedp.ID("f-password"), d.password),
		chromedp.Submit(chromedp.ID("f-password")),
		chromedp.WaitVisible(chromedp.CSS(`.who form[action="/sign-out"]`)),
	); err != nil {
		t.Fatal(err)
	}
	values := make([]string, 0, len(all))
	seen := map[string]bool{}
	for _, s := range all {
		if !seen[s.value] {
			seen[s.value] = true
			values = append(values, s.value)
		}
	}
	sort.Strings(values)
	injected, views := 0, 0
	start = time.Now()
	for n, p := range pages {
		if n > 0 && n%8 == 0 {
			newTab()
		}
		// Navigate returns once the page has loaded; one evaluation then
		// counts what was injected and reads the text and the form values.
		if err := chromedp.Do(ctx, chromedp.Navigate(d.url+p)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		res, err := chromedp.Run(ctx, chromedp.Evaluate[string](injectedFormsJS+` + "\x00" + document.body.textContent + "\n" + `+
			`Array.from(document.querySelectorAll("input, textarea")).map(e => e.value).join("\n")`))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		count, text, _ := strings.Cut(res, "\x00")
		if k, _ := strconv.Atoi(count); k > 0 {
			injected += k
			what, _ := chromedp.Run(ctx, chromedp.Evaluate[string](injectedWhat))
			t.Errorf("%s: %d injected elements or handlers: %s", p, k, what)
		}
		found := 0
		for _, v := range values {
			if strings.Contains(text, v) {
				found++
			}
		}
		if found == 0 {
			i := strings.Index(text, "Nguy")
			t.Errorf("%s shows none of the stored values as typed: %q", p, text[max(0, i-100):min(len(text), i+300)])
		}
		views++
	}
	t.Logf("%d pages viewed in %v", views, time.Since(start))
	seenDialogs := dialogs()
	if seenDialogs != 0 {
		t.Errorf("%d JavaScript dialogs opened on Convene's pages", seenDialogs)
	}

	// The Print buttons of the logistics pages used an inline onclick that
	// the CSP refused (this test found it); they now work through print.js.
	newTab()
	if err := chromedp.Do(ctx, chromedp.Navigate(d.url+mtg+"/logistics")); err != nil {
		t.Fatal(err)
	}
	printed, err := chromedp.Run(ctx, chromedp.Evaluate[int](
		`(() => { let n = 0; window.print = () => n++; document.querySelector("[data-print]").click(); return n })()`))
	if err != nil || printed != 1 {
		t.Errorf("the logistics page's Print button opened the print dialog %d times (%v), want 1", printed, err)
	}

	// Control: the same values, rendered without escaping and without CSP.
	raw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<!doctype html><title>control</title><body><ul>")
		for _, v := range values {
			fmt.Fprintf(w, "<li><input value='%s'> %s</li>", v, v) // deliberately unescaped
		}
		fmt.Fprint(w, "</ul></body>")
	}))
	defer raw.Close()
	newTab()
	if err := chromedp.Do(ctx, chromedp.Navigate(raw.URL)); err != nil {
		t.Fatal(err)
	}
	controlInjected, err := chromedp.Run(ctx, chromedp.Evaluate[int](injectedFormsJS))
	if err != nil {
		t.Fatal(err)
	}
	_, _ = chromedp.Run(ctx, chromedp.Evaluate[int](`1`)) // let the dialog events arrive
	controlDialogs := dialogs() - seenDialogs
	if controlInjected == 0 || controlDialogs == 0 {
		t.Errorf("control: the unescaped page gave %d injected elements and %d dialogs; the detectors cannot fail",
			controlInjected, controlDialogs)
	}
	forms, fieldSet := map[string]bool{}, map[string]bool{}
	for _, s := range all {
		forms[s.form] = true
		fieldSet[s.form+" "+s.field] = true
	}
	fields := len(fieldSet)
	fmt.Printf("injection: %d payloads x %d fields in %d forms (%d values stored), %d page views in Chromium: %d dialogs, %d injected elements; control (unescaped, no CSP): %d dialogs, %d injected elements\n",
		len(xssPayloads), fields, len(forms), len(all), views, seenDialogs, injected, controlDialogs, controlInjected)
}
