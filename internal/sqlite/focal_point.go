package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"convene/internal/convene"
)

// A delegation's focal point is the account that nominates for it
// (delegations.focal_user_id). The secretariat invites a new one
// (invitation.go) or, when the country's focal point already has an
// account, assigns that account here.

// FindFocalAccounts returns the enabled focal-point accounts of a country,
// by name: the accounts the secretariat may assign to its delegations.
func (d *DB) FindFocalAccounts(ctx context.Context, countryID int64) ([]convene.User, error) {
	var out []convene.User
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, scanUser, `SELECT `+userColumns+` FROM users
			WHERE role = 'focal' AND country_id = ? AND disabled = 0 ORDER BY name, id`, countryID)
		return err
	})
	return out, err
}

// AssignFocalPoint makes an existing focal account the delegation's focal
// point (convene.FocalAssignmentProblem says whose), with its audit row,
// in one transaction. A refusal is a problem for the "focal_user" field.
func (d *DB) AssignFocalPoint(ctx context.Context, delegationID, userID int64) (convene.User, error) {
	var u convene.User
	err := d.update(ctx, func(tx *Tx) error {
		g, err := queryOne(ctx, tx, "Delegation", scanDelegation,
			`SELECT `+delegationColumns+delegationFrom+` WHERE g.id = ?`, delegationID)
		if err != nil {
			return err
		}
		u, err = queryOne(ctx, tx, "User", scanUser, `SELECT `+userColumns+` FROM users WHERE id = ?`, userID)
		if convene.ErrorCode(err) == convene.ENOTFOUND {
			return &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
				Fields: map[string]string{"focal_user": "Choose one of the accounts listed."}}
		} else if err != nil {
			return err
		}
		if msg := convene.FocalAssignmentProblem(u, g); msg != "" {
			return &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
				Fields: map[string]string{"focal_user": msg}}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE delegations SET focal_user_id = ? WHERE id = ?`, u.ID, g.ID); err != nil {
			return fmt.Errorf("assign focal point: %w", err)
		}
		return tx.audit(ctx, "assign_focal", "delegation", g.ID, summarize(
			fields{"focal_user_id": fmt.Sprint(g.FocalUserID)}, fields{"focal_user_id": fmt.Sprint(u.ID)}))
	})
	return u, err
}

// checkInviteeHasNoAccount refuses to invite an address that already has
// an account: the invitation would create a second one on acceptance. A
// focal account of the delegation's own country is assigned instead.
func checkInviteeHasNoAccount(ctx context.Context, tx *Tx, email string, countryID int64) error {
	var role convene.Role
	var country int64
	err := tx.QueryRowContext(ctx, `SELECT role, coalesce(country_id, 0) FROM users WHERE email = ?`, email).Scan(&role, &country)
	if err == sql.ErrNoRows {
		return nil
	} else if err != nil {
		return err
	}
	msg := "This address already belongs to another Convene account; invite the focal point at another address."
	if role == convene.RoleFocal && country == countryID {
		msg = "This focal point already has an account: assign it to this delegation below instead of inviting them."
	}
	return &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
		Fields: map[string]string{"email": msg}}
}
