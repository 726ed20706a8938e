package web

import (
	"net/http"
	"strconv"
	"time"

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
// With a poll open, its dates come first, ranked with the answers.
func (s *Server) handlePlanner(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	v, err := s.plannerView(c, m, views.Form{Values: map[string]string{"closes_on": ""}})
	if err != nil {
		return err
	}
	status := http.StatusOK
	if len(v.Plan.Errors) > 0 {
		status = http.StatusBadRequest
	}
	return s.render(c, status, views.PlannerPage(v))
}

// plannerView reads the planner's query (as_of, lead, weekdays_only) and
// builds its page: every candidate range ranked, the countries without
// holidays in the year, the poll if there is one, and pollForm, the form
// that opens one.
func (s *Server) plannerView(c echo.Context, m convene.Meeting, pollForm views.Form) (views.PlannerView, error) {
	f := views.Form{Values: map[string]string{"as_of": c.QueryParam("as_of"), "lead": c.QueryParam("lead"),
		"weekdays_only": c.QueryParam("weekdays_only")}, Errors: map[string]string{}}
	if len(c.QueryParams()) == 0 {
		f.Values["weekdays_only"] = "1"
	}
	today := s.meetingToday(m)
	if v := f.Get("as_of"); v != "" {
		d, err := convene.ParseDate(v)
		if err != nil {
			f.Errors["as_of"] = "Enter a day as YYYY-MM-DD."
		} else {
			today = d
		}
	} else {
		f.Values["as_of"] = today.String()
	}
	lead := defaultLeadDays
	if v := f.Get("lead"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 365 {
			f.Errors["lead"] = "Enter a number of days from 0 to 365."
		} else {
			lead = n
		}
	} else {
		f.Values["lead"] = strconv.Itoa(lead)
	}
	in, err := s.db.PlannerInput(c.Request().Context(), m)
	if err != nil {
		return views.PlannerView{}, err
	}
	in.Today, in.LeadDays = today, lead
	if f.Get("weekdays_only") == "1" {
		in.Weekend = []time.Weekday{time.Saturday, time.Sunday}
	}
	if pollForm.Get("closes_on") == "" && len(pollForm.Errors) == 0 {
		pollForm.Values["closes_on"] = s.meetingToday(m).AddDays(21).String()
	}
	poll, err := s.pollSummary(c, m, in)
	if err != nil {
		return views.PlannerView{}, err
	}
	return views.PlannerView{Meeting: m, Candidates: convene.PlanDates(in), Plan: f, PollForm: pollForm,
		Missing: in.MissingHolidaysMessage(), Poll: poll}, nil
}

// handlePlannerConfirm fixes a tentative meeting's dates to a candidate:
// the dates become day-precise and the status moves to dates confirmed,
// recorded in the audit log; an open poll closes and its focal points are
// told (sqlite.ConfirmMeetingDates).
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
	if m, err = s.db.ConfirmMeetingDates(ctx, m.ID, start); err != nil {
		return err
	}
	return s.redirect(c, paths.Meeting(m.Code), m.Title+" is now set for "+m.DatesLabel()+".")
}
