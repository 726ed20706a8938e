package web

import (
	"net/http"
	"strconv"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// handleMeeting shows a meeting's public facts and, to those who may see
// them, its delegations: all of them for the secretariat and organisers, only
// their own country's for a focal point.
func (s *Server) handleMeeting(c echo.Context) error {
	m, err := s.pathMeeting(c)
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
		if delegations, err = s.db.FindDelegations(c.Request().Context(), f); err != nil {
			return err
		}
	}
	return s.render(c, http.StatusOK, views.MeetingPage(m, delegations, show))
}

func (s *Server) handleMeetingNewForm(c echo.Context) error {
	o, err := s.meetingOptions(c, "")
	if err != nil {
		return err
	}
	f := views.Form{Values: meetingValues(convene.NewMeeting(s.cfg.TimeZone.String()), nil)}
	return s.render(c, http.StatusOK, views.MeetingFormPage("Add a meeting", paths.MeetingNew(), nil, f, o))
}

// handleMeetingCreate adds a meeting; it starts proposed or with its dates
// confirmed (convene.CheckStartingStatus).
func (s *Server) handleMeetingCreate(c echo.Context) error {
	o, err := s.meetingOptions(c, "")
	if err != nil {
		return err
	}
	page := func(f views.Form) templ.Component {
		return views.MeetingFormPage("Add a meeting", paths.MeetingNew(), nil, f, o)
	}
	f := views.Form{Values: formValues(c, meetingFormFields...)}
	p := convene.Problems{}
	m := s.meetingFromForm(c, f, p)
	convene.CheckStartingStatus(m.Status, p)
	if err := p.Err(); err != nil {
		return s.renderForm(c, err, page, f)
	}
	if err := s.db.CreateMeeting(c.Request().Context(), &m); err != nil {
		return s.renderForm(c, err, page, f)
	}
	return s.redirect(c, paths.Meeting(m.Code), "Meeting “"+m.Title+"” created.")
}

func (s *Server) handleMeetingEditForm(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	o, err := s.meetingOptions(c, m.Status)
	if err != nil {
		return err
	}
	codes, err := s.countryCodes(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: meetingValues(m, codes)}
	return s.render(c, http.StatusOK, views.MeetingFormPage("Change "+m.Title, paths.MeetingEdit(m.Code), nil, f, o))
}

// handleMeetingUpdate changes a meeting; its status moves one step at a
// time (the store checks convene.CheckStatusChange in its transaction).
func (s *Server) handleMeetingUpdate(c echo.Context) error {
	old, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	o, err := s.meetingOptions(c, old.Status)
	if err != nil {
		return err
	}
	page := func(f views.Form) templ.Component {
		return views.MeetingFormPage("Change "+old.Title, paths.MeetingEdit(old.Code), nil, f, o)
	}
	f := views.Form{Values: formValues(c, meetingFormFields...)}
	p := convene.Problems{}
	m := s.meetingFromForm(c, f, p)
	if err := p.Err(); err != nil {
		return s.renderForm(c, err, page, f)
	}
	if err := s.db.UpdateMeeting(c.Request().Context(), old.ID, &m); err != nil {
		return s.renderForm(c, err, page, f)
	}
	return s.redirect(c, paths.Meeting(m.Code), "Meeting “"+m.Title+"” saved.")
}

// handleMeetingCloneForm proposes the clone a year on (convene's NextYear).
func (s *Server) handleMeetingCloneForm(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	o, err := s.meetingOptions(c, "")
	if err != nil {
		return err
	}
	codes, err := s.countryCodes(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: meetingValues(m.NextYear(), codes)}
	return s.render(c, http.StatusOK, views.MeetingFormPage("Clone "+m.Title, paths.MeetingClone(m.Code), &m, f, o))
}

// handleMeetingClone adds the meeting of the form with the source's rooms,
// focus areas and programme, moved to its first day; like any new meeting
// it starts proposed or with its dates confirmed.
func (s *Server) handleMeetingClone(c echo.Context) error {
	src, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	o, err := s.meetingOptions(c, "")
	if err != nil {
		return err
	}
	page := func(f views.Form) templ.Component {
		return views.MeetingFormPage("Clone "+src.Title, paths.MeetingClone(src.Code), &src, f, o)
	}
	f := views.Form{Values: formValues(c, meetingFormFields...)}
	p := convene.Problems{}
	m := s.meetingFromForm(c, f, p)
	convene.CheckStartingStatus(m.Status, p)
	if err := p.Err(); err != nil {
		return s.renderForm(c, err, page, f)
	}
	n, err := s.db.CloneMeeting(c.Request().Context(), src.ID, &m)
	if err != nil {
		return s.renderForm(c, err, page, f)
	}
	return s.redirect(c, paths.Programme(m.Code),
		"Meeting “"+m.Title+"” created from "+src.Title+" with "+strconv.Itoa(n)+" sessions.")
}
