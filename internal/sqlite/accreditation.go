package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"convene/internal/convene"
)

// Transition moves one person through the registration state machine
// (convene.NextStatus) with its audit row, in one transaction. A person who
// gives up a quota place frees it for the first on the waiting list, who is
// promoted in the same transaction; a notification is queued when the
// person has an e-mail address.
func (d *DB) Transition(ctx context.Context, id int64, act convene.RegAction, reason string) (convene.Registration, error) {
	var r convene.Registration
	err := d.update(ctx, func(tx *Tx) (err error) {
		r, err = transition(ctx, tx, id, act, reason)
		if err != nil {
			return err
		}
		return recomputeDelegationStatus(ctx, tx, r.DelegationID)
	})
	return r, err
}

func transition(ctx context.Context, tx *Tx, id int64, act convene.RegAction, reason string) (convene.Registration, error) {
	r, err := findRegistration(ctx, tx, id)
	if err != nil {
		return r, err
	}
	reason = strings.TrimSpace(reason)
	if act.NeedsReason() && reason == "" {
		return r, &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
			Fields: map[string]string{"reason": "Say why, so that the focal point knows what to do."}}
	}
	from := r.Status
	to, err := convene.NextStatus(from, act)
	if err != nil {
		return r, err
	}
	if act == convene.ActAccredit || act == convene.ActSubmit {
		reason = ""
	}
	oldPos := r.WaitlistPos
	r.Status, r.StatusReason, r.WaitlistPos = to, reason, 0
	if _, err := tx.ExecContext(ctx, `UPDATE delegates SET status = ?, status_reason = ?, waitlist_pos = 0,
		updated_at = ? WHERE id = ?`, to, reason, formatTime(tx.now), id); err != nil {
		return r, err
	}
	summary := fmt.Sprintf("status: %q → %q", from, to)
	if reason != "" {
		summary += fmt.Sprintf("; reason: %q", reason)
	}
	if err := tx.audit(ctx, string(act), "delegate", id, summary); err != nil {
		return r, err
	}
	if from == convene.RegWaitlisted {
		// Close the gap in the waiting list, so positions stay 1, 2, 3...
		if _, err := tx.ExecContext(ctx, `UPDATE delegates SET waitlist_pos = waitlist_pos - 1
			WHERE delegation_id = ? AND status = 'waitlisted' AND waitlist_pos > ?`, r.DelegationID, oldPos); err != nil {
			return r, err
		}
	}
	if from.HoldsPlace() && !to.HoldsPlace() {
		if err := promoteFirst(ctx, tx, r.DelegationID); err != nil {
			return r, err
		}
	}
	if m, ok := convene.StatusMail(r, act); ok {
		if err := queueMail(ctx, tx, r.MeetingID, r.ID, m); err != nil {
			return r, err
		}
	}
	return r, nil
}

// promoteFirst gives a freed quota place to the first person on the waiting
// list, if there is a free place and someone waiting.
func promoteFirst(ctx context.Context, tx *Tx, delegationID int64) error {
	status, _, err := place(ctx, tx, delegationID)
	if err != nil || status != convene.RegNominated {
		return err
	}
	var next int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM delegates WHERE delegation_id = ? AND status = 'waitlisted'
		ORDER BY waitlist_pos, id LIMIT 1`, delegationID).Scan(&next)
	if err == sql.ErrNoRows {
		return nil
	} else if err != nil {
		return err
	}
	_, err = transition(ctx, tx, next, convene.ActPromote, "")
	return err
}

// SubmitDelegation is the focal point's "submit": everyone nominated or
// returned for correction goes to the secretariat's queue at once. It
// answers how many people were submitted.
func (d *DB) SubmitDelegation(ctx context.Context, delegationID int64) (int, error) {
	n := 0
	err := d.update(ctx, func(tx *Tx) error {
		ids, err := queryAll(ctx, tx, scanID, `SELECT id FROM delegates WHERE delegation_id = ?
			AND status IN ('nominated', 'returned') ORDER BY precedence, sort_name, id`, delegationID)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return convene.Errorf(convene.ECONFLICT, "There is nobody to submit: everyone is already submitted, or nobody is nominated yet.")
		}
		for _, id := range ids {
			if _, err := transition(ctx, tx, id, convene.ActSubmit, ""); err != nil {
				return err
			}
		}
		n = len(ids)
		if err := tx.audit(ctx, "submit", "delegation", delegationID, fmt.Sprintf("submitted: %d", n)); err != nil {
			return err
		}
		return recomputeDelegationStatus(ctx, tx, delegationID)
	})
	return n, err
}

// AccreditMany accredits several submitted people of one meeting in one
// transaction, each with its own audit row: if any of them cannot be
// accredited (someone else decided first), nobody is, and the secretariat
// sees why.
func (d *DB) AccreditMany(ctx context.Context, meetingID int64, ids []int64) (int, error) {
	err := d.update(ctx, func(tx *Tx) error {
		touched := map[int64]bool{}
		for _, id := range ids {
			r, err := findRegistration(ctx, tx, id)
			if err != nil {
				return err
			}
			if r.MeetingID != meetingID {
				return convene.NotFound("Delegate")
			}
			if _, err := transition(ctx, tx, id, convene.ActAccredit, ""); err != nil {
				return err
			}
			touched[r.DelegationID] = true
		}
		for gid := range touched {
			if err := recomputeDelegationStatus(ctx, tx, gid); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(ids), nil
}
