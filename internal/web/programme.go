package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// handleProgramme shows a meeting's programme day by day in the venue's
// time. What each viewer sees is decided by convene.VisibleTo: visitors the
// public sessions, delegates and focal points also the delegates' sessions,
// the secretariat and organisers everything (views.NewProgramme).
func (s *Server) handleProgramme(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	p, err := s.programme(c, m)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.ProgrammePage(p))
}

// programme is the programme page of m as the actor sees it.
func (s *Server) programme(c echo.Context, m convene.Meeting) (views.Programme, error) {
	ctx := c.Request().Context()
	a := actor(c)
	sessions, err := s.db.FindSessions(ctx, convene.SessionFilter{MeetingIDs: []int64{m.ID},
		Visibilities: convene.VisibleTo(a.Role)})
	if err != nil {
		return views.Programme{}, err
	}
	var clashes []convene.Clash
	if convene.Allow(a.Role, convene.PermManageMeetings) {
		if clashes, err = s.db.MeetingClashes(ctx, m.ID); err != nil {
			return views.Programme{}, err
		}
	}
	v, err := s.db.LatestProgrammeVersion(ctx, m.ID)
	if err != nil {
		return views.Programme{}, err
	}
	return views.NewProgramme(m, a, sessions, clashes, v.Version, v.PublishedAt, c.QueryParam("view") == "grid"), nil
}

// handlePublishProgramme publishes the programme as its next version; the
// sessions changed afterwards show as changed since that version.
func (s *Server) handlePublishProgramme(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	note := strings.TrimSpace(c.FormValue("note"))
	refuse := func(err error) error {
		p, perr := s.programme(c, m)
		if perr != nil {
			return perr
		}
		p.PublishForm = views.Form{Values: map[string]string{"note": c.FormValue("note")}, Errors: convene.ErrorFields(fieldError(err, "note"))}
		return s.render(c, http.StatusUnprocessableEntity, views.ProgrammePage(p))
	}
	if len([]rune(note)) > 300 {
		return refuse(convene.Errorf(convene.EINVALID, "Keep the note under 300 characters."))
	}
	v, err := s.db.PublishProgramme(c.Request().Context(), m.ID, note)
	if convene.ErrorCode(err) == convene.EINVALID {
		return refuse(err) // e.g. refused text (form.go), which the store will not write
	} else if err != nil {
		return err
	}
	return s.redirect(c, paths.Programme(m.Code), "Programme published as version "+strconv.Itoa(v.Version)+".")
}
