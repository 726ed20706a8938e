package convene

import (
	"errors"
	"fmt"
	"sort"
)

// Error codes. The web layer maps each code to one HTTP status in one place
// (internal/web/errors.go), so the domain never needs to know about HTTP.
const (
	ECONFLICT     = "conflict"     // the change collides with existing data (duplicate, clash, race lost)
	EINTERNAL     = "internal"     // a bug or an infrastructure failure; details are logged, never shown
	EINVALID      = "invalid"      // the input breaks a rule; Fields says which field and why
	ENOTFOUND     = "not_found"    // no such record, or one the actor may not know exists
	EFORBIDDEN    = "forbidden"    // the actor is known but may not do this
	EUNAUTHORIZED = "unauthorized" // the actor must sign in first
	ETOOLARGE     = "too_large"    // an upload or body is over its limit
	ETOOMANY      = "too_many"     // too many attempts; wait and try again
	EGONE         = "gone"         // the record existed but is no longer usable (a withdrawn person's link)
)

// Error is the one error type the domain returns. Message is safe to show to
// the user; Fields maps form field names to a plain-words message that the
// form shows next to the field.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("convene error: code=%s message=%s", e.Code, e.Message)
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return fmt.Sprintf("convene error: code=%s message=%s fields=%v", e.Code, e.Message, keys)
}

// Errorf returns an *Error with the given code and a formatted, user-safe message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// NotFound is the answer for a missing record and for a record the actor may
// not see: both must look exactly the same from outside.
func NotFound(what string) *Error {
	return &Error{Code: ENOTFOUND, Message: what + " not found."}
}

// ErrorCode returns the code of a domain error, or EINTERNAL for any other error.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of a domain error, or a generic
// message for any other error so that internal details never reach a page.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Something went wrong on our side. The secretariat has been told."
}

// ErrorFields returns the per-field messages of a validation error, or nil.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Problems collects field messages during validation so that a form can show
// every problem at once instead of one per submit.
type Problems map[string]string

// Add records a message for a field unless one is already recorded: the first
// problem found is usually the most basic one.
func (p Problems) Add(field, message string) {
	if _, ok := p[field]; !ok {
		p[field] = message
	}
}

// Err returns an EINVALID *Error carrying the problems, or nil when there are none.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "Please correct the fields marked below.", Fields: map[string]string(p)}
}
