package web

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

const ctxRequestID = "request_id"

// requestID gives every request an identifier, returned in X-Request-Id and
// written on its log line. An incoming X-Request-Id is ignored: a client
// must not choose what goes into the log.
func requestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		id := hex.EncodeToString(b)
		c.Set(ctxRequestID, id)
		c.Response().Header().Set(echo.HeaderXRequestID, id)
		return next(c)
	}
}

// logRequests writes one line per request. It logs the route pattern
// (/meetings/:code), never the raw URL or query, because URLs can carry
// invitation tokens and search terms, and no personal data or secrets may
// reach the log. The client address stays in the audit log, not here.
func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			// Let the error handler write the response now, so the status
			// logged is the status sent.
			c.Error(err)
		}
		route := c.Path()
		if route == "" {
			route = "(no route)"
		}
		status := c.Response().Status
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		s.log.LogAttrs(c.Request().Context(), level, "request",
			slog.String("id", requestIDOf(c)),
			slog.String("method", c.Request().Method),
			slog.String("route", route),
			slog.Int("status", status),
			slog.Int64("bytes", c.Response().Size),
			slog.Duration("duration", time.Since(start)),
			slog.Int64("user", actor(c).UserID),
		)
		return nil
	}
}

func requestIDOf(c echo.Context) string {
	id, _ := c.Get(ctxRequestID).(string)
	return id
}

// contentSecurityPolicy allows only Convene's own scripts, styles and images.
// No inline scripts, no eval, no framing; forms post only to Convene.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
	"font-src 'self'; connect-src 'self'; media-src 'self' blob:; object-src 'none'; base-uri 'none'; " +
	"form-action 'self'; frame-ancestors 'none'"

// downloadSecurityPolicy replaces the page policy on every file Convene
// sends (photos, exports, PDFs, calendars): a file opened in the browser
// runs nothing, loads nothing and is treated as a unique origin, even if
// its bytes were to look like HTML to some viewer.
const downloadSecurityPolicy = "sandbox; default-src 'none'; frame-ancestors 'none'"

// secureHeaders sets the security headers on every response, error pages
// included. Dynamic responses are never cached: most carry personal data, and
// a shared computer's back button must not show a signed-out user's pages.
// The exceptions are the public pages as a visitor sees them, which
// publicCache (public_cache.go) lets caches keep briefly, and static files.
func (s *Server) secureHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		// Invitation and calendar links carry tokens; never leak them in a Referer.
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(self), microphone=(), geolocation=(), payment=()")
		if s.secure(c) {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		if !strings.HasPrefix(c.Request().URL.Path, "/static/") {
			h.Set("Cache-Control", "no-store")
		}
		// A response is a file when its handler names it with
		// Content-Disposition; it gets the sandboxing policy instead.
		c.Response().Before(func() {
			if h.Get(echo.HeaderContentDisposition) != "" {
				h.Set("Content-Security-Policy", downloadSecurityPolicy)
			}
		})
		return next(c)
	}
}

// pageScope lets the lists a request takes from the store's memory (its
// meeting, delegations, programme, papers) share one reading of their
// version (sqlite's PageScope).
func (s *Server) pageScope(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		c.SetRequest(r.WithContext(s.db.PageScope(r.Context())))
		return next(c)
	}
}
