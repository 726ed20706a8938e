package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"convene/internal/convene"
	"convene/internal/paths"
)

// RequestPasswordReset answers the sign-in page's "Forgot your password?":
// when email belongs to an account that is not disabled, a single-use link
// (convene.PasswordResetTTL) is created and its mail queued in the outbox in
// the same transaction, unless convene.PasswordResetsPerHour links were
// already sent in the last hour. Either way one transaction writes one audit
// row with the client address, so the request takes the same path to the
// disk whether the address has an account or not, and the caller gives the
// same answer.
func (d *DB) RequestPasswordReset(ctx context.Context, email string) error {
	email = convene.NormalizeEmail(email)
	return d.update(ctx, func(tx *Tx) error {
		u, err := queryOne(ctx, tx, "User", scanUser, `SELECT `+userColumns+` FROM users WHERE email = ? AND disabled = 0`, email)
		if convene.ErrorCode(err) == convene.ENOTFOUND {
			return tx.audit(ctx, convene.AuditPasswordResetAsked, "user", 0, "no account (or a disabled one) at the address typed")
		} else if err != nil {
			return err
		}
		var recent int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM password_resets WHERE user_id = ? AND created_at > ?`,
			u.ID, formatTime(tx.now.Add(-convene.PasswordResetTTL))).Scan(&recent); err != nil {
			return err
		}
		if recent >= convene.PasswordResetsPerHour {
			return tx.audit(ctx, convene.AuditPasswordResetAsked, "user", u.ID,
				fmt.Sprintf("no mail: %d links sent in the last hour", recent))
		}
		if err := createPasswordReset(ctx, d, tx, u, false); err != nil {
			return err
		}
		return tx.audit(ctx, convene.AuditPasswordResetAsked, "user", u.ID, "link sent")
	})
}

// SendPasswordReset is an administrator sending a person a link to set a
// new password (the user form cannot set one): the link and its mail, and
// the audit row naming the administrator, in one transaction.
func (d *DB) SendPasswordReset(ctx context.Context, userID int64) (convene.User, error) {
	var u convene.User
	err := d.update(ctx, func(tx *Tx) (err error) {
		u, err = queryOne(ctx, tx, "User", scanUser, `SELECT `+userColumns+` FROM users WHERE id = ?`, userID)
		if err != nil {
			return err
		}
		if u.Disabled {
			return convene.Errorf(convene.ECONFLICT, "This account is disabled: enable it before sending a link.")
		}
		if err := createPasswordReset(ctx, d, tx, u, true); err != nil {
			return err
		}
		return tx.audit(ctx, convene.AuditPasswordResetSent, "user", u.ID, "to "+u.Email)
	})
	return u, err
}

// createPasswordReset stores a new link's hash and queues its mail.
func createPasswordReset(ctx context.Context, d *DB, tx *Tx, u convene.User, byAdmin bool) error {
	token, err := newToken()
	if err != nil {
		return err
	}
	expires := tx.now.Add(convene.PasswordResetTTL)
	if _, err := tx.ExecContext(ctx, `INSERT INTO password_resets (user_id, token_hash, created_by, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?)`, u.ID, hashToken(token), nullID(tx.actor.UserID), formatTime(tx.now),
		formatTime(expires)); err != nil {
		return err
	}
	return queueMail(ctx, tx, 0, 0, convene.PasswordResetMail(u, d.Link(paths.PasswordReset(token)), expires, byAdmin))
}

// validResetQuery finds the account of a reset link that is unused and not
// expired at the given time.
const validResetQuery = `SELECT r.id, r.user_id FROM password_resets r JOIN users u ON u.id = r.user_id
	WHERE r.token_hash = ? AND r.used_at = '' AND r.expires_at > ? AND u.disabled = 0`

// FindPasswordReset returns the account a reset link's token works for.
// Unknown, used and expired links are all ENOTFOUND, alike.
func (d *DB) FindPasswordReset(ctx context.Context, token string) (convene.User, error) {
	var u convene.User
	err := d.view(ctx, func(tx *sql.Tx) error {
		var id, userID int64
		err := tx.QueryRowContext(ctx, validResetQuery, hashToken(token), formatTime(d.Now().UTC())).Scan(&id, &userID)
		if err == sql.ErrNoRows {
			return convene.NotFound("Link")
		} else if err != nil {
			return err
		}
		u, err = queryOne(ctx, tx, "User", scanUser, `SELECT `+userColumns+` FROM users WHERE id = ?`, userID)
		return err
	})
	return u, err
}

// ResetPassword sets the password a reset link was sent for and spends the
// link, with every other link of the account; the account's auth version is
// bumped and its logins deleted, so every browser signed in as it is signed
// out. The link is checked again inside the transaction, so two posts of the
// same link cannot both succeed.
func (d *DB) ResetPassword(ctx context.Context, token, passwordHash string) (convene.User, error) {
	var u convene.User
	err := d.update(ctx, func(tx *Tx) error {
		var id, userID int64
		err := tx.QueryRowContext(ctx, validResetQuery, hashToken(token), formatTime(tx.now)).Scan(&id, &userID)
		if err == sql.ErrNoRows {
			return convene.NotFound("Link")
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at = ''`,
			formatTime(tx.now), userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, auth_version = auth_version + 1, updated_at = ?
			WHERE id = ?`, passwordHash, formatTime(tx.now), userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM logins WHERE user_id = ?`, userID); err != nil {
			return err
		}
		if u, err = queryOne(ctx, tx, "User", scanUser, `SELECT `+userColumns+` FROM users WHERE id = ?`, userID); err != nil {
			return err
		}
		return tx.audit(ctx, convene.AuditPasswordReset, "user", userID, "password: changed; signed out everywhere")
	})
	return u, err
}
