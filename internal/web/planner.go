package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// defaultLeadDays is how long before a meeting invitations go out: the
// ASEAN practice of a note verbale about two months ahead.
const defaultLeadDays = 60

// handlePlanner proposes dates for a meeting known only to the month.
// ?as_of= plans as of another day (the demo's 2025 cycle is in the past),
// ?lead= changes the lead time, weekdays_only=1 counts weekends against.
func (s *Server) handlePlanner(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: map[string]string{"as_of": c.QueryParam("as_of"), "lead": c.QueryParam("lead"),
		"weekdays_only": c.QueryParam("weekdays_only")}, Errors: map[string]string{}}
	if len(c.QueryParams()) == 0 {
		f.Values["weekdays_only"] = "1"
	}
	today := convene.DateOf(s.db.Now().In(m.Location()))
	if v := f.Get("as_of"); v != "" {
		if today, err = convene.ParseDate(v); err != nil {
			f.Errors["as_of"] = "Enter a day as YYYY-MM-DD."
			today = convene.DateOf(s.db.Now().In(m.Location()))
		}
	} else {
		f.Values["as_of"] = today.String()
	}
	lead := defaultLeadDays
	if v := f.Get("lead"); v != "" {
		if lead, err = strconv.Atoi(v); err != nil || lead < 0 || lead > 365 {
			f.Errors["lead"] = "Enter a number of days from 0 to 365."
			lead = defaultLeadDays
		}
	} else {
		f.Values["lead"] = strconv.Itoa(lead)
	}
	in, err := s.db.PlannerInput(ctx, m)
	if err != nil {
		return err
	}
	in.Today, in.LeadDays = today, lead
	if f.Get("weekdays_only") == "1" {
		in.Weekend = []time.Weekday{time.Saturday, time.Sunday}
	}
	status := http.StatusOK
	if len(f.Errors) > 0 {
		status = http.StatusBadRequest
	}
	return s.render(c, status, views.PlannerPage(m, convene.PlanDates(in), f))
}

// handlePlannerConfirm fixes a tentative meeting's dates to a candidate:
// the dates become day-precise and the status moves to dates confirmed,
// recorded in the audit log by UpdateMeeting.
func (s *Server) handlePlannerConfirm(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	if !m.Tentative() {
		return convene.Errorf(convene.EINVALID, "The dates of %s are already confirmed.", m.Title)
	}
	start, err := convene.ParseDate(c.FormValue("start"))
	if err != nil {
		return convene.Errorf(convene.EINVALID, "Choose one of the planner's dates.")
	}
	if err := m.ConfirmDates(start); err != nil {
		return err
	}
	if err := s.db.UpdateMeeting(ctx, m.ID, &m); err != nil {
		return err
	}
	return s.redirect(c, paths.Meeting(m.Code), m.Title+" is now set for "+m.DatesLabel()+".")
}

func (s *Server) handleHolidays(c echo.Context) error {
	n, err := s.db.FindHolidayCount(c.Request().Context())
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.HolidaysPage(n, views.Form{}))
}

// handleHolidaysImport imports pasted CSV. A malformed line or an unknown
// country refuses the whole import (422, the text kept, nothing written).
func (s *Server) handleHolidaysImport(c echo.Context) error {
	ctx := c.Request().Context()
	n, err := s.db.FindHolidayCount(ctx)
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, "csv")}
	page := func(f views.Form) templ.Component { return views.HolidaysPage(n, f) }
	hs, err := convene.ParseHolidayCSV(strings.NewReader(f.Get("csv")))
	if err == nil && len(hs) == 0 {
		err = convene.Errorf(convene.EINVALID, "Paste at least one holiday.")
	}
	if err != nil {
		return s.renderForm(c, fieldError(err, "csv"), page, f)
	}
	added, err := s.db.ImportHolidays(ctx, hs)
	if err != nil {
		return s.renderForm(c, fieldError(err, "csv"), page, f)
	}
	return s.redirect(c, paths.Holidays(), strconv.Itoa(added)+" holidays added ("+strconv.Itoa(len(hs)-added)+" already known).")
}
