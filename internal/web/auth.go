package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/sqlite"
)

// loginCookie is the cookie that holds a signed-in browser's login token.
const loginCookie = "convene_login"

// loginStore is a gorilla/sessions Store that keeps the sign-in state in
// SQLite rather than in the cookie. The cookie holds only a random token
// (signed and encrypted); the logins table holds its SHA-256 and the user.
// Because the state is on the server, signing out, a password change and a
// role change take effect on the very next request, which a cookie-only
// store cannot do.
type loginStore struct {
	db       *sqlite.DB
	codec    securecookie.Codec
	idle     time.Duration
	absolute time.Duration
	now      func() time.Time
}

// Session values the login store sets; only these are kept.
const (
	valLogin        = "login"         // convene.Login
	valUser         = "user"          // convene.User
	valSecondFactor = "second_factor" // bool: the sign-in passed a second factor
)

// Get returns the request's login session, cached per request by gorilla's registry.
func (s *loginStore) Get(r *http.Request, name string) (*sessions.Session, error) {
	return sessions.GetRegistry(r).Get(s, name)
}

// New loads the login named by the request's cookie. A missing, forged,
// expired or revoked login gives a new, empty session: the visitor is simply
// not signed in.
func (s *loginStore) New(r *http.Request, name string) (*sessions.Session, error) {
	sess := sessions.NewSession(s, name)
	sess.Options = &sessions.Options{Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode}
	sess.IsNew = true
	c, err := r.Cookie(name)
	if err != nil {
		return sess, nil
	}
	var token string
	if err := s.codec.Decode(name, c.Value, &token); err != nil {
		return sess, nil
	}
	login, user, err := s.db.FindLoginByTokenHash(r.Context(), hashToken(token))
	if err != nil {
		if convene.ErrorCode(err) == convene.ENOTFOUND {
			return sess, nil
		}
		return sess, err
	}
	now := s.now()
	if now.Sub(login.LastSeenAt) > s.idle || now.Sub(login.CreatedAt) > s.absolute {
		_ = s.db.DeleteLogin(r.Context(), login.ID)
		return sess, nil
	}
	// Touch at most once a minute: enough for the idle timeout, and reading
	// pages does not turn into a stream of writes.
	if now.Sub(login.LastSeenAt) > time.Minute {
		if err := s.db.TouchLogin(r.Context(), login.ID, now); err != nil {
			return sess, err
		}
	}
	sess.ID = token
	sess.IsNew = false
	sess.Values[valLogin] = login
	sess.Values[valUser] = user
	return sess, nil
}

// Save writes the session. A new session with a user becomes a new login
// with a fresh random token (a new identifier at every sign-in, so a token
// planted before sign-in is worthless). MaxAge < 0 deletes the login.
func (s *loginStore) Save(r *http.Request, w http.ResponseWriter, sess *sessions.Session) error {
	if sess.Options.MaxAge < 0 {
		if l, ok := sess.Values[valLogin].(convene.Login); ok {
			if err := s.db.DeleteLogin(r.Context(), l.ID); err != nil {
				return err
			}
		}
		http.SetCookie(w, sessions.NewCookie(sess.Name(), "", sess.Options))
		return nil
	}
	if sess.IsNew {
		u, ok := sess.Values[valUser].(convene.User)
		if !ok {
			return nil
		}
		token := randomToken()
		second, _ := sess.Values[valSecondFactor].(bool)
		login, err := s.db.CreateLogin(r.Context(), u.ID, hashToken(token), second)
		if err != nil {
			return err
		}
		sess.ID, sess.IsNew = token, false
		sess.Values[valLogin] = login
	}
	encoded, err := s.codec.Encode(sess.Name(), sess.ID)
	if err != nil {
		return err
	}
	http.SetCookie(w, sessions.NewCookie(sess.Name(), encoded, sess.Options))
	return nil
}

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// randomToken returns 32 random bytes, URL-safe base64 encoded.
func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Context keys on echo.Context.
const (
	ctxActor   = "actor"
	ctxLoginID = "login_id"
	ctxSecure  = "secure"
)

// loadActor finds out who is making the request and puts the actor in both
// the echo context (for handlers) and the request context (for the store's
// audit log).
func (s *Server) loadActor(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		a := convene.Actor{ClientAddr: c.RealIP()}
		if s.cookieless[c.Path()] {
			setActor(c, a)
			return next(c)
		}
		sess, err := s.logins.Get(c.Request(), loginCookie)
		if err != nil {
			return err
		}
		u, ok := sess.Values[valUser].(convene.User)
		if l, isLogin := sess.Values[valLogin].(convene.Login); ok && isLogin && !s.loginHonoured(u, l) {
			ok = false
		}
		if ok {
			a.UserID, a.Name, a.Email, a.Role = u.ID, u.Name, u.Email, u.Role
			a.CountryID, a.DelegateID = u.CountryID, u.DelegateID
			if l, ok := sess.Values[valLogin].(convene.Login); ok {
				c.Set(ctxLoginID, l.ID)
			}
		}
		setActor(c, a)
		return next(c)
	}
}

// loginHonoured reports whether a login still signs its browser in: where
// the server requires a second factor for the account's role, a login made
// without one (before the requirement, or by a role since changed) is not,
// and the person signs in again, setting the second factor up.
func (s *Server) loginHonoured(u convene.User, l convene.Login) bool {
	return l.SecondFactor || !s.cfg.RequireTwoFactor || !convene.TwoFactorRequired(u.Role)
}

func setActor(c echo.Context, a convene.Actor) {
	c.Set(ctxActor, a)
	c.SetRequest(c.Request().WithContext(convene.WithActor(c.Request().Context(), a)))
}

// actor returns who is making the request.
func actor(c echo.Context) convene.Actor {
	a, _ := c.Get(ctxActor).(convene.Actor)
	return a
}

// authorize enforces a route's permission with the one policy in
// internal/convene. Nobody signed in is sent to sign in; a signed-in user
// without the permission gets 403.
func authorize(p convene.Permission) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			a := actor(c)
			if !convene.Allow(a.Role, p) {
				if !a.SignedIn() {
					return convene.Errorf(convene.EUNAUTHORIZED, "Please sign in to see this page.")
				}
				return convene.Errorf(convene.EFORBIDDEN, "Your account may not open this page.")
			}
			return next(c)
		}
	}
}

// signIn starts a login for u: it creates the login row (noting whether a
// second factor was passed), sets the cookie and rotates the CSRF token, so
// that nothing from before sign-in stays valid.
func (s *Server) signIn(c echo.Context, u convene.User, secondFactor bool) error {
	r := c.Request()
	sess, err := s.logins.New(r, loginCookie)
	if err != nil {
		return err
	}
	// Always a new session: never reuse an identifier from before sign-in.
	sess.ID, sess.IsNew = "", true
	sess.Values = map[any]any{valUser: u, valSecondFactor: secondFactor}
	sess.Options.Secure = s.secure(c)
	if err := sess.Save(r, c.Response()); err != nil {
		return err
	}
	return s.rotateCSRF(c)
}

// signOut deletes the login and its cookie.
func (s *Server) signOut(c echo.Context) error {
	sess, err := s.logins.Get(c.Request(), loginCookie)
	if err != nil {
		return err
	}
	sess.Options.MaxAge = -1
	sess.Options.Secure = s.secure(c)
	if err := sess.Save(c.Request(), c.Response()); err != nil {
		return err
	}
	return s.rotateCSRF(c)
}

// secure reports whether cookies must be marked Secure: under TLS, or when
// the operator says a TLS proxy is in front.
func (s *Server) secure(c echo.Context) bool {
	return s.cfg.SecureCookies || c.Request().TLS != nil
}

// withActorContext returns ctx carrying the actor, for store calls made on
// behalf of a user outside a request's own context.
//
//lint:ignore U1000 not yet called on main; capability handlers (issues 3 and 4) need it.
func withActorContext(ctx context.Context, a convene.Actor) context.Context {
	return convene.WithActor(ctx, a)
}
