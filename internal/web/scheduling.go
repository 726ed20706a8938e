package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/views"
)

// meetingFormFields are the meeting form's fields, in round-trip order.
var meetingFormFields = []string{"code", "title", "kind", "host_country", "city", "venue", "time_zone", "theme",
	"chair", "status", "date_precision", "start_date", "end_date", "month", "length_days", "cluster"}

// meetingOptions returns the meeting form's choices; statuses are those the
// meeting may move to from current (all of them for a new meeting's first
// status: proposed or dates confirmed).
func (s *Server) meetingOptions(c echo.Context, current convene.MeetingStatus) (views.MeetingOptions, error) {
	ctx := c.Request().Context()
	var o views.MeetingOptions
	for _, k := range convene.MeetingKinds {
		o.Kinds = append(o.Kinds, views.Option{Value: string(k), Label: k.Label()})
	}
	countries, err := s.db.FindCountries(ctx)
	if err != nil {
		return o, err
	}
	o.Countries = []views.Option{{Value: "", Label: "Choose…"}}
	for _, ct := range countries {
		o.Countries = append(o.Countries, views.Option{Value: ct.ISO3, Label: ct.Name})
	}
	venues, err := s.db.FindVenues(ctx)
	if err != nil {
		return o, err
	}
	o.Venues = []views.Option{{Value: "", Label: "Not chosen yet"}}
	for _, v := range venues {
		o.Venues = append(o.Venues, views.Option{Value: strconv.FormatInt(v.ID, 10), Label: v.Name})
	}
	statuses := []convene.MeetingStatus{convene.StatusProposed, convene.StatusDatesConfirmed}
	if current != "" {
		statuses = convene.NextStatuses(current)
	}
	for _, st := range statuses {
		o.Statuses = append(o.Statuses, views.Option{Value: string(st), Label: st.Label()})
	}
	o.Precisions = []views.Option{{Value: string(convene.PrecisionDay), Label: "To the day (confirmed)"},
		{Value: string(convene.PrecisionMonth), Label: "Only the month (tentative)"}}
	return o, nil
}

// meetingFromForm reads a meeting as typed; malformed values are problems
// for their fields, and the domain's Validate adds the rules.
func (s *Server) meetingFromForm(c echo.Context, f views.Form, p convene.Problems) convene.Meeting {
	m := convene.Meeting{Code: f.Get("code"), Title: f.Get("title"), Kind: convene.MeetingKind(f.Get("kind")),
		City: strings.TrimSpace(f.Get("city")), TimeZone: f.Get("time_zone"), Theme: strings.TrimSpace(f.Get("theme")),
		Chair: strings.TrimSpace(f.Get("chair")), Status: convene.MeetingStatus(f.Get("status")),
		DatePrecision: convene.DatePrecision(f.Get("date_precision")), Cluster: strings.TrimSpace(f.Get("cluster"))}
	if iso := f.Get("host_country"); iso != "" {
		ct, err := s.db.FindCountryByISO3(c.Request().Context(), iso)
		if err != nil {
			p.Add("host_country", "Choose the host country from the list.")
		}
		m.HostCountryID = ct.ID
	}
	if v := f.Get("venue"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			p.Add("venue", "Choose a venue from the list.")
		} else if _, err := s.db.FindVenueByID(c.Request().Context(), id); err != nil {
			p.Add("venue", "Choose a venue from the list.")
		}
		m.VenueID = id
	}
	switch m.DatePrecision {
	case convene.PrecisionDay:
		var err error
		if m.StartDate, err = convene.ParseDate(f.Get("start_date")); err != nil {
			p.Add("start_date", "Enter the first day as YYYY-MM-DD.")
		}
		if v := f.Get("end_date"); v != "" {
			if m.EndDate, err = convene.ParseDate(v); err != nil {
				p.Add("end_date", "Enter the last day as YYYY-MM-DD.")
			}
		}
	case convene.PrecisionMonth:
		var err error
		if m.StartDate, err = convene.ParseMonth(f.Get("month")); err != nil {
			p.Add("month", "Enter the month as YYYY-MM, e.g. 2025-09.")
		}
		if m.LengthDays, err = strconv.Atoi(strings.TrimSpace(f.Get("length_days"))); err != nil {
			p.Add("length_days", "Enter how many days the meeting lasts (1 to 14).")
		}
	}
	if err := m.Validate(); err != nil {
		for k, v := range convene.ErrorFields(err) {
			if k == "start_date" && m.DatePrecision == convene.PrecisionMonth {
				k = "month"
			}
			p.Add(k, v)
		}
	}
	if m.Code == "new" {
		p.Add("code", "“new” is reserved; choose another code.")
	}
	return m
}

// meetingValues fills the form from a stored meeting.
func meetingValues(m convene.Meeting, countries map[int64]string) map[string]string {
	v := map[string]string{"code": m.Code, "title": m.Title, "kind": string(m.Kind), "host_country": countries[m.HostCountryID],
		"city": m.City, "venue": "", "time_zone": m.TimeZone, "theme": m.Theme, "chair": m.Chair, "status": string(m.Status),
		"date_precision": string(m.DatePrecision), "cluster": m.Cluster, "length_days": strconv.Itoa(m.LengthDays)}
	if m.VenueID != 0 {
		v["venue"] = strconv.FormatInt(m.VenueID, 10)
	}
	if m.Tentative() {
		v["month"] = m.StartDate.MonthValue()
	} else {
		v["start_date"], v["end_date"] = m.StartDate.String(), m.EndDate.String()
	}
	return v
}

func (s *Server) countryCodes(c echo.Context) (map[int64]string, error) {
	cs, err := s.db.FindCountries(c.Request().Context())
	out := map[int64]string{}
	for _, ct := range cs {
		out[ct.ID] = ct.ISO3
	}
	return out, err
}

func (s *Server) handleMeetingNewForm(c echo.Context) error {
	o, err := s.meetingOptions(c, "")
	if err != nil {
		return err
	}
	f := views.Form{Values: map[string]string{"kind": string(convene.KindADMM), "status": string(convene.StatusProposed),
		"date_precision": string(convene.PrecisionMonth), "time_zone": s.cfg.TimeZone.String(), "length_days": "2"}}
	return s.render(c, http.StatusOK, views.MeetingFormPage("Add a meeting", "/meetings/new", nil, f, o))
}

func (s *Server) handleMeetingCreate(c echo.Context) error {
	o, err := s.meetingOptions(c, "")
	if err != nil {
		return err
	}
	page := func(f views.Form) templ.Component {
		return views.MeetingFormPage("Add a meeting", "/meetings/new", nil, f, o)
	}
	f := views.Form{Values: formValues(c, meetingFormFields...)}
	p := convene.Problems{}
	m := s.meetingFromForm(c, f, p)
	if m.Status != convene.StatusProposed && m.Status != convene.StatusDatesConfirmed {
		p.Add("status", "A new meeting starts as proposed or with its dates confirmed.")
	}
	if err := p.Err(); err != nil {
		return s.renderForm(c, err, page, f)
	}
	if err := s.db.CreateMeeting(c.Request().Context(), &m); err != nil {
		return s.renderForm(c, err, page, f)
	}
	return s.redirect(c, "/meetings/"+m.Code, "Meeting “"+m.Title+"” created.")
}

func (s *Server) handleMeetingEditForm(c echo.Context) error {
	m, err := s.db.FindMeetingByCode(c.Request().Context(), c.Param("code"))
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
	return s.render(c, http.StatusOK, views.MeetingFormPage("Change "+m.Title, "/meetings/"+m.Code+"/edit", nil, f, o))
}

func (s *Server) handleMeetingUpdate(c echo.Context) error {
	ctx := c.Request().Context()
	old, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	o, err := s.meetingOptions(c, old.Status)
	if err != nil {
		return err
	}
	page := func(f views.Form) templ.Component {
		return views.MeetingFormPage("Change "+old.Title, "/meetings/"+old.Code+"/edit", nil, f, o)
	}
	f := views.Form{Values: formValues(c, meetingFormFields...)}
	p := convene.Problems{}
	m := s.meetingFromForm(c, f, p)
	if err := p.Err(); err != nil {
		return s.renderForm(c, err, page, f)
	}
	if err := s.db.UpdateMeeting(ctx, old.ID, &m); err != nil {
		return s.renderForm(c, err, page, f)
	}
	return s.redirect(c, "/meetings/"+m.Code, "Meeting “"+m.Title+"” saved.")
}

// cloneDefaults proposes the clone of a meeting a year on: the same month
// (or the same days) next year, a code and title with the year moved.
func cloneDefaults(m convene.Meeting, codes map[int64]string) map[string]string {
	v := meetingValues(m, codes)
	next := strconv.Itoa(m.StartDate.Year + 1)
	this := strconv.Itoa(m.StartDate.Year)
	v["code"] = strings.ReplaceAll(m.Code, this, next)
	if v["code"] == m.Code {
		v["code"] = m.Code + "-" + next
	}
	v["title"] = strings.ReplaceAll(m.Title, this, next)
	v["status"] = string(convene.StatusProposed)
	if m.Tentative() {
		v["month"] = convene.Date{Year: m.StartDate.Year + 1, Month: m.StartDate.Month, Day: 1}.MonthValue()
	} else {
		v["start_date"] = convene.DateOf(m.StartDate.In(time.UTC).AddDate(1, 0, 0)).String()
		v["end_date"] = convene.DateOf(m.EndDate.In(time.UTC).AddDate(1, 0, 0)).String()
	}
	if v["cluster"] != "" {
		v["cluster"] = strings.ReplaceAll(v["cluster"], this, next)
	}
	return v
}

func (s *Server) handleMeetingCloneForm(c echo.Context) error {
	m, err := s.db.FindMeetingByCode(c.Request().Context(), c.Param("code"))
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
	f := views.Form{Values: cloneDefaults(m, codes)}
	return s.render(c, http.StatusOK, views.MeetingFormPage("Clone "+m.Title, "/meetings/"+m.Code+"/clone", &m, f, o))
}

func (s *Server) handleMeetingClone(c echo.Context) error {
	ctx := c.Request().Context()
	src, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	o, err := s.meetingOptions(c, "")
	if err != nil {
		return err
	}
	page := func(f views.Form) templ.Component {
		return views.MeetingFormPage("Clone "+src.Title, "/meetings/"+src.Code+"/clone", &src, f, o)
	}
	f := views.Form{Values: formValues(c, meetingFormFields...)}
	p := convene.Problems{}
	m := s.meetingFromForm(c, f, p)
	if m.Status != convene.StatusProposed && m.Status != convene.StatusDatesConfirmed {
		p.Add("status", "A new meeting starts as proposed or with its dates confirmed.")
	}
	if err := p.Err(); err != nil {
		return s.renderForm(c, err, page, f)
	}
	n, err := s.db.CloneMeeting(ctx, src.ID, &m)
	if err != nil {
		return s.renderForm(c, err, page, f)
	}
	return s.redirect(c, "/meetings/"+m.Code+"/programme",
		"Meeting “"+m.Title+"” created from "+src.Title+" with "+strconv.Itoa(n)+" sessions.")
}

// handleCalendar shows one year of meetings: confirmed ones on their days,
// tentative ones across their month. Without ?year it shows the current
// year, or the latest year with meetings if the current one has none.
func (s *Server) handleCalendar(c echo.Context) error {
	ctx := c.Request().Context()
	year := s.db.Now().Year()
	if v := c.QueryParam("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 1990 || y > 2200 {
			return convene.Errorf(convene.EINVALID, "The year must be a number such as 2025.")
		}
		year = y
	}
	meetings, _, err := s.db.FindMeetings(ctx, convene.MeetingFilter{Year: year, Limit: 500})
	if err != nil {
		return err
	}
	if len(meetings) == 0 && c.QueryParam("year") == "" {
		// Nothing this year: show the latest earlier year that has meetings,
		// else the first later one.
		all, _, err := s.db.FindMeetings(ctx, convene.MeetingFilter{Limit: 1000})
		if err != nil {
			return err
		}
		best := 0
		for _, m := range all {
			y := m.StartDate.Year
			if (y <= year && y > best) || (best == 0 && y > year) {
				best = y
			}
		}
		if best != 0 {
			year = best
			if meetings, _, err = s.db.FindMeetings(ctx, convene.MeetingFilter{Year: year, Limit: 500}); err != nil {
				return err
			}
		}
	}
	return s.render(c, http.StatusOK, views.CalendarPage(year, calendarMonths(year, meetings),
		convene.Allow(actor(c).Role, convene.PermManageMeetings)))
}

// calendarMonths places each meeting in every month it touches.
func calendarMonths(year int, meetings []convene.Meeting) []views.CalendarMonth {
	months := make([]views.CalendarMonth, 12)
	for i := range months {
		months[i].Name = time.Month(i + 1).String()
	}
	for _, m := range meetings {
		for d := m.StartDate.MonthStart(); !d.After(m.EndDate); d = convene.DateOf(d.In(time.UTC).AddDate(0, 1, 0)) {
			if d.Year != year {
				continue
			}
			e := views.CalendarEntry{Meeting: m, Tentative: m.Tentative()}
			switch {
			case m.Tentative():
				e.Days = "Dates to be confirmed"
			case m.StartDate == m.EndDate:
				e.Days = m.StartDate.In(time.UTC).Format("2 Jan")
			default:
				e.Days = m.StartDate.In(time.UTC).Format("2 Jan") + "–" + m.EndDate.In(time.UTC).Format("2 Jan")
			}
			months[d.Month-1].Entries = append(months[d.Month-1].Entries, e)
		}
	}
	return months
}
