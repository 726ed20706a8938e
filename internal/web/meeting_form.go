package web

import (
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/views"
)

// meetingFormFields are the meeting form's fields, in round-trip order.
var meetingFormFields = []string{"code", "title", "kind", "host_country", "city", "venue", "time_zone", "theme",
	"chair", "status", "date_precision", "start_date", "end_date", "month", "length_days", "cluster",
	"default_quota", "liaison"}

// meetingOptions returns the meeting form's choices; statuses are those the
// meeting may move to from current, or for a new meeting ("") those it may
// start in.
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
	statuses := convene.StartingStatuses()
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
	m := s.readMeetingForm(c, f, p)
	checkMeetingForm(&m, p)
	return m
}

// readMeetingForm reads a meeting as typed, without the domain's rules:
// malformed values are problems for their fields.
func (s *Server) readMeetingForm(c echo.Context, f views.Form, p convene.Problems) convene.Meeting {
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
	return m
}

// checkMeetingForm adds the domain's rules (Validate) to the problems of a
// meeting read from the form, each next to its field.
func checkMeetingForm(m *convene.Meeting, p convene.Problems) {
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
}

// defaultChair gives a new meeting whose host is not chosen the host and
// chair of its year (the year's chair for the ADMM track, the co-chairs for
// an Experts' Working Group: convene.Meeting.DefaultChair), once its month
// or first day is known.
func (s *Server) defaultChair(c echo.Context, m *convene.Meeting) error {
	if m.HostCountryID != 0 || m.StartDate.IsZero() || !(m.Kind.ChairedByYear() || m.Kind.EWG()) {
		return nil
	}
	ctx := c.Request().Context()
	chairs, err := s.db.FindChairs(ctx, m.StartDate.Year, m.StartDate.Year)
	if err != nil {
		return err
	}
	cochairs, err := s.db.FindCochairs(ctx)
	if err != nil {
		return err
	}
	m.DefaultChair(convene.ChairOf(chairs, m.StartDate.Year), cochairs)
	return nil
}

// meetingValues fills the form from a meeting.
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

// countryCodes maps country ids to their ISO 3166 alpha-3 codes.
func (s *Server) countryCodes(c echo.Context) (map[int64]string, error) {
	cs, err := s.db.FindCountries(c.Request().Context())
	out := map[int64]string{}
	for _, ct := range cs {
		out[ct.ID] = ct.ISO3
	}
	return out, err
}
