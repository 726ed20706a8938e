package convene

import "slices"

// Interim, until branch h15-ref lands. This file repeats, word for word,
// the parts of h15-ref's standing.go that a meeting's participants use
// (Standing and its constants, Label, Meeting.ProtocolDate,
// MeetingKind.Expects), so that this branch builds on its own. Merging
// h15-ref makes the compiler report them as declared twice: delete this
// whole file, then give StandingOnDay (participation.go) its real body,
// `return c.Standing`, and let the web layer's participantCountries read
// s.db.FindCountriesOn(ctx, day). Nothing else depends on it.

// interimStanding is what the countries table says before h15-ref: an
// observer flag, so every other country counts as a Member State.
func interimStanding(c Country) Standing {
	if c.Observer {
		return StandingObserver
	}
	return StandingMember
}

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
// observers for every meeting, and the ADMM-Plus partners for an ADMM-Plus
// meeting.
func (k MeetingKind) Expects(s Standing) bool {
	switch s {
	case StandingMember, StandingObserver:
		return true
	case StandingPartner:
		return k == KindADMMPlus
	}
	return false
}
