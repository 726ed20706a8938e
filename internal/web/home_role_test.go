package web

import (
	"net/http"
	"strings"
	"testing"

	"convene/internal/convene"
	"convene/internal/paths"
)

// TestRoleHomes signs in as each role and reads "/": each role gets its own
// home with its own items and none of another role's; a visitor still gets
// the landing page, and a landing page kept for visitors is never served
// to someone signed in.
func TestRoleHomes(t *testing.T) {
	app := newTestApp(t)
	retreat := "admm-retreat-2025"

	// A visitor warms the public cache first.
	anon := app.as(convene.RoleAnonymous)
	for range 2 {
		resp, body := anon.get(paths.Home())
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Meeting cycle</h1>") {
			t.Fatalf("visitor's landing page: status %d", resp.StatusCode)
		}
	}

	marks := map[string]string{
		"secretariat": `id="needs-action"`,
		"focal":       `id="my-delegations"`,
		"delegate":    `id="my-record"`,
		"organiser":   `id="print-meetings"`,
		"landing":     "Meeting cycle</h1>",
	}
	cases := []struct {
		role  convene.Role
		mark  string
		wants []string
	}{
		{convene.RoleAdmin, "secretariat", []string{
			`href="` + paths.PendingChanges(retreat) + `">ADMM Retreat`, "1 change to approve",
			`href="` + paths.Accreditation(retreat) + `"`, `href="` + paths.Outbox(retreat) + `"`}},
		{convene.RoleOfficer, "secretariat", []string{"1 change to approve"}},
		{convene.RoleFocal, "focal", []string{"Viet Nam", `class="next-step"`,
			`href="` + paths.Delegation(retreat, "VNM") + `"`}},
		{convene.RoleDelegate, "delegate", []string{`href="` + paths.MyRegistration() + `"`,
			`href="` + paths.MyProgramme() + `"`, `/programme">Full programme`}},
		{convene.RoleOrganiser, "organiser", []string{`href="` + paths.PrintRoom(retreat) + `"`,
			`href="` + paths.Badges(retreat) + `"`}},
	}
	for _, tc := range cases {
		t.Run(string(tc.role), func(t *testing.T) {
			resp, body := app.as(tc.role).get(paths.Home())
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if cc := resp.Header.Get("Cache-Control"); strings.Contains(cc, "public") {
				t.Errorf("signed-in home is cacheable: Cache-Control %q", cc)
			}
			if !strings.Contains(strings.Join(resp.Header.Values("Vary"), ","), "Cookie") {
				t.Errorf("signed-in home does not vary on Cookie: %q", resp.Header.Values("Vary"))
			}
			for name, mark := range marks {
				if has := strings.Contains(body, mark); has != (name == tc.mark) {
					t.Errorf("%s home: contains %s's mark %q = %v", tc.mark, name, mark, has)
				}
			}
			for _, w := range tc.wants {
				if !strings.Contains(body, w) {
					t.Errorf("%s home lacks %q", tc.mark, w)
				}
			}
		})
	}

	// The focal point's home shows only their own country's delegations.
	_, body := app.as(convene.RoleFocal).get(paths.Home())
	if strings.Contains(body, "Indonesia") || strings.Contains(body, "Thailand") {
		t.Error("the focal point of Viet Nam sees another country's delegation on their home")
	}
	// The list of meetings stays reachable for everyone signed in.
	if resp, body := app.as(convene.RoleAdmin).get(paths.HomePage(true, 1)); resp.StatusCode != http.StatusOK ||
		!strings.Contains(body, "Earlier meetings") {
		t.Errorf("the past meetings' page for the secretariat: status %d", resp.StatusCode)
	}
}

// TestMeetingPageLinksSecretariatWork: the admin's meeting page links the
// accreditation queue and the clash report; an organiser's does not.
func TestMeetingPageLinksSecretariatWork(t *testing.T) {
	app := newTestApp(t)
	code := "admm-retreat-2025"
	for role, want := range map[convene.Role]bool{convene.RoleAdmin: true, convene.RoleOrganiser: false} {
		_, body := app.as(role).get(paths.Meeting(code))
		for _, href := range []string{paths.Accreditation(code), paths.Clashes(code)} {
			if got := strings.Contains(body, `href="`+href+`"`); got != want {
				t.Errorf("%s: meeting page links %s = %v, want %v", role, href, got, want)
			}
		}
	}
}
