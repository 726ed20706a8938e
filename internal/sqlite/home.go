package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"sort"

	"convene/internal/convene"
)

// The signed-in homes of the roles (issue 23) read what waits for each
// role here, a few counts per meeting or delegation in one query each.

// meetingWorkQuery counts, for each meeting whose id is in the JSON array,
// what waits for the secretariat and the print room. Every subquery reads
// an indexed foreign key.
const meetingWorkQuery = `SELECT m.id,
	(SELECT count(*) FROM delegates p JOIN delegations g ON g.id = p.delegation_id
		WHERE g.meeting_id = m.id AND p.status = 'submitted'),
	(SELECT count(*) FROM pending_changes x JOIN delegates p ON p.id = x.delegate_id
		JOIN delegations g ON g.id = p.delegation_id WHERE g.meeting_id = m.id AND x.status = 'pending'),
	(SELECT count(*) FROM outbox o WHERE o.meeting_id = m.id AND o.sent_at = '' AND o.last_error <> ''),
	(SELECT count(*) FROM delegates p JOIN delegations g ON g.id = p.delegation_id
		WHERE g.meeting_id = m.id AND p.status = 'accredited' AND NOT EXISTS (SELECT 1 FROM badges b
			WHERE b.delegate_id = p.id AND b.meeting_id = m.id AND b.status = 'active'))
	FROM meetings m WHERE m.id IN (SELECT value FROM json_each(?))`

// FindMeetingWork returns, by meeting id, what waits at each of the
// meetings: the accreditation queue, pending changes, undelivered mail and
// badges to print. Clashes are counted by MeetingClashes, the one clash
// check.
func (d *DB) FindMeetingWork(ctx context.Context, meetingIDs []int64) (map[int64]convene.MeetingWork, error) {
	out := map[int64]convene.MeetingWork{}
	if len(meetingIDs) == 0 {
		return out, nil
	}
	ids, err := json.Marshal(meetingIDs)
	if err != nil {
		return nil, err
	}
	err = d.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, meetingWorkQuery, string(ids))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var w convene.MeetingWork
			if err := rows.Scan(&id, &w.Queue, &w.PendingChanges, &w.MailProblems, &w.BadgesToPrint); err != nil {
				return err
			}
			out[id] = w
		}
		return rows.Err()
	})
	return out, err
}

// FindDelegationProgress returns a country's delegations across every
// meeting, latest meeting first, with how many of each delegation's people
// stand in each status and how many could be sent a personal link
// (convene.DelegationProgress).
func (d *DB) FindDelegationProgress(ctx context.Context, countryID int64) ([]convene.DelegationProgress, error) {
	gs, err := d.FindDelegations(ctx, convene.DelegationFilter{CountryID: countryID})
	if err != nil {
		return nil, err
	}
	out := make([]convene.DelegationProgress, 0, len(gs))
	err = d.view(ctx, func(tx *sql.Tx) error {
		meetings := map[int64]convene.Meeting{}
		for _, g := range gs {
			m, ok := meetings[g.MeetingID]
			if !ok {
				if m, err = findMeeting(ctx, tx, g.MeetingID); err != nil {
					return err
				}
				meetings[g.MeetingID] = m
			}
			p := convene.DelegationProgress{Meeting: m, Delegation: g, People: map[convene.RegistrationStatus]int{}}
			if err := countPeople(ctx, tx, g.ID, p.People); err != nil {
				return err
			}
			without, err := peopleWithoutLink(ctx, tx, g.ID, formatTime(d.Now()))
			if err != nil {
				return err
			}
			for _, w := range without {
				if w.hasEmail {
					p.WithoutLink++
				}
			}
			out = append(out, p)
		}
		return nil
	})
	// Latest meeting first: the one the focal point is working on.
	sort.SliceStable(out, func(i, j int) bool { return out[i].Meeting.StartDate.After(out[j].Meeting.StartDate) })
	return out, err
}

// countPeople fills n with how many of a delegation's people stand in each
// registration status.
func countPeople(ctx context.Context, q querier, delegationID int64, n map[convene.RegistrationStatus]int) error {
	rows, err := q.QueryContext(ctx, `SELECT status, count(*) FROM delegates WHERE delegation_id = ? GROUP BY status`,
		delegationID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		var k int
		if err := rows.Scan(&s, &k); err != nil {
			return err
		}
		n[convene.RegistrationStatus(s)] = k
	}
	return rows.Err()
}

// linkCandidate is a person who may be sent a personal link and has none.
type linkCandidate struct {
	id       int64
	hasEmail bool
}

// peopleWithoutLink lists the people of a delegation who may be sent a
// personal link (convene.RegistrationStatus.Linkable, the rule
// createRegistrationLink applies) and hold no link that still works at now.
// The bulk "send links" and the focal point's home both read it.
func peopleWithoutLink(ctx context.Context, q querier, delegationID int64, now string) ([]linkCandidate, error) {
	return linkCandidates(ctx, q, "p.delegation_id = ?", delegationID, now)
}

// meetingPeopleWithoutLink is peopleWithoutLink for every delegation of a
// meeting, in one query, delegation by delegation.
func meetingPeopleWithoutLink(ctx context.Context, q querier, meetingID int64, now string) ([]linkCandidate, error) {
	return linkCandidates(ctx, q, "p.delegation_id IN (SELECT id FROM delegations WHERE meeting_id = ?)", meetingID, now)
}

// linkCandidates is peopleWithoutLink for the people cond (a constant
// condition on p with one placeholder, for id) selects.
func linkCandidates(ctx context.Context, q querier, cond string, id int64, now string) ([]linkCandidate, error) {
	type row struct {
		linkCandidate
		status convene.RegistrationStatus
	}
	// #nosec G202 -- cond is one of two constant conditions with one ? placeholder.
	rs, err := queryAll(ctx, q, func(sc scanner) (row, error) {
		var r row
		return r, sc.Scan(&r.id, &r.status, &r.hasEmail)
	}, `SELECT p.id, p.status, p.email <> '' FROM delegates p WHERE `+cond+`
		AND NOT EXISTS (SELECT 1 FROM registration_links l WHERE l.delegate_id = p.id AND l.revoked = 0
			AND l.expires_at > ?)
		ORDER BY p.delegation_id, p.precedence, p.sort_name, p.id`, id, now)
	if err != nil {
		return nil, err
	}
	var out []linkCandidate
	for _, r := range rs {
		if r.status.Linkable() {
			out = append(out, r.linkCandidate)
		}
	}
	return out, nil
}
