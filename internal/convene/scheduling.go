package convene

import (
	"fmt"
	"strings"
	"time"
)

// NextStatuses returns the statuses a meeting may move to from s, s itself
// first. A meeting moves forward one step at a time (proposed, dates
// confirmed, registration open, registration closed, held) and can be
// cancelled at any point before it is held; a cancelled meeting may be
// proposed again, and a held meeting stays held.
func NextStatuses(s MeetingStatus) []MeetingStatus {
	out := []MeetingStatus{s}
	switch s {
	case StatusProposed:
		out = append(out, StatusDatesConfirmed)
	case StatusDatesConfirmed:
		out = append(out, StatusRegistrationOpen)
	case StatusRegistrationOpen:
		out = append(out, StatusRegistrationClosed)
	case StatusRegistrationClosed:
		out = append(out, StatusHeld, StatusRegistrationOpen)
	case StatusCancelled:
		return append(out, StatusProposed)
	case StatusHeld:
		return out
	}
	return append(out, StatusCancelled)
}

// CheckStatusChange reports, as a problem for the "status" field, a move the
// life of a meeting does not allow.
func CheckStatusChange(from, to MeetingStatus, p Problems) {
	if !oneOf(to, NextStatuses(from)) {
		p.Add("status", fmt.Sprintf("A meeting that is %q cannot become %q; move it one step at a time.",
			from.Label(), to.Label()))
	}
}

// ParseMonth parses "YYYY-MM" (what an <input type="month"> sends) into the
// first day of that month.
func ParseMonth(s string) (Date, error) {
	t, err := time.Parse("2006-01", strings.TrimSpace(s))
	if err != nil {
		return Date{}, fmt.Errorf("parse month %q: %w", s, err)
	}
	return DateOf(t), nil
}

// MonthValue formats d's month as "YYYY-MM", or "" for the zero Date.
func (d Date) MonthValue() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
}

// CloneOffset returns how many days a clone's programme moves: from the
// source's first day to the clone's.
func CloneOffset(src, dst Meeting) int { return src.StartDate.DaysUntil(dst.StartDate) }
