package web

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/views"
)

// stateCookie holds per-browser state that is not sign-in: the CSRF token
// and flash messages. It is signed and encrypted (gorilla's CookieStore).
const stateCookie = "convene_state"

const (
	ctxCSRF        = "csrf"
	ctxStateRead   = "state_read" // the request opened the state cookie's session
	valCSRF        = "csrf"
	valFlash       = "flash"
	valPending     = "pending"      // a sign-in waiting for its second factor (signin.go)
	valEnrolSecret = "enrol_secret" // #nosec G101 -- the name of the state cookie's value holding an authenticator secret being set up, not a credential.
)

// csrf protects every state-changing request with a synchronizer token: the
// token lives in the encrypted state cookie and must come back in the form
// field _csrf or the X-CSRF-Token header. echo's own CSRF middleware lets a
// request without a token through when the browser sends Sec-Fetch-Site:
// same-origin; Convene wants every POST to carry the token, whatever the
// client, so it checks here. A request without a valid token answers 403
// before any handler runs, so nothing is written.
//
// A GET, HEAD or OPTIONS passes without touching the state cookie: the
// token is made only when a page renders a form that carries it
// (csrfToken, called by views.CSRF through the page context), so an
// anonymous visitor reading public pages, feeds or /healthz is never sent
// a cookie, and those answers can be cached.
func (s *Server) csrf(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		sess, err := s.stateSession(c)
		if err != nil {
			return err
		}
		token, _ := sess.Values[valCSRF].(string)
		if bodyTooLarge(c) {
			// The body (and the token in it) was discarded unread; only the
			// route's tooLarge handler runs, which renders and never writes
			// (too_large.go).
			if token != "" {
				c.Set(ctxCSRF, token)
			}
			return next(c)
		}
		// The token comes from the header or the form body, never from the
		// query string: a URL lands in logs, histories and Referer headers.
		sent := c.Request().Header.Get("X-CSRF-Token")
		if sent == "" {
			sent = c.Request().PostFormValue("_csrf")
		}
		if token == "" || sent == "" || subtle.ConstantTimeCompare([]byte(sent), []byte(token)) != 1 {
			return convene.Errorf(convene.EFORBIDDEN,
				"This form has expired or was sent from another site. Go back, reload the page and try again.")
		}
		c.Set(ctxCSRF, token)
		return next(c)
	}
}

// csrfToken returns the browser's CSRF token for a form being rendered,
// making one and saving it in the state cookie when the browser has none.
// render calls it only when the page asks for it (a form), before anything
// is written, so the cookie goes out with that page.
func (s *Server) csrfToken(c echo.Context) (string, error) {
	if t, ok := c.Get(ctxCSRF).(string); ok && t != "" {
		return t, nil
	}
	sess, err := s.stateSession(c)
	if err != nil {
		return "", err
	}
	token, _ := sess.Values[valCSRF].(string)
	if token == "" {
		token = randomToken()
		sess.Values[valCSRF] = token
		if err := s.saveState(c, sess); err != nil {
			return "", err
		}
	}
	c.Set(ctxCSRF, token)
	return token, nil
}

// rotateCSRF gives the browser a new token, at sign-in and sign-out, and
// drops a sign-in that was waiting for its second factor.
func (s *Server) rotateCSRF(c echo.Context) error {
	sess, err := s.stateSession(c)
	if err != nil {
		return err
	}
	delete(sess.Values, valPending)
	delete(sess.Values, valEnrolSecret)
	token := randomToken()
	sess.Values[valCSRF] = token
	c.Set(ctxCSRF, token)
	return s.saveState(c, sess)
}

// stateSession returns the state cookie's session. A cookie that does not
// decode (forged, or signed with an old secret) gives a fresh session.
func (s *Server) stateSession(c echo.Context) (*sessions.Session, error) {
	c.Set(ctxStateRead, true)
	sess, err := s.state.Get(c.Request(), stateCookie)
	if err != nil {
		sess, err = s.state.New(c.Request(), stateCookie)
		if sess == nil {
			return nil, err
		}
		sess.IsNew = true
	}
	return sess, nil
}

// hasState reports whether the request has state to read: the browser sent
// the state cookie, or the request has already opened its session.
func hasState(c echo.Context) bool {
	if read, _ := c.Get(ctxStateRead).(bool); read {
		return true
	}
	_, err := c.Request().Cookie(stateCookie)
	return err == nil
}

// saveState writes the state cookie once per answer: a request that saves
// its state twice (a flash, then a new token) sends only the last one.
func (s *Server) saveState(c echo.Context, sess *sessions.Session) error {
	sess.Options.Secure = s.secure(c)
	sess.Options.HttpOnly = true
	sess.Options.SameSite = http.SameSiteLaxMode
	dropSetCookie(c.Response().Header(), stateCookie)
	return sess.Save(c.Request(), c.Response())
}

// dropSetCookie removes the Set-Cookie lines of one cookie from h.
func dropSetCookie(h http.Header, name string) {
	var kept []string
	for _, v := range h.Values(echo.HeaderSetCookie) {
		if !strings.HasPrefix(v, name+"=") {
			kept = append(kept, v)
		}
	}
	h.Del(echo.HeaderSetCookie)
	for _, v := range kept {
		h.Add(echo.HeaderSetCookie, v)
	}
}

// Flash messages live in the state cookie until a page shows them. A client
// that posts many forms without following the redirects (a script, a
// double-clicking user) would otherwise grow the cookie past the 4 KB a
// browser keeps, and every later answer would fail after its write committed.
// So the queue keeps only the newest few, each cut to a bounded length.
const (
	maxFlashes     = 3
	maxFlashLength = 300 // bytes
)

// flash queues a message for the next page the browser shows.
func (s *Server) flash(c echo.Context, kind, msg string) error {
	sess, err := s.stateSession(c)
	if err != nil {
		return err
	}
	if len(msg) > maxFlashLength {
		msg = strings.ToValidUTF8(msg[:maxFlashLength], "") + "…"
	}
	sess.AddFlash(kind+"|"+msg, valFlash)
	if queued, ok := sess.Values[valFlash].([]interface{}); ok && len(queued) > maxFlashes {
		sess.Values[valFlash] = queued[len(queued)-maxFlashes:]
	}
	return s.saveState(c, sess)
}

// takeFlashes returns and clears the queued messages.
// A request without state has none, and reads no cookie to find out.
func (s *Server) takeFlashes(c echo.Context) []views.Flash {
	if !hasState(c) {
		return nil
	}
	sess, err := s.stateSession(c)
	if err != nil {
		return nil
	}
	raw := sess.Flashes(valFlash)
	if len(raw) == 0 {
		return nil
	}
	_ = s.saveState(c, sess)
	out := make([]views.Flash, 0, len(raw))
	for _, r := range raw {
		str, _ := r.(string)
		kind, msg, ok := strings.Cut(str, "|")
		if !ok {
			kind, msg = "info", str
		}
		out = append(out, views.Flash{Kind: kind, Message: msg})
	}
	return out
}
