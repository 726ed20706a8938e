package sqlite

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
)

// newToken returns a fresh secret for a link (a personal registration link,
// a focal point's invitation, a calendar feed): 32 random bytes, URL-safe.
// The caller shows it once and stores only hashToken of it.
func newToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// hashToken is how a link's token is stored and looked up: its SHA-256.
func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}
