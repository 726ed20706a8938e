package web

import (
	"fmt"
	"net/http"
	"slices"
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
	poll, err := s.meetingPollLink(c, m, delegations)
	if err != nil {
		return err
	}
	// The page is the same for every visitor (public cache): it lists the
	// public papers only, whoever asks.
	papers, err := s.db.FindDocuments(c.Request().Context(), m.ID, convene.DocumentReader{})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.MeetingPage(m, delegations, show, poll, papers))
}

// handleMeetingNewForm shows the form that adds a meeting; ?kind= chooses
// its kind first, so that the participants it expects come ticked (the
// ADMM-Plus partners), and ?month= its month, so that its host and chair
// start from that year's chair (or an Experts' Working Group's co-chairs).
func (s *Server) handleMeetingNewForm(c echo.Context) error {
	m := convene.NewMeeting(s.cfg.TimeZone.String())
	if k := convene.MeetingKind(c.QueryParam("kind")); slices.Contains(convene.MeetingKinds, k) {
		m.Kind = k
	}
	if v := c.QueryParam("month"); v != "" {
		month, err := convene.ParseMonth(v)
		if err != nil {
			return convene.Errorf(convene.EINVALID, "The month must be written as YYYY-MM, e.g. 2026-09.")
		}
		m.StartDate, m.EndDate = month, month.MonthEnd()
	}
	if err := s.defaultChair(c, &m); err != nil {
		return err
	}
	codes, err := s.countryCodes(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: meetingValues(m, codes)}
	f.Values["default_quota"] = strconv.Itoa(convene.DefaultQuota)
	page, err := s.newMeetingPage(c, m, f)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, page)
}

// handleMeetingCreate adds a meeting with one delegation for each
// participant ticked, in one transaction; it starts proposed or with its
// dates confirmed (convene.CheckStartingStatus), and its host must take
// part (convene.Participation.Check). A host left unchosen is the chair of
// the meeting's year for the kinds it chairs (defaultChair).
func (s *Server) handleMeetingCreate(c echo.Context) error {
	ctx := c.Request().Context()
	f := views.Form{Values: formValues(c, meetingFormFields...)}
	f.Values["participants"] = tickedParticipants(c)
	p := convene.Problems{}
	m := s.readMeetingForm(c, f, p)
	if err := s.defaultChair(c, &m); err != nil {
		return err
	}
	checkMeetingForm(&m, p)
	convene.CheckStartingStatus(m.Status, p)
	page := func(f views.Form) (templ.Component, error) { return s.newMeetingPage(c, m, f) }
	ids, err := s.participantIDs(ctx, s.participantDay(m), f, p)
	if err != nil {
		return err
	}
	pt := convene.Participation{CountryIDs: ids, DefaultQuota: quotaValue(f, "default_quota", p)}
	pt.Check(m.HostCountryID, p)
	if err := p.Err(); err != nil {
		return s.renderFormOf(c, err, page, f)
	}
	if err := s.db.CreateMeetingWithParticipants(ctx, &m, pt); err != nil {
		return s.renderFormOf(c, err, page, f)
	}
	return s.redirect(c, paths.Meeting(m.Code), fmt.Sprintf("Meeting “%s” created with %d %s of %d places.",
		m.Title, len(ids), pluralWord(len(ids), "delegation", "delegations"), pt.DefaultQuota))
}

// handleMeetingEditForm shows a meeting's form and its participants.
func (s *Server) handleMeetingEditForm(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	f, err := s.storedMeetingForm(c, m)
	if err != nil {
		return err
	}
	page, err := s.meetingEditPage(c, m, f, views.Form{}, views.Form{})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, page)
}

// handleMeetingUpdate changes a meeting; its status moves one step at a
// time (the store checks convene.CheckStatusChange in its transaction),
// and its host stays one of its participants.
func (s *Server) handleMeetingUpdate(c echo.Context) error {
	old, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	page := func(f views.Form) (templ.Component, error) {
		return s.meetingEditPage(c, old, f, views.Form{}, views.Form{})
	}
	f := views.Form{Values: formValues(c, meetingFormFields...)}
	p := convene.Problems{}
	m := s.meetingFromForm(c, f, p)
	if err := p.Err(); err != nil {
		return s.renderFormOf(c, err, page, f)
	}
	if err := s.db.UpdateMeeting(c.Request().Context(), old.ID, &m); err != nil {
		return s.renderFormOf(c, err, page, f)
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

// handleMeetingClone adds the meeting of the form with the source's
// participants (quotas, focal points), rooms, focus areas, programme and
// hotel blocks, moved to its first day, and its liaison officers if asked
// (sqlite.CloneMeeting); like any new meeting it starts proposed or with
// its dates confirmed.
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
	n, err := s.db.CloneMeeting(c.Request().Context(), src.ID, &m, convene.CloneOptions{LiaisonOfficers: f.Get("liaison") == "1"})
	if err != nil {
		return s.renderForm(c, err, page, f)
	}
	msg := fmt.Sprintf("Meeting “%s” created from %s with %d delegations, %d sessions and %d hotel room blocks",
		m.Title, src.Title, n.Delegations, n.Sessions, n.RoomBlocks)
	if n.LiaisonOfficers > 0 {
		msg += fmt.Sprintf(", and %d liaison officers", n.LiaisonOfficers)
	}
	return s.redirect(c, paths.Meeting(m.Code), msg+".")
}
