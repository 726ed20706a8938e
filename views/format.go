package views

import (
	"strconv"
	"time"

	"convene/internal/convene"
)

// idString formats a record id for a URL or a cell.
func idString(id int64) string { return strconv.FormatInt(id, 10) }

// itoa formats a count.
func itoa(n int) string { return strconv.Itoa(n) }

// shortDate is a day as tables show it, "25 Feb 2025": short enough to keep
// a row on one line, unambiguous in every ASEAN country (no 02/03 puzzles).
func shortDate(d convene.Date) string { return d.In(time.UTC).Format("2 Jan 2006") }
