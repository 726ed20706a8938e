package convene

// PassportType is the kind of travel document a person holds: visa rules
// differ by it (many agreements exempt diplomatic and official passports
// only).
type PassportType string

// The passport types a person's record and the visa rules know.
const (
	PassportOrdinary   PassportType = "ordinary"
	PassportOfficial   PassportType = "official"
	PassportDiplomatic PassportType = "diplomatic"
)

// PassportTypes are the types in the order forms and the visa table show them.
var PassportTypes = []PassportType{PassportOrdinary, PassportOfficial, PassportDiplomatic}

// Label is the type in plain words.
func (t PassportType) Label() string {
	switch t {
	case PassportOrdinary:
		return "Ordinary"
	case PassportOfficial:
		return "Official (service)"
	case PassportDiplomatic:
		return "Diplomatic"
	case "":
		return "Not given"
	}
	return string(t)
}

// Valid reports whether t is a known type; empty (not given) is valid.
func (t PassportType) Valid() bool {
	if t == "" {
		return true
	}
	for _, x := range PassportTypes {
		if x == t {
			return true
		}
	}
	return false
}

// VisaExemptASEAN are the nationalities exempt by default, with any
// passport, for a short visit to another ASEAN Member State: the ten
// signatories of the ASEAN Framework Agreement on Visa Exemption (Kuala
// Lumpur, 25 July 2006). Timor-Leste, a Member State since October 2025, is
// not among them until it accedes: its nationals need a visa by default.
// These are defaults only; the secretariat verifies them for its host
// country on the visa rules page, and its rows win.
var VisaExemptASEAN = map[string]bool{"BRN": true, "KHM": true, "IDN": true, "LAO": true, "MYS": true,
	"MMR": true, "PHL": true, "SGP": true, "THA": true, "VNM": true}

// VisaRule is the secretariat's decision for one nationality and passport
// type entering one host country.
type VisaRule struct {
	HostCountryID int64
	Nationality   string // ISO 3166-1 alpha-3, as the person's record holds it
	PassportType  PassportType
	VisaRequired  bool
}

// VisaRules are the recorded rules of one host country, by nationality and
// passport type.
type VisaRules map[VisaKey]bool

// VisaKey is a nationality and a passport type.
type VisaKey struct {
	Nationality  string
	PassportType PassportType
}

// DefaultVisaRequired is the rule used where the secretariat has recorded
// nothing: a host's own nationals and the nationals of the ten ASEAN
// signatories (when the host is one of them) need no visa for a short
// visit with any passport; everyone else needs one. It errs on the side of
// a letter: an unneeded visa-support letter costs a page, a missing one can
// strand a delegate at the border.
func DefaultVisaRequired(hostISO3, nationality string) bool {
	if nationality == hostISO3 {
		return false
	}
	return !(VisaExemptASEAN[hostISO3] && VisaExemptASEAN[nationality])
}

// NeedsVisa decides whether a person of a nationality holding a passport of
// a type needs a visa to enter the host country: the recorded rule if there
// is one, else DefaultVisaRequired. An unknown passport type (not given)
// is read as ordinary, the strictest case.
func NeedsVisa(rules VisaRules, hostISO3, nationality string, t PassportType) bool {
	if nationality == "" || nationality == hostISO3 {
		return false
	}
	if t == "" || !t.Valid() {
		t = PassportOrdinary
	}
	if v, ok := rules[VisaKey{nationality, t}]; ok {
		return v
	}
	return DefaultVisaRequired(hostISO3, nationality)
}
