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

// Next year's calendar: from a year's meetings the secretariat reviews the
// next year's as Convene proposes them (same kinds and months, the next
// chair hosting) and creates those it ticks, in one transaction.

// cycleYear reads the year the cycle is generated from.
func cycleYear(v string) (int, error) {
	y, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || y < 1990 || y >= convene.MaxChairYear {
		return 0, convene.Errorf(convene.EINVALID, "The year must be a number such as 2025.")
	}
	return y, nil
}

// cyclePage builds the review of the next year's proposals from year's
// meetings, with the form f (the codes ticked).
func (s *Server) cyclePage(c echo.Context, year int, f views.Form) (templ.Component, error) {
	ctx := c.Request().Context()
	props, err := s.db.ProposeNextCycle(ctx, year)
	if err != nil {
		return nil, err
	}
	chairs, err := s.db.FindChairs(ctx, year+1, year+1)
	if err != nil {
		return nil, err
	}
	if f.Values == nil {
		f.Values = map[string]string{}
		var ticked []string
		for _, p := range props {
			if !p.Exists {
				ticked = append(ticked, p.Meeting.Code)
			}
		}
		f.Values["meetings"] = strings.Join(ticked, " ")
	}
	return views.CyclePage(year, convene.ChairOf(chairs, year+1), props, f), nil
}

// handleCycleReview lists next year's meetings as proposed from ?from's,
// every one not yet created ticked.
func (s *Server) handleCycleReview(c echo.Context) error {
	year, err := cycleYear(c.QueryParam("from"))
	if err != nil {
		return err
	}
	page, err := s.cyclePage(c, year, views.Form{})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, page)
}

// handleCycleCreate creates the ticked proposals; nothing ticked comes
// back on the review page (422, nothing written).
func (s *Server) handleCycleCreate(c echo.Context) error {
	year, err := cycleYear(c.FormValue("from"))
	if err != nil {
		return err
	}
	codes := c.Request().PostForm["meetings"]
	f := views.Form{Values: map[string]string{"meetings": strings.Join(codes, " ")}}
	page := func(f views.Form) (templ.Component, error) { return s.cyclePage(c, year, f) }
	made, err := s.db.CreateNextCycle(c.Request().Context(), year, codes)
	if err != nil {
		return s.renderFormOf(c, err, page, f)
	}
	return s.redirect(c, paths.CalendarYears(year, 2), fmt.Sprintf("%d %s of the %d cycle created as proposals known to the month.",
		len(made), pluralWord(len(made), "meeting", "meetings"), year+1))
}
