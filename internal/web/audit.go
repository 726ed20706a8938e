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

// auditPageSize is how many audit rows one page shows.
const auditPageSize = 100

// handleAudit shows the audit log to the secretariat, newest first, a page
// at a time, with times in the secretariat's zone. Pages are keyed by the
// last id shown (?before=ID), not numbered: reading a page costs the same
// at 90,000 rows as at 90, and rows written meanwhile do not shift the pages.
func (s *Server) handleAudit(c echo.Context) error {
	var before int64
	if v := c.QueryParam("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return convene.Errorf(convene.EINVALID, "The page asked for does not exist.")
		}
		before = n
	}
	entries, more, err := s.db.FindAuditPage(c.Request().Context(), before, auditPageSize)
	if err != nil {
		return err
	}
	rows, err := s.auditRows(c, entries, s.cfg.TimeZone)
	if err != nil {
		return err
	}
	older := ""
	if more && len(entries) > 0 {
		older = paths.AuditBefore(entries[len(entries)-1].ID)
	}
	zone := convene.ZoneAbbrev(s.db.Now(), s.cfg.TimeZone) + " (" + s.cfg.TimeZone.String() + ")"
	return s.render(c, http.StatusOK, views.AuditPage(rows, before != 0, older, zone))
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
