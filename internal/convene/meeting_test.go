package convene

import (
	"testing"
	"time"
)

// TestCheckStartingStatus: a new meeting starts proposed or with its dates
// confirmed, never further on nor cancelled.
func TestCheckStartingStatus(t *testing.T) {
	for _, c := range []struct {
		status MeetingStatus
		ok     bool
	}{
		{StatusProposed, true},
		{StatusDatesConfirmed, true},
		{StatusRegistrationOpen, false},
		{StatusRegistrationClosed, false},
		{StatusHeld, false},
		{StatusCancelled, false},
		{"", false},
		{"nonsense", false},
	} {
		p := Problems{}
		CheckStartingStatus(c.status, p)
		if got := p["status"] == ""; got != c.ok {
			t.Errorf("CheckStartingStatus(%q): accepted %v, want %v (%v)", c.status, got, c.ok, p)
		}
	}
	if len(MeetingStatuses) != 6 {
		t.Errorf("the table above covers 6 statuses; there are now %d: add the new ones", len(MeetingStatuses))
	}
}

// TestNewMeeting: the form of a new meeting starts with a status it may
// start in, and one the domain's validation accepts once the rest is filled.
func TestNewMeeting(t *testing.T) {
	m := NewMeeting("Asia/Kuala_Lumpur")
	if m.Kind != KindADMM || m.Status != StatusProposed || m.DatePrecision != PrecisionMonth ||
		m.TimeZone != "Asia/Kuala_Lumpur" || m.LengthDays != 2 || m.Code != "" || m.HostCountryID != 0 {
		t.Errorf("NewMeeting = %+v", m)
	}
	p := Problems{}
	CheckStartingStatus(m.Status, p)
	m.Code, m.Title, m.HostCountryID, m.StartDate = "admm-2031", "ADMM 2031", 1, Date{Year: 2031, Month: 9, Day: 1}
	if err := m.Validate(); err != nil || len(p) > 0 {
		t.Errorf("a filled-in new meeting is refused: %v %v", err, p)
	}
}

// TestNextYear: the clone a year on moves the dates, the code, the title
// and the cluster by a year and starts proposed again.
func TestNextYear(t *testing.T) {
	day := Meeting{ID: 9, Code: "admm-retreat-2025", Title: "ADMM Retreat 2025", Cluster: "penang-2025",
		Status: StatusHeld, DatePrecision: PrecisionDay, StartDate: Date{Year: 2025, Month: 2, Day: 25},
		EndDate: Date{Year: 2025, Month: 2, Day: 26}, LengthDays: 2, TimeZone: "Asia/Kuala_Lumpur", VenueID: 4,
		CreatedAt: time.Unix(1, 0)}
	leap := day
	leap.Code, leap.StartDate, leap.EndDate = "admm-special", Date{Year: 2024, Month: 2, Day: 28}, Date{Year: 2024, Month: 2, Day: 29}
	untitled := day
	untitled.Code, untitled.Title = "special", "Special Meeting of the ADMM"
	month := Meeting{Code: "adsom-2025", Title: "ADSOM 2025", Status: StatusCancelled, DatePrecision: PrecisionMonth,
		StartDate: Date{Year: 2025, Month: 9, Day: 1}, EndDate: Date{Year: 2025, Month: 9, Day: 30}, LengthDays: 3}
	for _, c := range []struct {
		name              string
		m                 Meeting
		code, title, clus string
		start, end        Date
	}{
		{"to the day", day, "admm-retreat-2026", "ADMM Retreat 2026", "penang-2026",
			Date{Year: 2026, Month: 2, Day: 25}, Date{Year: 2026, Month: 2, Day: 26}},
		{"a code without the year, over 29 February", leap, "admm-special-2025", "ADMM Retreat 2025", "penang-2025",
			Date{Year: 2025, Month: 2, Day: 28}, Date{Year: 2025, Month: 3, Day: 1}},
		{"a title without a year", untitled, "special-2026", "Special Meeting of the ADMM 2026", "penang-2026",
			Date{Year: 2026, Month: 2, Day: 25}, Date{Year: 2026, Month: 2, Day: 26}},
		{"to the month", month, "adsom-2026", "ADSOM 2026", "",
			Date{Year: 2026, Month: 9, Day: 1}, Date{Year: 2026, Month: 9, Day: 30}},
	} {
		n := c.m.NextYear()
		if n.Code != c.code || n.Title != c.title || n.Cluster != c.clus || n.StartDate != c.start || n.EndDate != c.end {
			t.Errorf("%s: got %s %q %s %s–%s, want %s %q %s %s–%s", c.name, n.Code, n.Title, n.Cluster, n.StartDate,
				n.EndDate, c.code, c.title, c.clus, c.start, c.end)
		}
		if n.Status != StatusProposed || n.ID != 0 || !n.CreatedAt.IsZero() || n.DatePrecision != c.m.DatePrecision ||
			n.LengthDays != c.m.LengthDays || n.VenueID != c.m.VenueID {
			t.Errorf("%s: NextYear = %+v", c.name, n)
		}
	}
}

// TestConfirmDates: the planner fixes a tentative meeting to days of its
// month; a proposed meeting's dates become confirmed, and a meeting already
// to the day or a day of another month is refused.
func TestConfirmDates(t *testing.T) {
	tentative := Meeting{Title: "ADSOM", Status: StatusProposed, DatePrecision: PrecisionMonth,
		StartDate: Date{Year: 2025, Month: 9, Day: 1}, EndDate: Date{Year: 2025, Month: 9, Day: 30}, LengthDays: 3}
	cancelled := tentative
	cancelled.Status = StatusCancelled
	fixed := tentative
	fixed.DatePrecision = PrecisionDay
	for _, c := range []struct {
		name   string
		m      Meeting
		start  Date
		ok     bool
		status MeetingStatus
		end    Date
	}{
		{"proposed", tentative, Date{Year: 2025, Month: 9, Day: 29}, true, StatusDatesConfirmed, Date{Year: 2025, Month: 10, Day: 1}},
		{"cancelled stays cancelled", cancelled, Date{Year: 2025, Month: 9, Day: 2}, true, StatusCancelled, Date{Year: 2025, Month: 9, Day: 4}},
		{"another month", tentative, Date{Year: 2025, Month: 10, Day: 1}, false, StatusProposed, Date{Year: 2025, Month: 9, Day: 30}},
		{"no day", tentative, Date{}, false, StatusProposed, Date{Year: 2025, Month: 9, Day: 30}},
		{"already to the day", fixed, Date{Year: 2025, Month: 9, Day: 2}, false, StatusProposed, Date{Year: 2025, Month: 9, Day: 30}},
	} {
		m := c.m
		err := m.ConfirmDates(c.start)
		if (err == nil) != c.ok || m.Status != c.status || m.EndDate != c.end {
			t.Errorf("%s: err %v, status %s, end %s; want ok=%v, %s, %s", c.name, err, m.Status, m.EndDate, c.ok, c.status, c.end)
		}
		if err == nil && (m.DatePrecision != PrecisionDay || m.StartDate != c.start) {
			t.Errorf("%s: %+v", c.name, m)
		}
		if err != nil && ErrorCode(err) != EINVALID {
			t.Errorf("%s: error code %s, want %s", c.name, ErrorCode(err), EINVALID)
		}
	}
}
