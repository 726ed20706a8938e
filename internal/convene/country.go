package convene

import (
	"cmp"
	"slices"
	"strings"
)

// Country is a participant of the meeting cycle: an ASEAN Member State, an
// observer, an ADMM-Plus partner, or an organisation that attends (the ASEAN
// Secretariat, stored as a country with a code from ISO 3166-1's
// user-assigned range, XAS, so that every participant has one key). The
// countries and their standing over time ship with the migrations.
type Country struct {
	ID   int64
	ISO3 string // ISO 3166-1 alpha-3, upper case, e.g. MYS; XAA-XZZ for organisations
	Name string // official English short name, e.g. "Lao PDR"
	// Standing is the country's standing on the day the list it came in is
	// for (a meeting's protocol date, or today): the store sets it, with
	// WithStanding, from the dated periods.
	Standing Standing
	// Observer is Standing == StandingObserver, kept as a field for the
	// views that tag observers; WithStanding sets both together.
	Observer bool
}

// WithStanding returns c with its standing set to s (and Observer with it).
func (c Country) WithStanding(s Standing) Country {
	c.Standing, c.Observer = s, s == StandingObserver
	return c
}

// ProtocolKey holds what protocol order looks at. Every list of countries,
// delegations or people builds one per row and sorts with CompareProtocol.
type ProtocolKey struct {
	Standing    Standing // the country's standing on the meeting's protocol date
	CountryName string   // English short name of the country
	Precedence  int      // inside a delegation, lower is more senior; the head is 0
	Name        string   // the person's name, as the last tie-breaker
}

// SortName is the name as protocol order compares it. The store keeps it in
// a column so that SQL pages through long lists in exactly this order
// (SQLite compares text by code point, as Go does).
func (k ProtocolKey) SortName() string { return strings.ToLower(k.Name) }

// CompareProtocol is the one function that decides protocol order: ASEAN
// Member States in English alphabetical order of their short names, then
// observers, then ADMM-Plus partners, then organisations, each group in
// alphabetical order (countries with no standing on the day last); inside a
// delegation the head first, then by precedence, then name. Standing is
// taken on the meeting's protocol date (Meeting.ProtocolDate), so one
// country can move between groups from one meeting to the next. Nothing
// sorts countries, delegations or people any other way (DESIGN.md rule 7):
// where SQL must page in protocol order, the store computes the order here
// and hands it to the query. Where the chair sits is not part of the order:
// SeatingPlan takes the host as a parameter.
func CompareProtocol(a, b ProtocolKey) int {
	if c := cmp.Compare(a.Standing.group(), b.Standing.group()); c != 0 {
		return c
	}
	if c := cmp.Compare(a.CountryName, b.CountryName); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Precedence, b.Precedence); c != 0 {
		return c
	}
	if c := cmp.Compare(a.SortName(), b.SortName()); c != 0 {
		return c
	}
	return cmp.Compare(a.Name, b.Name)
}

// SortByProtocol sorts items in protocol order using the key each item gives.
// The sort is stable so that equal keys keep their input order.
func SortByProtocol[T any](items []T, key func(T) ProtocolKey) {
	slices.SortStableFunc(items, func(a, b T) int { return CompareProtocol(key(a), key(b)) })
}

// Key returns the protocol key of the country itself.
func (c Country) Key() ProtocolKey {
	return ProtocolKey{Standing: c.Standing, CountryName: c.Name}
}
