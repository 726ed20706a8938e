package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// sessionChoice is the message for a session that is not one of the list's.
const sessionChoice = "Choose a session from the list."

// checkInPage builds the desk of one session (0: arrival at the venue) with
// the form as given and, when answer is not nil, the answer to the last
// check-in.
func (s *Server) checkInPage(c echo.Context, m convene.Meeting, sessionID int64, f views.Form,
	answer *convene.CheckIn) (templ.Component, error) {
	ctx := c.Request().Context()
	counts, err := s.db.CheckInCounts(ctx, m.ID, sessionID)
	if err != nil {
		return nil, err
	}
	sessions, err := s.db.FindSessions(ctx, convene.SessionFilter{MeetingIDs: []int64{m.ID}})
	if err != nil {
		return nil, err
	}
	opts := []views.Option{{Value: "", Label: "The meeting (arrival at the venue)"}}
	loc := m.Location()
	for _, x := range sessions {
		opts = append(opts, views.Option{Value: strconv.FormatInt(x.ID, 10),
			Label: convene.FormatInZone(x.StartsAt, loc, "Mon 15:04") + " · " + x.Title + " (" + views.AttendanceLabel(x) + ")"})
	}
	d := views.CheckInData{Meeting: m, Sessions: opts, Session: f.Get("session"), Form: f, Counts: counts,
		SessionID: sessionID, Override: f.Err(convene.OverrideField) != ""}
	for _, x := range counts {
		d.Total.Accredited += x.Accredited
		d.Total.CheckedIn += x.CheckedIn
	}
	if answer != nil {
		zones, err := s.db.FindBadgeZones(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		d.Answer = checkInAnswer(m, *answer, zones)
	}
	return views.CheckInPage(d), nil
}

// checkInAnswer is what the desk shows of one check-in: the photo large
// beside the name, the delegation (or a badge holder's category and
// organisation), what the badge admits and the zones it opens.
func checkInAnswer(m convene.Meeting, ci convene.CheckIn, zones convene.BadgeZones) *views.CheckInAnswer {
	p := ci.Delegate
	a := &views.CheckInAnswer{Name: p.DisplayName(), Position: p.Position, Country: p.Country.Name, Role: p.Role.Label(),
		Band: convene.Band(p.Role), At: convene.FormatInZone(ci.At, m.Location(), "15:04"), By: ci.ByName,
		Badge: fmt.Sprintf("Badge version %d, valid for %s", ci.BadgeVersion, m.Title)}
	if h := ci.Holder; h.ID != 0 {
		a.Name, a.Position, a.Country, a.Role, a.Band = h.Name, h.Organisation, "", h.Category.Label(), h.Category
	}
	a.Zones = convene.ZoneWords(zones.For(a.Band))
	if ci.HasPhoto {
		a.Photo = paths.DelegatePhoto(m.Code, p.ID)
	}
	if ci.SessionID == 0 {
		a.Admits = "Admitted to the venue of " + m.Title + "."
	} else {
		a.Admits = fmt.Sprintf("Admitted to “%s” (%s).", ci.Session.Title, views.AttendanceLabel(ci.Session))
	}
	if ci.Override {
		a.Override = fmt.Sprintf("Outside the session's attendance rule: admitted by %s, who recorded: “%s”", ci.OverrideBy, ci.OverrideReason)
	}
	return a
}

// handleCheckInDesk is the desk of the meeting, or with ?session=ID of one
// session; with ?answer=ID it shows the answer to that check-in (where the
// desk lands after checking someone in). An id that is not a number is a
// bad request; another meeting's check-in is not found.
func (s *Server) handleCheckInDesk(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	sessionID, err := queryID(c, "session", sessionChoice)
	if err != nil {
		return err
	}
	answerID, err := queryID(c, "answer", "Not a check-in.")
	if err != nil {
		return err
	}
	holderID, err := queryID(c, "holder", "Not a check-in.")
	if err != nil {
		return err
	}
	var answer *convene.CheckIn
	if answerID != 0 {
		ci, err := s.db.FindCheckIn(c.Request().Context(), m.ID, answerID)
		if err != nil {
			return err
		}
		answer = &ci
	} else if holderID != 0 {
		ci, err := s.db.FindHolderCheckIn(c.Request().Context(), m.ID, holderID)
		if err != nil {
			return err
		}
		answer = &ci
	}
	page, err := s.checkInPage(c, m, sessionID, views.Form{Values: map[string]string{"session": c.QueryParam("session")}}, answer)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, page)
}

// handleCheckIn checks a badge in. A refused code comes back on the same
// form, 422, with the reason next to the field and the code kept; a person
// the session's attendance rule does not admit comes back 422 with the
// warning and the override (a second POST with override=1 and a reason);
// a second scan of the same badge is not an error, the desk is told when
// the person was first checked in. Success lands on the desk with the
// answer: photo, name, delegation and what the badge admits.
func (s *Server) handleCheckIn(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, "session", "code", convene.OverrideField)}
	p := convene.Problems{}
	sessionID := formID(f.Get("session"), "session", sessionChoice, p)
	err = p.Err()
	var ci convene.CheckIn
	if err == nil {
		ov := convene.AttendanceOverride{Admit: c.FormValue("override") == "1", Reason: f.Get(convene.OverrideField)}
		ci, err = s.db.CheckIn(c.Request().Context(), m.ID, sessionID, f.Get("code"), ov)
		if convene.ErrorMessage(err) == convene.RefuseUnknownCode {
			// Not a delegate's badge: perhaps a badge holder's (staff,
			// liaison, driver, media, security), checked by the same rule.
			ci, err = s.checkInHolder(c, m, sessionID, f.Get("code"), err)
			if err == nil {
				return s.redirect(c, paths.HolderCheckInAnswer(m.Code, sessionID, ci.ID), holderCheckedIn(m, ci))
			}
		}
	}
	if err != nil {
		if convene.ErrorCode(err) != convene.EINVALID {
			return err
		}
		f.Errors, f.Message = convene.ErrorFields(err), convene.ErrorMessage(err)
		page, perr := s.checkInPage(c, m, sessionID, f, nil)
		if perr != nil {
			return perr
		}
		return s.render(c, http.StatusUnprocessableEntity, page)
	}
	who := fmt.Sprintf("%s (%s, %s)", ci.Delegate.DisplayName(), ci.Delegate.Country.Name, ci.Delegate.Role.Label())
	at := convene.FormatInZone(ci.At, m.Location(), "15:04")
	msg := "Checked in: " + who + " at " + at + "."
	switch {
	case !ci.New:
		msg = "Already checked in: " + who + " at " + at + ". Nothing changed."
	case ci.Override:
		msg = "Checked in by override: " + who + " at " + at + ", recorded under your name."
	}
	return s.redirect(c, paths.CheckInAnswer(m.Code, sessionID, ci.ID), msg)
}

// checkInHolder checks in a badge holder's badge; a code that is nobody's
// badge answers with the delegates' refusal, unknown.
func (s *Server) checkInHolder(c echo.Context, m convene.Meeting, sessionID int64, code string, unknown error) (convene.CheckIn, error) {
	ci, err := s.db.CheckInHolder(c.Request().Context(), m.ID, sessionID, code)
	if convene.ErrorMessage(err) == convene.RefuseUnknownCode {
		return ci, unknown
	}
	return ci, err
}

// holderCheckedIn is the flash message of a badge holder's check-in.
func holderCheckedIn(m convene.Meeting, ci convene.CheckIn) string {
	who := fmt.Sprintf("%s (%s)", ci.Holder.Name, ci.Holder.Category.Label())
	at := convene.FormatInZone(ci.At, m.Location(), "15:04")
	if !ci.New {
		return "Already checked in: " + who + " at " + at + ". Nothing changed."
	}
	return "Checked in: " + who + " at " + at + "."
}
