package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

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
	if err := s.render(c, status, views.ErrorPage(status, title, msg)); err != nil {
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
