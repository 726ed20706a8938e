package convene

import (
	"sort"
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
	weekend := map[time.Weekday]bool{}
	for _, d := range in.Weekend {
		weekend[d] = true
	}
	var out []Candidate
	for s := first; !s.AddDays(n - 1).After(last); s = s.AddDays(1) {
		c := Candidate{Start: s, End: s.AddDays(n - 1)}
		for d := c.Start; !d.After(c.End); d = d.AddDays(1) {
			if weekend[d.Weekday()] {
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
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score < out[j].Score })
	return out
}
