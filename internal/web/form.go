package web

import (
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
)

// Reading forms. A field that does not parse is a problem for that field,
// shown next to it on the 422 re-render with what was typed kept; it is
// never silently taken as zero.

// localTimeLayout is what an <input type="datetime-local"> sends.
const localTimeLayout = "2006-01-02T15:04"

// formValues copies the named form fields as typed, for the round trip.
func formValues(c echo.Context, names ...string) map[string]string {
	m := make(map[string]string, len(names))
	for _, n := range names {
		m[n] = c.FormValue(n)
	}
	return m
}

// boolValue is a checkbox's form value.
func boolValue(b bool) string {
	if b {
		return "1"
	}
	return ""
}

// formInt parses an integer field; a bad one is a field problem.
func formInt(v, field, msg string, p convene.Problems) int {
	n, err := strconv.Atoi(v)
	if err != nil {
		p.Add(field, msg)
	}
	return n
}

// formID parses the id of a record chosen from a list. Empty is 0, nothing
// chosen, for the rules to refuse where a choice is needed; anything else
// that is not a positive whole number is a problem for the field.
func formID(v, field, msg string, p convene.Problems) int64 {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		p.Add(field, msg)
		return 0
	}
	return id
}

// formDate parses a YYYY-MM-DD field; a bad one is a field problem.
func formDate(v, field, msg string, p convene.Problems) convene.Date {
	d, err := convene.ParseDate(v)
	if err != nil {
		p.Add(field, msg)
	}
	return d
}

// mergeProblems adds a validation error's field messages to p.
func mergeProblems(p convene.Problems, err error) {
	for k, v := range convene.ErrorFields(err) {
		p.Add(k, v)
	}
}

// fieldError puts a domain error's message next to one field.
func fieldError(err error, field string) error {
	if convene.ErrorCode(err) != convene.EINVALID {
		return err
	}
	return &convene.Error{Code: convene.EINVALID, Message: convene.ErrorMessage(err),
		Fields: map[string]string{field: convene.ErrorMessage(err)}}
}
