package web

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
)

// Mount puts handlers of another program in front of Convene's router: a
// request whose path starts with prefix goes to h, behind the same
// middleware every route has (request id, log line, panic recovery,
// security headers, body limit, the actor, the CSRF cookie), and an error h
// returns goes to the one error handler; every other request goes to the
// router as before. Handler and Serve answer through it from then on; call
// it before serving.
//
// The mounted paths are not routes: they are not in the route table, the
// access table or Routes. Only convene-bench calls Mount, to serve its
// baselines (/bench/) through the stack a route costs; the production
// binary never does, so its addresses are exactly the route table's.
func (s *Server) Mount(prefix string, h func(w http.ResponseWriter, r *http.Request) error) {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	e.IPExtractor = s.echo.IPExtractor
	e.Use(s.middleware(nil)...)
	e.Any(prefix+"*", func(c echo.Context) error {
		ctx := context.WithValue(c.Request().Context(), mountKey{}, c)
		return h(c.Response(), c.Request().WithContext(ctx))
	})
	router := s.echo
	s.front = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, prefix) {
			e.ServeHTTP(w, r)
			return
		}
		router.ServeHTTP(w, r)
	})
}

type mountKey struct{}

// RenderPage answers a request of a mounted handler with a page, exactly as
// a route's handler answers with one (the layout's page context: actor,
// navigation, flash messages, CSRF token; rendered into a buffer first).
func (s *Server) RenderPage(w http.ResponseWriter, r *http.Request, status int, page templ.Component) error {
	c, ok := r.Context().Value(mountKey{}).(echo.Context)
	if !ok {
		return errNotMounted
	}
	return s.render(c, status, page)
}

// errNotMounted is RenderPage's answer outside a mounted handler: a bug.
var errNotMounted = errors.New("web: RenderPage called outside a mounted handler")
