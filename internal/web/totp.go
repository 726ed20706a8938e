package web

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"
	"github.com/skip2/go-qrcode"

	"convene/internal/convene"
)

// The authenticator-app second factor: TOTP (RFC 6238) as every app reads
// it from a QR code: SHA-1, six digits, 30-second steps, through
// github.com/pquerna/otp. A code is accepted one step early or late (a
// phone's clock drifts) and never twice (the store keeps the last step used).

const (
	totpIssuer = "Convene"
	totpPeriod = 30 // seconds
)

var totpOpts = hotp.ValidateOpts{Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// newTOTPKey makes a new 160-bit secret for the account, as the base32 text
// a person can type and the otpauth:// address the QR code carries.
func newTOTPKey(email string) (secret, url string, err error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: totpIssuer, AccountName: email, Period: totpPeriod,
		SecretSize: 20, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return "", "", err
	}
	return key.Secret(), key.URL(), nil
}

// totpURL is the otpauth:// address of an existing secret (to show the QR
// code again while the person is still setting it up).
func totpURL(secret, email string) (string, error) {
	raw, err := base32NoPad(secret)
	if err != nil {
		return "", err
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: totpIssuer, AccountName: email, Period: totpPeriod,
		Secret: raw, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return "", err
	}
	return key.URL(), nil
}

// totpStep finds the step, at now or one step either side, whose code is
// code; ok is false when none is. The caller still has the store refuse a
// step already used (UseTOTPStep).
func totpStep(secret, code string, now time.Time) (step int64, ok bool) {
	cur := now.Unix() / totpPeriod
	for _, s := range []int64{cur, cur - 1, cur + 1} {
		if s < 0 {
			continue
		}
		if good, err := hotp.ValidateCustom(code, uint64(s), secret, totpOpts); err == nil && good {
			return s, true
		}
	}
	return 0, false
}

// sealSecret encrypts an authenticator secret for the database with
// AES-256-GCM under a key derived from the server secret, which the database
// does not hold: a stolen copy of the file or of a backup computes no codes.
// The cost: a new server secret means everyone's second factor is reset (an
// administrator, or `convene user reset-2fa` for the last one).
func (s *Server) sealSecret(secret string) (string, error) {
	block, err := aes.NewCipher(s.totpKey)
	if err != nil {
		return "", err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	return "v1:" + base64.RawStdEncoding.EncodeToString(gcm.Seal(nonce, nonce, []byte(secret), []byte(totpIssuer))), nil
}

// openSecret decrypts what sealSecret made.
func (s *Server) openSecret(sealed string) (string, error) {
	raw, err := base64.RawStdEncoding.DecodeString(strings.TrimPrefix(sealed, "v1:"))
	if err != nil || !strings.HasPrefix(sealed, "v1:") {
		return "", errors.New("two-factor secret: not sealed by this server")
	}
	block, err := aes.NewCipher(s.totpKey)
	if err != nil {
		return "", err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return "", err
	}
	if len(raw) < gcm.NonceSize() {
		return "", errors.New("two-factor secret: too short")
	}
	plain, err := gcm.Open(nil, raw[:gcm.NonceSize()], raw[gcm.NonceSize():], []byte(totpIssuer))
	if err != nil {
		return "", fmt.Errorf("two-factor secret: sealed with another server secret: %w", err)
	}
	return string(plain), nil
}

// recoveryCodeHash is how a recovery code is stored and looked up.
func recoveryCodeHash(normalized string) []byte {
	h := sha256.Sum256([]byte(normalized))
	return h[:]
}

// recoveryCodeHashes hashes a new set of codes for the store.
func recoveryCodeHashes(codes []string) [][]byte {
	out := make([][]byte, len(codes))
	for i, c := range codes {
		out[i] = recoveryCodeHash(convene.NormalizeRecoveryCode(c))
	}
	return out
}

// totpQR draws the otpauth:// address as an inline SVG QR code: markup, not
// script or a style attribute, so the strict CSP shows it as it is, and no
// image request carries the secret.
func totpQR(url string) (templ.Component, error) {
	q, err := qrcode.New(url, qrcode.Medium)
	if err != nil {
		return nil, err
	}
	bm := q.Bitmap()
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" id="totp-qr" viewBox="0 0 %d %d" width="220" height="220" `+
		`shape-rendering="crispEdges" role="img" aria-label="QR code for your authenticator app"><rect width="100%%" height="100%%" fill="#fff"/><path fill="#000" d="`,
		len(bm), len(bm))
	for y, row := range bm {
		for x, dark := range row {
			if dark {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x, y)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return templ.Raw(b.String()), nil
}

// base32NoPad decodes a base32 secret as authenticator apps write it.
func base32NoPad(secret string) ([]byte, error) {
	secret = strings.ToUpper(strings.TrimSpace(secret))
	if n := len(secret) % 8; n != 0 {
		secret += strings.Repeat("=", 8-n)
	}
	return base32.StdEncoding.DecodeString(secret)
}
