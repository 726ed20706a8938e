package views

import "strconv"

// idString formats a record id for a URL or a cell.
func idString(id int64) string { return strconv.FormatInt(id, 10) }

// itoa formats a count.
func itoa(n int) string { return strconv.Itoa(n) }
