package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/internal/sqlite"
	"convene/views"
)

// handleDelegateDecision is the secretariat's accredit, return or reject.
func (s *Server) handleDelegateDecision(c echo.Context) error {
	m, r, err := s.loadPerson(c)
	if err != nil {
		return err
	}
	act := convene.RegAction(c.FormValue("action"))
	switch act {
	case convene.ActAccredit, convene.ActReturn, convene.ActReject:
	default:
		return convene.Errorf(convene.EINVALID, "Choose accredit, return or reject.")
	}
	f := views.Form{Values: formValues(c, "reason")}
	next, err := s.db.Transition(c.Request().Context(), r.ID, act, f.Get("reason"))
	if convene.ErrorCode(err) == convene.EINVALID && len(convene.ErrorFields(err)) > 0 {
		f.Errors = convene.ErrorFields(err)
		return s.renderPerson(c, m, r, f, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(c, paths.Person(m.Code, r.ID), r.FullName()+": "+strings.ToLower(next.Status.Label())+".")
}

func (s *Server) handleAccreditationQueue(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	return s.renderQueue(c, m, views.Form{}, http.StatusOK)
}

// renderQueue shows the people waiting for the secretariat's decision.
func (s *Server) renderQueue(c echo.Context, m convene.Meeting, f views.Form, status int) error {
	people, _, err := s.db.FindRegistrations(c.Request().Context(), convene.RegistrationFilter{MeetingID: m.ID,
		Statuses: []convene.RegistrationStatus{convene.RegSubmitted}})
	if err != nil {
		return err
	}
	rows := make([]views.PersonRow, len(people))
	for i, r := range people {
		rows[i] = personRow(actor(c), m, r)
	}
	pending, err := s.db.CountPendingChanges(c.Request().Context(), m.ID)
	if err != nil {
		return err
	}
	notes, err := s.db.FindNoteVerbales(c.Request().Context(), m.ID)
	if err != nil {
		return err
	}
	return s.render(c, status, views.AccreditationPage(m, rows, pending, f, notes))
}

// handleBulkAccredit accredits every selected person through the single
// decision's rule and audit row, in one transaction for all; people someone
// else decided first are skipped and named in the message.
func (s *Server) handleBulkAccredit(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	form, _ := c.FormParams()
	var ids []int64
	for _, v := range form["id"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return convene.Errorf(convene.EINVALID, "Select people from the list.")
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return s.renderQueue(c, m, views.Form{Message: "Select at least one person to accredit."}, http.StatusUnprocessableEntity)
	}
	res, err := s.db.AccreditMany(c.Request().Context(), m.ID, ids)
	if err != nil {
		return err
	}
	return s.redirect(c, paths.Accreditation(m.Code), accreditedMessage(res))
}

// accreditedMessage says what a bulk accreditation did: "7 accredited, 1
// skipped: Dewi Lestari (already accredited)."
func accreditedMessage(res sqlite.Accredited) string {
	msg := strconv.Itoa(res.Accredited) + " accredited"
	if len(res.Skipped) == 0 {
		return msg + "."
	}
	names := make([]string, len(res.Skipped))
	for i, sk := range res.Skipped {
		names[i] = sk.Name + " (" + sk.Reason + ")"
	}
	return msg + ", " + strconv.Itoa(len(res.Skipped)) + " skipped: " + strings.Join(names, "; ") + "."
}
