package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// handleError is the one error handler (DESIGN.md rule 1). It maps domain
// error codes and echo's HTTP errors to a status and a friendly page, logs
// only server errors, and never shows an error's internal text.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, title, msg := s.classify(err, c)
	if status == http.StatusSeeOther {
		// Not signed in: send the browser to sign in and back.
		next := c.Request().URL.Path
		if c.Request().Method != http.MethodGet {
			next = paths.Home()
		}
		_ = c.Redirect(http.StatusSeeOther, paths.SignInNext(next))
		return
	}
	switch {
	case status >= 500:
		s.log.LogAttrs(c.Request().Context(), slog.LevelError, "request failed",
			slog.String("id", requestIDOf(c)), slog.String("route", c.Path()), slog.String("err", err.Error()))
	case status == http.StatusRequestTimeout:
		// A client (or an attacker holding connections open) sent its body
		// too slowly. Worth a warning; the body, the error's text and the
		// addresses in it stay out of the log. The rest of the body is
		// never read, so the connection closes after the answer.
		s.log.LogAttrs(c.Request().Context(), slog.LevelWarn, "request body too slow",
			slog.String("id", requestIDOf(c)), slog.String("route", c.Path()))
		c.Response().Header().Set(echo.HeaderConnection, "close")
		// net/http cancelled the request's context when the read failed;
		// the answer is still written, so its page renders without it.
		c.SetRequest(c.Request().WithContext(context.WithoutCancel(c.Request().Context())))
	}
	// A HEAD renders the page too, so that its headers are the GET's;
	// net/http sends no body for it.
	s.loadPageState(c)
	if err := s.render(c, status, views.ErrorPage(status, title, msg, s.wayBack(c, status))); err != nil {
		s.log.Error("render error page", "id", requestIDOf(c), "err", err)
		_ = c.String(http.StatusInternalServerError, "Internal Server Error")
	}
}

// classify returns the status, page title and user-safe message for err.
func (s *Server) classify(err error, c echo.Context) (int, string, string) {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		switch he.Code {
		case http.StatusNotFound:
			return 404, "Page not found", "There is no page at this address. It may have moved, or the link may be mistyped."
		case http.StatusMethodNotAllowed:
			return 405, "Not allowed here", "This page does not accept that kind of request."
		case http.StatusRequestEntityTooLarge:
			return 413, "Too large", "What you sent is larger than Convene accepts. Nothing was saved."
		case http.StatusBadRequest:
			return 400, "Bad request", "Convene could not understand the request. Nothing was saved."
		case http.StatusForbidden:
			return 403, "Not allowed", "You may not do this."
		case http.StatusTooManyRequests:
			return 429, "Too many attempts", "Please wait a little and try again."
		case http.StatusRequestTimeout:
			return 408, "Too slow", "What you sent arrived too slowly and was not read in full. Nothing was saved: please send it again."
		}
		if he.Code >= 400 && he.Code < 500 {
			return he.Code, http.StatusText(he.Code), "Convene could not handle this request. Nothing was saved."
		}
		return 500, "Something went wrong", convene.ErrorMessage(err)
	}
	msg := convene.ErrorMessage(err)
	switch convene.ErrorCode(err) {
	case convene.ENOTFOUND:
		return 404, "Not found", msg
	case convene.EINVALID:
		// Forms render their own 422 with the fields; an EINVALID that
		// reaches here came from elsewhere (a malformed query or path value).
		if c.Request().Method == http.MethodPost {
			return 422, "Please check what you entered", msg
		}
		return 400, "Bad request", msg
	case convene.ECONFLICT:
		return 409, "Conflict", msg
	case convene.EFORBIDDEN:
		return 403, "Not allowed", msg
	case convene.EUNAUTHORIZED:
		return http.StatusSeeOther, "", ""
	case convene.ETOOLARGE:
		return 413, "Too large", msg
	case convene.ETOOMANY:
		return 429, "Too many attempts", msg
	case convene.EGONE:
		return http.StatusGone, "This link no longer works", msg
	}
	return 500, "Something went wrong", msg
}

// loadPageState gives the error page what an ordinary page has when the
// request failed before the middleware that loads it ran (a body over the
// limit is refused before the actor is loaded): who is signed in, for the
// header, and the CSRF token, for its sign-out form. It never checks a
// token and never fails: the error page is shown either way.
func (s *Server) loadPageState(c echo.Context) {
	if _, ok := c.Get(ctxActor).(convene.Actor); !ok {
		_ = s.loadActor(func(echo.Context) error { return nil })(c)
	}
	if _, ok := c.Get(ctxCSRF).(string); !ok {
		if sess, err := s.stateSession(c); err == nil {
			if token, _ := sess.Values[valCSRF].(string); token != "" {
				c.Set(ctxCSRF, token)
			}
		}
	}
}

// wayBack is the error page's link back to where the person was: the page
// they came from (the Referer, when it is one of Convene's own pages and
// not this one), else for a meeting's page other than a missing one the
// meeting. The page always links the list of meetings as well.
func (s *Server) wayBack(c echo.Context, status int) views.BackLink {
	r := c.Request()
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Host != "" && s.ownHost(ref.Host, r.Host) &&
		strings.HasPrefix(ref.Path, "/") && !strings.HasPrefix(ref.Path, "//") &&
		(ref.Path != r.URL.Path || r.Method != http.MethodGet) {
		return views.BackLink{Href: ref.RequestURI(), Label: "Go back to the page you were on"}
	}
	if code := c.Param("code"); code != "" && status != http.StatusNotFound && r.URL.Path != paths.Meeting(code) {
		return views.BackLink{Href: paths.Meeting(code), Label: "Back to the meeting"}
	}
	return views.BackLink{}
}

// ownHost reports whether a Referer's host is Convene's: the configured
// base URL's host, or the host this request was sent to (the two differ
// behind a proxy that rewrites Host). The Referer only chooses between our
// own pages; the link built from it is a path, never an absolute URL.
func (s *Server) ownHost(refHost, reqHost string) bool {
	if refHost == reqHost {
		return true
	}
	base, err := url.Parse(s.db.Link(paths.Home()))
	return err == nil && base.Host == refHost
}
