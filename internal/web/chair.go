package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// The chair of each year (recorded, or proposed from the rotation) and the
// co-chairs of the Experts' Working Groups: one page to read them, a form
// per year to correct a chair, and a form to record co-chairs.

// chairsAhead is how many years past this one (or past the last year
// entered) the chairs page proposes.
const chairsAhead = 6

// chairsPage builds the chairs page with the co-chairs form f.
func (s *Server) chairsPage(c echo.Context, f views.Form) (templ.Component, error) {
	ctx := c.Request().Context()
	year := s.db.Now().In(s.cfg.TimeZone).Year()
	chairs, err := s.db.FindChairs(ctx, convene.MinChairYear, year+chairsAhead)
	if err != nil {
		return nil, err
	}
	for _, ch := range chairs {
		if !ch.Rotation && ch.Year > year {
			year = ch.Year
		}
	}
	if chairs, err = s.db.FindChairs(ctx, convene.MinChairYear, year+chairsAhead); err != nil {
		return nil, err
	}
	cochairs, err := s.db.FindCochairs(ctx)
	if err != nil {
		return nil, err
	}
	countries, err := s.db.FindCountries(ctx)
	if err != nil {
		return nil, err
	}
	var o views.CochairOptions
	for _, k := range convene.EWGKinds {
		o.Kinds = append(o.Kinds, views.Option{Value: string(k), Label: k.EWGTopic()})
	}
	o.Members, o.Partners = []views.Option{{Value: "", Label: "Choose…"}}, []views.Option{{Value: "", Label: "Choose…"}}
	for _, ct := range countries {
		switch ct.Standing {
		case convene.StandingMember:
			o.Members = append(o.Members, views.Option{Value: ct.ISO3, Label: ct.Name})
		case convene.StandingPartner:
			o.Partners = append(o.Partners, views.Option{Value: ct.ISO3, Label: ct.Name})
		}
	}
	return views.ChairsPage(chairs, cochairs, o, f), nil
}

func (s *Server) handleChairs(c echo.Context) error {
	page, err := s.chairsPage(c, views.Form{Values: map[string]string{"kind": string(convene.KindEWGMaritimeSecurity)}})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, page)
}

// pathYear reads the year of the path; anything else is "not found".
func pathYear(c echo.Context) (int, error) {
	y, err := strconv.Atoi(c.Param("year"))
	if err != nil || y < convene.MinChairYear || y > convene.MaxChairYear {
		return 0, convene.NotFound("Year")
	}
	return y, nil
}

// chairFormPage is the form that records the chair of year: the Member
// States on the first of January of that year to choose from.
func (s *Server) chairFormPage(c echo.Context, year int, current convene.Chair, f views.Form) (templ.Component, error) {
	cs, err := s.db.FindCountriesOn(c.Request().Context(), convene.ChairDay(year))
	if err != nil {
		return nil, err
	}
	countries := []views.Option{{Value: "", Label: "Choose…"}}
	for _, ct := range convene.MemberStates(cs) {
		countries = append(countries, views.Option{Value: ct.ISO3, Label: ct.Name})
	}
	var statuses []views.Option
	for _, st := range convene.ChairStatuses {
		statuses = append(statuses, views.Option{Value: string(st), Label: st.Label()})
	}
	return views.ChairFormPage(year, current, countries, statuses, f), nil
}

// handleChairForm shows the chair of a year, to correct.
func (s *Server) handleChairForm(c echo.Context) error {
	year, err := pathYear(c)
	if err != nil {
		return err
	}
	chairs, err := s.db.FindChairs(c.Request().Context(), year, year)
	if err != nil {
		return err
	}
	cur := convene.ChairOf(chairs, year)
	f := views.Form{Values: map[string]string{"country": cur.Country.ISO3, "status": string(cur.Status), "note": cur.Note}}
	if f.Values["status"] == "" || cur.Rotation {
		f.Values["status"] = string(convene.ChairRecorded)
	}
	page, err := s.chairFormPage(c, year, cur, f)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, page)
}

// handleChairSave records the chair of a year; a country that is not a
// Member State on the first of January of that year is refused next to the
// field (422, kept).
func (s *Server) handleChairSave(c echo.Context) error {
	ctx := c.Request().Context()
	year, err := pathYear(c)
	if err != nil {
		return err
	}
	chairs, err := s.db.FindChairs(ctx, year, year)
	if err != nil {
		return err
	}
	cur := convene.ChairOf(chairs, year)
	f := views.Form{Values: formValues(c, "country", "status", "note")}
	page := func(f views.Form) (templ.Component, error) { return s.chairFormPage(c, year, cur, f) }
	ch := convene.Chair{Year: year, Status: convene.ChairStatus(f.Get("status")), Note: strings.TrimSpace(f.Get("note"))}
	if iso := strings.ToUpper(strings.TrimSpace(f.Get("country"))); iso != "" {
		ct, err := s.db.FindCountryByISO3(ctx, iso)
		if err != nil {
			return s.renderFormOf(c, convene.Problems{"country": "Choose a Member State from the list."}.Err(), page, f)
		}
		ch.Country = ct
	}
	if err := s.db.SaveChair(ctx, ch); err != nil {
		return s.renderFormOf(c, err, page, f)
	}
	return s.redirect(c, paths.Chairs(), fmt.Sprintf("%d: %s, %s.", year, ch.Country.Name, strings.ToLower(ch.Status.Label())))
}

// handleCochairsSave records the co-chairs of an Experts' Working Group
// for a three-year cycle; a refusal comes back on the chairs page next to
// its field (422, kept).
func (s *Server) handleCochairsSave(c echo.Context) error {
	ctx := c.Request().Context()
	f := views.Form{Values: formValues(c, "kind", "first_year", "member", "partner")}
	page := func(f views.Form) (templ.Component, error) { return s.chairsPage(c, f) }
	p := convene.Problems{}
	co := convene.Cochairs{Kind: convene.MeetingKind(f.Get("kind")),
		FirstYear: formInt(strings.TrimSpace(f.Get("first_year")), "first_year", "Enter the cycle's first year, e.g. 2024.", p)}
	for _, side := range []struct {
		field string
		into  *convene.Country
	}{{"member", &co.Member}, {"partner", &co.Partner}} {
		if iso := strings.ToUpper(strings.TrimSpace(f.Get(side.field))); iso != "" {
			ct, err := s.db.FindCountryByISO3(ctx, iso)
			if err != nil {
				p.Add(side.field, "Choose a country from the list.")
			}
			*side.into = ct
		}
	}
	if err := p.Err(); err != nil {
		return s.renderFormOf(c, err, page, f)
	}
	if err := s.db.SaveCochairs(ctx, co); err != nil {
		return s.renderFormOf(c, err, page, f)
	}
	return s.redirect(c, paths.Chairs(), fmt.Sprintf("%s, %d–%d: co-chaired by %s and %s.", co.Kind.EWGTopic(),
		co.FirstYear, co.FirstYear+convene.EWGCycleYears-1, co.Member.Name, co.Partner.Name))
}
