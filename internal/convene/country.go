package convene

import (
	"cmp"
	"slices"
	"strings"
)

// Country is a participant of the meeting cycle: an ASEAN Member State or an
// observer (Timor-Leste in 2025).
type Country struct {
	ID           int64
	ISO3         string // ISO 3166-1 alpha-3, upper case, e.g. MYS
	Name         string // official English short name, e.g. "Lao PDR"
	Observer     bool   // observers are listed after the Member States
	ProtocolRank int    // position in protocol order, computed by RankCountries
}

// ProtocolKey holds what protocol order looks at. Every list of countries,
// delegations or people builds one per row and sorts with CompareProtocol.
type ProtocolKey struct {
	Observer    bool   // observers come after Member States
	CountryName string // English short name of the country
	Precedence  int    // inside a delegation, lower is more senior; the head is 0
	Name        string // the person's name, as the last tie-breaker
}

// SortName is the name as protocol order compares it. The store keeps it in
// a column so that SQL pages through long lists in exactly this order
// (SQLite compares text by code point, as Go does).
func (k ProtocolKey) SortName() string { return strings.ToLower(k.Name) }

// CompareProtocol is the one function that decides protocol order:
// ASEAN Member States in English alphabetical order of their short names, then
// observers; inside a delegation the head first, then by precedence, then name.
// Nothing sorts countries or delegations any other way (DESIGN.md rule 7); the
// database orders by the rank that RankCountries derives from this function.
func CompareProtocol(a, b ProtocolKey) int {
	if a.Observer != b.Observer {
		if a.Observer {
			return 1
		}
		return -1
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
	return ProtocolKey{Observer: c.Observer, CountryName: c.Name}
}

// RankCountries sorts the countries in protocol order and sets ProtocolRank
// to their 1-based position. The store persists the rank so that SQL queries
// can order large lists without deciding the order themselves.
func RankCountries(cs []Country) {
	SortByProtocol(cs, Country.Key)
	for i := range cs {
		cs[i].ProtocolRank = i + 1
	}
}
