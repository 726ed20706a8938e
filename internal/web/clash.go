package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"convene/views"
)

// handleClashes is the meeting-wide clash report for the secretariat.
func (s *Server) handleClashes(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	clashes, err := s.db.MeetingClashes(c.Request().Context(), m.ID)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.ClashReportPage(m, clashes))
}
