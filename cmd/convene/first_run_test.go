package main

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"convene/internal/sqlite"
)

// TestUserAddOnEmptyDatabase: on a brand-new database, with nothing loaded
// but the migrations, a focal point of Malaysia can be added at once: the
// countries ship with the migrations.
func TestUserAddOnEmptyDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "new.db")
	user := func(pw string, args ...string) (string, error) {
		out := &syncBuffer{}
		err := run(ctx, append([]string{"convene", "user", "add", "-db", path}, args...), environ(nil),
			strings.NewReader(pw), out, &syncBuffer{})
		return out.String(), err
	}
	out, err := user("a long enough password\n", "-email", "focal.mys@example.org", "-name", "Nor Azlina binti Ismail",
		"-role", "focal", "-country", "MYS")
	if err != nil || !strings.Contains(out, "added focal.mys@example.org") {
		t.Fatalf("user add -role focal -country MYS on an empty database: %v %s", err, out)
	}
	if _, err := user("a long enough password\n", "-email", "focal.atl@example.org", "-name", "Nobody",
		"-role", "focal", "-country", "ATL"); err == nil || !strings.Contains(err.Error(), "no such country") {
		t.Errorf("an unknown country: %v", err)
	}
	d, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	u, err := d.FindUserByEmail(ctx, "focal.mys@example.org")
	if err != nil {
		t.Fatal(err)
	}
	mys, err := d.FindCountryByISO3(ctx, "MYS")
	if err != nil || u.CountryID != mys.ID || mys.Name != "Malaysia" {
		t.Errorf("the focal point's country is %d, Malaysia is %+v (%v)", u.CountryID, mys, err)
	}
}

// serveOnce starts `convene serve` through run() on path, waits until it
// serves, stops it, and returns what it wrote to stdout and its log.
func serveOnce(t *testing.T, path string) (stdout, log string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, errb := &syncBuffer{}, &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"convene", "serve", "-addr", "127.0.0.1:0", "-db", path, "-base-url", "https://convene.test"}, environ(nil), nil, out, errb)
	}()
	deadline := time.Now().Add(2 * time.Minute) // a ceiling, not a speed check
	for !strings.Contains(out.String(), "serving at") && time.Now().Before(deadline) {
		select {
		case err := <-done:
			cancel()
			t.Fatalf("serve stopped: %v\n%s", err, errb.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v\n%s", err, errb.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	if !strings.Contains(out.String(), "serving at") {
		t.Fatalf("serve did not start:\n%s", errb.String())
	}
	return out.String(), errb.String()
}

// shellWords splits a command line the way a POSIX shell does for the
// words serve's hint uses: plain words and single-quoted ones.
func shellWords(s string) []string {
	var words []string
	for _, m := range regexp.MustCompile(`'[^']*'|[^\s']+`).FindAllString(s, -1) {
		words = append(words, strings.Trim(m, "'"))
	}
	return words
}

var hintLine = regexp.MustCompile(`level=WARN msg="no accounts yet[^"]*" command="([^"]*)"`)

// TestServeFirstRunLogsHowToCreateTheFirstAdministrator: serve on an empty
// database creates no account and prints no password; its log gives the
// whole command that creates the first administrator of that very
// database. Pasted unchanged the command is refused (its passphrase is a
// placeholder); with a passphrase of one's own it works, and the next
// start logs no hint.
func TestServeFirstRunLogsHowToCreateTheFirstAdministrator(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "prod.db")
	stdout, log := serveOnce(t, path)
	m := hintLine.FindStringSubmatch(log)
	if m == nil {
		t.Fatalf("no first-administrator hint in the log:\n%s", log)
	}
	left, right, ok := strings.Cut(m[1], " | ")
	if !ok {
		t.Fatalf("the hint is not a pipeline: %s", m[1])
	}
	feed, words := shellWords(left), shellWords(right)
	want := []string{"convene", "user", "add", "-db", path, "-email", "you@example.org", "-name", "Your Name", "-role", "admin"}
	if len(feed) != 3 || feed[0] != "printf" || feed[1] != "%s" || strings.Join(words, "|") != strings.Join(want, "|") {
		t.Fatalf("the hint is %q | %q, want printf '%%s' PASSPHRASE | %q", feed, words, want)
	}
	for _, out := range []string{stdout, log} {
		if strings.Contains(strings.ToLower(out), "password:") || strings.Contains(out, "@demo.test") {
			t.Errorf("serve printed a password or a demo account:\n%s", out)
		}
	}
	d, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	n, err := d.CountUsers(ctx)
	d.Close()
	if err != nil || n != 0 {
		t.Fatalf("serve created %d accounts (%v); it must create none", n, err)
	}

	// Pasted unchanged: refused, nothing created.
	errb := &syncBuffer{}
	err = run(ctx, words, environ(nil), strings.NewReader(feed[2]), &syncBuffer{}, errb)
	if err == nil || !strings.Contains(err.Error(), "passphrase of your own") {
		t.Errorf("the placeholder passphrase was not refused: %v", err)
	}
	// With a passphrase of one's own.
	out := &syncBuffer{}
	if err := run(ctx, words, environ(nil), strings.NewReader("ချစ်ကြည်ရေး is a long passphrase"), out, errb); err != nil {
		t.Fatalf("the hinted command: %v %s", err, errb.String())
	}
	if !strings.Contains(out.String(), "added you@example.org (") {
		t.Errorf("user add said %q", out.String())
	}
	if _, log := serveOnce(t, path); strings.Contains(log, "no accounts yet") {
		t.Errorf("the hint is logged although an administrator exists:\n%s", log)
	}
}
