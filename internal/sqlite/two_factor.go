package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"convene/internal/convene"
)

// EnableTwoFactor turns an account's second factor on: the secret (already
// encrypted by the web layer), the step of the code that confirmed it (so
// that code is not accepted again), and the SHA-256 of each new recovery
// code, which replace any earlier ones.
func (d *DB) EnableTwoFactor(ctx context.Context, userID int64, secret string, step int64, codeHashes [][]byte) error {
	if secret == "" || len(codeHashes) == 0 {
		return fmt.Errorf("enable two-factor: no secret or no recovery codes")
	}
	return d.update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = ?, totp_last_step = ?, updated_at = ? WHERE id = ?`,
			secret, step, formatTime(tx.now), userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return convene.NotFound("User")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = ?`, userID); err != nil {
			return err
		}
		for _, h := range codeHashes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)`,
				userID, h, formatTime(tx.now)); err != nil {
				return err
			}
		}
		return tx.audit(ctx, convene.AuditSecondFactorOn, "user", userID,
			fmt.Sprintf("authenticator app; %d recovery codes", len(codeHashes)))
	})
}

// DisableTwoFactor turns an account's second factor off and deletes its
// recovery codes. byAdmin is an administrator's reset (the person lost
// their phone): it also signs the account out everywhere, so that the next
// sign-in sets the second factor up again where one is required.
func (d *DB) DisableTwoFactor(ctx context.Context, userID int64, byAdmin bool) error {
	return d.update(ctx, func(tx *Tx) error {
		bump := 0
		if byAdmin {
			bump = 1
		}
		res, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = '', totp_last_step = 0,
			auth_version = auth_version + ?, updated_at = ? WHERE id = ?`, bump, formatTime(tx.now), userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return convene.NotFound("User")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = ?`, userID); err != nil {
			return err
		}
		if !byAdmin {
			return tx.audit(ctx, convene.AuditSecondFactorOff, "user", userID, "")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM logins WHERE user_id = ?`, userID); err != nil {
			return err
		}
		return tx.audit(ctx, convene.AuditSecondFactorReset, "user", userID, "signed out everywhere")
	})
}

// UseTOTPStep records that the code of step was accepted for the account,
// and reports false when that step or a later one was already used: a code
// seen once (over a shoulder, in a proxy's log) does not sign in again.
func (d *DB) UseTOTPStep(ctx context.Context, userID, step int64) (bool, error) {
	var ok bool
	err := d.update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_secret <> ''
			AND totp_last_step < ?`, step, userID, step)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		ok = n == 1
		return err
	})
	return ok, err
}

// UseRecoveryCode spends the account's recovery code with that SHA-256 and
// returns how many are left; ok is false when no unused code has that hash
// (wrong, or used before).
func (d *DB) UseRecoveryCode(ctx context.Context, userID int64, codeHash []byte) (left int, ok bool, err error) {
	err = d.update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ?
			AND used_at = ''`, formatTime(tx.now), userID, codeHash)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil
		}
		ok = true
		if left, err = recoveryCodesLeft(tx.context(ctx), tx.Tx, userID); err != nil {
			return err
		}
		return tx.audit(ctx, convene.AuditRecoveryCodeUsed, "user", userID, fmt.Sprintf("%d left", left))
	})
	return left, ok, err
}

// RecoveryCodesLeft returns how many unused recovery codes the account has.
func (d *DB) RecoveryCodesLeft(ctx context.Context, userID int64) (int, error) {
	var n int
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		n, err = recoveryCodesLeft(ctx, tx, userID)
		return err
	})
	return n, err
}

func recoveryCodesLeft(ctx context.Context, tx *sql.Tx, userID int64) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM recovery_codes WHERE user_id = ? AND used_at = ''`, userID).Scan(&n)
	return n, err
}

// AuditSignIn writes a sign-in event that changes nothing else (a failed
// password or code, an attempt refused by the limits) to the audit log,
// with the client address of the request's actor. userID is the account
// concerned, 0 when the address typed has none; summary never holds what
// was typed.
func (d *DB) AuditSignIn(ctx context.Context, action string, userID int64, summary string) error {
	return d.update(ctx, func(tx *Tx) error { return tx.audit(ctx, action, "user", userID, summary) })
}
