package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"convene/internal/convene"
)

const userColumns = `id, email, name, role, coalesce(country_id, 0), coalesce(delegate_id, 0), password_hash,
	disabled, auth_version, created_at, totp_secret, totp_last_step`

func scanUser(row scanner) (convene.User, error) {
	var u convene.User
	var created string
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.CountryID, &u.DelegateID, &u.PasswordHash,
		&u.Disabled, &u.AuthVersion, &created, &u.TOTPSecret, &u.TOTPLastStep)
	u.CreatedAt = parseTime(created)
	return u, err
}

// CreateUser adds an account. The caller hashes the password; the store
// never sees it in clear.
func (d *DB) CreateUser(ctx context.Context, u *convene.User) error {
	return d.update(ctx, func(tx *Tx) error { return createUser(ctx, tx, u) })
}

func createUser(ctx context.Context, tx *Tx, u *convene.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	var exists int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE email = ?`, u.Email).Scan(&exists); err != nil {
		return err
	}
	if exists > 0 {
		return &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
			Fields: map[string]string{"email": "An account with this e-mail address already exists."}}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO users (email, name, role, country_id, delegate_id, password_hash,
		disabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.Email, u.Name, u.Role, nullID(u.CountryID), nullID(u.DelegateID), u.PasswordHash, boolInt(u.Disabled),
		formatTime(tx.now), formatTime(tx.now))
	if err != nil {
		return fmt.Errorf("insert user: %w", err)
	}
	if u.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	u.AuthVersion, u.CreatedAt = 1, tx.now
	return tx.audit(ctx, "create", "user", u.ID, summarize(nil, userFields(u)))
}

func userFields(u *convene.User) fields {
	return fields{"email": u.Email, "name": u.Name, "role": string(u.Role),
		"country_id": fmt.Sprint(u.CountryID), "disabled": fmt.Sprint(u.Disabled)}
}

// FindUserByID returns the account with that id.
func (d *DB) FindUserByID(ctx context.Context, id int64) (convene.User, error) {
	var u convene.User
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		u, err = queryOne(ctx, tx, "User", scanUser, userByIDQuery, id)
		return err
	})
	return u, err
}

// FindUserByEmail returns the account with that address, however it is capitalised.
func (d *DB) FindUserByEmail(ctx context.Context, email string) (convene.User, error) {
	var u convene.User
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		u, err = queryOne(ctx, tx, "User", scanUser, `SELECT `+userColumns+` FROM users WHERE email = ?`,
			convene.NormalizeEmail(email))
		return err
	})
	return u, err
}

// FindUsers returns accounts ordered by name, and how many match.
func (d *DB) FindUsers(ctx context.Context, f convene.UserFilter) ([]convene.User, int, error) {
	var where []string
	var args []any
	if f.Role != "" {
		where, args = append(where, "role = ?"), append(args, f.Role)
	}
	if s := strings.TrimSpace(f.Search); s != "" {
		where = append(where, "(instr(lower(name), lower(?)) > 0 OR instr(email, lower(?)) > 0)")
		args = append(args, s, s)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 200
	}
	var out []convene.User
	var total int
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users`+cond, args...).Scan(&total); err != nil {
			return err
		}
		out, err = queryAll(ctx, tx, scanUser, `SELECT `+userColumns+` FROM users`+cond+` ORDER BY name, id LIMIT ? OFFSET ?`,
			append(args, limit, f.Offset)...)
		return err
	})
	return out, total, err
}

// CountUsers returns how many accounts exist; the demo uses it to decide
// whether the database is empty.
func (d *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := d.view(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n)
	})
	return n, err
}

// UpdateUserPassword sets a new password hash, bumps the account's auth
// version and deletes its other logins, so that every other browser signed in
// as this user is signed out at once. keepLoginID is the login that made the
// change (0 to sign out everywhere).
func (d *DB) UpdateUserPassword(ctx context.Context, userID int64, hash string, keepLoginID int64) error {
	return d.update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, auth_version = auth_version + 1,
			updated_at = ? WHERE id = ?`, hash, formatTime(tx.now), userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return convene.NotFound("User")
		}
		// The login that changed the password stays valid under the new version.
		if _, err := tx.ExecContext(ctx, `UPDATE logins SET auth_version = (SELECT auth_version FROM users WHERE id = ?)
			WHERE id = ? AND user_id = ?`, userID, keepLoginID, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM logins WHERE user_id = ? AND id <> ?`, userID, keepLoginID); err != nil {
			return err
		}
		return tx.audit(ctx, "update", "user", userID, "password: changed")
	})
}

// The queries of UpdateUser, prepared once by the writer (hotWrites).
const (
	userByIDQuery   = `SELECT ` + userColumns + ` FROM users WHERE id = ?`
	updateUserQuery = `UPDATE users SET name = ?, role = ?, country_id = ?, disabled = ?,
		auth_version = auth_version + ?, updated_at = ? WHERE id = ?`
)

// UpdateUser changes an account. A change of role, country or disabled state
// bumps the auth version and deletes every login of the user, because what
// they may see has changed.
func (d *DB) UpdateUser(ctx context.Context, id int64, upd convene.UserUpdate) (convene.User, error) {
	var u convene.User
	err := d.update(ctx, func(tx *Tx) (err error) {
		u, err = queryOne(ctx, tx, "User", scanUser, `SELECT `+userColumns+` FROM users WHERE id = ?`, id)
		if err != nil {
			return err
		}
		before := u
		if upd.Name != nil {
			u.Name = *upd.Name
		}
		if upd.Role != nil {
			u.Role = *upd.Role
		}
		if upd.CountryID != nil {
			u.CountryID = *upd.CountryID
		}
		if upd.Disabled != nil {
			u.Disabled = *upd.Disabled
		}
		if err := u.Validate(); err != nil {
			return err
		}
		revoke := u.Role != before.Role || u.CountryID != before.CountryID || (u.Disabled && !before.Disabled)
		bump := 0
		if revoke {
			bump = 1
		}
		if _, err := tx.ExecContext(ctx, updateUserQuery,
			u.Name, u.Role, nullID(u.CountryID), boolInt(u.Disabled), bump, formatTime(tx.now), id); err != nil {
			return err
		}
		if revoke {
			u.AuthVersion += 1
			if _, err := tx.ExecContext(ctx, `DELETE FROM logins WHERE user_id = ?`, id); err != nil {
				return err
			}
		}
		return tx.audit(ctx, "update", "user", id, summarize(userFields(&before), userFields(&u)))
	})
	return u, err
}

// SetPasswordHashForDomain sets one password hash on every account whose
// e-mail is at domain, and signs those accounts out everywhere. `convene demo`
// uses it so that the password it prints at start-up is the one in force.
func (d *DB) SetPasswordHashForDomain(ctx context.Context, domain, hash string) (int64, error) {
	var n int64
	err := d.update(ctx, func(tx *Tx) error {
		pattern := "%@" + strings.ToLower(domain)
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, auth_version = auth_version + 1,
			updated_at = ? WHERE email LIKE ?`, hash, formatTime(tx.now), pattern)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM logins WHERE user_id IN (SELECT id FROM users WHERE email LIKE ?)`,
			pattern); err != nil {
			return err
		}
		return tx.audit(ctx, "update", "user", 0, fmt.Sprintf("password: changed for %d accounts at %s", n, domain))
	})
	return n, err
}
