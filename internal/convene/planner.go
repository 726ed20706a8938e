package convene

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// Holiday is a national public holiday of one participating country.
type Holiday struct {
	CountryID int64
	ISO3      string
	Country   string
	Date      Date
	Name      string
	Verified  bool // checked against a published list
	Source    string
}

// ParseHolidayCSV reads holidays as "country,date,name,verified,source"
// (a header row, '#' comment lines; verified is yes or no). Problems name
// the line, so that an import can say which row to fix.
func ParseHolidayCSV(r io.Reader) ([]Holiday, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	var out []Holiday
	header := true
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, Errorf(EINVALID, "Line %d of the CSV cannot be read: check the quotes and commas.", line)
		}
		if header {
			header = false
			if len(rec) > 0 && strings.EqualFold(strings.TrimSpace(rec[0]), "country") {
				continue
			}
		}
		if len(rec) < 3 {
			return nil, Errorf(EINVALID, "Line %d needs at least country, date and name.", line)
		}
		h := Holiday{ISO3: strings.ToUpper(strings.TrimSpace(rec[0])), Name: strings.TrimSpace(rec[2])}
		if len(h.ISO3) != 3 {
			return nil, Errorf(EINVALID, "Line %d: %q is not a three-letter country code such as MYS.", line, rec[0])
		}
		if h.Date, err = ParseDate(strings.TrimSpace(rec[1])); err != nil {
			return nil, Errorf(EINVALID, "Line %d: %q is not a date as YYYY-MM-DD.", line, rec[1])
		}
		if h.Name == "" {
			return nil, Errorf(EINVALID, "Line %d: the holiday has no name.", line)
		}
		if len(rec) > 3 {
			h.Verified = strings.EqualFold(strings.TrimSpace(rec[3]), "yes")
		}
		if len(rec) > 4 {
			h.Source = strings.TrimSpace(rec[4])
		}
		out = append(out, h)
	}
	return out, nil
}

// PlanInput is what the date planner weighs for a meeting known only to
// the month.
type PlanInput struct {
	Meeting   Meeting
	Countries map[int64]string // participating countries, by id
	Holidays  []Holiday        // of those countries, at least in the month
	Others    []Meeting        // other meetings, to avoid
	Weekend   []time.Weekday   // days no session should fall on
	Today     Date             // the planning day
	LeadDays  int              // invitations need this many days before the first day
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
			if _, ok := in.Countries[h.CountryID]; ok && !h.Date.Before(c.Start) && !h.Date.After(c.End) {
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

// HolidayLabel names a holiday with its country, e.g. "Cambodia: Pchum Ben
// Festival (21 September 2025)", and says when the row is unverified.
func (h Holiday) HolidayLabel() string {
	s := fmt.Sprintf("%s: %s (%s)", h.Country, h.Name, h.Date.Long())
	if !h.Verified {
		s += " [unverified]"
	}
	return s
}
