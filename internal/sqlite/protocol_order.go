package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"strconv"
	"strings"

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
// the list come from one snapshot.

// countryStandingsQuery reads every country with its standing periods.
const countryStandingsQuery = `SELECT c.id, c.iso3, c.name, coalesce(s.standing, ''), coalesce(s.valid_from, ''),
	coalesce(s.valid_to, '') FROM countries c LEFT JOIN country_standings s ON s.country_id = c.id
	ORDER BY c.id, s.valid_from`

// meetingDayQuery reads what a meeting's protocol date is made of.
const meetingDayQuery = `SELECT start_date, date_precision FROM meetings WHERE id = ?`

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

func readReference(rows *sql.Rows, err error) (reference, error) {
	if err != nil {
		return reference{}, err
	}
	type row struct {
		c        convene.Country
		standing convene.Standing
		from, to string
	}
	rs, err := scanAll(rows, func(s scanner) (r row, err error) {
		return r, s.Scan(&r.c.ID, &r.c.ISO3, &r.c.Name, &r.standing, &r.from, &r.to)
	})
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

// loadReference reads the countries and their standing periods.
func loadReference(ctx context.Context, q querier) (reference, error) {
	return readReference(q.QueryContext(ctx, countryStandingsQuery))
}

// protocol is the protocol order of one day: every country with its
// standing on that day, in order.
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

// scanMeetingDay reads a meeting's protocol date from meetingDayQuery's
// row; an unknown meeting has the zero date (its lists are empty anyway).
func scanMeetingDay(row scanner) (convene.Date, error) {
	var start string
	var m convene.Meeting
	err := row.Scan(&start, &m.DatePrecision)
	if err == sql.ErrNoRows {
		return convene.Date{}, nil
	}
	m.StartDate = parseDate(start)
	return m.ProtocolDate(), err
}

// meetingProtocol returns the protocol order of a meeting.
func meetingProtocol(ctx context.Context, q querier, meetingID int64) (protocol, error) {
	ref, err := loadReference(ctx, q)
	if err != nil {
		return protocol{}, err
	}
	day, err := scanMeetingDay(q.QueryRowContext(ctx, meetingDayQuery, meetingID))
	return ref.on(day), err
}

// meetingProtocolCached is meetingProtocol through the read pool's prepared
// statements, for the pages read most (the meeting page's delegations).
func (d *DB) meetingProtocolCached(ctx context.Context, tx *sql.Tx, meetingID int64) (protocol, error) {
	ref, err := readReference(d.queryCached(ctx, tx, countryStandingsQuery))
	if err != nil {
		return protocol{}, err
	}
	day, err := scanMeetingDay(d.queryRowCached(ctx, tx, meetingDayQuery, meetingID))
	return ref.on(day), err
}

// meetingProtocols returns the protocol order of each of the meetings.
func meetingProtocols(ctx context.Context, q querier, meetingIDs []int64) (map[int64]protocol, error) {
	out := make(map[int64]protocol, len(meetingIDs))
	if len(meetingIDs) == 0 {
		return out, nil
	}
	ref, err := loadReference(ctx, q)
	if err != nil {
		return nil, err
	}
	for _, id := range meetingIDs {
		if _, done := out[id]; done {
			continue
		}
		day, err := scanMeetingDay(q.QueryRowContext(ctx, meetingDayQuery, id))
		if err != nil {
			return nil, err
		}
		out[id] = ref.on(day)
	}
	return out, nil
}

// today is the day lists that belong to no meeting take standings on.
func (d *DB) today() convene.Date { return convene.DateOf(d.Now()) }

// delegationMeeting returns the meeting a delegation belongs to (0 if none).
func delegationMeeting(ctx context.Context, q querier, delegationID int64) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT meeting_id FROM delegations WHERE id = ?`, delegationID).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return id, err
}

// listProtocol returns the protocol order a list of one meeting's people is
// sorted by: the meeting's, found from the meeting or the delegation the
// filter names; a list that names neither (one country across meetings) is
// ordered by today's standing.
func listProtocol(ctx context.Context, q querier, meetingID, delegationID int64, today convene.Date) (protocol, error) {
	if meetingID == 0 && delegationID != 0 {
		var err error
		if meetingID, err = delegationMeeting(ctx, q, delegationID); err != nil {
			return protocol{}, err
		}
	}
	if meetingID != 0 {
		return meetingProtocol(ctx, q, meetingID)
	}
	ref, err := loadReference(ctx, q)
	return ref.on(today), err
}
