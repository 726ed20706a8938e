package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// handleProgramme shows a meeting's programme day by day in the venue's
// time. What each viewer sees is decided by convene.VisibleTo (visitors the
// public sessions, delegates and focal points also the delegates' sessions,
// the secretariat and organisers everything) and convene.SeesDraft (the
// secretariat and organisers read the working draft with what changed since
// the latest published version, everyone else that version); focal points
// and delegates also see their delegations' bilaterals (views.NewProgramme).
// With ?audience=public anyone gets the public programme (what a visitor
// sees), which the secretariat prints for the press and the public.
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
	in := views.ProgrammeInput{Meeting: m, Actor: a, Grid: c.QueryParam("view") == "grid"}
	var err error
	if c.QueryParam("audience") == "public" {
		// The public programme, for the secretariat to print: exactly
		// what a visitor reads, whoever asks.
		in.PublicOnly = true
		in.Sessions, in.Version, _, err = s.programmeOf(ctx, m, convene.RoleAnonymous)
		return views.NewProgramme(in), err
	}
	if in.Sessions, in.Version, in.Changes, err = s.programmeOf(ctx, m, a.Role); err != nil {
		return views.Programme{}, err
	}
	if convene.Allow(a.Role, convene.PermManageMeetings) {
		if in.Clashes, err = s.db.MeetingClashes(ctx, m.ID); err != nil {
			return views.Programme{}, err
		}
	}
	if a.Role == convene.RoleFocal || a.Role == convene.RoleDelegate {
		bs, err := s.db.ProgrammeBilaterals(ctx, []int64{m.ID})
		if err != nil {
			return views.Programme{}, err
		}
		in.Bilaterals = convene.BilateralsInProgramme(a, bs)
	}
	return views.NewProgramme(in), nil
}

// programmeOf reads the sessions of a meeting's programme that a role may
// see: the working draft for those who read it (convene.SeesDraft), with
// what changed since the latest published version, else that version.
func (s *Server) programmeOf(ctx context.Context, m convene.Meeting, r convene.Role) ([]convene.Session,
	convene.ProgrammeVersion, []convene.SessionChange, error) {
	if !convene.SeesDraft(r) {
		v, sessions, err := s.db.PublishedProgramme(ctx, m.ID, convene.VisibleTo(r))
		return sessions, v, nil, err
	}
	v, err := s.db.LatestProgrammeVersion(ctx, m.ID)
	if err != nil {
		return nil, v, nil, err
	}
	f := convene.SessionFilter{MeetingIDs: []int64{m.ID}, Visibilities: convene.VisibleTo(r)}
	sessions, err := s.db.FindSessions(ctx, f)
	if err != nil || v.Version == 0 {
		return sessions, v, nil, err
	}
	f.Published = true
	published, err := s.db.FindSessions(ctx, f)
	return sessions, v, convene.ProgrammeChanges(published, sessions), err
}

// handlePublishProgramme publishes the working draft as the programme's
// next version: from the next request on, visitors, delegates and the feeds
// see it, and the feeds' SEQUENCE of each changed session goes up.
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
	return s.redirect(c, paths.Programme(m.Code), "Programme published as version "+strconv.Itoa(v.Version)+
		": visitors, delegates and the calendar feeds now see it.")
}
