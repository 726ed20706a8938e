package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// auditPageSize is how many audit rows one page shows.
const auditPageSize = 100

// handleAudit shows the audit log to the secretariat, newest first, a page
// at a time, with times in the secretariat's zone. Pages are keyed by the
// last id shown (?before=ID), not numbered: reading a page costs the same
// at 90,000 rows as at 90, and rows written meanwhile do not shift the pages.
func (s *Server) handleAudit(c echo.Context) error {
	var before int64
	if v := c.QueryParam("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return convene.Errorf(convene.EINVALID, "The page asked for does not exist.")
		}
		before = n
	}
	entries, more, err := s.db.FindAuditPage(c.Request().Context(), before, auditPageSize)
	if err != nil {
		return err
	}
	for i := range entries {
		entries[i].At = entries[i].At.In(s.cfg.TimeZone)
	}
	older := ""
	if more && len(entries) > 0 {
		older = paths.AuditBefore(entries[len(entries)-1].ID)
	}
	zone := convene.ZoneAbbrev(s.db.Now(), s.cfg.TimeZone) + " (" + s.cfg.TimeZone.String() + ")"
	return s.render(c, http.StatusOK, views.AuditPage(entries, before != 0, older, zone))
}
