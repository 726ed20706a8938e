package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
)

// Reading forms. A field that does not parse is a problem for that field,
// shown next to it on the 422 re-render with what was typed kept; it is
// never silently taken as zero.
//
// Text hygiene happens before any handler reads a field, in one place:
// checkText, which register installs on every route, runs
// convene.CheckSingleLine on every value a POST carries (form body and
// query alike, since c.FormValue reads both) and convene.CheckMultiLine on
// the fields multiLineFields declares for that route. A refused value does
// three things, none of them in the handler:
//
//   - the verdict goes into the request's context, and the store's one
//     write path (sqlite's update) refuses every write of that request, so
//     nothing is saved whatever the handler does;
//   - the shared form components (views/form.templ) show each refused
//     field's message next to it, with the typed value kept, on whatever
//     page the handler renders;
//   - the answer is 422: the handler's own refusal, the store's refusal
//     rendered as the form (renderForm), or the error handler's 422.
//
// A new form therefore gets the checks without a line of its own; a new
// textarea must be named in multiLineFields (its newlines are refused until
// it is, which its first test shows). Passwords are not checked: they are
// hashed, never shown or exported.

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

// multiLineFields names, by route, the fields that are textareas: notes,
// medical needs, reasons, messages, a pasted CSV. Every other field of every
// route is single-line.
var multiLineFields = map[string][]string{
	"VenueNotes":       {"dress_code", "wifi", "prayer_rooms", "medical", "security"},
	"SessionNew":       {"public_notes", "internal_notes"},
	"Session":          {"public_notes", "internal_notes"},
	"DelegateNew":      {"medical"},
	"DelegateEdit":     {"medical"},
	"Register":         {"medical"},
	"DelegateDecision": {"reason"},
	"BilateralNew":     {"notes"},
	"BilateralRespond": {"response"},
	"Holidays":         {"csv"},
	"LetterTemplate":   {"body", "signatory"},
}

// ctxRefusedInput holds the *convene.Error of a request whose text was refused.
const ctxRefusedInput = "refused_input"

// uncheckedField is a field whose value is not text to keep: passwords
// (hashed, never shown) and the CSRF token (compared as it is).
func uncheckedField(name string) bool {
	return name == "_csrf" || strings.Contains(name, "password")
}

// checkText is the text hygiene of one route (see the top of this file);
// multiLine are the route's textareas.
func checkText(multiLine []string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			if r.Method != http.MethodPost {
				return next(c)
			}
			if r.Form == nil {
				// Not a form body (limitBody parsed those): the query is
				// still what c.FormValue would read.
				_ = r.ParseForm()
			}
			p := convene.Problems{}
			for name, values := range r.Form {
				if uncheckedField(name) {
					continue
				}
				check := convene.CheckSingleLine
				if slices.Contains(multiLine, name) {
					check = convene.CheckMultiLine
				}
				for _, v := range values {
					if err := check(v); err != nil {
						p.Add(name, convene.ErrorMessage(err))
					}
				}
			}
			if len(p) > 0 {
				err := &convene.Error{Code: convene.EINVALID, Fields: p,
					Message: "Some of what you typed holds characters Convene does not keep; see the fields marked below."}
				c.Set(ctxRefusedInput, err)
				c.SetRequest(r.WithContext(convene.WithRefusedInput(r.Context(), err)))
			}
			return next(c)
		}
	}
}

// refusedInput returns the request's refused text (a field error for
// renderForm), or nil. Handlers that answer before they write (sign-in,
// second factor) use it to skip their work; others need not look.
func refusedInput(c echo.Context) error {
	if err, ok := c.Get(ctxRefusedInput).(*convene.Error); ok {
		return err
	}
	return nil
}

// refusedFields are the messages of the request's refused fields, for the
// page (views.PageContext.Refused).
func refusedFields(c echo.Context) map[string]string {
	if err, ok := c.Get(ctxRefusedInput).(*convene.Error); ok {
		return err.Fields
	}
	return nil
}
