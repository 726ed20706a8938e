package main

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"convene/internal/convene"
	"convene/internal/sqlite"
)

// TestDemoRequire2FA: `convene demo` lets the administrator in with the
// printed password (the demo stays one command); with -require-2fa the
// administrator's password leads to the second factor's set-up, as under
// `serve`, and a focal point is still not asked.
func TestDemoRequire2FA(t *testing.T) {
	next := func(d *demoServer, email string) string {
		b := newBrowser(t, d.url)
		b.do("GET", "/sign-in", nil)
		status, _, h := b.do("POST", "/sign-in", url.Values{"email": {email}, "password": {d.password}})
		if status != http.StatusSeeOther {
			t.Fatalf("%s: status %d", email, status)
		}
		return h.Get("Location")
	}
	plain := startDemo(t)
	if to := next(plain, "admin@demo.test"); to != "/" {
		t.Errorf("demo: the administrator's password leads to %q, want / (no second factor)", to)
	}
	plain.stop(t)
	strict := startDemo(t, "-require-2fa")
	if !strings.Contains(strict.stdout.String(), "Two-factor sign-in is required") {
		t.Errorf("the banner does not say the second factor is required:\n%s", strict.stdout.String())
	}
	for email, want := range map[string]string{"admin@demo.test": "/sign-in/enrol", "staff@demo.test": "/sign-in/enrol",
		"focal.vnm@demo.test": "/"} {
		if to := next(strict, email); to != want {
			t.Errorf("demo -require-2fa: %s's password leads to %q, want %q", email, to, want)
		}
	}
}

// TestUserReset2FA: `convene user reset-2fa` turns an account's second
// factor off from the shell (the last administrator lost their phone),
// audited with no user, and says so; run again, it has nothing to do.
func TestUserReset2FA(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "convene.db")
	cmd := func(stdin string, args ...string) string {
		var out, errb syncBuffer
		if err := run(ctx, append([]string{"convene"}, args...), environ(nil), strings.NewReader(stdin), &out, &errb); err != nil {
			t.Fatalf("convene %v: %v\n%s", args, err, errb.String())
		}
		return out.String()
	}
	cmd("the only administrator's passphrase\n", "user", "add", "-db", path, "-email", "chief@mod.example",
		"-name", "Nor Aini binti Hassan", "-role", "admin")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := db.FindUserByEmail(ctx, "chief@mod.example")
	if err := db.EnableTwoFactor(ctx, u.ID, "v1:sealed", 1, [][]byte{make([]byte, 32)}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	first := cmd("", "user", "reset-2fa", "-db", path, "-email", "chief@mod.example")
	again := cmd("", "user", "reset-2fa", "-db", path, "-email", "chief@mod.example")
	db, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u, _ = db.FindUserByEmail(ctx, "chief@mod.example")
	if u.TwoFactorOn() || !strings.Contains(first, "turned off") || !strings.Contains(again, "nothing to do") {
		t.Errorf("after reset-2fa: on=%v; first run %q; second %q", u.TwoFactorOn(), first, again)
	}
	entries, _, _ := db.FindAuditEntries(ctx, convene.AuditFilter{Entity: "user", EntityID: u.ID, Limit: 10})
	found := false
	for _, e := range entries {
		found = found || (e.Action == convene.AuditSecondFactorReset && e.UserID == 0)
	}
	if !found {
		t.Error("the reset from the shell is not in the audit log")
	}
}
