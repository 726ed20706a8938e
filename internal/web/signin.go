package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/password"
	"convene/internal/paths"
	"convene/views"
)

// badCredentials is the one answer to an unknown account and a wrong
// password, so the form does not tell which addresses have accounts.
const badCredentials = "The e-mail address or the password is not right." // #nosec G101 -- a message shown to the user, not a credential.

func (s *Server) handleSignInForm(c echo.Context) error {
	if actor(c).SignedIn() {
		return c.Redirect(http.StatusSeeOther, safeNext(c.QueryParam("next")))
	}
	f := views.Form{Values: map[string]string{"next": safeNext(c.QueryParam("next"))}}
	return s.render(c, http.StatusOK, views.SignInPage(f))
}

// handleSignIn checks the e-mail and password. Failed attempts are counted
// (ratelimit.go); over a limit the answer is 429 before the password is even
// checked, except that a browser that signed in to the account before is
// limited on its own failures only. Every failure and every first refusal
// of a wait is audited with the client address. A right password then asks
// for the second factor, or sets it up, before the login exists.
func (s *Server) handleSignIn(c echo.Context) error {
	ctx := c.Request().Context()
	email := convene.NormalizeEmail(c.FormValue("email"))
	pw := c.FormValue("password")
	next := safeNext(c.FormValue("next"))
	f := views.Form{Values: map[string]string{"email": c.FormValue("email"), "next": next}}
	if err := refusedInput(c); err != nil {
		return s.renderForm(c, err, views.SignInPage, f)
	}

	p := convene.Problems{}
	if email == "" {
		p.Add("email", "Enter your e-mail address.")
	}
	if pw == "" {
		p.Add("password", "Enter your password.")
	}
	if err := p.Err(); err != nil {
		return s.renderForm(c, err, views.SignInPage, f)
	}

	u, err := s.db.FindUserByEmail(ctx, email)
	exists := err == nil
	if err != nil && convene.ErrorCode(err) != convene.ENOTFOUND {
		return err
	}
	try := attempt{account: email, addr: actor(c).ClientAddr}
	if exists {
		try.device = s.knownDevice(c, u.ID)
	}
	if v := s.limiter.check(try.keys()...); !v.ok {
		if v.first {
			if err := s.db.AuditSignIn(ctx, convene.AuditSignInLocked, u.ID, limitSummary(v, try)); err != nil {
				return err
			}
		}
		c.Response().Header().Set("Retry-After", fmt.Sprint(int(v.wait.Seconds())))
		f.Message = fmt.Sprintf("Too many failed attempts. Please wait %s and try again.", humanWait(v.wait))
		return s.render(c, http.StatusTooManyRequests, views.SignInPage(f))
	}

	ok := false
	switch {
	case exists && !u.Disabled:
		if ok, err = password.Verify(ctx, pw, u.PasswordHash); err != nil {
			return err
		}
	default:
		// As slow as a wrong password, so timing does not tell either.
		password.Burn(ctx, pw)
	}
	if !ok {
		slow := s.limiter.fail(try.keys()...)
		why := "wrong password"
		switch {
		case !exists:
			why = "no account at the address typed"
		case u.Disabled:
			why = "disabled account"
		}
		if try.device != "" {
			why += ", from a browser known to the account"
		}
		if err := s.db.AuditSignIn(ctx, convene.AuditSignInFailed, u.ID, why); err != nil {
			return err
		}
		if slow {
			time.Sleep(s.cfg.SignInFailureDelay)
		}
		f.Message = badCredentials
		return s.render(c, http.StatusUnprocessableEntity, views.SignInPage(f))
	}
	s.limiter.forget(try.own()...)

	switch {
	case u.TwoFactorOn():
		if err := s.setPending(c, pendingSignIn{UserID: u.ID, AuthVersion: u.AuthVersion, Next: next}); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, paths.SignInCode())
	case s.cfg.RequireTwoFactor && convene.TwoFactorRequired(u.Role):
		if err := s.setPending(c, pendingSignIn{UserID: u.ID, AuthVersion: u.AuthVersion, Next: next}); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, paths.SignInEnrol())
	}
	if err := s.completeSignIn(c, u, false); err != nil {
		return err
	}
	return s.redirect(c, next, "Signed in as "+u.Name+".")
}

// limitSummary describes a refusal for the audit log.
func limitSummary(v verdict, try attempt) string {
	s := fmt.Sprintf("refused by the limit of the %s for %s", v.rule, v.wait.Round(time.Second))
	if try.device != "" {
		s += ", a browser known to the account"
	}
	return s
}

// completeSignIn creates the login of u for this browser and remembers the
// browser as one that signed in to the account.
func (s *Server) completeSignIn(c echo.Context, u convene.User, secondFactor bool) error {
	setActor(c, convene.Actor{UserID: u.ID, Name: u.Name, Email: u.Email, Role: u.Role,
		CountryID: u.CountryID, DelegateID: u.DelegateID, ClientAddr: actor(c).ClientAddr})
	if err := s.signIn(c, u, secondFactor); err != nil {
		return err
	}
	return s.rememberDevice(c, u.ID)
}

func (s *Server) handleSignOut(c echo.Context) error {
	if err := s.signOut(c); err != nil {
		return err
	}
	setActor(c, convene.Actor{ClientAddr: actor(c).ClientAddr})
	return s.redirect(c, paths.Home(), "You are signed out.")
}

// pendingSignIn is a right password waiting for its second factor. It is
// kept in the encrypted state cookie, never in a URL, for pendingTTL: who,
// under which auth version (a password change meanwhile voids it), where to
// go afterwards, since when, and while the second factor is being set up,
// the new secret shown.
type pendingSignIn struct {
	UserID      int64  `json:"u"`
	AuthVersion int64  `json:"v"`
	Next        string `json:"n"`
	At          int64  `json:"t"`
	Secret      string `json:"s,omitempty"`
}

// pendingTTL is how long a right password waits for its second factor.
const pendingTTL = 10 * time.Minute

func (s *Server) setPending(c echo.Context, p pendingSignIn) error {
	if p.At == 0 {
		p.At = s.db.Now().Unix()
	}
	b, err := json.Marshal(p) // #nosec G117 -- stored only in the encrypted, HttpOnly state cookie, never sent elsewhere.
	if err != nil {
		return err
	}
	sess, err := s.stateSession(c)
	if err != nil {
		return err
	}
	sess.Values[valPending] = string(b)
	return s.saveState(c, sess)
}

// pending returns the sign-in waiting for a second factor, with its
// account as it is now. ok is false when there is none, it is older than
// pendingTTL, or the account changed since (disabled, new password or role).
func (s *Server) pending(c echo.Context) (p pendingSignIn, u convene.User, ok bool, err error) {
	sess, err := s.stateSession(c)
	if err != nil {
		return p, u, false, err
	}
	raw, _ := sess.Values[valPending].(string)
	if raw == "" || json.Unmarshal([]byte(raw), &p) != nil {
		return p, u, false, nil
	}
	if age := s.db.Now().Unix() - p.At; age < 0 || age > int64(pendingTTL.Seconds()) {
		return p, u, false, nil
	}
	u, err = s.db.FindUserByID(c.Request().Context(), p.UserID)
	if convene.ErrorCode(err) == convene.ENOTFOUND {
		return p, u, false, nil
	} else if err != nil {
		return p, u, false, err
	}
	if u.Disabled || u.AuthVersion != p.AuthVersion {
		return p, u, false, nil
	}
	return p, u, true, nil
}

// signInAgain answers a second-factor page reached without a right password
// waiting (it expired, or was never there) with the sign-in form.
func (s *Server) signInAgain(c echo.Context) error {
	f := views.Form{Message: "Your sign-in timed out or was not started. Please sign in again.",
		Values: map[string]string{"next": paths.Home()}}
	return s.render(c, http.StatusOK, views.SignInPage(f))
}

// safeNext keeps a post-sign-in redirect on this site (see convene.SafeRedirectTarget).
func safeNext(next string) string { return convene.SafeRedirectTarget(next) }

func humanWait(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%d seconds", max(1, int(d.Seconds())))
	}
	return fmt.Sprintf("%d minutes", int(d.Round(time.Minute).Minutes()))
}
