package web

import (
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
// per account and address (see ratelimit.go); over the limit the answer is
// 429 before the password is even checked.
func (s *Server) handleSignIn(c echo.Context) error {
	ctx := c.Request().Context()
	email := convene.NormalizeEmail(c.FormValue("email"))
	pw := c.FormValue("password")
	next := safeNext(c.FormValue("next"))
	f := views.Form{Values: map[string]string{"email": c.FormValue("email"), "next": next}}

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

	addr := actor(c).ClientAddr
	if ok, wait := s.limiter.Allowed(email, addr); !ok {
		c.Response().Header().Set("Retry-After", fmt.Sprint(int(wait.Seconds())))
		f.Message = fmt.Sprintf("Too many failed attempts. Please wait %s and try again.", humanWait(wait))
		return s.render(c, http.StatusTooManyRequests, views.SignInPage(f))
	}

	u, err := s.db.FindUserByEmail(ctx, email)
	switch {
	case convene.ErrorCode(err) == convene.ENOTFOUND:
		password.Burn(ctx, pw)
	case err != nil:
		return err
	}
	ok := false
	if err == nil && !u.Disabled {
		if ok, err = password.Verify(ctx, pw, u.PasswordHash); err != nil {
			return err
		}
	} else if err == nil {
		password.Burn(ctx, pw)
	}
	if !ok {
		if s.limiter.Failed(email, addr) {
			time.Sleep(s.cfg.SignInFailureDelay)
		}
		f.Message = badCredentials
		return s.render(c, http.StatusUnprocessableEntity, views.SignInPage(f))
	}

	setActor(c, convene.Actor{UserID: u.ID, Name: u.Name, Email: u.Email, Role: u.Role,
		CountryID: u.CountryID, DelegateID: u.DelegateID, ClientAddr: addr})
	if err := s.signIn(c, u); err != nil {
		return err
	}
	return s.redirect(c, next, "Signed in as "+u.Name+".")
}

func (s *Server) handleSignOut(c echo.Context) error {
	if err := s.signOut(c); err != nil {
		return err
	}
	setActor(c, convene.Actor{ClientAddr: actor(c).ClientAddr})
	return s.redirect(c, paths.Home(), "You are signed out.")
}

// safeNext keeps a post-sign-in redirect on this site (see convene.SafeRedirectTarget).
func safeNext(next string) string { return convene.SafeRedirectTarget(next) }

func humanWait(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%d seconds", max(1, int(d.Seconds())))
	}
	return fmt.Sprintf("%d minutes", int(d.Round(time.Minute).Minutes()))
}
