package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"convene/internal/convene"
	"convene/internal/sqlite"
)

// The helpers of TestBrowserFromEmptyDatabaseToNextYear: the steps a
// person takes on one page, each checked before the next begins.

// freeAddr is a free local address for `convene serve`, so that the
// server's -base-url can be its own address and the links it builds in
// flash messages and e-mails open in the test's browser.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

// do runs the actions in the tab and stops the test, naming the step, when
// one fails.
func do(t *testing.T, ctx context.Context, step string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	stepCtx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(stepCtx, actions...); err != nil {
		t.Errorf("%s: %v", step, err)
		shotCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if png, err := chromedp.Run(shotCtx, chromedp.FullScreenshot(100)); err == nil {
			path := filepath.Join(t.TempDir(), "failed.png")
			if d := os.Getenv("CONVENE_SCREENSHOTS"); d != "" {
				path = filepath.Join(d, "production-failed.png")
			}
			if os.WriteFile(path, png, 0o600) == nil {
				t.Logf("the page at the failure: %s", path)
			}
		}
		t.FailNow()
	}
}

// stepTimeout bounds one step, so that a page that never shows what a step
// waits for fails that step, not the whole flow at the tab's ceiling.
const stepTimeout = 45 * time.Second

// through runs the action (a click or a submit that loads a page) and
// waits for the page it loads to show the element with id. The old page
// is marked first, so that an element of the same id on it never
// satisfies the wait.
func through(action chromedp.Action[chromedp.Void], id string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		if _, err := chromedp.Evaluate[bool](`window.__leaving = true`)(ctx, tg); err != nil {
			return chromedp.Void{}, err
		}
		if _, err := action(ctx, tg); err != nil {
			return chromedp.Void{}, err
		}
		// Evaluated afresh each time: the navigation replaces the
		// document, and with it the context a long poll would run in.
		ready := chromedp.Evaluate[bool](fmt.Sprintf(`window.__leaving === undefined && document.readyState === "complete" &&
			document.getElementById(%q) !== null`, id))
		for {
			if ok, err := ready(ctx, tg); err == nil && ok {
				return pageLoaded(id)(ctx, tg)
			}
			select {
			case <-ctx.Done():
				return chromedp.Void{}, ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
}

// run1 is chromedp.Run bounded by the step timeout.
func run1[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	stepCtx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(stepCtx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// text is the text of the element with id on the tab's page.
func text(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	return run1(t, ctx, "text of #"+id, chromedp.Text(chromedp.ID(id)))
}

// bodyText is the text of the whole page the tab shows.
func bodyText(t *testing.T, ctx context.Context) string {
	t.Helper()
	return run1(t, ctx, "the page's text", chromedp.Evaluate[string](`document.body.innerText`))
}

// flash is the text of the page's confirmation.
func flash(t *testing.T, ctx context.Context) string {
	t.Helper()
	return run1(t, ctx, "the confirmation", chromedp.Text(chromedp.CSS(".flash")))
}

// wantAll reports every string of want that what lacks.
func wantAll(t *testing.T, where, what string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(what, w) {
			t.Errorf("%s lacks %q:\n%s", where, w, what)
		}
	}
}

var signedIn = chromedp.CSS(`.who form[action="/sign-out"]`)

// signInWithPassword fills the sign-in form; what comes next depends on
// the account (the second factor for the secretariat).
func signInWithPassword(t *testing.T, ctx context.Context, base, email, password string) {
	t.Helper()
	do(t, ctx, "sign in as "+email,
		chromedp.Navigate(base+"/sign-in"),
		pageLoaded("f-email"),
		chromedp.SendKeys(chromedp.ID("f-email"), email),
		chromedp.SendKeys(chromedp.ID("f-password"), password),
		through(chromedp.Submit(chromedp.ID("f-password")), "main"),
	)
}

// enrolAdministrator signs the first administrator in and sets up the
// second factor the page asks for, as a person with an authenticator app
// would: the secret read from the page, the code computed from it. The
// server is another process, so the code is computed on the machine's
// clock, which the server reads too (a code is good for its 30-second step
// and one either side).
func enrolAdministrator(t *testing.T, ctx context.Context, base, email, password string) {
	t.Helper()
	signInWithPassword(t, ctx, base, email, password)
	do(t, ctx, "the second factor's set-up page", pageLoaded("totp-secret"))
	secret := text(t, ctx, "totp-secret")
	code, err := totp.GenerateCode(strings.ReplaceAll(secret, " ", ""), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "confirm the authenticator's code",
		chromedp.SendKeys(chromedp.ID("f-code"), code),
		through(chromedp.Submit(chromedp.ID("f-code")), "recovery-codes"),
		through(chromedp.Click(chromedp.ID("continue")), "main"),
		chromedp.WaitVisible(signedIn),
	)
}

// addRoom adds a room to the venue page the tab is on and waits for it.
func addRoom(t *testing.T, ctx context.Context, name string, fields map[string]string, ticks ...string) {
	t.Helper()
	actions := []chromedp.Action[chromedp.Void]{
		through(chromedp.Click(chromedp.CSS(`a[href$="/rooms/new"]`)), "f-name"),
		chromedp.SendKeys(chromedp.ID("f-name"), name),
	}
	for id, v := range fields {
		actions = append(actions, chromedp.SetValue(chromedp.ID("f-"+id), v))
	}
	for _, id := range ticks {
		actions = append(actions, chromedp.Click(chromedp.ID("f-"+id)))
	}
	actions = append(actions, through(chromedp.Submit(chromedp.ID("f-name")), "rooms"))
	do(t, ctx, "add the room "+name, actions...)
}

var invitationLink = regexp.MustCompile(`https?://\S+/invitation/[A-Za-z0-9_-]{43}`)

// inviteFocalPoint sends the invitation from the delegation's page and
// returns the link the confirmation shows once.
func inviteFocalPoint(t *testing.T, ctx context.Context, base, meeting, iso3, name, email string) string {
	t.Helper()
	do(t, ctx, "invite the focal point of "+iso3,
		chromedp.Navigate(base+"/meetings/"+meeting+"/delegations/"+iso3),
		pageLoaded("invite-form"),
		chromedp.SendKeys(chromedp.CSS("#invite-form #f-name"), name),
		chromedp.SendKeys(chromedp.CSS("#invite-form #f-email"), email),
		through(chromedp.Click(chromedp.ID("send-invitation")), "main"),
		chromedp.WaitVisible(chromedp.CSS(".flash-success")),
	)
	link := invitationLink.FindString(flash(t, ctx))
	if link == "" || !strings.HasPrefix(link, base+"/") {
		t.Fatalf("no invitation link built from the public address %s in the confirmation", base)
	}
	return link
}

// mailedInvitation is the invitation link of the e-mail the outbox holds
// for email (read from the database file beside the running server, as a
// mail relay would): the focal point's way in when no one reads them the
// confirmation.
func mailedInvitation(t *testing.T, dbPath, email string) string {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mails, err := db.FindMailTo(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mails {
		if m.Kind == convene.MailInvitation {
			return invitationLink.FindString(m.Body)
		}
	}
	t.Fatalf("no invitation in the outbox for %s (%d mails)", email, len(mails))
	return ""
}

// acceptInvitation opens the link in a window of the focal point's own,
// sets the password and signs in.
func acceptInvitation(t *testing.T, ctx context.Context, base, link, email, password string) {
	t.Helper()
	do(t, ctx, "accept the invitation of "+email,
		chromedp.Navigate(link),
		pageLoaded("f-password"),
		chromedp.SendKeys(chromedp.ID("f-password"), password),
		chromedp.SendKeys(chromedp.ID("f-password2"), password),
		through(chromedp.Click(chromedp.ID("accept-invitation")), "f-email"),
	)
	signInWithPassword(t, ctx, base, email, password)
	do(t, ctx, "signed in as "+email, chromedp.WaitVisible(signedIn))
}

// nominee is a delegate as the focal point types them.
type nominee struct {
	given, family string
	familyFirst   bool
	position      string
	role          string
	passport      string
}

func (n nominee) fullName() string {
	if n.familyFirst {
		return n.family + " " + n.given
	}
	return n.given + " " + n.family
}

// nominate fills the nomination form from the delegation page the tab is
// on and waits for that page again.
func nominate(t *testing.T, ctx context.Context, n nominee) {
	t.Helper()
	actions := []chromedp.Action[chromedp.Void]{
		through(chromedp.Click(chromedp.CSS(`a[href$="/delegates/new"]`)), "f-given_name"),
		chromedp.SendKeys(chromedp.ID("f-given_name"), n.given),
		chromedp.SendKeys(chromedp.ID("f-family_name"), n.family),
	}
	if n.familyFirst {
		actions = append(actions, chromedp.Click(chromedp.ID("f-family_name_first")))
	}
	actions = append(actions,
		chromedp.SendKeys(chromedp.ID("f-position"), n.position),
		chromedp.SetValue(chromedp.ID("f-role"), n.role),
		chromedp.SendKeys(chromedp.ID("f-passport_number"), n.passport),
		chromedp.SetValue(chromedp.ID("f-passport_expiry"), "2032-05-31"),
		through(chromedp.Click(chromedp.ID("save-delegate")), "submit-delegation"),
	)
	do(t, ctx, "nominate a "+n.role, actions...)
	if f := flash(t, ctx); !strings.Contains(f, n.fullName()+" is nominated") {
		t.Errorf("after nominating: %q, want %q is nominated", f, n.fullName())
	}
}

// submitDelegation sends the delegation page's nominations to the
// secretariat.
func submitDelegation(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, "submit the delegation",
		chromedp.Click(chromedp.ID("submit-delegation")),
		chromedp.WaitNotPresent(chromedp.ID("submit-delegation")),
	)
}

// inputValue is the value of the form field with id.
func inputValue(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	return run1(t, ctx, "value of #"+id, chromedp.Evaluate[string](fmt.Sprintf(`document.getElementById(%q).value`, id)))
}
