package convene

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// MeetingStatus is where a meeting is in its life.
type MeetingStatus string

// Meeting statuses, in the order a meeting normally moves through them;
// a meeting can be cancelled from any status before it is held.
const (
	StatusProposed           MeetingStatus = "proposed"
	StatusDatesConfirmed     MeetingStatus = "dates_confirmed"
	StatusRegistrationOpen   MeetingStatus = "registration_open"
	StatusRegistrationClosed MeetingStatus = "registration_closed"
	StatusHeld               MeetingStatus = "held"
	StatusCancelled          MeetingStatus = "cancelled"
)

// MeetingStatuses lists the statuses in life order.
var MeetingStatuses = []MeetingStatus{StatusProposed, StatusDatesConfirmed, StatusRegistrationOpen,
	StatusRegistrationClosed, StatusHeld, StatusCancelled}

// Label is the status in plain words.
func (s MeetingStatus) Label() string {
	switch s {
	case StatusProposed:
		return "Proposed"
	case StatusDatesConfirmed:
		return "Dates confirmed"
	case StatusRegistrationOpen:
		return "Registration open"
	case StatusRegistrationClosed:
		return "Registration closed"
	case StatusHeld:
		return "Held"
	case StatusCancelled:
		return "Cancelled"
	}
	return string(s)
}

// DatePrecision says how exactly a meeting's dates are known.
type DatePrecision string

// A meeting is known to the day once its dates are confirmed; before that it
// may be known only to the month ("September 2025").
const (
	PrecisionDay   DatePrecision = "day"
	PrecisionMonth DatePrecision = "month"
)

// FocusArea is one of the cycle's priorities (e.g. "Cyber security").
type FocusArea struct {
	ID    int64
	Code  string
	Title string
}

// Meeting is one meeting of the cycle, e.g. the ADMM Retreat 2025.
type Meeting struct {
	ID              int64
	Code            string // used in URLs, e.g. admm-retreat-2025
	Title           string
	Kind            MeetingKind
	HostCountryID   int64
	HostCountryName string // filled on read
	City            string
	VenueID         int64  // 0 when the venue is not chosen yet
	VenueName       string // filled on read
	TimeZone        string // IANA zone of the venue, e.g. Asia/Kuala_Lumpur
	Theme           string
	Chair           string // who chairs, e.g. "Minister of Defence, Malaysia"
	Status          MeetingStatus
	DatePrecision   DatePrecision
	StartDate       Date // for month precision: the first day of the month
	EndDate         Date // for month precision: the last day of the month
	LengthDays      int  // how many days the meeting lasts (used to plan tentative ones)
	// Cluster groups meetings held together at one place and time (the
	// Retreat and the Working Group in Pulau Pinang): clash rules look across
	// a cluster, because the same people are needed in both.
	Cluster    string
	FocusAreas []FocusArea
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Tentative reports whether the meeting's dates are not yet fixed.
func (m *Meeting) Tentative() bool { return m.DatePrecision == PrecisionMonth }

// Location returns the meeting's time zone; UTC if the stored zone is unknown
// (Validate refuses unknown zones, so this only guards against old data).
func (m *Meeting) Location() *time.Location { return zone(m.TimeZone) }

// DatesLabel formats the meeting's dates as a programme would print them:
// "26 February 2025", "25–26 February 2025", "28 February – 1 March 2025",
// or "September 2025 (dates to be confirmed)".
func (m *Meeting) DatesLabel() string {
	s, e := m.StartDate, m.EndDate
	switch {
	case s.IsZero():
		return "Dates to be announced"
	case m.DatePrecision == PrecisionMonth:
		return fmt.Sprintf("%s %d (dates to be confirmed)", s.Month, s.Year)
	case s == e || e.IsZero():
		return s.Long()
	case s.Year == e.Year && s.Month == e.Month:
		return fmt.Sprintf("%d–%s", s.Day, e.Long())
	case s.Year == e.Year:
		return fmt.Sprintf("%d %s – %s", s.Day, s.Month, e.Long())
	}
	return s.Long() + " – " + e.Long()
}

// yearPattern finds a year in a title ("ADMM Retreat 2025").
var yearPattern = regexp.MustCompile(`\b(19|20)[0-9]{2}\b`)

var meetingCodePattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$`)

// Validate checks a meeting before it is stored and normalises its dates:
// a month-precision meeting spans its whole month.
func (m *Meeting) Validate() error {
	p := Problems{}
	m.Code = strings.ToLower(strings.TrimSpace(m.Code))
	m.Title = strings.TrimSpace(m.Title)
	m.City = strings.TrimSpace(m.City)
	m.TimeZone = strings.TrimSpace(m.TimeZone)
	if !meetingCodePattern.MatchString(m.Code) {
		p.Add("code", "Use 1 to 40 lower-case letters, digits and hyphens, e.g. admm-2025.")
	}
	if m.Title == "" {
		p.Add("title", "Enter the meeting's title.")
	} else if utf8.RuneCountInString(m.Title) > 200 {
		p.Add("title", "The title is longer than 200 characters.")
	}
	if !validKind(m.Kind) {
		p.Add("kind", "Choose the kind of meeting.")
	}
	if m.HostCountryID == 0 {
		p.Add("host_country", "Choose the host country.")
	}
	if m.TimeZone == "" {
		p.Add("time_zone", "Enter the venue's time zone, e.g. Asia/Kuala_Lumpur.")
	} else if _, err := time.LoadLocation(m.TimeZone); err != nil || m.TimeZone == "Local" {
		p.Add("time_zone", fmt.Sprintf("%q is not a time zone name; use one such as Asia/Kuala_Lumpur.", m.TimeZone))
	}
	if !validStatus(m.Status) {
		p.Add("status", "Choose a status.")
	}
	switch m.DatePrecision {
	case PrecisionMonth:
		if m.StartDate.IsZero() {
			p.Add("start_date", "Choose the month the meeting is planned for.")
			break
		}
		m.StartDate, m.EndDate = m.StartDate.MonthStart(), m.StartDate.MonthEnd()
		if m.LengthDays < 1 || m.LengthDays > 14 {
			p.Add("length_days", "A meeting lasts between 1 and 14 days.")
		}
	case PrecisionDay:
		if m.StartDate.IsZero() {
			p.Add("start_date", "Enter the first day of the meeting.")
		}
		if m.EndDate.IsZero() {
			m.EndDate = m.StartDate
		}
		if !m.StartDate.IsZero() && m.EndDate.Before(m.StartDate) {
			p.Add("end_date", "The last day cannot be before the first day.")
		} else if !m.StartDate.IsZero() && m.StartDate.DaysUntil(m.EndDate) > 13 {
			p.Add("end_date", "A meeting lasts at most 14 days.")
		}
		if !m.StartDate.IsZero() && !m.EndDate.IsZero() {
			m.LengthDays = m.StartDate.DaysUntil(m.EndDate) + 1
		}
	default:
		p.Add("date_precision", "Say whether the dates are known to the day or only to the month.")
	}
	if m.DatePrecision == PrecisionMonth && m.Status != StatusProposed && m.Status != StatusCancelled {
		p.Add("status", "A meeting whose dates are not confirmed can only be proposed or cancelled.")
	}
	return p.Err()
}

// NewMeeting is a new meeting as its form starts: an ADMM meeting, proposed,
// planned to the month for two days, in the given zone (the secretariat's).
// Nothing else is chosen yet.
func NewMeeting(zone string) Meeting {
	return Meeting{Kind: KindADMM, Status: StatusProposed, DatePrecision: PrecisionMonth, TimeZone: zone, LengthDays: 2}
}

// StartingStatuses are the statuses a new meeting, created or cloned, may
// start in: proposed, or with its dates confirmed. It moves on from there
// one step at a time (NextStatuses).
func StartingStatuses() []MeetingStatus {
	return []MeetingStatus{StatusProposed, StatusDatesConfirmed}
}

// CheckStartingStatus reports, as a problem for the "status" field, a new
// meeting that would start in a status StartingStatuses does not allow.
func CheckStartingStatus(s MeetingStatus, p Problems) {
	if !oneOf(s, StartingStatuses()) {
		p.Add("status", "A new meeting starts as proposed or with its dates confirmed.")
	}
}

// NextYear proposes the clone of a meeting a year on: the same month (or
// the same days) next year; the code, title and cluster with the year moved
// (a code without the year gets "-YYYY" added, so that it differs, and a
// title without any year gets " YYYY"); proposed again, whatever the
// source's status. The rest is the source's.
func (m Meeting) NextYear() Meeting {
	this, next := strconv.Itoa(m.StartDate.Year), strconv.Itoa(m.StartDate.Year+1)
	c := m
	c.ID, c.CreatedAt, c.UpdatedAt = 0, time.Time{}, time.Time{}
	c.Code = strings.ReplaceAll(m.Code, this, next)
	if c.Code == m.Code {
		c.Code = m.Code + "-" + next
	}
	c.Title = strings.ReplaceAll(m.Title, this, next)
	if !yearPattern.MatchString(m.Title) {
		c.Title = strings.TrimSpace(m.Title) + " " + next
	}
	c.Cluster = strings.ReplaceAll(m.Cluster, this, next)
	c.Status = StatusProposed
	if m.Tentative() {
		c.StartDate = Date{Year: m.StartDate.Year + 1, Month: m.StartDate.Month, Day: 1}
		c.EndDate = c.StartDate.MonthEnd()
	} else {
		c.StartDate = DateOf(m.StartDate.In(time.UTC).AddDate(1, 0, 0))
		c.EndDate = DateOf(m.EndDate.In(time.UTC).AddDate(1, 0, 0))
	}
	return c
}

// ConfirmDates fixes a meeting known only to the month to the days from
// start, a day of that month, for the meeting's length: the dates become
// day-precise, and a proposed meeting's status moves to dates confirmed.
func (m *Meeting) ConfirmDates(start Date) error {
	if !m.Tentative() {
		return Errorf(EINVALID, "The dates of %s are already confirmed.", m.Title)
	}
	if start.IsZero() || start.MonthStart() != m.StartDate.MonthStart() {
		return Errorf(EINVALID, "Choose one of the planner's dates.")
	}
	m.DatePrecision, m.StartDate, m.EndDate = PrecisionDay, start, start.AddDays(max(m.LengthDays, 1)-1)
	if m.Status == StatusProposed {
		m.Status = StatusDatesConfirmed
	}
	return nil
}

func validKind(k MeetingKind) bool {
	for _, x := range MeetingKinds {
		if x == k {
			return true
		}
	}
	return false
}

func validStatus(s MeetingStatus) bool {
	for _, x := range MeetingStatuses {
		if x == s {
			return true
		}
	}
	return false
}

// MeetingFilter selects meetings.
type MeetingFilter struct {
	Year   int // meetings starting in this year; 0 for all
	Offset int
	Limit  int
}
