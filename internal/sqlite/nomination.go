package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"convene/internal/convene"
)

// placeQuery reads a delegation's quota, the places its people hold and
// the last position on its waiting list.
const placeQuery = `SELECT g.quota,
	(SELECT count(*) FROM delegates p WHERE p.delegation_id = g.id AND p.status IN ('nominated', 'submitted', 'returned', 'accredited')),
	(SELECT coalesce(max(p.waitlist_pos), 0) FROM delegates p WHERE p.delegation_id = g.id AND p.status = 'waitlisted')
	FROM delegations g WHERE g.id = ?`

// place decides where a new nomination goes: a quota place if the
// delegation has one free, else the end of its waiting list. It must run in
// the same write transaction as the insert that uses its answer (see
// Nominate); the writer's BEGIN IMMEDIATE makes the pair atomic.
func place(ctx context.Context, q querier, delegationID int64) (convene.RegistrationStatus, int, error) {
	var quota, held, lastPos int
	err := q.QueryRowContext(ctx, placeQuery, delegationID).Scan(&quota, &held, &lastPos)
	if err == sql.ErrNoRows {
		return "", 0, convene.NotFound("Delegation")
	} else if err != nil {
		return "", 0, err
	}
	if held < quota {
		return convene.RegNominated, 0, nil
	}
	return convene.RegWaitlisted, lastPos + 1, nil
}

// Nominate adds a person to a delegation: into a free quota place, or onto
// the waiting list with their position when the quota is full. It is one
// use case in one write transaction: the quota check, the duplicate and
// deadline checks, one insert of the complete row (details, travel and
// consent included), its audit rows and the delegation's new status, so
// simultaneous nominations can never take more places than the quota holds.
func (d *DB) Nominate(ctx context.Context, r *convene.Registration) error {
	if hook := d.hooks.BetweenQuotaCheckAndInsert; hook != nil {
		return d.nominateSplit(ctx, r, hook)
	}
	return d.update(ctx, func(tx *Tx) error { return nominate(ctx, tx, r) })
}

// nominate places r in its delegation and inserts it, inside tx.
func nominate(ctx context.Context, tx *Tx, r *convene.Registration) error {
	status, pos, err := place(ctx, tx, r.DelegationID)
	if err != nil {
		return err
	}
	r.Status, r.WaitlistPos = status, pos
	return insertRegistration(ctx, tx, r)
}

// insertRegistration writes a placed nomination: it refuses a focal point
// after the deadline and a probable duplicate, inserts the row with its
// "create" and "nominate" audit rows, and derives the delegation's status.
func insertRegistration(ctx context.Context, tx *Tx, r *convene.Registration) error {
	if err := checkDeadline(ctx, tx, r.DelegationID); err != nil {
		return err
	}
	if err := checkDuplicate(ctx, tx, r); err != nil {
		return err
	}
	if err := createRegistration(ctx, tx, r); err != nil {
		return err
	}
	summary := fmt.Sprintf("status: %q", r.Status)
	if r.Status == convene.RegWaitlisted {
		summary += fmt.Sprintf("; waitlist position: %d", r.WaitlistPos)
	}
	if err := tx.audit(ctx, "nominate", "delegate", r.ID, summary); err != nil {
		return err
	}
	return recomputeDelegationStatus(ctx, tx, r.DelegationID)
}
