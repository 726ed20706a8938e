package convene

import (
	"crypto/rand"
	"fmt"
	"strings"
	"time"
)

// Accounts: the second factor, recovery codes and password reset. The
// mechanics (TOTP codes, cookies, hashing) live in the web layer and the
// store; the rules they follow are here.

// TwoFactorRequired reports whether an account of role r must sign in with a
// second factor when the server requires one (`convene serve`, or `convene
// demo -require-2fa`): the secretariat's administrators and officers, who see
// the passport data of every delegation. Everyone else may turn it on.
func TwoFactorRequired(r Role) bool { return r == RoleAdmin || r == RoleOfficer }

// TwoFactorOn reports whether the account signs in with a second factor.
func (u User) TwoFactorOn() bool { return u.TOTPSecret != "" }

// RecoveryCodeCount is how many one-time recovery codes an account gets
// when it turns the second factor on; each works once.
const RecoveryCodeCount = 10

// recoveryAlphabet is Crockford's base 32: no i, l, o or u, so a code read
// aloud or copied by hand is not misread; 16 symbols carry 80 bits.
const recoveryAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// NewRecoveryCodes returns RecoveryCodeCount fresh codes such as
// "k3mz-9q2w-vx7e-4hpa": 16 symbols of 32, 80 random bits each. With 80
// bits a code cannot be found by searching its hash, so the store keeps a
// plain SHA-256 of it (one indexed look-up per attempt); argon2id's
// deliberate slowness is for the few bits of a password a person chose.
func NewRecoveryCodes() ([]string, error) {
	codes := make([]string, RecoveryCodeCount)
	buf := make([]byte, 16)
	for i := range codes {
		if _, err := rand.Read(buf); err != nil {
			return nil, err
		}
		var b strings.Builder
		for j, x := range buf {
			if j > 0 && j%4 == 0 {
				b.WriteByte('-')
			}
			b.WriteByte(recoveryAlphabet[x&31])
		}
		codes[i] = b.String()
	}
	return codes, nil
}

// NormalizeRecoveryCode turns what a person typed into the form a recovery
// code is hashed in: lower case, without spaces or dashes, with the letters
// Crockford reads as digits (o as 0, i and l as 1). It returns "" when the
// result cannot be a recovery code.
func NormalizeRecoveryCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r == ' ' || r == '-':
			continue
		case r == 'o':
			r = '0'
		case r == 'i' || r == 'l':
			r = '1'
		}
		if !strings.ContainsRune(recoveryAlphabet, r) {
			return ""
		}
		b.WriteRune(r)
	}
	if b.Len() != 16 {
		return ""
	}
	return b.String()
}

// TOTPDigits is the length of an authenticator app's code (RFC 6238's usual six).
const TOTPDigits = 6

// NormalizeTOTPCode returns the six digits of an authenticator code typed
// with or without spaces, and false when s is not one.
func NormalizeTOTPCode(s string) (string, bool) {
	code := strings.Map(func(r rune) rune {
		if r == ' ' {
			return -1
		}
		return r
	}, s)
	if len(code) != TOTPDigits {
		return "", false
	}
	for _, r := range code {
		if r < '0' || r > '9' {
			return "", false
		}
	}
	return code, true
}

// PasswordResetTTL is how long a password-reset link works; it works once.
const PasswordResetTTL = time.Hour

// PasswordResetsPerHour is how many reset links a person can have sent to
// themselves in an hour; more requests get the same answer and no mail, so
// the form cannot be used to flood someone's inbox.
const PasswordResetsPerHour = 3

// MailPasswordReset is the outbox kind of a password-reset link.
const MailPasswordReset = "password_reset"

// PasswordResetMail returns the message that carries a password-reset link
// to the account's owner; byAdmin says an administrator sent it rather
// than the person asking on the sign-in page.
func PasswordResetMail(u User, link string, expires time.Time, byAdmin bool) Mail {
	why := "Someone, we hope you, asked on the sign-in page to set a new password for your Convene account."
	if byAdmin {
		why = "A secretariat administrator sent you this link to set a new password for your Convene account."
	}
	return Mail{Kind: MailPasswordReset, To: u.Email, Subject: "Set a new Convene password",
		Body: fmt.Sprintf("Dear %s,\n\n%s Open this link to choose one; it works once, until %s UTC:\n\n%s\n\n"+
			"Setting a new password signs you out of every browser. If you did not ask for this, ignore this "+
			"message: your password stays as it is.\n", u.Name, why, expires.UTC().Format("2 January 2006 15:04"), link)}
}

// Audit actions of accounts, besides create and update. Sign-in events are
// audited with the client address (never the password or what was typed
// as one); a failure for an address that has no account names no address.
const (
	AuditSignIn             = "sign_in"
	AuditSignInFailed       = "sign_in_failed"
	AuditSignInLocked       = "sign_in_locked"
	AuditSecondFactorFailed = "second_factor_failed"
	AuditSecondFactorOn     = "second_factor_on"
	AuditSecondFactorOff    = "second_factor_off"
	AuditSecondFactorReset  = "second_factor_reset"
	AuditRecoveryCodeUsed   = "recovery_code_used"
	AuditPasswordResetAsked = "password_reset_requested"
	AuditPasswordResetSent  = "password_reset_sent"
	AuditPasswordReset      = "password_reset"
)
