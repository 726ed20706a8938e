package paths

import (
	"strconv"
	"strings"
)

// Scheduling the cycle: availability polls, the chair of each year, next
// year's calendar and the public holidays the planner weighs.

// PollNew opens a meeting's availability poll from the planner (POST).
func PollNew(code string) string { return meeting(code, "poll", "new") }

// Poll is a meeting's availability poll as the secretariat follows it.
func Poll(code string) string { return meeting(code, "poll") }

// PollRemind queues a reminder to the focal points who have not answered
// (POST).
func PollRemind(code string) string { return meeting(code, "poll", "remind") }

// PollConfirm fixes the meeting's dates to one of the poll's candidates
// (POST).
func PollConfirm(code string) string { return meeting(code, "poll", "confirm") }

// PollAnswer is the page where a delegation's focal point answers the poll,
// by the country's ISO 3166 alpha-3 code (lower case in the path).
func PollAnswer(code, iso3 string) string { return meeting(code, "poll", strings.ToLower(iso3)) }

// Chairs is the chair of each year and the Experts' Working Groups'
// co-chairs.
func Chairs() string { return "/chairs" }

// Chair is the form that records the chair of one year.
func Chair(year int) string { return join("chairs", strconv.Itoa(year)) }

// Cochairs records the co-chairs of an Experts' Working Group (POST).
func Cochairs() string { return join("chairs", "ewg") }

// CalendarYears is the calendar of several years from the first given.
func CalendarYears(from, years int) string {
	return query(Calendar(), "from", strconv.Itoa(from), "years", strconv.Itoa(years))
}

// CalendarGenerate is the review of next year's cycle generated from the
// meetings of year.
func CalendarGenerate(year int) string {
	return query(join("calendar", "generate"), "from", strconv.Itoa(year))
}

// CalendarGenerateForm is where the review's form posts (the year travels
// in the form).
func CalendarGenerateForm() string { return join("calendar", "generate") }

// HolidaysOf is the holidays page listing one year's holidays, of one
// country when iso3 is not empty.
func HolidaysOf(year int, iso3 string) string {
	kv := []string{"year", strconv.Itoa(year)}
	if iso3 != "" {
		kv = append(kv, "country", strings.ToUpper(iso3))
	}
	return query(Holidays(), kv...)
}

// Holiday is the form that changes one holiday.
func Holiday(id int64) string { return join("holidays", strconv.FormatInt(id, 10)) }

// HolidayVerify marks a holiday verified (POST).
func HolidayVerify(id int64) string { return join("holidays", strconv.FormatInt(id, 10), "verify") }

// HolidayDelete deletes a holiday (POST).
func HolidayDelete(id int64) string { return join("holidays", strconv.FormatInt(id, 10), "delete") }

// MeetingNewIn is the form that adds a meeting of kind planned for month
// ("2026-09"), so that its host and chair start from that year's chair.
func MeetingNewIn(kind, month string) string {
	return query(MeetingNew(), "kind", kind, "month", month)
}
