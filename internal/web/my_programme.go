package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
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
	code, papers, err := s.myPapers(c, a)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.MyProgrammePage(a.Name+" ("+n+")", days, zone, code, papers))
}

// myPapers are the papers of the delegate's meeting they may read, and
// that meeting's code ("" when their record is gone).
func (s *Server) myPapers(c echo.Context, a convene.Actor) (string, []convene.Document, error) {
	ctx := c.Request().Context()
	r, err := s.db.FindRegistrationByID(ctx, a.DelegateID)
	if convene.ErrorCode(err) == convene.ENOTFOUND {
		return "", nil, nil
	} else if err != nil {
		return "", nil, err
	}
	code, err := s.db.FindMeetingCodeByID(ctx, r.MeetingID)
	if err != nil {
		return "", nil, err
	}
	m, err := s.db.FindMeetingByCode(ctx, code)
	if err != nil {
		return "", nil, err
	}
	reader, err := s.db.DocumentReaderFor(ctx, m.ID, a)
	if err != nil {
		return "", nil, err
	}
	docs, err := s.db.FindDocuments(ctx, m.ID, reader)
	return m.Code, docs, err
}
