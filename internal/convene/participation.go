package convene

import (
	"fmt"
	"slices"
	"strings"
)

// Who takes part in a meeting. Each participant has one delegation with its
// own quota; the meeting keeps a default quota for the delegations added
// later. The rules here are shared by the meeting form, the participants
// section of its edit page, the quota forms and the clone.

// DefaultQuota is the places a new delegation gets when the secretariat has
// not chosen another number for the meeting.
const DefaultQuota = 6

// MaxQuota is the largest quota a delegation may have: more than any
// ADMM-cycle delegation needs, small enough to catch a slip of the keyboard.
const MaxQuota = 200

// StandingOnDay is a country's standing on day: whether it takes part as a
// Member State, an observer, an ADMM-Plus partner or an organisation. It is
// the one place the participants' choices ask; the countries come from the
// store already set for that day.
func StandingOnDay(c Country, day Date) Standing {
	_ = day // the store sets a country's standing for the day it lists it on
	return c.Standing
}

// Plural is the standing as a heading over several countries.
func (s Standing) Plural() string {
	switch s {
	case StandingMember:
		return "ASEAN Member States"
	case StandingObserver:
		return "Observers"
	case StandingPartner:
		return "ADMM-Plus partners"
	case StandingOrganisation:
		return "Organisations"
	}
	return "Without standing on the meeting's first day"
}

// ParticipantGroup is one heading of a meeting's participants' choices: the
// countries of one standing on the meeting's day, in protocol order, each
// with whether a new meeting of the kind ticks it by default.
type ParticipantGroup struct {
	Standing Standing
	Choices  []ParticipantChoice
}

// ParticipantChoice is one country a meeting may invite.
type ParticipantChoice struct {
	Country Country
	Default bool // ticked on a new meeting of this kind (MeetingKind.Expects)
}

// GroupParticipants groups countries by their standing (on the meeting's
// day: StandingOnDay), the groups in protocol order (Member States,
// observers, partners, organisations, then any without standing) and the
// countries in each in protocol order. A new meeting of kind k ticks those
// the kind expects: every Member State and observer, and the ADMM-Plus
// partners for an ADMM-Plus meeting.
func GroupParticipants(cs []Country, standing func(Country) Standing, k MeetingKind) []ParticipantGroup {
	sorted := slices.Clone(cs)
	SortByProtocol(sorted, Country.Key)
	var out []ParticipantGroup
	for _, s := range append(slices.Clone(Standings), NoStanding) {
		var g ParticipantGroup
		for _, c := range sorted {
			if standing(c) == s {
				g.Choices = append(g.Choices, ParticipantChoice{Country: c, Default: k.Expects(s)})
			}
		}
		if len(g.Choices) > 0 {
			g.Standing = s
			out = append(out, g)
		}
	}
	return out
}

// Participation is who takes part in a new meeting: one delegation for
// each country, each with the meeting's default quota.
type Participation struct {
	CountryIDs   []int64
	DefaultQuota int
}

// Check adds the problems of a new meeting's participants to p: at least
// one participant, the host among them, and a default quota in range.
func (pt Participation) Check(hostID int64, p Problems) {
	switch {
	case len(pt.CountryIDs) == 0:
		p.Add("participants", "Tick at least one participant.")
	case hostID != 0 && !slices.Contains(pt.CountryIDs, hostID):
		p.Add("host_country", HostNotParticipating)
	}
	if msg := QuotaProblem(pt.DefaultQuota); msg != "" {
		p.Add("default_quota", msg)
	}
}

// HostNotParticipating is the message next to the host country when the
// chosen host would not take part in its own meeting.
const HostNotParticipating = "The host country must take part in the meeting: tick it among the participants, or choose another host."

// QuotaProblem returns why q cannot be a quota, or "" when it can.
func QuotaProblem(q int) string {
	if q < 0 || q > MaxQuota {
		return fmt.Sprintf("Enter a number of places from 0 to %d.", MaxQuota)
	}
	return ""
}

// QuotaFloorProblem returns why a delegation's quota cannot become q while
// taken of its places are held (nominated, submitted, returned or
// accredited people), or "" when it can: a quota never drops below the
// places already taken, so that nobody loses a place they were given.
func QuotaFloorProblem(q, taken int) string {
	if msg := QuotaProblem(q); msg != "" {
		return msg
	}
	if q < taken {
		places := "places are"
		if taken == 1 {
			places = "place is"
		}
		return fmt.Sprintf("%d %s already taken: the quota cannot be below %d. Withdraw people first to free places.",
			taken, places, taken)
	}
	return ""
}

// Promotions is how many people the waiting list of a delegation gives a
// place when its quota rises to quota with taken places held and waiting
// people on the list: first in, first out, as many as the new places allow.
func Promotions(quota, taken, waiting int) int {
	return max(0, min(quota-taken, waiting))
}

// RemovalProblem returns why a meeting's delegation cannot be removed, or
// "" when it can: the host always takes part, and a delegation with people
// in it (in any status, withdrawn included: their record is history) or
// with bilateral requests keeps its place, so that removing a participant
// never deletes anyone's data.
func RemovalProblem(g Delegation, hostID int64, people, bilaterals int) string {
	switch {
	case g.CountryID == hostID:
		return fmt.Sprintf("%s hosts the meeting and takes part in it: choose another host first.", g.Country.Name)
	case people > 0:
		return fmt.Sprintf("%s cannot be removed: its delegation has %d %s in it. Withdraw or move them first; only an empty delegation can be removed.",
			g.Country.Name, people, plural(people, "person", "people"))
	case bilaterals > 0:
		return fmt.Sprintf("%s cannot be removed: it has %d bilateral %s.", g.Country.Name, bilaterals,
			plural(bilaterals, "request", "requests"))
	}
	return ""
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// QuotaField is the form field of a delegation's quota in the quota table,
// by its country's code: "quota-vnm".
func QuotaField(iso3 string) string { return "quota-" + strings.ToLower(iso3) }

// QuotaUpdate is a change of a meeting's quotas: its default for new
// delegations (nil leaves it) and the quotas of some of its delegations,
// by delegation id.
type QuotaUpdate struct {
	Default     *int
	Delegations map[int64]int
}

// CloneOptions are the choices of a meeting's clone beyond the new
// meeting's own fields.
type CloneOptions struct {
	// LiaisonOfficers copies the source's liaison officers, each assigned to
	// the new delegation of the same country.
	LiaisonOfficers bool
}

// CloneResult counts what a clone copied, for the secretariat's message.
type CloneResult struct {
	Sessions, Delegations, RoomBlocks, LiaisonOfficers, RoomHolds int
}
