package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"convene/internal/convene"
)

// CreateCalendarFeed gives a user a new personal feed token and revokes any
// earlier one, so that a leaked URL is cured by making a new one. Only the
// token's SHA-256 is stored; the token itself is returned once.
func (d *DB) CreateCalendarFeed(ctx context.Context, userID int64) (string, error) {
	token, err := newToken()
	if err != nil {
		return "", err
	}
	err = d.update(ctx, func(tx *Tx) error {
		if err := revokeCalendarFeeds(ctx, tx, userID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES (?, ?, ?)`,
			userID, hashToken(token), formatTime(tx.now))
		if err != nil {
			return fmt.Errorf("insert calendar feed: %w", err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		return tx.audit(ctx, "create", "calendar_feed", id, fmt.Sprintf("user_id: %q", fmt.Sprint(userID)))
	})
	return token, err
}

// RevokeCalendarFeeds stops every feed URL of a user.
func (d *DB) RevokeCalendarFeeds(ctx context.Context, userID int64) error {
	return d.update(ctx, func(tx *Tx) error { return revokeCalendarFeeds(ctx, tx, userID) })
}

func revokeCalendarFeeds(ctx context.Context, tx *Tx, userID int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE calendar_feeds SET revoked_at = ? WHERE user_id = ? AND revoked_at = ''`,
		formatTime(tx.now), userID)
	if err != nil {
		return fmt.Errorf("revoke calendar feeds: %w", err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return tx.audit(ctx, "revoke", "calendar_feed", userID, fmt.Sprintf("%d feed(s) of user %d revoked", n, userID))
	}
	return nil
}

// HasCalendarFeed reports whether the user has a feed that is not revoked.
func (d *DB) HasCalendarFeed(ctx context.Context, userID int64) (bool, error) {
	var n int
	err := d.view(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM calendar_feeds WHERE user_id = ? AND revoked_at = ''`,
			userID).Scan(&n)
	})
	return n > 0, err
}

// FindUserByCalendarFeed returns the owner of a live feed token. A revoked
// or unknown token, or a disabled account, is not found.
func (d *DB) FindUserByCalendarFeed(ctx context.Context, token string) (convene.User, error) {
	var userID int64
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		userID, err = queryOne(ctx, tx, "Calendar feed", scanID, `SELECT f.user_id FROM calendar_feeds f
			JOIN users u ON u.id = f.user_id WHERE f.token_hash = ? AND f.revoked_at = '' AND u.disabled = 0`, hashToken(token))
		return err
	})
	if err != nil {
		return convene.User{}, err
	}
	return d.FindUserByID(ctx, userID)
}
