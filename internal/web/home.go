package web

import (
	"mime"
	"net/http"
	"path"
	"strconv"

	"github.com/labstack/echo/v4"

	"convene/static"
)

// handleHealthz answers 200 when the database answers a query, for load
// balancers and `convene healthcheck`; the administrator also reads the
// replica's state there (healthDetail).
func (s *Server) handleHealthz(c echo.Context) error {
	if err := s.db.Ping(c.Request().Context()); err != nil {
		s.log.Error("health check failed", "err", err)
		return c.String(http.StatusServiceUnavailable, "database unavailable\n")
	}
	return c.String(http.StatusOK, "ok\n"+s.healthDetail(c))
}

// handleStatic serves embedded files. Hashed names are immutable and cached
// for a year; plain names (for tools that do not know the hash) for five
// minutes. Each carries its ETag; If-None-Match answers 304. The route reads
// no cookie (cookieless in the route table).
func (s *Server) handleStatic(c echo.Context) error {
	a, immutable, ok := static.Lookup(c.Param("*"))
	if !ok {
		return echo.ErrNotFound
	}
	h := c.Response().Header()
	if immutable {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "public, max-age=300")
	}
	h.Set("ETag", a.ETag)
	if etagMatch(c.Request(), a.ETag) {
		return c.NoContent(http.StatusNotModified)
	}
	h.Set(echo.HeaderContentLength, strconv.Itoa(len(a.Body)))
	return c.Blob(http.StatusOK, contentType(a.Name), a.Body)
}

// contentType uses Go's built-in table, which does not depend on the
// machine's mime files (the runtime image has none).
func contentType(name string) string {
	if path.Ext(name) == ".ttf" { // the print fonts; not in Go's table
		return "font/ttf"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}
