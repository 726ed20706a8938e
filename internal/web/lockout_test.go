package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"convene/internal/convene"
)

// signInVia sends a sign-in from client c through the proxy, as the client
// at address xff, and returns the status.
func signInVia(t *testing.T, c *client, email, pw, xff string) int {
	t.Helper()
	c.get("/sign-in")
	req, _ := http.NewRequest(http.MethodPost, c.app.ts.URL+"/sign-in", strings.NewReader(url.Values{
		"_csrf": {c.csrf}, "email": {email}, "password": {pw}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", xff)
	resp, _ := c.do(req)
	return resp.StatusCode
}

// TestLockOutCannotBeTurnedAgainstTheOwner reproduces issue 22's attack:
// 55 wrong passwords for admin@demo.test from 11 addresses behind the
// trusted proxy, 5 from each (so no address passes its own limit). The
// account-wide ceiling of 50 is reached (the last 5 are refused unchecked),
// yet the administrator, from the browser
// they signed in with before, signs in at once, from one of the very
// addresses the attack used; an attacker from new addresses is still
// refused. Every failure and the lock are in the audit log with their
// address, and no password is.
//
// Control: the old per-account lock. The same right password from a browser
// that never signed in to the account is refused (429), as everyone was
// before: the known-browser cookie is what lets the owner in.
func TestLockOutCannotBeTurnedAgainstTheOwner(t *testing.T) {
	app := newTestApp(t)
	proxied := withTrustedProxy(t, app)
	freezeSignInLimits(proxied)
	const owner = "admin@demo.test"

	// Yesterday the administrator signed in from their own browser.
	browser := proxied.client()
	if status := signInVia(t, browser, owner, testPassword, "203.0.113.10"); status != http.StatusSeeOther {
		t.Fatalf("the administrator's first sign-in: status %d", status)
	}
	browser.get("/")
	if resp, _ := browser.post("/sign-out", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out: %d", resp.StatusCode)
	}

	// The attack.
	attacker := func(i int) string { return fmt.Sprintf("198.51.100.%d", 1+i/5) }
	refusedDuring := failedSignIns(t, proxied, owner, 55, attacker)
	if refusedDuring != 5 {
		// The 51st to 55th meet the account-wide ceiling of 50.
		t.Errorf("during the attack %d of 55 refused, want 5 (past the account's ceiling of 50)", refusedDuring)
	}

	// The owner, from the known browser, at one of the attacked addresses.
	ownerStatus := signInVia(t, browser, owner, testPassword, attacker(0))
	if ownerStatus != http.StatusSeeOther {
		t.Errorf("the administrator from their known browser after the attack: status %d, want 303", ownerStatus)
	}
	if resp, _ := browser.get("/admin/users"); resp.StatusCode != http.StatusOK {
		t.Errorf("the administrator is not signed in: /admin/users answers %d", resp.StatusCode)
	}

	// The attacker from five new addresses is still held back.
	slowed := failedSignIns(t, proxied, owner, 5, func(i int) string { return fmt.Sprintf("192.0.2.%d", 10+i) })
	if slowed != 5 {
		t.Errorf("the attacker from new addresses: %d of 5 refused, want 5", slowed)
	}

	// Control: a browser that never signed in gets the old per-account lock.
	control := signInVia(t, proxied.client(), owner, testPassword, "192.0.2.99")
	if control != http.StatusTooManyRequests {
		t.Errorf("control: the right password from an unknown browser while the account is under attack: status %d, want 429", control)
	}

	// The audit log: the failures and the lock with their addresses.
	u, err := app.db.FindUserByEmail(context.Background(), owner)
	if err != nil {
		t.Fatal(err)
	}
	entries, _, err := app.db.FindAuditEntries(context.Background(), convene.AuditFilter{Entity: "user", EntityID: u.ID, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, e := range entries {
		counts[e.Action]++
		switch e.Action {
		case convene.AuditSignInFailed, convene.AuditSignInLocked, convene.AuditSignIn:
			if e.ClientAddr == "" || e.ClientAddr == "127.0.0.1" {
				t.Errorf("audit %s without the client's address: %q", e.Action, e.ClientAddr)
			}
		}
		if strings.Contains(e.Summary, "not the password") || strings.Contains(e.Summary, testPassword) {
			t.Errorf("a password in the audit log: %q", e.Summary)
		}
	}
	if counts[convene.AuditSignInFailed] != 55-refusedDuring || counts[convene.AuditSignInLocked] == 0 || counts[convene.AuditSignIn] != 2 {
		t.Errorf("audit rows of the account: %v, want %d failures, at least one lock and 2 sign-ins", counts, 55-refusedDuring)
	}
	fmt.Printf("lock-out: %d wrong passwords for %s from 11 addresses behind the proxy (%d refused, %d audited with their address); "+
		"the owner's known browser then signed in at once (%d) from an attacked address; an attacker at 5 new addresses: %d/5 refused (429), "+
		"%d lock events audited; control (the old per-account lock: right password, browser never signed in): %d\n",
		55, owner, refusedDuring, counts[convene.AuditSignInFailed], ownerStatus, slowed, counts[convene.AuditSignInLocked], control)
}
