package web

import (
	"net/http"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/labstack/echo/v4"
)

// Known browsers ("device cookies", OWASP's Authentication Cheat Sheet):
// when a browser signs in to an account, it gets a long-lived cookie,
// signed and encrypted with keys derived from the server secret, that names
// the account and a random id for this browser. A sign-in attempt from a
// browser carrying such a cookie for the account it names is limited on that
// browser's own counter only (ratelimit.go), so an attacker failing on the
// account from any number of addresses cannot lock its owner's browser out.
// The cookie says nothing to anyone without the secret, cannot be made for
// another account, and proves nothing by itself: the password (and the
// second factor) are still checked.
const deviceCookie = "convene_device"

const (
	// deviceMaxAge is how long a browser stays known without signing in
	// (browsers keep a cookie at most 400 days).
	deviceMaxAge = 365 * 24 * time.Hour
	// maxDevices is how many accounts one browser is remembered for (a
	// shared secretariat computer); the one signed in longest ago goes.
	maxDevices = 8
)

// knownAccount is one account a browser signed in to, and the browser's id
// for it.
type knownAccount struct {
	UserID int64
	ID     string
}

func newDeviceCodec(secret []byte) securecookie.Codec {
	c := securecookie.New(deriveKey(secret, "device-hash"), deriveKey(secret, "device-block"))
	c.MaxAge(int(deviceMaxAge.Seconds()))
	return c
}

// knownAccounts reads the browser's cookie; a missing, forged or expired one
// is no account.
func (s *Server) knownAccounts(c echo.Context) []knownAccount {
	ck, err := c.Cookie(deviceCookie)
	if err != nil {
		return nil
	}
	var list []knownAccount
	if err := s.devices.Decode(deviceCookie, ck.Value, &list); err != nil {
		return nil
	}
	return list
}

// knownDevice returns this browser's id for the account, or "" when the
// browser has not signed in to it.
func (s *Server) knownDevice(c echo.Context, userID int64) string {
	for _, k := range s.knownAccounts(c) {
		if k.UserID == userID && k.ID != "" {
			return k.ID
		}
	}
	return ""
}

// rememberDevice marks the browser as known for the account it just signed
// in to, keeping its id if it had one, and renews the cookie's lifetime.
func (s *Server) rememberDevice(c echo.Context, userID int64) error {
	old := s.knownAccounts(c)
	list := []knownAccount{{UserID: userID, ID: randomToken()}}
	for _, k := range old {
		if k.UserID == userID {
			list[0].ID = k.ID
		} else if len(list) < maxDevices {
			list = append(list, k)
		}
	}
	value, err := s.devices.Encode(deviceCookie, list)
	if err != nil {
		return err
	}
	// #nosec G124 -- HttpOnly and SameSite always; Secure whenever Convene is served over HTTPS (s.secure), as every cookie of Convene.
	c.SetCookie(&http.Cookie{Name: deviceCookie, Value: value, Path: "/", MaxAge: int(deviceMaxAge.Seconds()),
		HttpOnly: true, Secure: s.secure(c), SameSite: http.SameSiteLaxMode})
	return nil
}
