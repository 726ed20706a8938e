package web

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/internal/sqlite"
	"convene/views"
)

// homePageSize is how many meetings one page of the landing page shows: a
// cycle's meetings (about a dozen a year) with room to spare.
const homePageSize = 24

// homeList reads the page of the landing page the query asks for:
// ?page=N (from 1) of the upcoming meetings, or with ?past=1 of the past
// ones. Only that page is read and rendered, however many meetings the
// file holds; the calendar shows every meeting of a year.
func (s *Server) homeList(c echo.Context) (views.HomeList, error) {
	ctx := c.Request().Context()
	page := 1
	if v := c.QueryParam("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10000 {
			return views.HomeList{}, convene.Errorf(convene.EINVALID, "The page asked for does not exist.")
		}
		page = n
	}
	past := false
	switch c.QueryParam("past") {
	case "":
	case "1":
		past = true
	default:
		return views.HomeList{}, convene.Errorf(convene.EINVALID, "The page asked for does not exist.")
	}
	// The store's day: a meeting is listed as upcoming through its end
	// date, in UTC, which errs by hours towards keeping it listed.
	today := convene.DateOf(s.db.Now().UTC())
	offset := (page - 1) * homePageSize
	var h views.HomeList

	if past {
		ms, more, err := s.db.FindMeetingsAround(ctx, sqlite.MeetingWindow{Today: today, Past: true,
			Offset: offset, Limit: homePageSize})
		if err != nil {
			return h, err
		}
		if page > 1 && len(ms) == 0 {
			return h, convene.NotFound("Page")
		}
		h.Past, h.PastOnly = ms, true
		if page == 1 {
			h.Links = append(h.Links, views.PageLink{Label: "Upcoming meetings", Href: paths.Home(), Rel: "prev"})
		} else {
			h.Links = append(h.Links, views.PageLink{Label: "Later meetings", Href: paths.HomePage(true, page-1), Rel: "prev"})
		}
		if more {
			h.Links = append(h.Links, views.PageLink{Label: "Earlier meetings", Href: paths.HomePage(true, page+1), Rel: "next"})
		}
		return h, nil
	}

	ms, more, err := s.db.FindMeetingsAround(ctx, sqlite.MeetingWindow{Today: today, Offset: offset, Limit: homePageSize})
	if err != nil {
		return h, err
	}
	h.Upcoming = ms
	// The first page fills the room the upcoming meetings leave with the
	// latest past ones, so that between cycles it still shows the last one.
	// Asking for none still says whether any past meeting exists.
	room := 0
	if page == 1 {
		room = homePageSize - len(ms)
	}
	recent, earlier, err := s.db.FindMeetingsAround(ctx, sqlite.MeetingWindow{Today: today, Past: true, Limit: room})
	if err != nil {
		return h, err
	}
	h.Past = recent
	if page > 1 {
		h.Links = append(h.Links, views.PageLink{Label: "Sooner meetings", Href: paths.HomePage(false, page-1), Rel: "prev"})
	}
	if more {
		h.Links = append(h.Links, views.PageLink{Label: "More upcoming meetings", Href: paths.HomePage(false, page+1), Rel: "next"})
	}
	if earlier {
		h.Links = append(h.Links, views.PageLink{Label: "Earlier meetings", Href: paths.HomePage(true, 1)})
	}
	if page > 1 && len(ms) == 0 {
		return h, convene.NotFound("Page")
	}
	return h, nil
}
