package sqlite

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"convene/internal/convene"
)

// quotaRow is one delegation as a quota change sees it: its quota, the
// places its people hold and how many wait for one.
type quotaRow struct {
	id             int64
	iso3           string
	quota          int
	taken, waiting int
}

// UpdateQuotas changes a meeting's default quota and the quotas of some of
// its delegations, and answers how many people the raised quotas promoted
// from the waiting lists. It is one use case in one write transaction: the
// check that no quota falls below the places already taken and the update
// run together under the writer's BEGIN IMMEDIATE, so a nomination cannot
// slip in between and be left without a place (the race test and its
// control in internal/web prove it). A refused quota is a problem for its
// field (convene.QuotaField) naming the places taken, and nothing is
// written. Each change has its audit row; each promotion goes through the
// registration state machine like any other (promoteFirst: first in,
// first out, audited).
func (d *DB) UpdateQuotas(ctx context.Context, meetingID int64, upd convene.QuotaUpdate) (int, error) {
	if hook := d.hooks.BetweenQuotaFloorCheckAndUpdate; hook != nil {
		return d.updateQuotasSplit(ctx, meetingID, upd, hook)
	}
	promoted := 0
	err := d.update(ctx, func(tx *Tx) error {
		rows, err := checkQuotas(ctx, tx, meetingID, upd)
		if err != nil {
			return err
		}
		promoted, err = writeQuotas(ctx, tx, meetingID, upd, rows)
		return err
	})
	return promoted, err
}

// checkQuotas reads the meeting's delegations and refuses the update if a
// quota is out of range or below the places its delegation has taken, or
// names a delegation of another meeting.
func checkQuotas(ctx context.Context, q querier, meetingID int64, upd convene.QuotaUpdate) (map[int64]quotaRow, error) {
	list, err := queryAll(ctx, q, func(row scanner) (r quotaRow, err error) {
		return r, row.Scan(&r.id, &r.iso3, &r.quota, &r.taken, &r.waiting)
	}, `SELECT g.id, c.iso3, g.quota,
		(SELECT count(*) FROM delegates p WHERE p.delegation_id = g.id AND p.status IN ('nominated', 'submitted', 'returned', 'accredited')),
		(SELECT count(*) FROM delegates p WHERE p.delegation_id = g.id AND p.status = 'waitlisted')
		FROM delegations g JOIN countries c ON c.id = g.country_id WHERE g.meeting_id = ?`, meetingID)
	if err != nil {
		return nil, err
	}
	rows := make(map[int64]quotaRow, len(list))
	for _, r := range list {
		rows[r.id] = r
	}
	p := convene.Problems{}
	if upd.Default != nil {
		if msg := convene.QuotaProblem(*upd.Default); msg != "" {
			p.Add("default_quota", msg)
		}
	}
	for id, quota := range upd.Delegations {
		r, ok := rows[id]
		if !ok {
			return nil, convene.NotFound("Delegation")
		}
		if msg := convene.QuotaFloorProblem(quota, r.taken); msg != "" {
			p.Add(convene.QuotaField(r.iso3), msg)
		}
	}
	return rows, p.Err()
}

// writeQuotas stores the checked quotas with their audit rows and fills
// the new places of raised quotas from the waiting lists.
func writeQuotas(ctx context.Context, tx *Tx, meetingID int64, upd convene.QuotaUpdate, rows map[int64]quotaRow) (int, error) {
	if upd.Default != nil {
		if err := setDefaultQuota(ctx, tx, meetingID, *upd.Default); err != nil {
			return 0, err
		}
	}
	promoted := 0
	for _, id := range slices.Sorted(maps.Keys(upd.Delegations)) {
		r, quota := rows[id], upd.Delegations[id]
		if quota == r.quota {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE delegations SET quota = ? WHERE id = ?`, quota, id); err != nil {
			return 0, fmt.Errorf("update quota: %w", err)
		}
		if err := tx.audit(ctx, "update", "delegation", id, summarize(fields{"quota": fmt.Sprint(r.quota)},
			fields{"quota": fmt.Sprint(quota)})); err != nil {
			return 0, err
		}
		n := convene.Promotions(quota, r.taken, r.waiting)
		for range n {
			if err := promoteFirst(ctx, tx, id); err != nil {
				return 0, err
			}
		}
		if n > 0 {
			if err := recomputeDelegationStatus(ctx, tx, id); err != nil {
				return 0, err
			}
		}
		promoted += n
	}
	return promoted, nil
}
