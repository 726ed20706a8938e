package web

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/internal/roster"
	"convene/views"
)

// visaField is the form field of one nationality and passport type.
func visaField(iso3 string, t convene.PassportType) string { return "visa_" + iso3 + "_" + string(t) }

// visaNationalities are the rows of the visa rules table: every country
// Convene knows (organisations and the host aside), then any other
// nationality a person of the meeting holds (a British adviser in Brunei's
// delegation), by its code.
func (s *Server) visaNationalities(ctx context.Context, m convene.Meeting, host string) ([]convene.Country, error) {
	cs, err := s.db.FindCountries(ctx)
	if err != nil {
		return nil, err
	}
	var out []convene.Country
	seen := map[string]bool{host: true}
	for _, ct := range cs {
		if ct.Standing != convene.StandingOrganisation && !seen[ct.ISO3] {
			out, seen[ct.ISO3] = append(out, ct), true
		}
	}
	people, _, err := s.db.FindDelegates(ctx, convene.DelegateFilter{MeetingID: m.ID, Limit: 5000})
	var extra []string
	for _, p := range people {
		if p.Nationality != "" && !seen[p.Nationality] {
			extra, seen[p.Nationality] = append(extra, p.Nationality), true
		}
	}
	sort.Strings(extra)
	for _, n := range extra {
		out = append(out, convene.Country{ISO3: n, Name: n})
	}
	return out, err
}

// handleVisaRules shows the host country's visa rules as a table of
// nationalities (every country Convene knows, organisations aside) by
// passport type, marking the cells that still take the default.
func (s *Server) handleVisaRules(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	host, err := s.hostISO3(ctx, m)
	if err != nil {
		return err
	}
	rules, err := s.db.FindVisaRules(ctx, m.HostCountryID)
	if err != nil {
		return err
	}
	cs, err := s.visaNationalities(ctx, m, host)
	if err != nil {
		return err
	}
	d := views.VisaRulesData{Meeting: m, Host: m.HostCountryName, BackHref: paths.Letters(m.Code), Types: convene.PassportTypes}
	for _, ct := range cs {
		row := views.VisaRuleRow{ISO3: ct.ISO3, Name: ct.Name}
		for _, t := range convene.PassportTypes {
			_, recorded := rules[convene.VisaKey{Nationality: ct.ISO3, PassportType: t}]
			row.Cells = append(row.Cells, views.VisaRuleCell{Name: visaField(ct.ISO3, t),
				Required: convene.NeedsVisa(rules, host, ct.ISO3, t), Default: !recorded})
		}
		d.Rows = append(d.Rows, row)
	}
	return s.render(c, http.StatusOK, views.VisaRulesPage(d))
}

// handleVisaRulesSave records every box of the table as the secretariat's
// rule (a ticked box: visa required).
func (s *Server) handleVisaRulesSave(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	host, err := s.hostISO3(ctx, m)
	if err != nil {
		return err
	}
	cs, err := s.visaNationalities(ctx, m, host)
	if err != nil {
		return err
	}
	var rules []convene.VisaRule
	for _, ct := range cs {
		for _, t := range convene.PassportTypes {
			rules = append(rules, convene.VisaRule{HostCountryID: m.HostCountryID, Nationality: ct.ISO3, PassportType: t,
				VisaRequired: c.FormValue(visaField(ct.ISO3, t)) == "1"})
		}
	}
	if err := s.db.SaveVisaRules(ctx, m.HostCountryID, rules); err != nil {
		return err
	}
	return s.redirect(c, paths.VisaRules(m.Code), "Visa rules of "+m.HostCountryName+" saved.")
}

// handlePreNotification gives the secretariat the list the host's security
// and immigration authorities need: every accredited person with their
// travel document and flights (read from the one travel store), as XLSX,
// every cell neutralised against formulas; each export is audited.
func (s *Server) handlePreNotification(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	regs, _, err := s.db.FindRegistrations(ctx, convene.RegistrationFilter{MeetingID: m.ID,
		Statuses: []convene.RegistrationStatus{convene.RegAccredited}, Limit: 5000})
	if err != nil {
		return err
	}
	leg := func(l convene.TravelLeg) []string {
		if !l.Recorded() {
			return []string{"", "", ""}
		}
		return []string{l.Flight, l.Airport, convene.FormatInZone(l.At, l.Location(), "2006-01-02 15:04")}
	}
	rows := [][]string{{"Delegation", "Name", "Name in passport", "Role", "Position", "Nationality", "Passport type",
		"Passport number", "Passport expiry", "Date of birth", "Arrival flight", "Arrival airport", "Arrival (local)",
		"Departure flight", "Departure airport", "Departure (local)"}}
	for _, r := range regs {
		row := []string{r.Country.Name, r.DisplayName(), r.NameInPassport(), r.Role.Label(), r.Position, r.Nationality,
			r.PassportType.Label(), r.PassportNumber, r.PassportExpiry.String(), r.DateOfBirth.String()}
		rows = append(rows, append(append(row, leg(r.Arrival)...), leg(r.Departure)...))
	}
	if err := s.db.RecordExport(ctx, m.ID, "pre-notification xlsx", len(regs), true); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	h.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="pre-notification-%s.xlsx"`, strings.ToLower(m.Code)))
	h.Set(echo.HeaderCacheControl, "private, no-store")
	c.Response().WriteHeader(http.StatusOK)
	return roster.WriteTableXLSX(c.Response(), "Pre-notification: "+m.Title, "Pre-notification", rows)
}
