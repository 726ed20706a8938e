package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"convene/internal/convene"
)

const badgeColumns = `b.id, b.meeting_id, b.delegate_id, b.code, b.version, b.status, coalesce(u.name, ''), b.printed_at,
	b.collected_by, b.collected_at, ` + delegateColumns

const badgeFrom = ` FROM badges b JOIN delegates p ON p.id = b.delegate_id JOIN delegations g ON g.id = p.delegation_id
	JOIN countries c ON c.id = g.country_id LEFT JOIN users u ON u.id = b.printed_by`

// scanBadge reads a badge with its holder. The holder's passport, date of
// birth, contact and medical data are dropped at once: nothing that prints
// or checks badges has any use for them, so they never reach a badge page.
func scanBadge(row scanner) (convene.Badge, error) {
	var b convene.Badge
	var printed, collected string
	var p convene.Delegate
	var expiry, created, updated string
	err := row.Scan(append([]any{&b.ID, &b.MeetingID, &b.DelegateID, &b.Code, &b.Version, &b.Status, &b.PrintedBy, &printed,
		&b.CollectedBy, &collected}, delegateDest(&p, &expiry, &created, &updated)...)...)
	b.PrintedAt, b.CollectedAt = parseTime(printed), parseTime(collected)
	p.PassportNumber, p.Medical, p.Mobile, p.Email, p.Nationality = "", "", "", "", ""
	b.Delegate = p
	return b, err
}

// FindBadges returns a meeting's badges in protocol order of their holders,
// newest version first for each holder.
func (d *DB) FindBadges(ctx context.Context, f convene.BadgeFilter) ([]convene.Badge, error) {
	cond, args := "WHERE b.meeting_id = ?", []any{f.MeetingID}
	if f.DelegationID != 0 {
		cond, args = cond+" AND p.delegation_id = ?", append(args, f.DelegationID)
	}
	if f.DelegateID != 0 {
		cond, args = cond+" AND b.delegate_id = ?", append(args, f.DelegateID)
	}
	if len(f.Statuses) > 0 {
		cond += " AND b.status IN (" + placeholders(len(f.Statuses)) + ")"
		for _, s := range f.Statuses {
			args = append(args, string(s))
		}
	}
	var out []convene.Badge
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		po, err := d.protocolOf(ctx, tx, f.MeetingID, convene.Date{})
		if err != nil {
			return err
		}
		// #nosec G202 -- constant fragments; cond holds only ? placeholders.
		out, err = queryAll(ctx, tx, scanBadge, protocolOrderCTE+`SELECT `+badgeColumns+badgeFrom+protocolOrderJoin+` `+cond+`
			ORDER BY `+protocolOrderBy+`, p.precedence, p.sort_name, p.id, b.version DESC`, append([]any{po.json()}, args...)...)
		for i := range out {
			po.set(&out[i].Delegate.Country)
		}
		return err
	})
	return out, err
}

// IssueBadges prints badges for the given delegates of a meeting, in one
// transaction with an audit row per badge. Only accredited delegates of that
// meeting get one; anyone else refuses the whole batch with the reason, so a
// sheet never silently leaves someone out. A delegate who already holds a
// valid badge is skipped, unless reprint is set: then the old badge is
// superseded (its code stops working at check-in) and a new version is
// issued with a new code. It returns how many badges it issued.
func (d *DB) IssueBadges(ctx context.Context, meetingID int64, delegateIDs []int64, reprint bool) (int, error) {
	issued := 0
	err := d.update(ctx, func(tx *Tx) error {
		for _, id := range delegateIDs {
			var name, status string
			var inMeeting int64
			err := tx.QueryRowContext(ctx, `SELECT g.meeting_id, p.status,
				trim(p.honorific || ' ' || CASE WHEN p.badge_name <> '' THEN p.badge_name ELSE p.given_name || ' ' || p.family_name END)
				FROM delegates p JOIN delegations g ON g.id = p.delegation_id WHERE p.id = ?`, id).
				Scan(&inMeeting, &status, &name)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && inMeeting != meetingID) {
				return convene.Errorf(convene.EINVALID, "Delegate %d is not in this meeting: no badge was printed.", id)
			} else if err != nil {
				return err
			}
			if msg := convene.BadgePrintRefusal(name, convene.RegistrationStatus(status)); msg != "" {
				return &convene.Error{Code: convene.EINVALID, Message: msg}
			}
			var activeID int64
			var version int
			err = tx.QueryRowContext(ctx, `SELECT coalesce(max(CASE WHEN status = 'active' THEN id END), 0), coalesce(max(version), 0)
				FROM badges WHERE delegate_id = ? AND meeting_id = ?`, id, meetingID).Scan(&activeID, &version)
			if err != nil {
				return err
			}
			if activeID != 0 {
				if !reprint {
					continue
				}
				if _, err := tx.ExecContext(ctx, `UPDATE badges SET status = 'superseded' WHERE id = ?`, activeID); err != nil {
					return err
				}
				if err := tx.audit(ctx, "supersede", "badge", activeID, fmt.Sprintf("version %d superseded by a reprint", version)); err != nil {
					return err
				}
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO badges (meeting_id, delegate_id, code, version, status, printed_by, printed_at)
				VALUES (?, ?, ?, ?, 'active', ?, ?)`, meetingID, id, convene.NewBadgeCode(), version+1,
				nullID(tx.actor.UserID), formatTime(tx.now))
			if err != nil {
				return fmt.Errorf("insert badge: %w", err)
			}
			bid, err := res.LastInsertId()
			if err != nil {
				return err
			}
			// The code itself stays out of the log: whoever reads the log
			// should not be able to forge a working badge from it.
			if err := tx.audit(ctx, "print", "badge", bid, fmt.Sprintf("delegate_id: %d; version: %d", id, version+1)); err != nil {
				return err
			}
			issued++
		}
		return nil
	})
	return issued, err
}

// RevokeBadge withdraws a valid badge (lost, stolen, person withdrawn), so
// that its code is refused at check-in from now on.
func (d *DB) RevokeBadge(ctx context.Context, meetingID, badgeID int64) error {
	return d.update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE badges SET status = 'revoked' WHERE id = ? AND meeting_id = ? AND status = 'active'`,
			badgeID, meetingID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return convene.NotFound("Valid badge")
		}
		return tx.audit(ctx, "revoke", "badge", badgeID, "status: \"active\" → \"revoked\"")
	})
}

// CollectBadges records that someone (usually the delegation's liaison
// officer) collected a delegation's valid badges in bulk, with a custody
// note naming who took them. It returns how many badges were handed over.
func (d *DB) CollectBadges(ctx context.Context, meetingID, delegationID int64, collectedBy string) (int, error) {
	var n int64
	err := d.update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE badges SET collected_by = ?, collected_at = ?
			WHERE meeting_id = ? AND status = 'active' AND collected_at = ''
			AND delegate_id IN (SELECT id FROM delegates WHERE delegation_id = ?)`,
			collectedBy, formatTime(tx.now), meetingID, delegationID)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return tx.audit(ctx, "collect", "delegation", delegationID, fmt.Sprintf("%d badges collected by %q", n, collectedBy))
	})
	return int(n), err
}

// lookupBadge finds a badge by code and asks convene.BadgeRefusal whether it
// admits its holder to the meeting, returning a refusal with the reason the
// desk reads out next to the code field.
func lookupBadge(ctx context.Context, q querier, meetingID int64, code string) (convene.Badge, error) {
	refuse := func(msg string) error {
		return &convene.Error{Code: convene.EINVALID, Message: msg, Fields: map[string]string{"code": msg}}
	}
	norm := convene.NormalizeBadgeCode(code)
	if norm == "" {
		return convene.Badge{}, refuse(convene.RefuseNoCode)
	}
	b, err := scanBadge(q.QueryRowContext(ctx, `SELECT `+badgeColumns+badgeFrom+` WHERE b.code = ?`, norm))
	if errors.Is(err, sql.ErrNoRows) {
		return b, refuse(convene.RefuseUnknownCode)
	} else if err != nil {
		return b, err
	}
	if msg := convene.BadgeRefusal(b, meetingID); msg != "" {
		return b, refuse(msg)
	}
	return b, nil
}
