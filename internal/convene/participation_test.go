package convene

import (
	"strings"
	"testing"
)

// TestGroupParticipants: the choices come grouped by standing in protocol
// order, alphabetical inside each group whatever order the store gave, and
// a new meeting ticks what its kind expects (partners only for ADMM-Plus,
// organisations never).
func TestGroupParticipants(t *testing.T) {
	standing := map[string]Standing{"VNM": StandingMember, "BRN": StandingMember, "MYS": StandingMember,
		"TLS": StandingObserver, "USA": StandingPartner, "AUS": StandingPartner, "XAS": StandingOrganisation,
		"ZZZ": NoStanding}
	cs := []Country{{ID: 1, ISO3: "XAS", Name: "ASEAN Secretariat"}, {ID: 2, ISO3: "USA", Name: "United States"},
		{ID: 3, ISO3: "VNM", Name: "Viet Nam"}, {ID: 4, ISO3: "TLS", Name: "Timor-Leste"},
		{ID: 5, ISO3: "AUS", Name: "Australia"}, {ID: 6, ISO3: "BRN", Name: "Brunei Darussalam"},
		{ID: 7, ISO3: "MYS", Name: "Malaysia"}, {ID: 8, ISO3: "ZZZ", Name: "Nowhere"}}
	of := func(c Country) Standing { return standing[c.ISO3] }
	describe := func(gs []ParticipantGroup) string {
		var b strings.Builder
		for _, g := range gs {
			b.WriteString(string(g.Standing) + ":")
			for _, c := range g.Choices {
				b.WriteString(" " + c.Country.ISO3)
				if c.Default {
					b.WriteString("*")
				}
			}
			b.WriteString("; ")
		}
		return b.String()
	}
	for _, tc := range []struct {
		kind MeetingKind
		want string
	}{
		{KindADMM, "member: BRN* MYS* VNM*; observer: TLS*; partner: AUS USA; organisation: XAS; : ZZZ; "},
		{KindADMMPlus, "member: BRN* MYS* VNM*; observer: TLS*; partner: AUS* USA*; organisation: XAS; : ZZZ; "},
		{KindOther, "member: BRN* MYS* VNM*; observer: TLS*; partner: AUS USA; organisation: XAS; : ZZZ; "},
	} {
		if got := describe(GroupParticipants(cs, of, tc.kind)); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.kind, got, tc.want)
		}
	}
	if cs[0].ISO3 != "XAS" {
		t.Error("GroupParticipants reordered its input")
	}
}

// TestParticipationCheck: the host must be among the participants, there
// must be one, and the default quota must be a sensible number.
func TestParticipationCheck(t *testing.T) {
	for _, tc := range []struct {
		name  string
		p     Participation
		host  int64
		field string
	}{
		{"host takes part", Participation{CountryIDs: []int64{1, 2, 3}, DefaultQuota: 6}, 2, ""},
		{"host left out", Participation{CountryIDs: []int64{1, 3}, DefaultQuota: 6}, 2, "host_country"},
		{"nobody", Participation{DefaultQuota: 6}, 2, "participants"},
		{"no host chosen yet", Participation{CountryIDs: []int64{1}, DefaultQuota: 6}, 0, ""},
		{"negative quota", Participation{CountryIDs: []int64{2}, DefaultQuota: -1}, 2, "default_quota"},
		{"huge quota", Participation{CountryIDs: []int64{2}, DefaultQuota: MaxQuota + 1}, 2, "default_quota"},
		{"zero quota", Participation{CountryIDs: []int64{2}, DefaultQuota: 0}, 2, ""},
	} {
		p := Problems{}
		tc.p.Check(tc.host, p)
		if tc.field == "" && len(p) != 0 || tc.field != "" && (len(p) != 1 || p[tc.field] == "") {
			t.Errorf("%s: problems %v, want one for %q", tc.name, p, tc.field)
		}
	}
}

// TestQuotaFloor: a quota may fall to the places taken, not below, and the
// message names the number taken.
func TestQuotaFloor(t *testing.T) {
	for _, tc := range []struct {
		quota, taken int
		want         string
	}{
		{4, 3, ""},
		{3, 3, ""},
		{2, 3, "3 places are already taken: the quota cannot be below 3."},
		{0, 1, "1 place is already taken: the quota cannot be below 1."},
		{0, 0, ""},
		{-1, 0, "from 0 to 200"},
		{201, 0, "from 0 to 200"},
	} {
		got := QuotaFloorProblem(tc.quota, tc.taken)
		if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
			t.Errorf("quota %d with %d taken: %q, want %q", tc.quota, tc.taken, got, tc.want)
		}
	}
}

// TestPromotions: a raised quota promotes as many as the new places allow,
// never more than are waiting, never a negative number.
func TestPromotions(t *testing.T) {
	for _, tc := range []struct{ quota, taken, waiting, want int }{
		{6, 4, 3, 2}, {6, 4, 1, 1}, {4, 4, 3, 0}, {3, 4, 3, 0}, {10, 0, 0, 0},
	} {
		if got := Promotions(tc.quota, tc.taken, tc.waiting); got != tc.want {
			t.Errorf("Promotions(%d, %d, %d) = %d, want %d", tc.quota, tc.taken, tc.waiting, got, tc.want)
		}
	}
}

// TestRemovalProblem: only an empty delegation of a country that does not
// host the meeting can be removed; the message says why not.
func TestRemovalProblem(t *testing.T) {
	g := Delegation{CountryID: 5, Country: Country{Name: "Lao PDR"}}
	for _, tc := range []struct {
		name               string
		host, people, bils int
		want               string
	}{
		{"empty", 1, 0, 0, ""},
		{"host", 5, 0, 0, "hosts the meeting"},
		{"one person", 1, 1, 0, "has 1 person in it"},
		{"people", 1, 3, 0, "has 3 people in it"},
		{"bilaterals", 1, 0, 2, "2 bilateral requests"},
	} {
		got := RemovalProblem(g, int64(tc.host), tc.people, tc.bils)
		if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
