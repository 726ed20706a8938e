package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"convene/internal/convene"
)

// A meeting's participants are its delegations, one per country; the
// meeting keeps a default quota (meeting_default_quotas) for the
// delegations it gains later. Creating a meeting with its participants,
// adding and removing participants are each one transaction with an audit
// row per change. Quotas are in quota.go.

// CreateMeetingWithParticipants adds a meeting and one delegation for each
// participant, each with the default quota, in one transaction: the host
// must be among the participants (convene.Participation.Check), or nothing
// is written.
func (d *DB) CreateMeetingWithParticipants(ctx context.Context, m *convene.Meeting, pt convene.Participation) error {
	return d.update(ctx, func(tx *Tx) error {
		p := convene.Problems{}
		if err := m.Validate(); err != nil {
			mergeFields(p, err)
		}
		pt.Check(m.HostCountryID, p)
		if err := p.Err(); err != nil {
			return err
		}
		if err := checkCountries(ctx, tx, pt.CountryIDs); err != nil {
			return err
		}
		if err := createMeeting(ctx, tx, m); err != nil {
			return err
		}
		if err := setDefaultQuota(ctx, tx, m.ID, pt.DefaultQuota); err != nil {
			return err
		}
		_, err := addParticipants(ctx, tx, m.ID, pt.CountryIDs, pt.DefaultQuota)
		return err
	})
}

// checkCountries refuses a participant that is not in the countries table.
func checkCountries(ctx context.Context, tx *Tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM countries WHERE id IN (`+placeholders(len(ids))+`)`,
		int64sAny(ids)...).Scan(&n); err != nil {
		return err
	}
	if n != len(ids) {
		return &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
			Fields: map[string]string{"participants": "Tick participants from the list."}}
	}
	return nil
}

// AddParticipants gives a meeting one delegation for each country that
// does not take part yet, with quota places each, and answers how many it
// added. A country that already takes part is a problem for the
// "participants" field, and nothing is written.
func (d *DB) AddParticipants(ctx context.Context, meetingID int64, countryIDs []int64, quota int) (int, error) {
	var n int
	err := d.update(ctx, func(tx *Tx) error {
		if _, err := findMeeting(ctx, tx, meetingID); err != nil {
			return err
		}
		p := convene.Problems{}
		if len(countryIDs) == 0 {
			p.Add("participants", "Tick at least one country to add.")
		}
		if msg := convene.QuotaProblem(quota); msg != "" {
			p.Add("quota", msg)
		}
		if err := p.Err(); err != nil {
			return err
		}
		if err := checkCountries(ctx, tx, countryIDs); err != nil {
			return err
		}
		var err error
		n, err = addParticipants(ctx, tx, meetingID, countryIDs, quota)
		return err
	})
	return n, err
}

// addParticipants creates the delegations, each with its audit row.
func addParticipants(ctx context.Context, tx *Tx, meetingID int64, countryIDs []int64, quota int) (int, error) {
	taking, err := queryAll(ctx, tx, scanID, `SELECT country_id FROM delegations WHERE meeting_id = ?`, meetingID)
	if err != nil {
		return 0, err
	}
	for _, id := range countryIDs {
		if slices.Contains(taking, id) {
			return 0, &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
				Fields: map[string]string{"participants": "A country you ticked already takes part; reload the page."}}
		}
		g := convene.Delegation{MeetingID: meetingID, CountryID: id, Quota: quota}
		if err := createDelegation(ctx, tx, &g); err != nil {
			return 0, err
		}
		taking = append(taking, id)
	}
	return len(countryIDs), nil
}

// RemoveParticipant removes a meeting's delegation that nobody is in
// (convene.RemovalProblem): never the host's, never one with people or
// bilateral requests, so removing a participant deletes no one's data.
func (d *DB) RemoveParticipant(ctx context.Context, meetingID, delegationID int64) error {
	return d.update(ctx, func(tx *Tx) error {
		g, err := queryOne(ctx, tx, "Delegation", scanDelegation,
			`SELECT `+delegationColumns+delegationFrom+` WHERE g.id = ? AND g.meeting_id = ?`, delegationID, meetingID)
		if err != nil {
			return err
		}
		var host int64
		var people, bilaterals int
		if err := tx.QueryRowContext(ctx, `SELECT m.host_country_id,
			(SELECT count(*) FROM delegates p WHERE p.delegation_id = ?),
			(SELECT count(*) FROM bilaterals b WHERE b.requester_id = ? OR b.counterpart_id = ?)
			FROM meetings m WHERE m.id = ?`, g.ID, g.ID, g.ID, meetingID).Scan(&host, &people, &bilaterals); err != nil {
			return err
		}
		if msg := convene.RemovalProblem(g, host, people, bilaterals); msg != "" {
			return convene.Errorf(convene.EINVALID, "%s", msg)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM delegations WHERE id = ?`, g.ID); err != nil {
			return fmt.Errorf("delete delegation: %w", err)
		}
		return tx.audit(ctx, "delete", "delegation", g.ID, summarize(fields{"meeting_id": fmt.Sprint(meetingID),
			"country_id": fmt.Sprint(g.CountryID), "quota": fmt.Sprint(g.Quota),
			"focal_user_id": fmt.Sprint(g.FocalUserID)}, nil))
	})
}

// checkHostTakesPart refuses a host that is not among the meeting's
// participants, once the meeting has any.
func checkHostTakesPart(ctx context.Context, tx *Tx, meetingID, hostID int64, p convene.Problems) error {
	var all, host int
	if err := tx.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(country_id = ?), 0) FROM delegations
		WHERE meeting_id = ?`, hostID, meetingID).Scan(&all, &host); err != nil {
		return err
	}
	if all > 0 && host == 0 {
		p.Add("host_country", convene.HostNotParticipating)
	}
	return nil
}

// FindDefaultQuota returns the places a new delegation of the meeting gets.
func (d *DB) FindDefaultQuota(ctx context.Context, meetingID int64) (int, error) {
	var q int
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		q, err = findDefaultQuota(ctx, tx, meetingID)
		return err
	})
	return q, err
}

func findDefaultQuota(ctx context.Context, q querier, meetingID int64) (int, error) {
	n := convene.DefaultQuota
	err := q.QueryRowContext(ctx, `SELECT default_quota FROM meeting_default_quotas WHERE meeting_id = ?`, meetingID).Scan(&n)
	if err == sql.ErrNoRows {
		return convene.DefaultQuota, nil
	}
	return n, err
}

// setDefaultQuota stores the meeting's default quota, with an audit row
// when it is first set or changes.
func setDefaultQuota(ctx context.Context, tx *Tx, meetingID int64, quota int) error {
	var before fields
	var old int
	switch err := tx.QueryRowContext(ctx, `SELECT default_quota FROM meeting_default_quotas WHERE meeting_id = ?`,
		meetingID).Scan(&old); {
	case err == sql.ErrNoRows:
	case err != nil:
		return err
	case old == quota:
		return nil
	default:
		before = fields{"default_quota": fmt.Sprint(old)}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_default_quotas (meeting_id, default_quota, updated_at)
		VALUES (?, ?, ?) ON CONFLICT (meeting_id) DO UPDATE SET default_quota = excluded.default_quota,
		updated_at = excluded.updated_at`, meetingID, quota, formatTime(tx.now)); err != nil {
		return fmt.Errorf("set default quota: %w", err)
	}
	return tx.audit(ctx, "update", "meeting", meetingID, summarize(before, fields{"default_quota": fmt.Sprint(quota)}))
}
