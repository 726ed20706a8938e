package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/views"
)

// handleMeeting shows a meeting's public facts and, to those who may see
// them, its delegations: all of them for the secretariat and organisers, only
// their own country's for a focal point.
func (s *Server) handleMeeting(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	a := actor(c)
	show := convene.Allow(a.Role, convene.PermViewMeetings)
	var delegations []convene.Delegation
	if show {
		f := convene.DelegationFilter{MeetingID: m.ID}
		if a.Role == convene.RoleFocal {
			f.CountryID = a.CountryID
		}
		if delegations, err = s.db.FindDelegations(ctx, f); err != nil {
			return err
		}
	}
	return s.render(c, http.StatusOK, views.MeetingPage(m, delegations, show))
}
