package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"convene/internal/convene"
	"convene/internal/paths"
)

// CreateFocalInvitation invites a focal point for a delegation: a random
// single-use token (only its hash stored), expiring after
// convene.InvitationTTL, and the e-mail with the link queued in the outbox
// in the same transaction. It returns the token, shown once.
func (d *DB) CreateFocalInvitation(ctx context.Context, delegationID int64, email, name string) (string, error) {
	email, name = convene.NormalizeEmail(email), strings.TrimSpace(name)
	p := convene.Problems{}
	if !convene.ValidEmail(email) {
		p.Add("email", "Enter an e-mail address such as name@example.org.")
	}
	if name == "" {
		p.Add("name", "Enter the focal point's name, as they write it.")
	}
	if err := p.Err(); err != nil {
		return "", err
	}
	token, err := newToken()
	if err != nil {
		return "", err
	}
	err = d.update(ctx, func(tx *Tx) error {
		var meetingID, countryID int64
		var country string
		if err := tx.QueryRowContext(ctx, `SELECT g.meeting_id, g.country_id, c.name FROM delegations g
			JOIN countries c ON c.id = g.country_id WHERE g.id = ?`, delegationID).Scan(&meetingID, &countryID, &country); err == sql.ErrNoRows {
			return convene.NotFound("Delegation")
		} else if err != nil {
			return err
		}
		if err := checkInviteeHasNoAccount(ctx, tx, email, countryID); err != nil {
			return err
		}
		expires := tx.now.Add(convene.InvitationTTL)
		res, err := tx.ExecContext(ctx, `INSERT INTO focal_invitations (delegation_id, email, name, token_hash, created_by,
			created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`, delegationID, email, name, hashToken(token),
			nullID(tx.actor.UserID), formatTime(tx.now), formatTime(expires))
		if err != nil {
			return err
		}
		id, _ := res.LastInsertId()
		if err := tx.audit(ctx, "create", "focal_invitation", id, fmt.Sprintf("delegation_id: %d; email: %q; name: %q",
			delegationID, email, name)); err != nil {
			return err
		}
		link := d.Link(paths.Invitation(token))
		return queueMail(ctx, tx, meetingID, 0, convene.FocalInvitationMail(email, name, country, link, expires))
	})
	return token, err
}

func findInvitation(ctx context.Context, q querier, token string, now time.Time) (convene.FocalInvitation, error) {
	var inv convene.FocalInvitation
	var expires string
	err := q.QueryRowContext(ctx, `SELECT i.id, i.delegation_id, g.meeting_id, c.id, c.iso3, c.name, i.email,
		i.name, i.expires_at FROM focal_invitations i JOIN delegations g ON g.id = i.delegation_id
		JOIN countries c ON c.id = g.country_id
		WHERE i.token_hash = ? AND i.used_at = '' AND i.expires_at > ?`, hashToken(token), formatTime(now)).Scan(
		&inv.ID, &inv.DelegationID, &inv.MeetingID, &inv.Country.ID, &inv.Country.ISO3, &inv.Country.Name,
		&inv.Email, &inv.Name, &expires)
	if err == sql.ErrNoRows {
		return inv, convene.NotFound("Invitation")
	} else if err != nil {
		return inv, err
	}
	inv.ExpiresAt = parseTime(expires)
	p, err := meetingProtocol(ctx, q, inv.MeetingID)
	p.set(&inv.Country)
	return inv, err
}

// FindFocalInvitation returns the open invitation a token names; a used,
// expired or unknown one answers ENOTFOUND, all alike.
func (d *DB) FindFocalInvitation(ctx context.Context, token string) (convene.FocalInvitation, error) {
	var inv convene.FocalInvitation
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		inv, err = findInvitation(ctx, tx, token, d.Now().UTC())
		return err
	})
	return inv, err
}

// AcceptFocalInvitation creates the focal point's account, makes them the
// focal point of the delegation (and of their country's other delegations
// that have none yet), and uses the invitation up, all in one transaction,
// so a link works exactly once.
func (d *DB) AcceptFocalInvitation(ctx context.Context, token, name, passwordHash string) (convene.User, error) {
	var u convene.User
	err := d.update(ctx, func(tx *Tx) error {
		inv, err := findInvitation(ctx, tx, token, tx.now)
		if err != nil {
			return err
		}
		u = convene.User{Email: inv.Email, Name: strings.TrimSpace(name), Role: convene.RoleFocal,
			CountryID: inv.Country.ID, PasswordHash: passwordHash}
		if err := createUser(ctx, tx, &u); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE focal_invitations SET used_at = ?, user_id = ? WHERE id = ?`,
			formatTime(tx.now), u.ID, inv.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE delegations SET focal_user_id = ? WHERE id = ?
			OR (country_id = ? AND focal_user_id IS NULL)`, u.ID, inv.DelegationID, inv.Country.ID); err != nil {
			return err
		}
		return tx.audit(ctx, "accept", "focal_invitation", inv.ID, fmt.Sprintf("user_id: %d", u.ID))
	})
	return u, err
}
