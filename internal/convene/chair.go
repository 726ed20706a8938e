package convene

import (
	"fmt"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// The ASEAN chairmanship, and with it the ADMM's, rotates every year among
// the Member States. Convene stores the years someone recorded (the
// migrations ship 2025 Malaysia, 2026 the Philippines, 2027 Singapore;
// the secretariat corrects any year on the chairs page) and proposes the
// others from the rotation, with one simple rule (ChairRotation). The
// chair of a year hosts and chairs that year's ADMM, ADMM Retreat, ADSOM
// and ADSOM Working Group (MeetingKind.ChairedByYear); the Experts'
// Working Groups have co-chairs of their own (Cochairs).

// ChairStatus says how settled the chair of a year is.
type ChairStatus string

// Chair statuses: recorded is announced (by ASEAN, and entered as such);
// proposed is expected but not announced, either entered so by the
// secretariat or computed by Convene from the rotation.
const (
	ChairRecorded ChairStatus = "recorded"
	ChairProposed ChairStatus = "proposed"
)

// ChairStatuses lists the statuses in the order forms offer them.
var ChairStatuses = []ChairStatus{ChairRecorded, ChairProposed}

// Label is the status in plain words.
func (s ChairStatus) Label() string {
	switch s {
	case ChairRecorded:
		return "Recorded"
	case ChairProposed:
		return "Proposed"
	}
	return string(s)
}

// Chair is the Member State that chairs ASEAN, and the ADMM, in a year.
type Chair struct {
	Year    int
	Country Country
	Status  ChairStatus
	Note    string // where the record comes from, or why it differs from the rotation
	// Rotation marks a year nobody entered: Convene proposes it from the
	// rotation (its Status is then ChairProposed).
	Rotation bool
}

// Known reports whether the chair names a country.
func (c Chair) Known() bool { return c.Country.ID != 0 }

// Label is the chair with how settled it is: "Malaysia", "Thailand
// (proposed from the rotation)", "Myanmar (proposed)".
func (c Chair) Label() string {
	switch {
	case !c.Known():
		return "not known"
	case c.Rotation:
		return c.Country.Name + " (proposed from the rotation)"
	case c.Status == ChairProposed:
		return c.Country.Name + " (proposed)"
	}
	return c.Country.Name
}

// ChairDay is the day a year's chair must be a Member State on: the first
// of January. Timor-Leste, a Member State from 26 October 2025, can chair
// from 2026.
func ChairDay(year int) Date { return Date{Year: year, Month: time.January, Day: 1} }

// MinChairYear and MaxChairYear bound the years Convene records chairs for.
const (
	MinChairYear = 1976 // the first ASEAN Summit, Bali
	MaxChairYear = 2200
)

// ChairRotation returns the chair of every year from from through through,
// in order: a stored year as stored; any other year after the first stored
// one proposed from the rotation (Rotation set), as the Member State that
// comes next after the previous year's chair (stored or proposed) in
// English alphabetical order of the Member States' short names on the first
// of January of that year (CountriesOn gives them: membersOn returns the
// countries with their standing on a day), wrapping round from Viet Nam to
// Brunei Darussalam. Years before the first stored one are left out:
// there is nothing to rotate from. This is the rule as ASEAN states it; the
// exceptions it makes (Myanmar gave up 2026, so the Philippines chairs) are
// recorded years, and every proposal follows from the last of them.
func ChairRotation(stored []Chair, membersOn func(Date) []Country, from, through int) []Chair {
	byYear := make(map[int]Chair, len(stored))
	first := 0
	for _, c := range stored {
		byYear[c.Year] = c
		if first == 0 || c.Year < first {
			first = c.Year
		}
	}
	if first == 0 {
		return nil
	}
	var out []Chair
	var prev Chair
	for y := first; y <= through; y++ {
		c, ok := byYear[y]
		if !ok {
			c = Chair{Year: y, Status: ChairProposed, Rotation: true, Country: nextMember(prev.Country, membersOn(ChairDay(y)))}
		}
		if y >= from {
			out = append(out, c)
		}
		prev = c
	}
	return out
}

// nextMember returns the Member State after prev among countries (those of
// standing member, in protocol order, which for Member States is English
// alphabetical order of their short names), wrapping round.
func nextMember(prev Country, countries []Country) Country {
	members := MemberStates(countries)
	if len(members) == 0 {
		return Country{}
	}
	if i := slices.IndexFunc(members, func(c Country) bool { return c.ID == prev.ID }); i >= 0 {
		return members[(i+1)%len(members)]
	}
	// The previous chair is not a Member State on that day (it cannot
	// happen with the shipped standings): the next name after it.
	for _, c := range members {
		if c.Name > prev.Name {
			return c
		}
	}
	return members[0]
}

// MemberStates returns the countries of standing member, in protocol order.
func MemberStates(countries []Country) []Country {
	var out []Country
	for _, c := range countries {
		if c.Standing == StandingMember {
			out = append(out, c)
		}
	}
	SortByProtocol(out, Country.Key)
	return out
}

// ChairOf returns the chair of year among chairs (ChairRotation's result),
// or a Chair that is not Known.
func ChairOf(chairs []Chair, year int) Chair {
	for _, c := range chairs {
		if c.Year == year {
			return c
		}
	}
	return Chair{Year: year}
}

// CheckChair adds the problems of a chair the secretariat enters to p: a
// year in range, a country that is a Member State on the first of January
// of that year (c.Country carries its standing on that day, as the store
// reads it), a status, and a short note.
func CheckChair(c Chair, p Problems) {
	if c.Year < MinChairYear || c.Year > MaxChairYear {
		p.Add("year", fmt.Sprintf("Enter a year from %d to %d.", MinChairYear, MaxChairYear))
	}
	switch {
	case c.Country.ID == 0:
		p.Add("country", "Choose the Member State that chairs.")
	case c.Country.Standing != StandingMember:
		p.Add("country", fmt.Sprintf("%s is not an ASEAN Member State on 1 January %d, so it cannot chair that year.",
			c.Country.Name, c.Year))
	}
	if !slices.Contains(ChairStatuses, c.Status) {
		p.Add("status", "Choose recorded or proposed.")
	}
	if utf8.RuneCountInString(c.Note) > 200 {
		p.Add("note", "The note is longer than 200 characters.")
	}
}

// EWGCycleYears is how long the co-chairs of an Experts' Working Group
// serve: a three-year cycle.
const EWGCycleYears = 3

// Cochairs are the co-chairs of one Experts' Working Group for a three-year
// cycle from FirstYear: one ASEAN Member State and one ADMM-Plus partner.
type Cochairs struct {
	Kind      MeetingKind
	FirstYear int
	Member    Country // with its standing on the cycle's first day
	Partner   Country // with its standing on the cycle's first day
}

// LastYear is the cycle's last year.
func (c Cochairs) LastYear() int { return c.FirstYear + EWGCycleYears - 1 }

// Covers reports whether year falls in the cycle.
func (c Cochairs) Covers(year int) bool { return year >= c.FirstYear && year <= c.LastYear() }

// Years is the cycle as people write it: "2024–2026".
func (c Cochairs) Years() string {
	return strconv.Itoa(c.FirstYear) + "–" + strconv.Itoa(c.LastYear())
}

// Title is how a meeting of the group names its chair: "Co-chairs:
// Malaysia and Australia".
func (c Cochairs) Title() string { return "Co-chairs: " + c.Member.Name + " and " + c.Partner.Name }

// CheckCochairs adds the problems of co-chairs the secretariat enters to p:
// an Experts' Working Group, a first year in range, a Member State and a
// Plus partner (their standing on the first of January of the first year),
// and no overlap with another recorded cycle of the same group (others).
func CheckCochairs(c Cochairs, others []Cochairs, p Problems) {
	if !c.Kind.EWG() {
		p.Add("kind", "Choose one of the Experts' Working Groups.")
	}
	if c.FirstYear < MinChairYear || c.FirstYear > MaxChairYear {
		p.Add("first_year", fmt.Sprintf("Enter a year from %d to %d.", MinChairYear, MaxChairYear))
	}
	if c.Member.ID == 0 || c.Member.Standing != StandingMember {
		p.Add("member", "Choose an ASEAN Member State.")
	}
	if c.Partner.ID == 0 || c.Partner.Standing != StandingPartner {
		p.Add("partner", "Choose an ADMM-Plus partner.")
	}
	for _, o := range others {
		if o.Kind == c.Kind && o.FirstYear != c.FirstYear && (o.Covers(c.FirstYear) || c.Covers(o.FirstYear)) {
			p.Add("first_year", fmt.Sprintf("The cycle %s of this group is already recorded; it would overlap.", o.Years()))
			break
		}
	}
}

// CochairsOf returns the co-chairs of kind whose cycle covers year, and
// false when none are recorded.
func CochairsOf(all []Cochairs, kind MeetingKind, year int) (Cochairs, bool) {
	for _, c := range all {
		if c.Kind == kind && c.Covers(year) {
			return c, true
		}
	}
	return Cochairs{}, false
}

// ChairTitle is what a meeting of kind k chaired by country writes as its
// chair: the defence minister for the ministers' meetings (ADMM, its
// Retreat, ADMM-Plus), the country itself (its senior official) for the
// others, as the 2025 cycle's meetings write it.
func ChairTitle(k MeetingKind, country string) string {
	switch k {
	case KindADMM, KindADMMRetreat, KindADMMPlus:
		return "Minister of Defence, " + country
	}
	return country
}

// DefaultChair gives a new meeting its host and chair when its host is not
// chosen yet: from chair, the chair of the meeting's year, for a kind
// chaired by the year (ADMM, ADMM Retreat, ADSOM, ADSOM Working Group and
// the Plus meetings the ADMM chair chairs); from the co-chairs of the cycle
// covering the year for an Experts' Working Group (the Member State hosts).
// It reports whether it set them. A chair already typed is kept.
func (m *Meeting) DefaultChair(chair Chair, cochairs []Cochairs) bool {
	if m.HostCountryID != 0 {
		return false
	}
	host, title := Country{}, ""
	switch {
	case m.Kind.ChairedByYear() && chair.Known():
		host, title = chair.Country, ChairTitle(m.Kind, chair.Country.Name)
	case m.Kind.EWG():
		c, ok := CochairsOf(cochairs, m.Kind, m.StartDate.Year)
		if !ok {
			return false
		}
		host, title = c.Member, c.Title()
	default:
		return false
	}
	m.HostCountryID, m.HostCountryName = host.ID, host.Name
	if m.Chair == "" {
		m.Chair = title
	}
	return true
}
