package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"strconv"
	"strings"
	"sync"

	"convene/internal/convene"
)

// Protocol order is decided by one function, convene.CompareProtocol, from
// the countries' names and their standing on a meeting's protocol date
// (DESIGN.md rule 7); no rank is stored that could disagree with it. This
// file is how the store applies it:
//
//   - lists that are not paged are read, given each country's standing on
//     the meeting's day (protocol.set) and sorted in Go;
//   - lists that SQL pages (a meeting's delegates: 100 a page of thousands)
//     receive the order as a JSON array of country ids, which the query
//     joins as protocolOrderCTE and sorts by (protocolOrderBy).
//
// The countries and their standing periods are a few dozen rows of
// reference data, read in the caller's transaction so that the order and
// the list come from one snapshot. Read transactions of the DB's own
// methods keep the last reading in memory (referenceCache), checked on
// every use against the version migration 01000's triggers bump.

// countryStandingsQuery reads every country with its standing periods.
const countryStandingsQuery = `SELECT c.id, c.iso3, c.name, coalesce(s.standing, ''), coalesce(s.valid_from, ''),
	coalesce(s.valid_to, '') FROM countries c LEFT JOIN country_standings s ON s.country_id = c.id
	ORDER BY c.id, s.valid_from`

// meetingDayQuery reads a meeting's first day and date precision (empty
// for no meeting) and the reference data's version, in one row.
const meetingDayQuery = `SELECT coalesce((SELECT start_date || ' ' || date_precision FROM meetings WHERE id = ?), ''),
	(SELECT version FROM reference_version)`

// protocolOrderCTE turns the JSON array of country ids (the first argument
// of the query it starts) into rows of (country_id, pos). MATERIALIZED makes
// SQLite read the array once and index it, rather than parse it for every
// row it sorts: measured on 8,800 delegates of one meeting, ordering this
// way takes 1.1 ms a page, a correlated json_each subquery per row 2.5 ms,
// and the old stored rank 1.6 ms.
const protocolOrderCTE = `WITH protocol_order (country_id, pos) AS MATERIALIZED (SELECT value, key FROM json_each(?)) `

// protocolOrderJoin joins the order to the delegations (alias g) of a query
// that starts with protocolOrderCTE; protocolOrderBy sorts by it.
const (
	protocolOrderJoin = ` JOIN protocol_order o ON o.country_id = g.country_id`
	protocolOrderBy   = `o.pos`
)

// reference is every country with its standing periods.
type reference struct {
	countries []convene.Country
	periods   map[int64][]convene.StandingPeriod
}

// loadReference reads the countries and their standing periods.
func loadReference(ctx context.Context, q querier) (reference, error) {
	type row struct {
		c        convene.Country
		standing convene.Standing
		from, to string
	}
	rs, err := queryAll(ctx, q, func(s scanner) (r row, err error) {
		return r, s.Scan(&r.c.ID, &r.c.ISO3, &r.c.Name, &r.standing, &r.from, &r.to)
	}, countryStandingsQuery)
	if err != nil {
		return reference{}, err
	}
	ref := reference{periods: map[int64][]convene.StandingPeriod{}}
	for _, r := range rs {
		if n := len(ref.countries); n == 0 || ref.countries[n-1].ID != r.c.ID {
			ref.countries = append(ref.countries, r.c)
		}
		if r.standing != convene.NoStanding {
			ref.periods[r.c.ID] = append(ref.periods[r.c.ID],
				convene.StandingPeriod{Standing: r.standing, From: parseDate(r.from), To: parseDate(r.to)})
		}
	}
	return ref, nil
}

// protocol is the protocol order of one day: every country with its
// standing on that day, in order. It is never changed once made, so the
// cache hands the same one to concurrent readers.
type protocol struct {
	order []convene.Country
	pos   map[int64]int
}

// on returns the protocol order of day.
func (r reference) on(day convene.Date) protocol {
	p := protocol{order: convene.CountriesOn(r.countries, r.periods, day), pos: make(map[int64]int, len(r.countries))}
	for i, c := range p.order {
		p.pos[c.ID] = i
	}
	return p
}

// set gives c (read from a row that knows only the country's id and
// names) its standing on the protocol's day.
func (p protocol) set(c *convene.Country) {
	if i, ok := p.pos[c.ID]; ok {
		*c = c.WithStanding(p.order[i].Standing)
	}
}

// compare orders two countries by their place in the protocol order.
func (p protocol) compare(a, b int64) int { return cmp.Compare(p.pos[a], p.pos[b]) }

// json returns the country ids in protocol order as a JSON array, the
// argument of protocolOrderCTE.
func (p protocol) json() string {
	var b strings.Builder
	b.WriteByte('[')
	for i, c := range p.order {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(c.ID, 10))
	}
	b.WriteByte(']')
	return b.String()
}

// scanMeetingDay reads meetingDayQuery's row: the meeting's protocol date
// (zero for no meeting, or an unknown one, whose lists are empty anyway)
// and the reference data's version.
func scanMeetingDay(row scanner) (convene.Date, int64, error) {
	var meeting string
	var version int64
	if err := row.Scan(&meeting, &version); err != nil {
		return convene.Date{}, 0, err
	}
	start, precision, ok := strings.Cut(meeting, " ")
	if !ok {
		return convene.Date{}, version, nil
	}
	m := convene.Meeting{StartDate: parseDate(start), DatePrecision: convene.DatePrecision(precision)}
	return m.ProtocolDate(), version, nil
}

// meetingProtocol returns the protocol order of a meeting, read in q.
func meetingProtocol(ctx context.Context, q querier, meetingID int64) (protocol, error) {
	day, _, err := scanMeetingDay(q.QueryRowContext(ctx, meetingDayQuery, meetingID))
	if err != nil {
		return protocol{}, err
	}
	ref, err := loadReference(ctx, q)
	return ref.on(day), err
}

// meetingProtocols returns the protocol order of each of the meetings.
func meetingProtocols(ctx context.Context, q querier, meetingIDs []int64) (map[int64]protocol, error) {
	out := make(map[int64]protocol, len(meetingIDs))
	for _, id := range meetingIDs {
		if _, done := out[id]; done {
			continue
		}
		p, err := meetingProtocol(ctx, q, id)
		if err != nil {
			return nil, err
		}
		out[id] = p
	}
	return out, nil
}

// referenceCache keeps the reference data last read and the protocol
// orders made from it, with the version they were read at. Reading the
// countries and their periods cost a meeting page read as much as its
// delegations query (convene-bench's meeting page is the most read); the
// version is one column of the row a list reads anyway (meetingDayQuery).
type referenceCache struct {
	mu      sync.Mutex
	version int64
	ref     *reference
	days    map[convene.Date]protocol
}

// maxCachedDays bounds the orders kept: one per meeting day in use.
const maxCachedDays = 1024

// protocolOf returns the protocol order of a meeting (of fallback, for no
// meeting) read in the read transaction tx, from the cache while the
// reference data's version is the one the cache holds.
func (d *DB) protocolOf(ctx context.Context, tx *sql.Tx, meetingID int64, fallback convene.Date) (protocol, error) {
	day, version, err := scanMeetingDay(tx.QueryRowContext(ctx, meetingDayQuery, meetingID))
	if err != nil {
		return protocol{}, err
	}
	if meetingID == 0 {
		day = fallback
	}
	c := &d.refs
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ref == nil || c.version != version {
		ref, err := loadReference(ctx, tx)
		if err != nil {
			return protocol{}, err
		}
		c.version, c.ref, c.days = version, &ref, map[convene.Date]protocol{}
	}
	p, ok := c.days[day]
	if !ok {
		if len(c.days) >= maxCachedDays {
			clear(c.days)
		}
		p = c.ref.on(day)
		c.days[day] = p
	}
	return p, nil
}

// protocolsOf is protocolOf for each of the meetings.
func (d *DB) protocolsOf(ctx context.Context, tx *sql.Tx, meetingIDs []int64) (map[int64]protocol, error) {
	out := make(map[int64]protocol, len(meetingIDs))
	for _, id := range meetingIDs {
		if _, done := out[id]; done {
			continue
		}
		p, err := d.protocolOf(ctx, tx, id, convene.Date{})
		if err != nil {
			return nil, err
		}
		out[id] = p
	}
	return out, nil
}

// today is the day lists that belong to no meeting take standings on.
func (d *DB) today() convene.Date { return convene.DateOf(d.Now()) }

// listProtocol returns the protocol order a list of one meeting's people is
// sorted by: the meeting's, found from the meeting or the delegation the
// filter names; a list that names neither (one country across meetings) is
// ordered by today's standing.
func (d *DB) listProtocol(ctx context.Context, tx *sql.Tx, meetingID, delegationID int64) (protocol, error) {
	if meetingID == 0 && delegationID != 0 {
		err := tx.QueryRowContext(ctx, `SELECT meeting_id FROM delegations WHERE id = ?`, delegationID).Scan(&meetingID)
		if err != nil && err != sql.ErrNoRows {
			return protocol{}, err
		}
	}
	return d.protocolOf(ctx, tx, meetingID, d.today())
}
