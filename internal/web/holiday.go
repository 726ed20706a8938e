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

// The public holidays the planner weighs: a year's list (of one country
// if asked), where the secretariat marks a row verified, edits or deletes
// it, and imports another year as CSV. Every change is audited.

// holidayFormFields are the holiday form's fields, in round-trip order.
var holidayFormFields = []string{"date", "name", "region", "source", "verified"}

// holidaysPage reads the list the query asks for (?year=, ?country=) and
// returns the page with the import form f.
func (s *Server) holidaysPage(c echo.Context, f views.Form) (templ.Component, error) {
	ctx := c.Request().Context()
	year, err := strconv.Atoi(c.QueryParam("year"))
	if c.QueryParam("year") == "" {
		year = s.db.Now().In(s.cfg.TimeZone).Year()
	} else if err != nil || year < 1990 || year > convene.MaxChairYear {
		return nil, convene.Errorf(convene.EINVALID, "The year must be a number such as 2026.")
	}
	countries, err := s.db.FindCountries(ctx)
	if err != nil {
		return nil, err
	}
	iso := strings.ToUpper(strings.TrimSpace(c.QueryParam("country")))
	var country convene.Country
	for _, ct := range countries {
		if ct.ISO3 == iso {
			country = ct
		}
	}
	if iso != "" && country.ID == 0 {
		return nil, convene.Errorf(convene.EINVALID, "Choose a country from the list.")
	}
	hs, err := s.db.FindHolidays(ctx, year, country.ID)
	if err != nil {
		return nil, err
	}
	n, err := s.db.FindHolidayCount(ctx)
	if err != nil {
		return nil, err
	}
	return views.HolidaysPage(views.HolidayList{Year: year, Country: country, Countries: countries, Holidays: hs,
		Total: n}, f), nil
}

func (s *Server) handleHolidays(c echo.Context) error {
	page, err := s.holidaysPage(c, views.Form{})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, page)
}

// handleHolidaysImport imports pasted CSV. A malformed line or an unknown
// country refuses the whole import with the line named (422, the text
// kept, nothing written).
func (s *Server) handleHolidaysImport(c echo.Context) error {
	ctx := c.Request().Context()
	f := views.Form{Values: formValues(c, "csv")}
	page := func(f views.Form) (templ.Component, error) { return s.holidaysPage(c, f) }
	hs, err := convene.ParseHolidayCSV(strings.NewReader(f.Get("csv")))
	if err == nil && len(hs) == 0 {
		err = convene.Errorf(convene.EINVALID, "Paste at least one holiday.")
	}
	if err != nil {
		return s.renderFormOf(c, fieldError(err, "csv"), page, f)
	}
	added, err := s.db.ImportHolidays(ctx, hs)
	if err != nil {
		return s.renderFormOf(c, fieldError(err, "csv"), page, f)
	}
	return s.redirect(c, paths.Holidays(), strconv.Itoa(added)+" holidays added ("+strconv.Itoa(len(hs)-added)+" already known).")
}

// pathHoliday finds the holiday the path's :id names.
func (s *Server) pathHoliday(c echo.Context) (convene.Holiday, error) {
	id, err := pathID(c, "id", "Holiday")
	if err != nil {
		return convene.Holiday{}, err
	}
	return s.db.FindHolidayByID(c.Request().Context(), id)
}

// handleHolidayForm shows the form that changes one holiday.
func (s *Server) handleHolidayForm(c echo.Context) error {
	h, err := s.pathHoliday(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: map[string]string{"date": h.Date.String(), "name": h.Name, "region": h.Region,
		"source": h.Source, "verified": boolValue(h.Verified)}}
	return s.render(c, http.StatusOK, views.HolidayFormPage(h, f))
}

// handleHolidayUpdate saves a holiday's day, name, region, source and
// verified flag; bad input comes back next to its field (422, kept).
func (s *Server) handleHolidayUpdate(c echo.Context) error {
	h, err := s.pathHoliday(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, holidayFormFields...)}
	page := func(f views.Form) templ.Component { return views.HolidayFormPage(h, f) }
	p := convene.Problems{}
	upd := convene.Holiday{Date: formDate(strings.TrimSpace(f.Get("date")), "date", "Enter the day as YYYY-MM-DD.", p),
		Name: f.Get("name"), Region: f.Get("region"), Source: f.Get("source"), Verified: f.Get("verified") == "1"}
	if err := p.Err(); err != nil {
		return s.renderForm(c, err, page, f)
	}
	if err := s.db.UpdateHoliday(c.Request().Context(), h.ID, upd); err != nil {
		return s.renderForm(c, err, page, f)
	}
	return s.redirect(c, paths.HolidaysOf(upd.Date.Year, h.ISO3), fmt.Sprintf("%s: %s saved.", h.Country, strings.TrimSpace(upd.Name)))
}

// handleHolidayVerify marks a holiday verified against its announcement.
func (s *Server) handleHolidayVerify(c echo.Context) error {
	h, err := s.pathHoliday(c)
	if err != nil {
		return err
	}
	if h, err = s.db.VerifyHoliday(c.Request().Context(), h.ID); err != nil {
		return err
	}
	return s.redirect(c, paths.HolidaysOf(h.Date.Year, h.ISO3), h.HolidayLabel()+" is verified.")
}

// handleHolidayDelete removes a holiday.
func (s *Server) handleHolidayDelete(c echo.Context) error {
	h, err := s.pathHoliday(c)
	if err != nil {
		return err
	}
	if h, err = s.db.DeleteHoliday(c.Request().Context(), h.ID); err != nil {
		return err
	}
	return s.redirect(c, paths.HolidaysOf(h.Date.Year, h.ISO3), h.HolidayLabel()+" is deleted.")
}

// askHolidayDelete is the question before a holiday is deleted: the
// planner stops counting it.
func (s *Server) askHolidayDelete(c echo.Context) (views.Confirm, error) {
	h, err := s.pathHoliday(c)
	if err != nil {
		return views.Confirm{}, err
	}
	return views.Confirm{Title: fmt.Sprintf("Delete %s?", h.HolidayLabel()),
		Detail: "The date planner stops counting it for " + h.Country + ". Importing the year's list again brings it back.",
		Button: "Delete this holiday", Fallback: paths.HolidaysOf(h.Date.Year, h.ISO3)}, nil
}
