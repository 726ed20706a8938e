package convene

import "slices"

// Standing is what a country (or an organisation) is to ASEAN on a given
// day. It changes over time: Timor-Leste was an observer at the ADMM Retreat
// of February 2025 and became the 11th Member State on 26 October 2025, so a
// country's standing is always asked for a day (StandingOn), never stored as
// a flag of the country.
type Standing string

// Standings, in the order protocol lists them: Member States first, then
// observers, then the ADMM-Plus partners, then organisations (the ASEAN
// Secretariat). NoStanding is a country with no standing on that day (before
// it was admitted in any capacity); it comes last.
const (
	StandingMember       Standing = "member"
	StandingObserver     Standing = "observer"
	StandingPartner      Standing = "partner"
	StandingOrganisation Standing = "organisation"
	NoStanding           Standing = ""
)

// Standings lists the standings in protocol order.
var Standings = []Standing{StandingMember, StandingObserver, StandingPartner, StandingOrganisation}

// Valid reports whether s is one of Standings (NoStanding is not stored).
func (s Standing) Valid() bool { return slices.Contains(Standings, s) }

// Label is the standing as a list's heading names it.
func (s Standing) Label() string {
	switch s {
	case StandingMember:
		return "ASEAN Member State"
	case StandingObserver:
		return "Observer"
	case StandingPartner:
		return "ADMM-Plus partner"
	case StandingOrganisation:
		return "Organisation"
	case NoStanding:
		return "No standing"
	}
	return string(s)
}

// group is the standing's place in protocol order; an unknown standing goes
// with NoStanding, after everything.
func (s Standing) group() int {
	if i := slices.Index(Standings, s); i >= 0 {
		return i
	}
	return len(Standings)
}

// StandingPeriod is one span of days over which a country held a standing.
// From and To are both included; a zero To means the standing still holds.
type StandingPeriod struct {
	Standing Standing
	From     Date
	To       Date
}

// Covers reports whether day falls inside the period.
func (p StandingPeriod) Covers(day Date) bool {
	return !day.Before(p.From) && (p.To.IsZero() || !day.After(p.To))
}

// StandingOn returns the standing a country held on day according to its
// periods, or NoStanding when no period covers the day. Periods should not
// overlap (ValidateStandingPeriods); if they do, the one that began last
// wins, so the answer never depends on the order of the slice.
func StandingOn(periods []StandingPeriod, day Date) Standing {
	var best *StandingPeriod
	for i := range periods {
		p := &periods[i]
		if p.Covers(day) && (best == nil || p.From.After(best.From)) {
			best = p
		}
	}
	if best == nil {
		return NoStanding
	}
	return best.Standing
}

// ValidateStandingPeriods checks one country's periods: a known standing,
// a start day, an end (if any) not before the start, and no two periods
// covering the same day.
func ValidateStandingPeriods(periods []StandingPeriod) error {
	sorted := slices.Clone(periods)
	slices.SortFunc(sorted, func(a, b StandingPeriod) int { return a.From.Compare(b.From) })
	for i, p := range sorted {
		switch {
		case !p.Standing.Valid():
			return Errorf(EINVALID, "Unknown standing %q.", p.Standing)
		case p.From.IsZero():
			return Errorf(EINVALID, "A %s period has no first day.", p.Standing)
		case !p.To.IsZero() && p.To.Before(p.From):
			return Errorf(EINVALID, "A %s period ends (%s) before it begins (%s).", p.Standing, p.To, p.From)
		}
		if i > 0 {
			prev := sorted[i-1]
			if prev.To.IsZero() || !prev.To.Before(p.From) {
				return Errorf(EINVALID, "The %s period from %s overlaps the %s period from %s.",
					p.Standing, p.From, prev.Standing, prev.From)
			}
		}
	}
	return nil
}

// ProtocolDate is the day whose standings decide a meeting's protocol
// order: its first day, or the first of its month while only the month is
// known.
func (m Meeting) ProtocolDate() Date {
	if m.DatePrecision == PrecisionMonth {
		return m.StartDate.MonthStart()
	}
	return m.StartDate
}

// Expects reports whether a meeting of kind k counts on a country of
// standing s before its delegations are set up (the date planner weighs
// such a meeting's likely participants' holidays): the Member States and
// observers for every meeting, and the ADMM-Plus partners for a meeting of
// the ADMM-Plus track (ADMM-Plus, ADSOM-Plus and its Working Group, the
// Experts' Working Groups: MeetingKind.Plus).
func (k MeetingKind) Expects(s Standing) bool {
	switch s {
	case StandingMember, StandingObserver:
		return true
	case StandingPartner:
		return k.Plus()
	}
	return false
}

// CountriesOn returns the countries with their standing on day (from
// periods, by country id) in protocol order. It is how the store turns its
// reference data into a meeting's order.
func CountriesOn(cs []Country, periods map[int64][]StandingPeriod, day Date) []Country {
	out := make([]Country, len(cs))
	for i, c := range cs {
		out[i] = c.WithStanding(StandingOn(periods[c.ID], day))
	}
	SortByProtocol(out, Country.Key)
	return out
}
