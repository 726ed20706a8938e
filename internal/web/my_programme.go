package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"convene/views"
)

// handleMyProgramme shows a delegate what they attend, day by day: the
// sessions of the published programmes whose attendance rule takes them
// in, and their delegation's bilaterals they take part in.
func (s *Server) handleMyProgramme(c echo.Context) error {
	a := actor(c)
	pp, err := s.db.MyProgramme(c.Request().Context(), a.DelegateID)
	if err != nil {
		return err
	}
	days, zone := views.PersonalDays(pp)
	n := strconv.Itoa(len(pp.Sessions)) + " sessions"
	if len(pp.Bilaterals) > 0 {
		n += ", " + strconv.Itoa(len(pp.Bilaterals)) + " bilaterals"
	}
	return s.render(c, http.StatusOK, views.MyProgrammePage(a.Name+" ("+n+")", days, zone))
}
