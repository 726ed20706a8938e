package convene

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// PlanInput is what the date planner weighs for a meeting known only to
// the month.
type PlanInput struct {
	Meeting   Meeting
	Countries map[int64]string // participating countries, by id
	Holidays  []Holiday        // of those countries, at least in the month
	// Region is the ISO 3166-2 code of the venue's state or region: a
	// regional holiday counts only there. Empty when the meeting has no
	// venue or its venue records no region, so that only national
	// holidays count.
	Region   string
	Others   []Meeting      // other meetings, to avoid
	Weekend  []time.Weekday // days no session should fall on
	Today    Date           // the planning day
	LeadDays int            // invitations need this many days before the first day

	// Participants are the participating countries in protocol order, with
	// their standing on the meeting's day (Countries indexes their names).
	Participants []Country
	// HolidaysRecorded holds the participants with at least one holiday
	// recorded in the meeting's year: for the others the planner cannot
	// see a holiday, and says so (MissingHolidays).
	HolidaysRecorded map[int64]bool
}

// MissingHolidays names, in protocol order, the participating countries
// with no holiday recorded in the year the meeting is planned in; an
// organisation (the ASEAN Secretariat) keeps its host country's holidays
// and is never named.
func (in PlanInput) MissingHolidays() []string {
	var out []string
	for _, c := range in.Participants {
		if c.Standing != StandingOrganisation && !in.HolidaysRecorded[c.ID] {
			out = append(out, c.Name)
		}
	}
	return out
}

// MissingHolidaysMessage is the planner's warning about MissingHolidays,
// e.g. "No holidays recorded for Myanmar in 2029: import them.", or "" when
// every participant has some.
func (in PlanInput) MissingHolidaysMessage() string {
	names := in.MissingHolidays()
	if len(names) == 0 {
		return ""
	}
	return fmt.Sprintf("No holidays recorded for %s in %d: import them.", joinAnd(names), in.Meeting.StartDate.Year)
}

// joinAnd joins names as a sentence does: "A", "A and B", "A, B and C".
func joinAnd(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// Candidate is one possible date range for a tentative meeting, with
// everything it collides with in plain words.
type Candidate struct {
	Start, End Date
	Holidays   []Holiday
	Weekend    []Date
	Meetings   []string // other meetings on those days
	TooSoon    bool     // fewer than LeadDays from Today
	Score      int      // lower is better
}

// Label is the candidate's dates, e.g. "16–17 September 2025".
func (c Candidate) Label() string {
	m := Meeting{DatePrecision: PrecisionDay, StartDate: c.Start, EndDate: c.End}
	return m.DatesLabel()
}

// Clean reports whether the candidate collides with nothing.
func (c Candidate) Clean() bool {
	return len(c.Holidays) == 0 && len(c.Weekend) == 0 && len(c.Meetings) == 0 && !c.TooSoon
}

// PlanDates lists every range of the meeting's length inside its month and
// ranks them: public holidays of a participant weigh most (someone cannot
// come), then other meetings, then weekends and a short lead time.
func PlanDates(in PlanInput) []Candidate {
	m := in.Meeting
	n := max(m.LengthDays, 1)
	first, last := m.StartDate.MonthStart(), m.StartDate.MonthEnd()
	var out []Candidate
	for s := first; !s.AddDays(n - 1).After(last); s = s.AddDays(1) {
		out = append(out, in.Evaluate(s))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score < out[j].Score })
	return out
}

// Evaluate is the candidate of the meeting's length from start, with
// everything it collides with and its score: 10 a participant's public
// holiday (national, or of the venue's region), 8 another meeting, 3 a
// weekend day, 20 when too soon for invitations. PlanDates ranks every
// range of the month by it; a poll's candidates are weighed by it too.
func (in PlanInput) Evaluate(start Date) Candidate {
	m := in.Meeting
	c := Candidate{Start: start, End: start.AddDays(max(m.LengthDays, 1) - 1)}
	for d := c.Start; !d.After(c.End); d = d.AddDays(1) {
		if slices.Contains(in.Weekend, d.Weekday()) {
			c.Weekend = append(c.Weekend, d)
		}
	}
	for _, h := range in.Holidays {
		if _, ok := in.Countries[h.CountryID]; ok && h.appliesIn(in.Region) && !h.Date.Before(c.Start) && !h.Date.After(c.End) {
			c.Holidays = append(c.Holidays, h)
		}
	}
	for _, o := range in.Others {
		if o.ID == m.ID || o.Tentative() || o.Status == StatusCancelled {
			continue
		}
		if !o.EndDate.Before(c.Start) && !o.StartDate.After(c.End) {
			c.Meetings = append(c.Meetings, o.Title)
		}
	}
	c.TooSoon = !in.Today.IsZero() && in.Today.DaysUntil(c.Start) < in.LeadDays
	c.Score = 10*len(c.Holidays) + 8*len(c.Meetings) + 3*len(c.Weekend)
	if c.TooSoon {
		c.Score += 20
	}
	return c
}
