package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// pendingFlash is what a save adds to its flash when it left a change
// waiting for the secretariat.
func pendingFlash(c convene.PendingChange) string {
	if c.ID == 0 {
		return ""
	}
	return " The change of " + strings.ToLower(c.FieldNames()) + " waits for the secretariat's approval; " +
		"until then the accreditation, badge and lists keep the approved details."
}

// changeValue is one before or after value as the viewer may see it: the
// full passport number for the secretariat only, the dates of the travel
// document and of birth for those who may see personal data or the person
// themselves (self).
func changeValue(a convene.Actor, countryID int64, self bool, field, v string) string {
	switch field {
	case "passport_number":
		if !a.Role.IsSecretariat() {
			v = convene.MaskPassport(v)
		}
	case "passport_expiry", "passport_name", "date_of_birth":
		if !self && !convene.CanSeePersonalData(a, countryID) {
			return "(recorded)"
		}
	}
	return convene.FieldDisplay(field, v)
}

// pendingView is a change as the viewer may see it, for the person's page,
// the personal link and the secretariat's queue.
func pendingView(a convene.Actor, m convene.Meeting, r convene.Registration, c convene.PendingChange) *views.PendingView {
	self := a.Role == convene.RoleDelegate && a.DelegateID == r.ID
	v := &views.PendingView{ID: c.ID, Status: c.Status, Photo: c.Photo, Reprint: c.NeedsReprint(), Reason: c.Reason,
		ProposedAt: convene.FormatInZone(c.ProposedAt, m.Location(), "2 January 2006 15:04"), Fields: c.FieldNames(),
		ProposedBy: c.ProposedByName}
	if c.Via == convene.ViaLink {
		v.ProposedBy = "the person, through their personal link"
	} else if v.ProposedBy == "" {
		v.ProposedBy = "an account since removed"
	}
	if a.Role.IsSecretariat() {
		v.Href = paths.PendingChange(m.Code, c.ID)
		if c.Photo && c.Status == convene.ChangePending {
			v.PhotoHref = paths.PendingChangePhoto(m.Code, c.ID)
		}
	}
	for _, f := range c.Fields {
		v.Rows = append(v.Rows, views.ChangeRow{Label: convene.FieldLabel(f.Field),
			Before: changeValue(a, r.Country.ID, self, f.Field, f.Before), After: changeValue(a, r.Country.ID, self, f.Field, f.After)})
	}
	if !c.DecidedAt.IsZero() {
		v.Decided = fmt.Sprintf("%s by %s on %s", c.Status.Label(), c.DecidedByName,
			convene.FormatInZone(c.DecidedAt, m.Location(), "2 January 2006 15:04"))
	}
	return v
}

// loadChange finds the meeting and the change the path names; a change of
// another meeting answers 404 like a missing one.
func (s *Server) loadChange(c echo.Context) (convene.Meeting, convene.Registration, convene.PendingChange, error) {
	m, err := s.pathMeeting(c)
	if err != nil {
		return m, convene.Registration{}, convene.PendingChange{}, err
	}
	id, err := pathID(c, "id", "Pending change")
	if err != nil {
		return m, convene.Registration{}, convene.PendingChange{}, err
	}
	ctx := c.Request().Context()
	ch, err := s.db.FindPendingChange(ctx, id)
	if err != nil {
		return m, convene.Registration{}, ch, err
	}
	if ch.MeetingID != m.ID {
		return m, convene.Registration{}, ch, convene.NotFound("Pending change")
	}
	r, err := s.db.FindRegistrationByID(ctx, ch.DelegateID)
	return m, r, ch, err
}

// handlePendingChanges is the secretariat's queue: the changes to
// accredited people waiting for a decision, then the latest decided.
func (s *Server) handlePendingChanges(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	changes, err := s.db.FindPendingChanges(c.Request().Context(), convene.PendingChangeFilter{MeetingID: m.ID,
		Statuses: []convene.ChangeStatus{convene.ChangePending, convene.ChangeApproved, convene.ChangeDeclined}})
	if err != nil {
		return err
	}
	a := actor(c)
	var waiting, decided []views.PendingRow
	for _, ch := range changes {
		r := convene.Registration{Delegate: ch.Delegate, MeetingID: ch.MeetingID}
		row := views.PendingRow{Change: pendingView(a, m, r, ch), Name: ch.Delegate.DisplayName(),
			Country: ch.Delegate.Country.Name, PersonHref: paths.Person(m.Code, ch.DelegateID)}
		if ch.Status == convene.ChangePending {
			waiting = append(waiting, row)
		} else if len(decided) < 50 {
			decided = append(decided, row)
		}
	}
	return s.render(c, http.StatusOK, views.PendingChangesPage(m, waiting, decided))
}

func (s *Server) handlePendingChange(c echo.Context) error {
	m, r, ch, err := s.loadChange(c)
	if err != nil {
		return err
	}
	return s.renderChange(c, m, r, ch, views.Form{}, http.StatusOK)
}

// renderChange shows one change before and after, with the decision form.
func (s *Server) renderChange(c echo.Context, m convene.Meeting, r convene.Registration, ch convene.PendingChange,
	f views.Form, status int) error {
	row, err := s.personPageRow(c, actor(c), m, r)
	if err != nil {
		return err
	}
	return s.render(c, status, views.PendingChangePage(m, row, pendingView(actor(c), m, r, ch), f))
}

// handlePendingChangeDecide approves or declines a change (a reason is
// required to decline). Approving a printed field marks the badge for
// reprint; the flash says so.
func (s *Server) handlePendingChangeDecide(c echo.Context) error {
	m, r, ch, err := s.loadChange(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, "reason")}
	var approve bool
	switch c.FormValue("action") {
	case "approve":
		approve = true
	case "decline":
	default:
		return convene.Errorf(convene.EINVALID, "Choose approve or decline.")
	}
	done, err := s.db.DecideChange(c.Request().Context(), m.ID, ch.ID, approve, f.Get("reason"))
	switch code := convene.ErrorCode(err); {
	case code == convene.EINVALID || code == convene.ECONFLICT:
		f.Errors = convene.ErrorFields(err)
		if len(f.Errors) == 0 {
			f.Message = convene.ErrorMessage(err)
		}
		status := http.StatusUnprocessableEntity
		if code == convene.ECONFLICT {
			status = http.StatusConflict
		}
		return s.renderChange(c, m, r, ch, f, status)
	case err != nil:
		return err
	}
	msg := "The change for " + r.DisplayName() + " is declined; the approved details stay."
	if approve {
		msg = "The change for " + r.DisplayName() + " is approved."
		if done.ReprintBadgeID != 0 {
			msg += " The badge must be reprinted: the present one stays valid until the reprint is printed."
		}
	}
	return s.redirect(c, paths.PendingChanges(m.Code), msg)
}

// handlePendingChangePhoto serves the photo a change proposes, to the
// secretariat deciding it.
func (s *Server) handlePendingChangePhoto(c echo.Context) error {
	_, _, ch, err := s.loadChange(c)
	if err != nil {
		return err
	}
	if !ch.Photo || ch.Status != convene.ChangePending {
		return convene.NotFound("Photo")
	}
	b, err := s.db.FindPendingPhoto(c.Request().Context(), ch.DelegateID)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "private, no-store")
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="change-%d.jpg"`, ch.ID))
	return c.Blob(http.StatusOK, "image/jpeg", b)
}
