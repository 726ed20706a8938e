package sqlite

import (
	"time"

	"convene/internal/convene"
)

// timeFormat stores instants as fixed-width UTC text so that they sort as text.
const timeFormat = "2006-01-02T15:04:05.000Z"

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeFormat)
}

func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(timeFormat, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

func formatDate(d convene.Date) string { return d.String() }

func parseDate(s string) convene.Date {
	d, _ := convene.ParseDate(s)
	return d
}

// dateOrEmpty stores a date that may be unset as "" rather than the zero
// date's text.
func dateOrEmpty(d convene.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// nullID stores the id 0 (no record) as NULL, for optional foreign keys.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
