package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"convene/internal/convene"
)

const delegationColumns = `g.id, g.meeting_id, g.country_id, c.iso3, c.name, g.quota, g.status,
	coalesce(g.focal_user_id, 0), coalesce(u.name, ''),
	coalesce(h.honorific, ''), coalesce(h.given_name, ''), coalesce(h.family_name, ''),
	coalesce(h.family_name_first, 0), coalesce(h.badge_name, ''),
	(SELECT count(*) FROM delegates x WHERE x.delegation_id = g.id
		AND x.status IN ('nominated', 'submitted', 'returned', 'accredited'))`

// delegationFrom joins the head of delegation: the first head still in the
// running (not withdrawn or rejected). The first is min(y.id), not ORDER BY
// y.id LIMIT 1, which sorted each delegation's heads in a temporary b-tree
// (the meeting page lists every delegation on every view).
const delegationFrom = ` FROM delegations g JOIN countries c ON c.id = g.country_id
	LEFT JOIN users u ON u.id = g.focal_user_id
	LEFT JOIN delegates h ON h.id = (SELECT min(y.id) FROM delegates y WHERE y.delegation_id = g.id AND y.role = 'head'
		AND y.status NOT IN ('withdrawn', 'rejected'))`

func scanDelegation(row scanner) (convene.Delegation, error) {
	var g convene.Delegation
	var h convene.Delegate
	err := row.Scan(&g.ID, &g.MeetingID, &g.CountryID, &g.Country.ISO3, &g.Country.Name,
		&g.Quota, &g.Status, &g.FocalUserID, &g.FocalName,
		&h.Honorific, &h.GivenName, &h.FamilyName, &h.FamilyNameFirst, &h.BadgeName, &g.Delegates)
	g.Country.ID = g.CountryID
	if h.GivenName != "" || h.FamilyName != "" {
		g.HeadName = h.DisplayName()
	}
	return g, err
}

// CreateDelegation adds one country's delegation to a meeting.
func (d *DB) CreateDelegation(ctx context.Context, g *convene.Delegation) error {
	return d.update(ctx, func(tx *Tx) error { return createDelegation(ctx, tx, g) })
}

func createDelegation(ctx context.Context, tx *Tx, g *convene.Delegation) error {
	if g.Status == "" {
		g.Status = convene.DelegationNotStarted
	}
	if g.Quota < 0 {
		return &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
			Fields: map[string]string{"quota": "The quota cannot be negative."}}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO delegations (meeting_id, country_id, quota, status, focal_user_id)
		VALUES (?, ?, ?, ?, ?)`, g.MeetingID, g.CountryID, g.Quota, g.Status, nullID(g.FocalUserID))
	if err != nil {
		return fmt.Errorf("insert delegation: %w", err)
	}
	if g.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return tx.audit(ctx, "create", "delegation", g.ID, summarize(nil, fields{
		"meeting_id": fmt.Sprint(g.MeetingID), "country_id": fmt.Sprint(g.CountryID), "quota": fmt.Sprint(g.Quota),
		"status": string(g.Status), "focal_user_id": fmt.Sprint(g.FocalUserID)}))
}

const (
	delegationByMeeting = "g.meeting_id = ?"
	delegationByCountry = "g.country_id = ?"
)

// delegationsQuery lists the delegations matching the conditions in where;
// sortDelegations puts them in protocol order (a meeting has a few dozen).
// Its four forms (all, by meeting, by country, both) are prepared once per
// read connection (read_conn.go): the meeting page runs it on every view.
func delegationsQuery(where []string) string {
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	return `SELECT ` + delegationColumns + delegationFrom + cond + ` ORDER BY g.meeting_id, g.id`
}

// FindDelegations returns delegations in protocol order. A meeting's
// delegations (the meeting page's list, with or without a country) come
// from memory while nothing they show has changed (page_cache.go).
func (d *DB) FindDelegations(ctx context.Context, f convene.DelegationFilter) ([]convene.Delegation, error) {
	if f.MeetingID != 0 {
		gs, err := d.meetingDelegationsKept(ctx, f.MeetingID)
		if err != nil {
			return nil, err
		}
		var out []convene.Delegation
		for _, g := range gs {
			if f.CountryID == 0 || g.CountryID == f.CountryID {
				out = append(out, g)
			}
		}
		return out, nil
	}
	var where []string
	var args []any
	if f.CountryID != 0 {
		where, args = append(where, delegationByCountry), append(args, f.CountryID)
	}
	var out []convene.Delegation
	err := d.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, delegationsQuery(where), args...)
		if err != nil {
			return err
		}
		if out, err = scanAll(rows, scanDelegation); err != nil {
			return err
		}
		ps, err := d.protocolsOf(ctx, tx, delegationMeetings(out))
		if err != nil {
			return err
		}
		sortDelegations(out, ps)
		return nil
	})
	return out, err
}

// FindDelegationByID returns one delegation.
func (d *DB) FindDelegationByID(ctx context.Context, id int64) (convene.Delegation, error) {
	var g convene.Delegation
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		if g, err = queryOne(ctx, tx, "Delegation", scanDelegation,
			`SELECT `+delegationColumns+delegationFrom+` WHERE g.id = ?`, id); err != nil {
			return err
		}
		p, err := d.protocolOf(ctx, tx, g.MeetingID, convene.Date{})
		p.set(&g.Country)
		return err
	})
	return g, err
}

// meetingDelegations loads a meeting's delegations by id, to fill both
// sides of its bilaterals from one query.
func meetingDelegations(ctx context.Context, q querier, meetingID int64) (map[int64]convene.Delegation, error) {
	gs, err := meetingDelegationList(ctx, q, meetingID)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]convene.Delegation, len(gs))
	for _, g := range gs {
		out[g.ID] = g
	}
	return out, nil
}

// meetingDelegationList returns a meeting's delegations in protocol order,
// each country with its standing on the meeting's protocol date.
func meetingDelegationList(ctx context.Context, q querier, meetingID int64) ([]convene.Delegation, error) {
	gs, err := queryAll(ctx, q, scanDelegation, `SELECT `+delegationColumns+delegationFrom+` WHERE g.meeting_id = ?`, meetingID)
	if err != nil {
		return nil, err
	}
	p, err := meetingProtocol(ctx, q, meetingID)
	if err != nil {
		return nil, err
	}
	sortDelegations(gs, map[int64]protocol{meetingID: p})
	return gs, nil
}

// sortDelegations gives each delegation's country its standing in the
// delegation's meeting (ps, by meeting id) and sorts the delegations in
// protocol order; delegations of several meetings keep meeting order for
// the same place.
func sortDelegations(gs []convene.Delegation, ps map[int64]protocol) {
	for i := range gs {
		ps[gs[i].MeetingID].set(&gs[i].Country)
	}
	slices.SortStableFunc(gs, func(a, b convene.Delegation) int {
		return cmp.Or(convene.CompareProtocol(a.Key(), b.Key()), cmp.Compare(a.MeetingID, b.MeetingID))
	})
}

// delegationMeetings returns the meetings of the delegations.
func delegationMeetings(gs []convene.Delegation) []int64 {
	var ids []int64
	for _, g := range gs {
		if !slices.Contains(ids, g.MeetingID) {
			ids = append(ids, g.MeetingID)
		}
	}
	return ids
}

// The queries of recomputeDelegationStatus, which every write that moves a
// person runs (so the writer prepares them once: hotWrites).
const (
	statusCountsQuery     = `SELECT status, count(*) FROM delegates WHERE delegation_id = ? GROUP BY status`
	delegationStatusQuery = `SELECT status FROM delegations WHERE id = ?`
)

// recomputeDelegationStatus counts the delegation's people by registration
// status and stores the status convene.DelegationStatusFrom derives from
// them, with an audit row when it changed. Every write that moves a person
// calls it in the same transaction, so the delegation's status can never
// disagree with its people.
func recomputeDelegationStatus(ctx context.Context, tx *Tx, delegationID int64) error {
	type count struct {
		status convene.RegistrationStatus
		n      int
	}
	counts, err := queryAll(ctx, tx, func(row scanner) (c count, err error) { return c, row.Scan(&c.status, &c.n) },
		statusCountsQuery, delegationID)
	if err != nil {
		return err
	}
	people := make(map[convene.RegistrationStatus]int, len(counts))
	for _, c := range counts {
		people[c.status] = c.n
	}
	status := convene.DelegationStatusFrom(people)
	var old string
	if err := tx.QueryRowContext(ctx, delegationStatusQuery, delegationID).Scan(&old); err != nil {
		return err
	}
	if old == string(status) {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE delegations SET status = ? WHERE id = ?`, status, delegationID); err != nil {
		return err
	}
	return tx.audit(ctx, "update", "delegation", delegationID, fmt.Sprintf("status: %q → %q", old, status))
}
