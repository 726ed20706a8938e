package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// The second factor: asked after a right password (/sign-in/code), set up
// at the first sign-in of an account that must have one (/sign-in/enrol) or
// from one's account page (/account/two-factor), and reset by an
// administrator for a person who lost their phone.

const wrongCode = "This code is not right. Type the six digits your authenticator app shows now, or one of your recovery codes."

func (s *Server) handleSignInCodeForm(c echo.Context) error {
	if _, u, ok, err := s.pending(c); err != nil {
		return err
	} else if !ok || !u.TwoFactorOn() {
		return s.signInAgain(c)
	}
	return s.render(c, http.StatusOK, views.SignInCodePage(views.Form{}))
}

// handleSignInCode checks the second factor of a sign-in whose password was
// right: an authenticator code (each step once) or an unused recovery code.
// Wrong codes are counted per account (ratelimit.go) and audited.
func (s *Server) handleSignInCode(c echo.Context) error {
	ctx := c.Request().Context()
	p, u, ok, err := s.pending(c)
	if err != nil {
		return err
	}
	if !ok || !u.TwoFactorOn() {
		return s.signInAgain(c)
	}
	f := views.Form{}
	if err := refusedInput(c); err != nil {
		return s.renderForm(c, err, views.SignInCodePage, f)
	}
	keys := secondFactorKeys(u.ID)
	if v := s.limiter.check(keys...); !v.ok {
		if v.first {
			if err := s.db.AuditSignIn(ctx, convene.AuditSignInLocked, u.ID, "second factor: "+limitSummary(v, attempt{})); err != nil {
				return err
			}
		}
		c.Response().Header().Set("Retry-After", fmt.Sprint(int(v.wait.Seconds())))
		f.Message = fmt.Sprintf("Too many wrong codes. Please wait %s and try again.", humanWait(v.wait))
		return s.render(c, http.StatusTooManyRequests, views.SignInCodePage(f))
	}
	good, left, recovery, err := s.checkSecondFactor(ctx, u, c.FormValue("code"))
	if err != nil {
		return err
	}
	if !good {
		s.limiter.fail(keys...)
		if err := s.db.AuditSignIn(ctx, convene.AuditSecondFactorFailed, u.ID, "wrong or used code"); err != nil {
			return err
		}
		f.Errors = map[string]string{"code": wrongCode}
		return s.render(c, http.StatusUnprocessableEntity, views.SignInCodePage(f))
	}
	s.limiter.forget(keys...)
	if err := s.completeSignIn(c, u, true); err != nil {
		return err
	}
	msg := "Signed in as " + u.Name + "."
	if recovery {
		msg += fmt.Sprintf(" You used a recovery code: %d left. Set up your authenticator again from your account page if you lost it.", left)
	}
	return s.redirect(c, p.Next, msg)
}

// checkSecondFactor accepts an authenticator code of now (one step either
// side), never a step already used, or an unused recovery code, which it
// spends; left is how many recovery codes remain after one was used.
func (s *Server) checkSecondFactor(ctx context.Context, u convene.User, typed string) (ok bool, left int, recovery bool, err error) {
	if code, isTOTP := convene.NormalizeTOTPCode(typed); isTOTP {
		secret, err := s.openSecret(u.TOTPSecret)
		if err != nil {
			return false, 0, false, err
		}
		step, match := totpStep(secret, code, s.db.Now())
		if !match {
			return false, 0, false, nil
		}
		ok, err := s.db.UseTOTPStep(ctx, u.ID, step)
		return ok, 0, false, err
	}
	if rc := convene.NormalizeRecoveryCode(typed); rc != "" {
		left, ok, err := s.db.UseRecoveryCode(ctx, u.ID, recoveryCodeHash(rc))
		return ok, left, true, err
	}
	return false, 0, false, nil
}

// handleSignInEnrolForm shows the authenticator set-up at the first sign-in
// of an account that must have a second factor: the QR code and the secret
// as text, kept in the pending sign-in until confirmed.
func (s *Server) handleSignInEnrolForm(c echo.Context) error {
	p, u, ok, err := s.pending(c)
	if err != nil {
		return err
	}
	if !ok || !s.mustEnrol(u) {
		return s.signInAgain(c)
	}
	if p.Secret == "" {
		if p.Secret, _, err = newTOTPKey(u.Email); err != nil {
			return err
		}
		if err := s.setPending(c, p); err != nil {
			return err
		}
	}
	page, err := s.setupPage(u, p.Secret, paths.SignInEnrol(), views.Form{})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, page)
}

// handleSignInEnrol confirms the set-up with a code from the app, turns the
// second factor on with ten recovery codes, signs the person in and shows
// the codes, once.
func (s *Server) handleSignInEnrol(c echo.Context) error {
	p, u, ok, err := s.pending(c)
	if err != nil {
		return err
	}
	if !ok || !s.mustEnrol(u) || p.Secret == "" {
		return s.signInAgain(c)
	}
	codes, err := s.enrol(c, u, p.Secret, paths.SignInEnrol())
	if codes == nil || err != nil {
		return err
	}
	if err := s.completeSignIn(c, u, true); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.RecoveryCodesPage(codes, p.Next))
}

// mustEnrol reports whether u signs in only after setting a second factor up.
func (s *Server) mustEnrol(u convene.User) bool {
	return s.cfg.RequireTwoFactor && convene.TwoFactorRequired(u.Role) && !u.TwoFactorOn()
}

// enrol checks the code typed against the secret being set up and turns the
// second factor on. It returns the new recovery codes, or nil when it has
// answered the request itself (the code was wrong: 422, or limited: 429).
func (s *Server) enrol(c echo.Context, u convene.User, secret, action string) ([]string, error) {
	ctx := c.Request().Context()
	retry := func(status int, f views.Form) ([]string, error) {
		page, err := s.setupPage(u, secret, action, f)
		if err != nil {
			return nil, err
		}
		return nil, s.render(c, status, page)
	}
	if err := refusedInput(c); err != nil {
		return retry(http.StatusUnprocessableEntity, views.Form{Errors: convene.ErrorFields(err)})
	}
	keys := secondFactorKeys(u.ID)
	if v := s.limiter.check(keys...); !v.ok {
		return retry(http.StatusTooManyRequests, views.Form{
			Message: fmt.Sprintf("Too many wrong codes. Please wait %s and try again.", humanWait(v.wait))})
	}
	code, isTOTP := convene.NormalizeTOTPCode(c.FormValue("code"))
	step, match := totpStep(secret, code, s.db.Now())
	if !isTOTP || !match {
		s.limiter.fail(keys...)
		return retry(http.StatusUnprocessableEntity, views.Form{Errors: map[string]string{"code": "This code is not right. " +
			"Check that the app added the account and type the six digits it shows now."}})
	}
	s.limiter.forget(keys...)
	codes, err := convene.NewRecoveryCodes()
	if err != nil {
		return nil, err
	}
	sealed, err := s.sealSecret(secret)
	if err != nil {
		return nil, err
	}
	if err := s.db.EnableTwoFactor(ctx, u.ID, sealed, step, recoveryCodeHashes(codes)); err != nil {
		return nil, err
	}
	return codes, nil
}

// setupPage is the set-up page for secret: its QR code and its text.
func (s *Server) setupPage(u convene.User, secret, action string, f views.Form) (templ.Component, error) {
	url, err := totpURL(secret, u.Email)
	if err != nil {
		return nil, err
	}
	qr, err := totpQR(url)
	if err != nil {
		return nil, err
	}
	return views.TwoFactorSetupPage(views.TwoFactorSetup{Action: action, AtSignIn: action == paths.SignInEnrol(),
		Email: u.Email, QR: qr, Secret: groupSecret(secret), Form: f}), nil
}

// groupSecret writes the secret in groups of four, easier to type.
func groupSecret(secret string) string {
	var b strings.Builder
	for i, r := range secret {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// handleAccountTwoFactor shows whether one's second factor is on, with the
// form that turns it off; when it is off, the set-up (QR code and secret,
// the secret kept in the state cookie until confirmed).
func (s *Server) handleAccountTwoFactor(c echo.Context) error {
	u, err := s.db.FindUserByID(c.Request().Context(), actor(c).UserID)
	if err != nil {
		return err
	}
	if u.TwoFactorOn() {
		return s.twoFactorStatus(c, u, views.Form{}, http.StatusOK)
	}
	sess, err := s.stateSession(c)
	if err != nil {
		return err
	}
	secret, _ := sess.Values[valEnrolSecret].(string)
	if secret == "" {
		if secret, _, err = newTOTPKey(u.Email); err != nil {
			return err
		}
		sess.Values[valEnrolSecret] = secret
		if err := s.saveState(c, sess); err != nil {
			return err
		}
	}
	page, err := s.setupPage(u, secret, paths.AccountTwoFactor(), views.Form{})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, page)
}

func (s *Server) twoFactorStatus(c echo.Context, u convene.User, f views.Form, status int) error {
	left, err := s.db.RecoveryCodesLeft(c.Request().Context(), u.ID)
	if err != nil {
		return err
	}
	required := s.cfg.RequireTwoFactor && convene.TwoFactorRequired(u.Role)
	return s.render(c, status, views.TwoFactorStatusPage(left, required, f))
}

// handleAccountTwoFactorOn turns one's own second factor on.
func (s *Server) handleAccountTwoFactorOn(c echo.Context) error {
	u, err := s.db.FindUserByID(c.Request().Context(), actor(c).UserID)
	if err != nil {
		return err
	}
	sess, err := s.stateSession(c)
	if err != nil {
		return err
	}
	secret, _ := sess.Values[valEnrolSecret].(string)
	if u.TwoFactorOn() || secret == "" {
		return s.redirectError(c, paths.AccountTwoFactor(), "Start again from this page: the set-up was not open.")
	}
	codes, err := s.enrol(c, u, secret, paths.AccountTwoFactor())
	if codes == nil || err != nil {
		return err
	}
	delete(sess.Values, valEnrolSecret)
	if err := s.saveState(c, sess); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.RecoveryCodesPage(codes, paths.Account()))
}

// handleAccountTwoFactorOff turns one's own second factor off, with a
// current code as proof; not for a role that must have one.
func (s *Server) handleAccountTwoFactorOff(c echo.Context) error {
	ctx := c.Request().Context()
	u, err := s.db.FindUserByID(ctx, actor(c).UserID)
	if err != nil {
		return err
	}
	if !u.TwoFactorOn() {
		return c.Redirect(http.StatusSeeOther, paths.AccountTwoFactor())
	}
	if s.cfg.RequireTwoFactor && convene.TwoFactorRequired(u.Role) {
		return convene.Errorf(convene.EFORBIDDEN, "Your role must sign in with a second factor. An administrator can reset it if you lost your phone.")
	}
	if err := refusedInput(c); err != nil {
		return s.twoFactorStatus(c, u, views.Form{Errors: convene.ErrorFields(err)}, http.StatusUnprocessableEntity)
	}
	keys := secondFactorKeys(u.ID)
	if v := s.limiter.check(keys...); !v.ok {
		return s.twoFactorStatus(c, u, views.Form{Message: fmt.Sprintf("Too many wrong codes. Please wait %s and try again.",
			humanWait(v.wait))}, http.StatusTooManyRequests)
	}
	good, _, _, err := s.checkSecondFactor(ctx, u, c.FormValue("code"))
	if err != nil {
		return err
	}
	if !good {
		s.limiter.fail(keys...)
		return s.twoFactorStatus(c, u, views.Form{Errors: map[string]string{"code": wrongCode}}, http.StatusUnprocessableEntity)
	}
	if err := s.db.DisableTwoFactor(ctx, u.ID, false); err != nil {
		return err
	}
	return s.redirect(c, paths.Account(), "Two-factor sign-in is off; your recovery codes no longer work.")
}

// handleUserTwoFactorReset is an administrator turning off the second factor
// of a person who lost their phone and recovery codes; it signs them out
// everywhere, and where one is required they set it up at their next sign-in.
func (s *Server) handleUserTwoFactorReset(c echo.Context) error {
	id, err := pathID(c, "id", "User")
	if err != nil {
		return err
	}
	u, err := s.db.FindUserByID(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if !u.TwoFactorOn() {
		return s.redirectError(c, paths.User(id), u.Name+" has no second factor to reset.")
	}
	if err := s.db.DisableTwoFactor(c.Request().Context(), id, true); err != nil {
		return err
	}
	return s.redirect(c, paths.User(id), "Second factor of "+u.Name+" reset; they are signed out and set it up again at their next sign-in.")
}
