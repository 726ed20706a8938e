package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/views"
)

// handlePrintRoom is the index of everything the print room produces for a
// meeting; it says whether PDFs can be made on this server.
func (s *Server) handlePrintRoom(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	gs, err := s.db.FindDelegations(c.Request().Context(), convene.DelegationFilter{MeetingID: m.ID})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.PrintRoomPage(views.PrintRoomData{Meeting: m, Delegations: gs,
		PDF: s.cfg.Printer.Available()}))
}
