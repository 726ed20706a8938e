package sqlite

import (
	"context"
	"database/sql"
	"time"

	"convene/internal/convene"
)

// CreateLogin records a sign-in. tokenHash is the SHA-256 of the random
// token the browser keeps in its cookie; secondFactor says the sign-in
// passed a second factor.
func (d *DB) CreateLogin(ctx context.Context, userID int64, tokenHash []byte, secondFactor bool) (convene.Login, error) {
	l := convene.Login{UserID: userID, SecondFactor: secondFactor}
	err := d.update(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT auth_version FROM users WHERE id = ? AND disabled = 0`, userID).
			Scan(&l.AuthVersion); err == sql.ErrNoRows {
			return convene.NotFound("User")
		} else if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO logins (token_hash, user_id, auth_version, created_at, last_seen_at,
			second_factor) VALUES (?, ?, ?, ?, ?, ?)`, tokenHash, userID, l.AuthVersion, formatTime(tx.now), formatTime(tx.now),
			boolInt(secondFactor))
		if err != nil {
			return err
		}
		if l.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		l.CreatedAt, l.LastSeenAt = tx.now, tx.now
		summary := ""
		if secondFactor {
			summary = "with a second factor"
		}
		return tx.audit(ctx, convene.AuditSignIn, "user", userID, summary)
	})
	return l, err
}

// loginByTokenQuery runs on every signed-in request; it is prepared once
// per read connection (read_conn.go).
// #nosec G101 -- a query that looks a login up by its token's hash; no credential.
const loginByTokenQuery = `SELECT l.id, l.user_id, l.auth_version, l.created_at, l.last_seen_at, l.second_factor,
			u.id, u.email, u.name, u.role, coalesce(u.country_id, 0), coalesce(u.delegate_id, 0), u.password_hash,
			u.disabled, u.auth_version, u.created_at, u.totp_secret, u.totp_last_step
			FROM logins l JOIN users u ON u.id = l.user_id
			WHERE l.token_hash = ? AND u.disabled = 0 AND u.auth_version = l.auth_version`

// FindLoginByTokenHash returns the login and its user. A login whose user was
// disabled, or whose auth version is older than the user's (password or role
// changed since), is not found.
func (d *DB) FindLoginByTokenHash(ctx context.Context, tokenHash []byte) (convene.Login, convene.User, error) {
	var l convene.Login
	var u convene.User
	// Not in a view transaction: one statement is its own snapshot, and on
	// every signed-in request a BEGIN and ROLLBACK (and database/sql's
	// goroutine watching the transaction) would cost more than the read.
	var created, seen, ucreated string
	row := d.read.QueryRowContext(ctx, loginByTokenQuery, tokenHash)
	err := row.Scan(&l.ID, &l.UserID, &l.AuthVersion, &created, &seen, &l.SecondFactor,
		&u.ID, &u.Email, &u.Name, &u.Role, &u.CountryID, &u.DelegateID, &u.PasswordHash, &u.Disabled,
		&u.AuthVersion, &ucreated, &u.TOTPSecret, &u.TOTPLastStep)
	if err == sql.ErrNoRows {
		return l, u, convene.NotFound("Login")
	}
	l.CreatedAt, l.LastSeenAt, u.CreatedAt = parseTime(created), parseTime(seen), parseTime(ucreated)
	return l, u, translate(err)
}

// TouchLogin moves a login's last-seen time forward, which keeps it inside
// the idle timeout. Callers touch at most once a minute per login so that
// reading pages does not become a stream of writes.
func (d *DB) TouchLogin(ctx context.Context, id int64, at time.Time) error {
	return d.update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE logins SET last_seen_at = ? WHERE id = ?`, formatTime(at), id)
		return err
	})
}

// DeleteLogin signs one browser out.
func (d *DB) DeleteLogin(ctx context.Context, id int64) error {
	return d.update(ctx, func(tx *Tx) error {
		var userID int64
		err := tx.QueryRowContext(ctx, `DELETE FROM logins WHERE id = ? RETURNING user_id`, id).Scan(&userID)
		if err == sql.ErrNoRows {
			return nil
		} else if err != nil {
			return err
		}
		return tx.audit(ctx, "sign_out", "user", userID, "")
	})
}

// DeleteExpiredLogins removes logins idle since before idleCutoff or created
// before absoluteCutoff; the server runs it now and then so the table stays small.
func (d *DB) DeleteExpiredLogins(ctx context.Context, idleCutoff, absoluteCutoff time.Time) (int64, error) {
	var n int64
	err := d.update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM logins WHERE last_seen_at < ? OR created_at < ?`,
			formatTime(idleCutoff), formatTime(absoluteCutoff))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
