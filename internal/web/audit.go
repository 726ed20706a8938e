package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/views"
)

// handleAudit shows the newest rows of the audit log to the secretariat,
// with times in the secretariat's zone.
func (s *Server) handleAudit(c echo.Context) error {
	entries, total, err := s.db.FindAuditEntries(c.Request().Context(), convene.AuditFilter{Limit: 200})
	if err != nil {
		return err
	}
	for i := range entries {
		entries[i].At = entries[i].At.In(s.cfg.TimeZone)
	}
	zone := convene.ZoneAbbrev(s.db.Now(), s.cfg.TimeZone) + " (" + s.cfg.TimeZone.String() + ")"
	return s.render(c, http.StatusOK, views.AuditPage(entries, total, zone))
}
