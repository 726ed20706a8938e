package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// defaultDelegatesPerPage is how many people one page of the delegates list
// shows: a delegation's worth several times over, few enough that the page
// stays quick when a meeting has hundreds of delegates (BENCHMARKS.md).
// Server.delegatesPerPage holds it, so that a test can page the small test
// dataset on its own server.
const defaultDelegatesPerPage = 100

// handleDelegates is the meeting's delegates list with filters by status,
// role and delegation and a name search in any script. A focal point's list
// holds only their own country, whatever the filter says.
func (s *Server) handleDelegates(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	a := actor(c)
	f := views.Form{Values: map[string]string{"q": c.QueryParam("q"), "status": c.QueryParam("status"),
		"role": c.QueryParam("role"), "country": strings.ToUpper(c.QueryParam("country"))}}
	// A page number out of range or garbage shows the first page: a pager
	// link that went stale must not become an error.
	page := 1
	if n, err := strconv.Atoi(c.QueryParam("page")); err == nil && n > 1 && n <= 10000 {
		page = n
	}
	perPage := s.delegatesPerPage
	rf := convene.RegistrationFilter{MeetingID: m.ID, Query: f.Get("q"), Role: convene.DelegateRole(f.Get("role")),
		Limit: perPage, Offset: (page - 1) * perPage}
	if st := f.Get("status"); st != "" {
		rf.Statuses = []convene.RegistrationStatus{convene.RegistrationStatus(st)}
	}
	countries, err := s.db.FindCountries(ctx)
	if err != nil {
		return err
	}
	countryOpts := []views.Option{{Value: "", Label: "All"}}
	for _, ct := range countries {
		if !convene.CanSeeCountry(a, ct.ID) {
			continue
		}
		countryOpts = append(countryOpts, views.Option{Value: ct.ISO3, Label: ct.Name})
		if ct.ISO3 == f.Get("country") {
			rf.CountryID = ct.ID
		}
	}
	if !a.Role.IsSecretariat() && a.Role != convene.RoleOrganiser {
		if a.CountryID == 0 {
			return convene.NotFound("Meeting")
		}
		rf.CountryID = a.CountryID
	}
	people, total, err := s.db.FindDelegateList(ctx, rf)
	if err != nil {
		return err
	}
	rows := make([]views.PersonRow, len(people))
	for i, p := range people {
		rows[i] = listRow(a, m, p)
	}
	statuses := []views.Option{{Value: "", Label: "All"}}
	for _, st := range []convene.RegistrationStatus{convene.RegNominated, convene.RegSubmitted, convene.RegReturned,
		convene.RegAccredited, convene.RegWaitlisted, convene.RegRejected, convene.RegWithdrawn} {
		statuses = append(statuses, views.Option{Value: string(st), Label: st.Label()})
	}
	roles := []views.Option{{Value: "", Label: "All"}}
	for _, r := range convene.DelegateRoles {
		roles = append(roles, views.Option{Value: string(r), Label: r.Label()})
	}
	pager := views.ListPager{First: rf.Offset + 1, Last: rf.Offset + len(rows), Total: total}
	filter := paths.DelegatesFilter{Query: f.Get("q"), Status: f.Get("status"), Role: f.Get("role"),
		Country: f.Get("country")}
	if page > 1 {
		filter.Page = page - 1
		pager.Previous = paths.DelegatesList(m.Code, filter)
	}
	if rf.Offset+len(rows) < total {
		filter.Page = page + 1
		pager.Next = paths.DelegatesList(m.Code, filter)
	}
	return s.render(c, http.StatusOK, views.DelegatesPage(m, rows, pager, f, statuses, roles, countryOpts))
}

// listRow is a person as a row of the delegates list (views.Roster) shows
// them, from the list's narrow read (FindDelegateList): the passport number
// in full for the secretariat only, as personRow does.
func listRow(a convene.Actor, m convene.Meeting, p convene.Delegate) views.PersonRow {
	r := views.PersonRow{ID: p.ID, Href: paths.Person(m.Code, p.ID), Name: p.DisplayName(), FullName: p.FullName(),
		Country: p.Country, Position: p.Position, Role: p.Role, Status: p.Status, WaitlistPos: p.WaitlistPos,
		Dietary: convene.DietaryLabel(p.Dietary, p.DietaryOther), Passport: convene.MaskPassport(p.PassportNumber)}
	if a.Role.IsSecretariat() {
		r.Passport = p.PassportNumber
	}
	return r
}
