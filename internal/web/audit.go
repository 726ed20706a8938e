package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// auditPageSize is how many audit rows one page shows.
const auditPageSize = 100

// handleAudit shows the audit log to the secretariat, newest first, a page
// at a time, with times in the secretariat's zone. Pages are keyed by the
// last id shown (?before=ID), not numbered: reading a page costs the same
// at 90,000 rows as at 90, and rows written meanwhile do not shift the pages.
// The log can be filtered by meeting, person, action and dates (audit
// filter form, GET: the form keeps what was asked and every page link
// keeps the filter); a filter that cannot be read answers 422 with the
// message next to its field.
func (s *Server) handleAudit(c echo.Context) error {
	var before int64
	if v := c.QueryParam("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return convene.Errorf(convene.EINVALID, "The page asked for does not exist.")
		}
		before = n
	}
	loc := s.cfg.TimeZone
	f := views.Form{Values: map[string]string{}, Errors: map[string]string{}}
	for _, k := range []string{"meeting", "person", "action", "from", "to"} {
		f.Values[k] = strings.TrimSpace(c.QueryParam(k))
	}
	meetings, err := s.db.FindMeetingChoices(c.Request().Context())
	if err != nil {
		return err
	}
	q := convene.AuditQuery{Before: before, Limit: auditPageSize, Person: f.Get("person"), Action: f.Get("action")}
	opts := views.AuditFilterOptions{Meetings: []views.Option{{Value: "", Label: "Every meeting"}},
		Actions: []views.Option{{Value: "", Label: "Every action"}}}
	for _, m := range meetings {
		opts.Meetings = append(opts.Meetings, views.Option{Value: m.Code, Label: m.Title})
		if m.Code == f.Get("meeting") {
			q.MeetingID = m.ID
		}
	}
	if f.Get("meeting") != "" && q.MeetingID == 0 {
		f.Errors["meeting"] = "Choose a meeting from the list."
	}
	known := false
	for _, a := range convene.AuditActionCodes() {
		opts.Actions = append(opts.Actions, views.Option{Value: a, Label: convene.AuditActionWords(a)})
		known = known || a == q.Action
	}
	if q.Action != "" && !known {
		f.Errors["action"] = "Choose an action from the list."
	}
	from, ok := auditDate(f.Get("from"))
	if !ok {
		f.Errors["from"] = badAuditDate
	} else if !from.IsZero() {
		q.From = from.In(loc)
	}
	if to, ok := auditDate(f.Get("to")); !ok {
		f.Errors["to"] = badAuditDate
	} else if !to.IsZero() {
		q.To = to.AddDays(1).In(loc) // through the end of that day
		if !from.IsZero() && to.Before(from) {
			f.Errors["to"] = "The last day is before the first day."
		}
	}
	zone := convene.ZoneAbbrev(s.db.Now(), loc) + " (" + loc.String() + ")"
	if len(f.Errors) > 0 {
		f.Message = "Please correct the filters marked below."
		return s.render(c, http.StatusUnprocessableEntity, views.AuditPage(nil, false, "", zone, f, opts))
	}
	entries, more, err := s.db.FindAuditPage(c.Request().Context(), q)
	if err != nil {
		return err
	}
	rows, err := s.auditRows(c, entries, loc)
	if err != nil {
		return err
	}
	older := ""
	if more && len(entries) > 0 {
		older = paths.AuditFiltered(f.Get("meeting"), f.Get("person"), f.Get("action"), f.Get("from"), f.Get("to"),
			entries[len(entries)-1].ID)
	}
	opts.Newest = paths.AuditFiltered(f.Get("meeting"), f.Get("person"), f.Get("action"), f.Get("from"), f.Get("to"), 0)
	return s.render(c, http.StatusOK, views.AuditPage(rows, before != 0, older, zone, f, opts))
}

// badAuditDate is the message next to a date of the audit filter that
// cannot be read.
const badAuditDate = "Enter a date as year-month-day, for example 2025-02-25."

// auditDate reads a date of the audit filter: empty (zero, ok), or
// YYYY-MM-DD.
func auditDate(v string) (convene.Date, bool) {
	if v == "" {
		return convene.Date{}, true
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return convene.Date{}, false
	}
	return convene.DateOf(t), true
}

// auditRows puts audit entries in words for the secretariat (who alone
// reads the log and the histories, and may open every record linked): times
// in loc with the zone named, actions as verbs, records by name and linked,
// changed fields in words with countries by name.
func (s *Server) auditRows(c echo.Context, entries []convene.AuditEntry, loc *time.Location) ([]views.AuditRow, error) {
	countries, err := s.db.FindCountries(c.Request().Context())
	if err != nil {
		return nil, err
	}
	countryNames := map[string]string{}
	for _, x := range countries {
		countryNames[strconv.FormatInt(x.ID, 10)] = x.Name
	}
	names := func(field, v string) (string, bool) {
		if field == "country_id" || field == "host_country_id" {
			n, ok := countryNames[v]
			return n, ok
		}
		return "", false
	}
	rows := make([]views.AuditRow, len(entries))
	for i, e := range entries {
		rows[i] = views.AuditRow{When: convene.FormatInZone(e.At, loc, "2 Jan 2006 15:04"), Who: e.UserName,
			Did: convene.AuditActionWords(e.Action), Record: e.RecordName, RecordHref: auditRecordHref(e),
			Changes: convene.AuditChanges(e.Summary, loc, names), From: e.ClientAddr}
		if e.Entity == "user" && e.EntityID == e.UserID {
			// Signing in, out, changing one's own password: the sentence
			// names the person once.
			rows[i].Record, rows[i].RecordHref = "", ""
			if e.Action != convene.AuditSignIn && e.Action != "sign_out" {
				rows[i].Record = "their own account"
			}
			continue
		}
		if rows[i].Record == "" {
			rows[i].Record = "a " + convene.AuditRecordKind(e.Entity)
			rows[i].RecordHref = ""
		}
	}
	return rows, nil
}

// auditRecordHref is the page of an audit entry's record, when it has one.
func auditRecordHref(e convene.AuditEntry) string {
	switch {
	case e.Entity == "delegate" && e.RecordMeeting != "":
		return paths.Person(e.RecordMeeting, e.EntityID)
	case e.Entity == "meeting" && e.RecordMeeting != "":
		return paths.Meeting(e.RecordMeeting)
	case e.Entity == "session" && e.RecordMeeting != "":
		return paths.Session(e.RecordMeeting, e.EntityID)
	case e.Entity == "delegation" && e.RecordMeeting != "" && e.RecordCountry != "":
		return paths.Delegation(e.RecordMeeting, e.RecordCountry)
	case e.Entity == "user" && e.RecordName != "":
		return paths.User(e.EntityID)
	case e.Entity == "venue" && e.RecordName != "":
		return paths.Venue(e.EntityID)
	}
	return ""
}
