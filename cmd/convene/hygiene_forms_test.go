package main

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"convene/internal/convene"
	"convene/internal/sqlite"
)

// refusedText is one value of each class of text a one-line field refuses
// (issue 22, item 4), after a Vietnamese name so that only the class is wrong.
var refusedText = []struct{ class, value string }{
	{"C0 control", "Trần\x07Bích"},
	{"line break", "Trần\r\nBích"},
	{"C1 control", "Trần\u0085Bích"},
	{"invalid UTF-8", "Tr\xe1\xbaBích"},
	{"bidi override", "Trần \u202eBích"},
	{"bidi isolate", "Trần \u2067Bích\u2069"},
	{"only invisible", "\u200b\ufeff\u2060"},
}

// hygieneForm is one form of TestInjectionInEveryForm with single-line
// text fields: the page that shows it, the action it posts to, who fills it
// in, the one-line fields it is known to have (every one-line text field
// the page shows is tested, these must be among them), and values that
// make the rest of it valid.
type hygieneForm struct {
	name, as, page, action string
	fields                 []string
	set                    url.Values
}

// shownOnce are one-line fields a form's page shows only once they hold a
// value (a session's reason to accept a room clash), by form.
var shownOnce = map[string][]string{"session": {"override_reason"}}

// TestRefusedTextInEveryForm sends each class of text a one-line field
// refuses (control characters C0 and C1, line breaks, invalid UTF-8, bidi
// overrides and isolates, a value only of invisible characters) into every
// one-line text field of the forms TestInjectionInEveryForm fills (its
// multi-line fields are the textareas each form declares), each post with the
// page's own defaults and CSRF token: every post answers 422 with the class's
// message next to that field, and the database is unchanged.
//
// Control: the same fields holding a Khmer name with a zero-width space
// between its words get no such message (the detector can tell), and the
// test fails if a form has a one-line field it does not fill.
func TestRefusedTextInEveryForm(t *testing.T) {
	d := startDemo(t)
	const mtg = "/meetings/admm-retreat-2025"
	signIn := func(email string) *browser {
		b := newBrowser(t, d.url)
		b.do("GET", "/sign-in", nil)
		if status, _, _ := b.do("POST", "/sign-in", url.Values{"email": {email}, "password": {d.password}}); status != http.StatusSeeOther {
			t.Fatalf("%s sign-in: %d", email, status)
		}
		return b
	}
	accounts := map[string]*browser{"admin": signIn("admin@demo.test"), "focal": signIn("focal.vnm@demo.test"),
		"brn": signIn("focal.brn@demo.test")}
	admin := accounts["admin"]

	// Records the forms need: a person of Viet Nam, transfer runs, rooms.
	_, vnm, _ := admin.do("GET", mtg+"/delegations/vnm", nil)
	person := regexp.MustCompile(`href="(` + mtg + `/delegates/[0-9]+)"`).FindStringSubmatch(vnm)
	if person == nil {
		t.Fatal("no person in Viet Nam's delegation")
	}
	personID := person[1][strings.LastIndex(person[1], "/")+1:]
	if status, _, _ := admin.do("POST", mtg+"/transfers/propose", url.Values{}); status != http.StatusSeeOther {
		t.Fatalf("transfer proposal: %d", status)
	}
	_, transfers, _ := admin.do("GET", mtg+"/transfers", nil)
	run := regexp.MustCompile(`action="(` + mtg + `/transfers/[0-9]+)"`).FindStringSubmatch(transfers)
	if run == nil {
		t.Fatal("no transfer run")
	}
	_, hotels, _ := admin.do("GET", mtg+"/hotels", nil)
	guests := selectOptions(hotels, mtg+"/hotels/assign", "delegate_id")
	blocks := selectOptions(hotels, mtg+"/hotels/assign", "block_id")
	if len(guests) == 0 || len(blocks) == 0 {
		t.Fatal("no one to lodge")
	}

	forms := []hygieneForm{
		{"meeting", "admin", "/meetings/new", "/meetings/new", []string{"title", "city", "theme", "chair", "cluster"},
			url.Values{"code": {"hygiene-meeting"}, "time_zone": {"Asia/Kuala_Lumpur"}, "date_precision": {"day"},
				"start_date": {"2026-03-02"}, "end_date": {"2026-03-03"}}},
		{"session", "admin", mtg + "/programme/new", mtg + "/programme/new", []string{"title"},
			url.Values{"day": {"2025-02-26"}, "start": {"06:00"}, "end": {"06:30"}, "visibility": {"public"}}},
		{"nomination", "focal", mtg + "/delegations/vnm/delegates/new", mtg + "/delegations/vnm/delegates/new",
			[]string{"honorific", "given_name", "family_name", "badge_name", "position", "dietary_other"},
			url.Values{"role": {"delegate"}, "nationality": {"VNM"}, "dietary": {"other"}, "passport_number": {"H1234567"},
				"passport_expiry": {"2031-05-31"}, "consent": {"1"}}},
		{"nomination edit", "focal", person[1] + "/edit", person[1] + "/edit",
			[]string{"honorific", "given_name", "family_name", "badge_name", "position", "dietary_other", "nationality",
				"passport_number"}, url.Values{"dietary": {"other"}}},
		{"invitation", "admin", mtg + "/delegations/tha/invite", mtg + "/delegations/tha/invite", []string{"name"},
			url.Values{"email": {"hygiene-invite@example.org"}}},
		{"room block", "admin", mtg + "/hotels", mtg + "/hotels/blocks", []string{"room_type", "notes"},
			url.Values{"rank": {"5"}, "occupancy": {"2"}, "room_count": {"3"}, "first_night": {"2025-02-25"}, "last_night": {"2025-02-26"}}},
		{"room assignment", "admin", mtg + "/hotels", mtg + "/hotels/assign", []string{"room_label"},
			url.Values{"delegate_id": {guests[0]}, "block_id": {blocks[0]}, "check_in": {"2025-02-25"}, "check_out": {"2025-02-27"}}},
		{"liaison officer", "admin", mtg + "/liaison", mtg + "/liaison", []string{"name", "languages", "notes"},
			url.Values{"mobile": {"+60 12 555 0101"}, "email": {"hygiene-lo@example.org"}}},
		{"travel legs", "focal", mtg + "/travel/" + personID, mtg + "/travel/" + personID,
			[]string{"a_terminal", "d_terminal", "a_flight", "d_flight"},
			url.Values{"a_day": {"2025-02-25"}, "a_time": {"14:05"}, "a_flight": {"VN 683"}, "a_airport": {"PEN"},
				"d_day": {"2025-02-27"}, "d_time": {"09:10"}, "d_flight": {"VN 682"}, "d_airport": {"PEN"}}},
		{"transfer run", "admin", mtg + "/transfers", run[1], []string{"driver", "plate"}, nil},
		{"bilateral request", "focal", mtg + "/bilaterals/new", mtg + "/bilaterals/new", []string{"preferred_times", "interpretation"},
			url.Values{"duration": {"30"}}},
		{"badge collection", "admin", mtg + "/badges", mtg + "/badges/collect", []string{"collected_by"},
			url.Values{"delegation": {"VNM"}}},
		{"programme publication", "admin", mtg + "/programme", mtg + "/programme/publish", []string{"note"}, nil},
	}

	db, err := sqlite.Open(context.Background(), filepath.Join(d.dir, "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	digests := func() map[string]string {
		m, err := db.TableDigests(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		delete(m, "logins") // last seen, touched by design at most once a minute
		return m
	}
	before := digests()

	type post struct {
		form  hygieneForm
		field string
		value string
	}
	refused, fields, total := 0, 0, 0
	var controls []post
	for _, fc := range forms {
		b := accounts[fc.as]
		_, page, _ := b.do("GET", fc.page, nil)
		defaults, ok := formDefaults(page, fc.page, fc.action)
		if !ok {
			t.Fatalf("%s: no form posting to %s on %s", fc.name, fc.action, fc.page)
		}
		oneLine := append(oneLineFields(page, fc.page, fc.action), shownOnce[fc.name]...)
		for _, name := range fc.fields {
			if !slices.Contains(oneLine, name) {
				t.Errorf("%s: %q is not a one-line text field of the form (the test's list is stale)", fc.name, name)
			}
		}
		// Every one-line text field of the form gets every class, listed
		// in the case or not, so a field added later is covered too.
		for _, field := range oneLine {
			fields++
			for _, rc := range refusedText {
				form := url.Values{}
				for k, v := range defaults {
					form[k] = slices.Clone(v)
				}
				for k, v := range fc.set {
					form[k] = v
				}
				form.Set(field, rc.value)
				status, body, _ := b.do("POST", fc.action, form)
				total++
				want := convene.ErrorMessage(convene.CheckSingleLine(rc.value))
				if got := messageNextTo(body, field); status != http.StatusUnprocessableEntity || got != want {
					t.Errorf("%s, %s in %s: status %d, message %q; want 422 and %q", fc.name, rc.class, field, status, got, want)
					continue
				}
				refused++
			}
			controls = append(controls, post{fc, field, "សុខ\u200bចាន់ធី"})
		}
	}
	after := digests()
	var changed []string
	for k, v := range after {
		if before[k] != v {
			changed = append(changed, k)
		}
	}
	sort.Strings(changed)
	if len(changed) > 0 {
		t.Errorf("refused posts changed tables %v", changed)
	}

	// Control: a name that needs a zero-width space gets no such message.
	clean := 0
	hygiene := map[string]bool{}
	for _, rc := range refusedText {
		hygiene[convene.ErrorMessage(convene.CheckSingleLine(rc.value))] = true
	}
	for _, c := range controls {
		b := accounts[c.form.as]
		_, page, _ := b.do("GET", c.form.page, nil)
		form, _ := formDefaults(page, c.form.page, c.form.action)
		for k, v := range c.form.set {
			form[k] = v
		}
		form.Set(c.field, c.value)
		_, body, _ := b.do("POST", c.form.action, form)
		if hygiene[messageNextTo(body, c.field)] {
			t.Errorf("control: %s: %q in %s refused as %q", c.form.name, c.value, c.field, messageNextTo(body, c.field))
			continue
		}
		clean++
	}
	fmt.Printf("refused text: %d classes x %d one-line fields in %d forms: %d/%d posts answered 422 with the class's message next to the field, "+
		"%d tables changed; control: a Khmer name with ZWSP accepted by %d/%d fields\n",
		len(refusedText), fields, len(forms), refused, total, len(changed), clean, len(controls))
}

// oneLineFields names the one-line text inputs of the form posting to
// action (text, search and untyped inputs; not textareas).
func oneLineFields(page, pagePath, action string) []string {
	var out []string
	for _, name := range freeTextFields(page, pagePath, action) {
		if !regexp.MustCompile(`<textarea\b[^>]*name="` + regexp.QuoteMeta(name) + `"`).MatchString(page) {
			out = append(out, name)
		}
	}
	return out
}

// messageNextTo is the message a page shows next to a field.
func messageNextTo(page, field string) string {
	m := regexp.MustCompile(`<span class="error" id="e-` + regexp.QuoteMeta(field) + `">([^<]*)</span>`).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}
