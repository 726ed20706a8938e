package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"convene/internal/convene"
)

// CarryOverRoster nominates into a delegation the people of the same
// country's delegation to an earlier meeting of the cycle (everyone not
// withdrawn or rejected), with their details, as new nominations: each gets
// a quota place or a waiting-list position, and the focal point comes along
// if the delegation has none. People already in the target meeting with the
// same passport number or e-mail are skipped, not duplicated. One
// transaction: all carried over or none.
func (d *DB) CarryOverRoster(ctx context.Context, fromDelegationID, toDelegationID int64) (int, error) {
	n := 0
	err := d.update(ctx, func(tx *Tx) error {
		var fromCountry, toCountry int64
		var fromFocal sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT country_id, focal_user_id FROM delegations WHERE id = ?`,
			fromDelegationID).Scan(&fromCountry, &fromFocal); err == sql.ErrNoRows {
			return convene.NotFound("Delegation")
		} else if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT country_id FROM delegations WHERE id = ?`, toDelegationID).Scan(&toCountry); err != nil {
			return err
		}
		if fromCountry != toCountry || fromDelegationID == toDelegationID {
			return convene.NotFound("Delegation")
		}
		ids, err := queryAll(ctx, tx, scanID, `SELECT p.id FROM delegates p WHERE p.delegation_id = ?
			AND p.status NOT IN ('withdrawn', 'rejected') ORDER BY p.precedence, p.sort_name, p.id`, fromDelegationID)
		if err != nil {
			return err
		}
		for _, id := range ids {
			r, err := findRegistration(ctx, tx, id)
			if err != nil {
				return err
			}
			r.ID, r.DelegationID, r.StatusReason, r.ConsentAt = 0, toDelegationID, "", time.Time{}
			if convene.ErrorCode(checkDuplicate(ctx, tx, &r)) == convene.EINVALID {
				continue // already registered for this meeting
			}
			var same int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM delegates WHERE delegation_id = ? AND given_name = ?
				AND family_name = ? AND status NOT IN ('withdrawn', 'rejected')`, toDelegationID, r.GivenName,
				r.FamilyName).Scan(&same); err != nil {
				return err
			}
			if same > 0 {
				continue // carried over before, or nominated by hand
			}
			if err := nominate(ctx, tx, &r); err != nil {
				return err
			}
			n++
		}
		if fromFocal.Valid {
			if _, err := tx.ExecContext(ctx, `UPDATE delegations SET focal_user_id = ? WHERE id = ? AND focal_user_id IS NULL`,
				fromFocal.Int64, toDelegationID); err != nil {
				return err
			}
		}
		return tx.audit(ctx, "carry_over", "delegation", toDelegationID,
			fmt.Sprintf("from delegation %d: %d people", fromDelegationID, n))
	})
	return n, err
}
