package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"convene/views"
)

// handleOutbox shows a meeting's outgoing mail, times in the meeting's zone.
func (s *Server) handleOutbox(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	msgs, err := s.db.FindOutbox(c.Request().Context(), m.ID)
	if err != nil {
		return err
	}
	for i := range msgs {
		msgs[i].CreatedAt = msgs[i].CreatedAt.In(m.Location())
	}
	return s.render(c, http.StatusOK, views.OutboxPage(m, msgs, m.TimeZone))
}
