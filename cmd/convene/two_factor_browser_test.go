package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"convene/internal/browser/browsertest"
	"convene/internal/convene"
	"convene/internal/sqlite"
	"convene/internal/web"
)

// stoppedClock is the server's clock in a browser test: it moves only when
// the test moves it, so the test computes the authenticator's codes for the
// very step the server checks.
type stoppedClock struct {
	mu sync.Mutex
	at time.Time
}

func (c *stoppedClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at
}

func (c *stoppedClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at = c.at.Add(d)
}

// accountsServer is Convene as `serve` runs it (second factor required),
// on a database that held nothing but the administrator `convene user add`
// created, with the store's clock given by the test.
type accountsServer struct {
	url   string
	db    *sqlite.DB
	clock *stoppedClock
}

func startAccountsServer(t *testing.T, email, name, password string) *accountsServer {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "convene.db")
	var out, errb syncBuffer
	if err := run(context.Background(), []string{"convene", "user", "add", "-db", path, "-email", email, "-name", name,
		"-role", "admin"}, environ(nil), strings.NewReader(password+"\n"), &out, &errb); err != nil {
		t.Fatalf("convene user add: %v\n%s", err, errb.String())
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	db, err := sqlite.Open(context.Background(), path, sqlite.WithBaseURL(base))
	if err != nil {
		t.Fatal(err)
	}
	clock := &stoppedClock{at: time.Date(2026, 9, 14, 8, 30, 0, 0, time.UTC)}
	db.Now = clock.now
	srv, err := web.New(web.Config{Secret: []byte(strings.Repeat("b", 40)), RequireTwoFactor: true, TimeZone: time.UTC},
		db, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln, 5*time.Second) }()
	t.Cleanup(func() {
		cancel()
		<-done
		db.Close()
	})
	return &accountsServer{url: base, db: db, clock: clock}
}

// totpNow is the code an authenticator app shows for secret at the server's time.
func (s *accountsServer) totpNow(t *testing.T, secret string) string {
	t.Helper()
	code, err := totp.GenerateCodeCustom(strings.ReplaceAll(secret, " ", ""), s.clock.now(),
		totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// TestBrowserTwoFactorSignIn is the first administrator's way in, in headless
// Chromium, from a database that holds only the account `convene user add`
// made: the right password leads to the set-up page, whose QR code is an
// inline SVG (shown under the strict CSP) and whose secret is on the page as
// text; the test computes the app's code from that secret and the server's
// injected clock; ten recovery codes are shown once; the next sign-in asks
// for the code of the next step; a recovery code signs in once and is
// refused the second time (control: the code field refuses what is not a
// good code, so the refusal is not an accident of the page). Then the
// password-reset pages: "Forgot your password?", the answer, the link from
// the outbox, the new password.
func TestBrowserTwoFactorSignIn(t *testing.T) {
	const email, password = "admin@ministry.example", "first administrator passphrase"
	s := startAccountsServer(t, email, "Nguyễn Thị Hoa", password)
	ctx := browsertest.Tab(t)
	dialogs := watchDialogs(ctx)
	shots := screenshotDir()

	signInPassword := func() {
		t.Helper()
		if err := chromedp.Do(ctx,
			chromedp.Navigate(s.url+"/sign-in"),
			chromedp.WaitVisible(chromedp.ID("f-email")),
			chromedp.SendKeys(chromedp.ID("f-email"), email),
			chromedp.SendKeys(chromedp.ID("f-password"), password),
			chromedp.Submit(chromedp.ID("f-password")),
		); err != nil {
			t.Fatal(err)
		}
	}
	typeCode := func(code string, waitFor chromedp.CSS) {
		t.Helper()
		if err := chromedp.Do(ctx,
			chromedp.WaitVisible(chromedp.ID("f-code")),
			chromedp.SendKeys(chromedp.ID("f-code"), code),
			chromedp.Submit(chromedp.ID("f-code")),
			chromedp.WaitVisible(waitFor),
		); err != nil {
			t.Fatalf("code %q: %v", code, err)
		}
	}
	signedIn := chromedp.CSS(`.who form[action="/sign-out"]`)
	signOut := func() {
		t.Helper()
		if err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`.who button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`.who a[href="/sign-in"]`)),
		); err != nil {
			t.Fatal(err)
		}
	}

	// The set-up at the first sign-in.
	signInPassword()
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("totp-secret"))); err != nil {
		t.Fatal(err)
	}
	secret, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("totp-secret")))
	if err != nil {
		t.Fatal(err)
	}
	qrWidth, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelector("svg#totp-qr").getBoundingClientRect().width|0`))
	if err != nil || qrWidth < 100 {
		t.Errorf("the QR code is not shown: width %d (%v)", qrWidth, err)
	}
	browsertest.Screenshot(t, ctx, shots, "2fa-1-enrol")
	typeCode(s.totpNow(t, secret), chromedp.CSS("#recovery-codes"))
	codesText, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`Array.from(document.querySelectorAll("#recovery-codes code")).map(e => e.textContent).join(" ")`))
	if err != nil {
		t.Fatal(err)
	}
	codes := strings.Fields(codesText)
	if len(codes) != convene.RecoveryCodeCount {
		t.Fatalf("%d recovery codes shown, want %d", len(codes), convene.RecoveryCodeCount)
	}
	browsertest.Screenshot(t, ctx, shots, "2fa-2-recovery-codes")
	// The link is followed by its own click() rather than a mouse click at
	// its coordinates, which a late layout shift of a freshly loaded page
	// can make miss on a loaded machine.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.getElementById("continue").click(), true)`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(signedIn)); err != nil {
		t.Fatal(err)
	}
	signOut()

	// The next sign-in: the code of the next step.
	signInPassword()
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("send-code"))); err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, shots, "2fa-3-code")
	s.clock.add(30 * time.Second)
	typeCode(s.totpNow(t, secret), signedIn)
	browsertest.Screenshot(t, ctx, shots, "2fa-4-signed-in")
	signOut()

	// A recovery code, once.
	signInPassword()
	typeCode(codes[0], signedIn)
	flash, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".flash")))
	if !strings.Contains(flash, "recovery code") || !strings.Contains(flash, "9 left") {
		t.Errorf("flash after a recovery code: %q", flash)
	}
	signOut()
	signInPassword()
	typeCode(codes[0], chromedp.CSS("#e-code"))
	refusedAgain, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("e-code")))
	browsertest.Screenshot(t, ctx, shots, "2fa-5-recovery-code-used")
	// Control: a code that was never good gets the same refusal. The code
	// page is opened afresh, so that the refusal read below is the new
	// answer's and not the one already on the page.
	if err := chromedp.Do(ctx, chromedp.Navigate(s.url+"/sign-in/code"), chromedp.WaitVisible(chromedp.ID("f-code"))); err != nil {
		t.Fatal(err)
	}
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#e-code").length`)); err != nil || n != 0 {
		t.Fatalf("the code page opened afresh still shows a refusal (%d, %v)", n, err)
	}
	typeCode("123456", chromedp.CSS("#e-code"))
	refusedWrong, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("e-code")))
	if !strings.Contains(refusedAgain, "not right") || refusedAgain != refusedWrong {
		t.Errorf("the recovery code used twice: %q; a wrong code: %q", refusedAgain, refusedWrong)
	}

	// Password reset.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(s.url+"/sign-in"),
		chromedp.WaitVisible(chromedp.ID("forgot-password")),
		chromedp.Click(chromedp.ID("forgot-password")),
		chromedp.WaitVisible(chromedp.ID("send-link")),
		chromedp.SendKeys(chromedp.ID("f-email"), email),
	); err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, shots, "reset-1-forgot")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("send-link")), chromedp.WaitVisible(chromedp.ID("reset-sent"))); err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, shots, "reset-2-sent")
	due, err := s.db.FindMailTo(context.Background(), email)
	if err != nil || len(due) != 1 || due[0].Kind != convene.MailPasswordReset {
		t.Fatalf("outbox: %v %v", due, err)
	}
	link := regexp.MustCompile(regexp.QuoteMeta(s.url) + `/password/reset/[A-Za-z0-9_-]{43}`).FindString(due[0].Body)
	if link == "" {
		t.Fatalf("no link built from the public address in the mail:\n%s", due[0].Body)
	}
	const newPassword = "a new passphrase for the administrator"
	if err := chromedp.Do(ctx,
		chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.ID("f-password_confirm")),
	); err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, shots, "reset-3-new-password")
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-password"), newPassword),
		chromedp.SendKeys(chromedp.ID("f-password_confirm"), newPassword),
		chromedp.Click(chromedp.ID("set-password")),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	); err != nil {
		t.Fatal(err)
	}
	done, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".flash")))
	if !strings.Contains(done, "new password is set") {
		t.Errorf("after the reset: %q", done)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.ID("reset-gone"))); err != nil {
		t.Errorf("the link used again: %v", err)
	}
	if n := dialogs.Load(); n != 0 {
		t.Errorf("%d JavaScript dialogs", n)
	}
	fmt.Printf("two-factor in Chromium: first administrator from an empty database set up with the QR page (inline SVG, %d px) and a code "+
		"computed from the shown secret and the injected clock; %d recovery codes shown once; signed in again with the next step's code; "+
		"recovery code accepted once, refused the second time (control: a wrong code gets the same refusal); reset link from the outbox used once\n",
		qrWidth, len(codes))
}
