package convene

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The cycle repeats every year: the same kinds of meeting in about the same
// months, hosted by the next chair. From a year that was held, the
// secretariat generates next year's meetings as proposals (NextCycle),
// reviews them and creates those it ticks.

// CycleProposal is one meeting of next year's cycle as Convene proposes it
// from one of this year's.
type CycleProposal struct {
	Source  Meeting
	Meeting Meeting // proposed, month only, not stored yet
	// Participants are the countries the kind expects on the new meeting's
	// protocol date (MeetingKind.Expects), host included, in protocol order.
	Participants []int64
	// Exists reports that a meeting with the proposal's code is already
	// stored (generated before, or added by hand): it is not created again.
	Exists bool
}

// capitalZones are the IANA zones of the capitals of the ADMM and
// ADMM-Plus countries: where a new host's meetings are planned until their
// venue is chosen.
var capitalZones = map[string]string{
	"BRN": "Asia/Brunei", "KHM": "Asia/Phnom_Penh", "IDN": "Asia/Jakarta", "LAO": "Asia/Vientiane",
	"MYS": "Asia/Kuala_Lumpur", "MMR": "Asia/Yangon", "PHL": "Asia/Manila", "SGP": "Asia/Singapore",
	"THA": "Asia/Bangkok", "VNM": "Asia/Ho_Chi_Minh", "TLS": "Asia/Dili",
	"AUS": "Australia/Sydney", "CHN": "Asia/Shanghai", "IND": "Asia/Kolkata", "JPN": "Asia/Tokyo",
	"NZL": "Pacific/Auckland", "KOR": "Asia/Seoul", "RUS": "Europe/Moscow", "USA": "America/New_York",
}

// CapitalZone returns the time zone of a country's capital, or "" when
// Convene does not know it.
func CapitalZone(iso3 string) string { return capitalZones[iso3] }

// NextCycle proposes next year's meetings from year's (meetings may hold
// others: those of other years and cancelled ones are left out): for each,
// a meeting of the same kind in the same month of the next year, known only
// to the month, proposed, of the same length; its code, title and cluster
// with the year moved (Meeting.NextYear); no venue, city, theme or focus
// areas yet (the new chair decides them). Its host and chair come from
// chair, the next year's chair, for a kind chaired by the year; from the
// co-chairs of the cycle covering the next year for an Experts' Working
// Group; otherwise the source's host stays. A new host's meetings are
// planned in its capital's zone. Its participants are the countries the
// kind expects on its protocol date: countriesOn gives every country with
// its standing on a day. exists reports a code already taken.
func NextCycle(meetings []Meeting, year int, chair Chair, cochairs []Cochairs, countriesOn func(Date) []Country,
	exists func(code string) bool) []CycleProposal {
	var out []CycleProposal
	for _, src := range meetings {
		if src.StartDate.Year != year || src.Status == StatusCancelled {
			continue
		}
		m := src.NextYear()
		m.DatePrecision, m.Status = PrecisionMonth, StatusProposed
		m.StartDate = Date{Year: year + 1, Month: src.StartDate.Month, Day: 1}
		m.EndDate = m.StartDate.MonthEnd()
		m.LengthDays = max(src.LengthDays, 1)
		m.VenueID, m.VenueName, m.City, m.Theme, m.FocusAreas = 0, "", "", "", nil
		m.HostCountryID, m.HostCountryName, m.Chair = 0, "", ""
		if !m.DefaultChair(chair, cochairs) {
			m.HostCountryID, m.HostCountryName, m.Chair = src.HostCountryID, src.HostCountryName, src.Chair
		}
		countries := countriesOn(m.ProtocolDate())
		if m.HostCountryID != src.HostCountryID {
			for _, c := range countries {
				if c.ID == m.HostCountryID && CapitalZone(c.ISO3) != "" {
					m.TimeZone = CapitalZone(c.ISO3)
				}
			}
		}
		p := CycleProposal{Source: src, Meeting: m, Exists: exists(m.Code)}
		for _, c := range countries {
			if m.Kind.Expects(c.Standing) || c.ID == m.HostCountryID {
				p.Participants = append(p.Participants, c.ID)
			}
		}
		out = append(out, p)
	}
	return out
}

// CycleField is the form field of a proposal's checkbox on the review page:
// its code ("meeting-adsom-2026").
func CycleField(code string) string { return "meeting-" + code }

// ParseCycleYears reads the years a calendar shows (?from=2025&years=2):
// from a year in range, and one to five years; empty values take def and 1.
func ParseCycleYears(from, years string, def int) (int, int, error) {
	f, n := def, 1
	var err error
	if strings.TrimSpace(from) != "" {
		if f, err = strconv.Atoi(strings.TrimSpace(from)); err != nil || f < 1990 || f > MaxChairYear {
			return 0, 0, Errorf(EINVALID, "The year must be a number such as 2025.")
		}
	}
	if strings.TrimSpace(years) != "" {
		if n, err = strconv.Atoi(strings.TrimSpace(years)); err != nil || n < 1 || n > 5 {
			return 0, 0, Errorf(EINVALID, "Show from 1 to 5 years.")
		}
	}
	return f, n, nil
}

// CheckCycleChoice refuses a review with nothing ticked, or with a code
// that is not among the proposals that can still be created.
func CheckCycleChoice(proposals []CycleProposal, codes []string) error {
	if len(codes) == 0 {
		return &Error{Code: EINVALID, Message: "Please correct the fields marked below.",
			Fields: map[string]string{"meetings": "Tick at least one meeting to create."}}
	}
	for _, code := range codes {
		if !slices.ContainsFunc(proposals, func(p CycleProposal) bool { return p.Meeting.Code == code && !p.Exists }) {
			return &Error{Code: EINVALID, Message: "Please correct the fields marked below.",
				Fields: map[string]string{"meetings": fmt.Sprintf("%q is not one of the meetings proposed; reload the page.", code)}}
		}
	}
	return nil
}
