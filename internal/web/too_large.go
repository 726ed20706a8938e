package web

import (
	"io"
	"mime/multipart"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"
)

// A body over its route's limit normally ends at the error page (413). A
// route whose upload a person chooses in a form (a badge photo) answers it
// with that form instead, the message next to the field and the page around
// it, so the person stays where they were (issue 23). The route names the
// handler that re-renders its form (route.tooLarge); that handler reads and
// renders only, it never writes.

// ctxTooLarge marks a request whose body was over its route's limit on a
// route with a tooLarge handler.
const ctxTooLarge = "body_too_large"

// bodyLimit is a route's own cap on request bodies; keepsForm says the route
// answers a body over it with its form (route.tooLarge).
type bodyLimit struct {
	max       int64 // 0 means Config.BodyLimit
	keepsForm bool
}

// drainFactor bounds how much of an oversized body is read and thrown away
// before the form is answered: a browser that is still sending when the
// server answers and closes often shows a reset connection instead of the
// answer. Beyond limit*drainFactor the connection is closed unread (the
// server's ReadTimeout bounds the time spent either way).
const drainFactor = 4

// keepForm lets a too-large request through to its route's tooLarge handler
// with an empty form: the body is discarded (up to limit*drainFactor), no
// field of it is kept, and the request is marked so that csrf lets it pass
// (its token was in the discarded body; the handler only renders).
func keepForm(c echo.Context, body io.ReadCloser, limit int64, next echo.HandlerFunc) error {
	n, _ := io.Copy(io.Discard, io.LimitReader(body, limit*drainFactor+1))
	if n > limit*drainFactor {
		c.Response().Header().Set(echo.HeaderConnection, "close")
	}
	r := c.Request()
	r.Body = http.NoBody
	r.Form, r.PostForm = url.Values{}, url.Values{}
	r.MultipartForm = &multipart.Form{Value: map[string][]string{}, File: map[string][]*multipart.FileHeader{}}
	c.Set(ctxTooLarge, true)
	return next(c)
}

// bodyTooLarge reports whether the request's body was over its route's
// limit (only ever true on a route with a tooLarge handler).
func bodyTooLarge(c echo.Context) bool {
	v, _ := c.Get(ctxTooLarge).(bool)
	return v
}

// orTooLarge is the handler a route registers: its own, or, for a body over
// the limit, its tooLarge handler.
func orTooLarge(h, tooLarge echo.HandlerFunc) echo.HandlerFunc {
	if tooLarge == nil {
		return h
	}
	return func(c echo.Context) error {
		if bodyTooLarge(c) {
			return tooLarge(c)
		}
		return h(c)
	}
}
