package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"convene/internal/convene"
)

var (
	csrfValueRe = regexp.MustCompile(`name="_csrf" value="[^"]*"`)
	resetLinkRe = regexp.MustCompile(regexp.QuoteMeta(testBaseURL) + `(/password/reset/[A-Za-z0-9_-]{43})`)
)

// resetLinks returns the paths of the password-reset links queued for to,
// oldest first.
func resetLinks(t *testing.T, app *testApp, to string) []string {
	t.Helper()
	due, err := app.db.FindMailTo(context.Background(), to)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range due {
		if m.Kind == convene.MailPasswordReset && m.To == to {
			if l := resetLinkRe.FindStringSubmatch(m.Body); l != nil {
				out = append(out, l[1])
			}
		}
	}
	return out
}

// askReset posts the "Forgot your password?" form from a fresh browser.
func askReset(app *testApp, email string) (int, string) {
	c := app.as(convene.RoleAnonymous)
	c.get("/password/forgot")
	resp, body := c.post("/password/forgot", url.Values{"email": {email}})
	return resp.StatusCode, body
}

// TestPasswordReset: "Forgot your password?" gives the same status and the
// same page, byte for byte once the CSRF token is masked, for an address
// with an account and one without (control: a malformed address gets
// another answer, so the comparison can see a difference); the mail goes
// through the outbox with a link built from the configured public address;
// the link works once, signs every browser of the account out, and expires
// after an hour on the server's clock; an administrator sends a link from
// the user page, audited.
func TestPasswordReset(t *testing.T) {
	app, clock := newTestAppWith(t, func(*Config) {})
	ctx := context.Background()
	const person = "focal.vnm@demo.test"

	knownStatus, knownBody := askReset(app, person)
	unknownStatus, unknownBody := askReset(app, "nobody.here@demo.test")
	mask := func(s string) string { return csrfValueRe.ReplaceAllString(s, `name="_csrf" value="-"`) }
	same := knownStatus == unknownStatus && mask(knownBody) == mask(unknownBody)
	if !same || knownStatus != http.StatusOK {
		t.Errorf("an address with an account: %d; without: %d; bodies identical once masked: %v", knownStatus, unknownStatus,
			mask(knownBody) == mask(unknownBody))
	}
	controlStatus, controlBody := askReset(app, "not an address")
	if controlStatus == knownStatus || mask(controlBody) == mask(knownBody) {
		t.Errorf("control: a malformed address answered like the others (%d)", controlStatus)
	}
	links := resetLinks(t, app, person)
	if len(links) != 1 {
		t.Fatalf("%d reset links queued for %s, want 1", len(links), person)
	}
	if got := resetLinks(t, app, "nobody.here@demo.test"); len(got) != 0 {
		t.Fatalf("a mail was queued for an address without an account")
	}

	// Two browsers are signed in as the person when the link is used.
	b1, b2 := app.as(convene.RoleFocal), app.as(convene.RoleFocal)
	visitor := app.as(convene.RoleAnonymous)
	if resp, body := visitor.get(links[0]); resp.StatusCode != http.StatusOK || !strings.Contains(body, `name="password_confirm"`) {
		t.Fatalf("the link's form: %d", resp.StatusCode)
	}
	const newPassword = "a brand new passphrase"
	if resp, _ := visitor.post(links[0], url.Values{"password": {newPassword}, "password_confirm": {"something else"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("passwords that differ: %d, want 422", resp.StatusCode)
	}
	if resp, _ := visitor.post(links[0], url.Values{"password": {newPassword}, "password_confirm": {newPassword}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("setting the new password: %d", resp.StatusCode)
	}
	signedOut := 0
	for _, b := range []*client{b1, b2} {
		if resp, _ := b.get("/account"); !allowed(resp) {
			signedOut++
		}
	}
	if signedOut != 2 {
		t.Errorf("%d of 2 browsers signed out after the reset", signedOut)
	}
	reuseGet, _ := visitor.get(links[0])
	reusePost, _ := visitor.post(links[0], url.Values{"password": {"yet another passphrase"}, "password_confirm": {"yet another passphrase"}})
	if reuseGet.StatusCode != http.StatusGone || reusePost.StatusCode != http.StatusGone {
		t.Errorf("the link used a second time: GET %d, POST %d, want 410", reuseGet.StatusCode, reusePost.StatusCode)
	}
	c := app.client()
	c.get("/sign-in")
	if resp, _ := c.post("/sign-in", url.Values{"email": {person}, "password": {newPassword}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the new password does not sign in: %d", resp.StatusCode)
	}

	// Expiry, on the server's clock: a new link, an hour and a minute later.
	askReset(app, person)
	links = resetLinks(t, app, person)
	expiring := links[len(links)-1]
	clock.add(convene.PasswordResetTTL + time.Minute)
	expiredGet, _ := visitor.get(expiring)
	expiredPost, _ := visitor.post(expiring, url.Values{"password": {"too late passphrase"}, "password_confirm": {"too late passphrase"}})
	if expiredGet.StatusCode != http.StatusGone || expiredPost.StatusCode != http.StatusGone {
		t.Errorf("an expired link: GET %d, POST %d, want 410", expiredGet.StatusCode, expiredPost.StatusCode)
	}
	clock.add(-(convene.PasswordResetTTL + time.Minute))
	if resp, _ := visitor.get(expiring); resp.StatusCode != http.StatusOK {
		t.Errorf("control: the same link inside its hour: %d, want 200", resp.StatusCode)
	}
	clock.add(2 * convene.PasswordResetTTL)

	// An administrator sends a link from the user page.
	u, _ := app.db.FindUserByEmail(ctx, person)
	admin := app.as(convene.RoleAdmin)
	admin.get(fmt.Sprintf("/admin/users/%d", u.ID))
	if resp, _ := admin.post(fmt.Sprintf("/admin/users/%d/password-reset", u.ID), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the administrator's link: %d", resp.StatusCode)
	}
	entries, _, _ := app.db.FindAuditEntries(ctx, convene.AuditFilter{Entity: "user", EntityID: u.ID, Limit: 100})
	counts := map[string]int{}
	adminUser, _ := app.db.FindUserByEmail(ctx, "admin@demo.test")
	for _, e := range entries {
		counts[e.Action]++
		if e.Action == convene.AuditPasswordResetSent && e.UserID != adminUser.ID {
			t.Errorf("the administrator's link is audited as user %d", e.UserID)
		}
	}
	if counts[convene.AuditPasswordResetSent] != 1 || counts[convene.AuditPasswordReset] != 1 || counts[convene.AuditPasswordResetAsked] != 2 {
		t.Errorf("audit of the account: %v", counts)
	}
	if n := len(resetLinks(t, app, person)); n != 3 {
		t.Errorf("%d links queued for the person in all, want 3", n)
	}
	fmt.Printf("password reset: same answer for an address with and without an account (%d and %d, bodies identical once the CSRF token is masked: %v; "+
		"control, a malformed address: %d); link used once (again: %d), expired after an hour (%d; control inside the hour 200); "+
		"%d of 2 browsers signed out; the administrator's link audited\n",
		knownStatus, unknownStatus, same, controlStatus, reusePost.StatusCode, expiredPost.StatusCode, signedOut)
}
