package web

import (
	"fmt"
	"net/http"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/password"
	"convene/internal/paths"
	"convene/views"
)

// Password reset by e-mail. "Forgot your password?" answers the same page
// with the same status whether the address has an account or not (the
// store does one transaction with one audit row either way), and the link
// it mails works once, for convene.PasswordResetTTL. Setting the new
// password signs the account out everywhere. An administrator can send the
// same link from the user page; nobody sets another person's password.

func (s *Server) handlePasswordForgotForm(c echo.Context) error {
	return s.render(c, http.StatusOK, views.PasswordForgotPage(views.Form{}))
}

// handlePasswordForgot queues the reset mail when the address has an
// account. Requests are limited per client address (429, the same for every
// address typed); a person gets at most convene.PasswordResetsPerHour mails
// an hour whatever is asked.
func (s *Server) handlePasswordForgot(c echo.Context) error {
	f := views.Form{Values: formValues(c, "email")}
	if err := refusedInput(c); err != nil {
		return s.renderForm(c, err, views.PasswordForgotPage, f)
	}
	email := convene.NormalizeEmail(f.Get("email"))
	if !convene.ValidEmail(email) {
		return s.renderForm(c, convene.Problems{"email": "Enter an e-mail address such as name@example.org."}.Err(),
			views.PasswordForgotPage, f)
	}
	keys := []limitKey{{"reset:" + actor(c).ClientAddr, rulePasswordMail}}
	if v := s.limiter.check(keys...); !v.ok {
		c.Response().Header().Set("Retry-After", fmt.Sprint(int(v.wait.Seconds())))
		f.Message = fmt.Sprintf("Too many requests from this network. Please wait %s and try again.", humanWait(v.wait))
		return s.render(c, http.StatusTooManyRequests, views.PasswordForgotPage(f))
	}
	// Every request counts, not only failures: there is no failure to see.
	s.limiter.fail(keys...)
	if err := s.db.RequestPasswordReset(c.Request().Context(), email); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.PasswordForgotSentPage())
}

// handlePasswordResetForm shows the new-password form of a working link;
// an unknown, used or expired link gets one page for all three.
func (s *Server) handlePasswordResetForm(c echo.Context) error {
	if _, err := s.db.FindPasswordReset(c.Request().Context(), c.Param("token")); err != nil {
		return s.resetLinkGone(c, err)
	}
	return s.render(c, http.StatusOK, views.PasswordResetPage(c.Param("token"), views.Form{}))
}

// handlePasswordReset sets the new password and spends the link.
func (s *Server) handlePasswordReset(c echo.Context) error {
	ctx := c.Request().Context()
	token := c.Param("token")
	if _, err := s.db.FindPasswordReset(ctx, token); err != nil {
		return s.resetLinkGone(c, err)
	}
	page := func(f views.Form) templ.Component { return views.PasswordResetPage(token, f) }
	pw, confirm := c.FormValue("password"), c.FormValue("password_confirm")
	p := convene.Problems{}
	if err := convene.ValidatePassword(pw); err != nil {
		p.Add("password", convene.ErrorFields(err)["password"])
	} else if pw != confirm {
		p.Add("password_confirm", "The two passwords are not the same.")
	}
	if err := p.Err(); err != nil {
		// Passwords are never sent back into the form.
		return s.renderForm(c, err, page, views.Form{})
	}
	hash, err := password.Hash(ctx, pw)
	if err != nil {
		return err
	}
	if _, err := s.db.ResetPassword(ctx, token, hash); err != nil {
		return s.resetLinkGone(c, err)
	}
	return s.redirect(c, paths.SignIn(), "Your new password is set, and every browser signed in as you is signed out. Sign in with it.")
}

// resetLinkGone answers a link that does not work (410, one page for
// unknown, used and expired links) or passes any other error on.
func (s *Server) resetLinkGone(c echo.Context, err error) error {
	if convene.ErrorCode(err) != convene.ENOTFOUND {
		return err
	}
	return s.render(c, http.StatusGone, views.PasswordResetGonePage())
}

// handleUserPasswordReset is an administrator e-mailing a person a link to
// set a new password (the user form cannot set one), audited.
func (s *Server) handleUserPasswordReset(c echo.Context) error {
	id, err := pathID(c, "id", "User")
	if err != nil {
		return err
	}
	u, err := s.db.SendPasswordReset(c.Request().Context(), id)
	if convene.ErrorCode(err) == convene.ECONFLICT {
		return s.redirectError(c, paths.User(id), convene.ErrorMessage(err))
	} else if err != nil {
		return err
	}
	return s.redirect(c, paths.User(id), fmt.Sprintf("A link to set a new password was sent to %s; it works once, for one hour.", u.Email))
}
