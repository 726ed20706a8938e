package web

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
)

// Reading the path and the query. A value that does not parse is never
// taken as zero: a bad id in the path answers 404, exactly like an id that
// does not exist; a bad value in a query answers 400 (EINVALID on a GET).

// pathMeeting finds the meeting the path's :code names.
func (s *Server) pathMeeting(c echo.Context) (convene.Meeting, error) {
	return s.db.FindMeetingByCode(c.Request().Context(), c.Param("code"))
}

// pathID parses a numeric id from the path; anything else is "not found",
// exactly like an id that does not exist.
func pathID(c echo.Context, name, what string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, convene.NotFound(what)
	}
	return id, nil
}

// queryID parses an optional id from the query: 0 when absent, EINVALID
// with msg when present but not a positive whole number.
func queryID(c echo.Context, name, msg string) (int64, error) {
	v := c.QueryParam(name)
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, convene.Errorf(convene.EINVALID, "%s", msg)
	}
	return id, nil
}
