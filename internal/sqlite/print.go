package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"convene/internal/convene"
)

const badgeColumns = `b.id, b.meeting_id, b.delegate_id, b.code, b.version, b.status, coalesce(u.name, ''), b.printed_at,
	b.collected_by, b.collected_at, ` + delegateColumns

const badgeFrom = ` FROM badges b JOIN delegates p ON p.id = b.delegate_id JOIN delegations g ON g.id = p.delegation_id
	JOIN countries c ON c.id = g.country_id LEFT JOIN users u ON u.id = b.printed_by`

// scanBadge reads a badge with its holder. The holder's passport, date of
// birth, contact and medical data are dropped at once: nothing that prints
// or checks badges has any use for them, so they never reach a badge page.
func scanBadge(row interface{ Scan(...any) error }) (convene.Badge, error) {
	var b convene.Badge
	var printed, collected string
	var p convene.Delegate
	var expiry, created, updated string
	err := row.Scan(&b.ID, &b.MeetingID, &b.DelegateID, &b.Code, &b.Version, &b.Status, &b.PrintedBy, &printed,
		&b.CollectedBy, &collected,
		&p.ID, &p.DelegationID, &p.Honorific, &p.GivenName, &p.FamilyName, &p.FamilyNameFirst, &p.BadgeName,
		&p.Position, &p.Role, &p.Gender, &p.Nationality, &p.PassportNumber, &expiry, &p.Email, &p.Mobile, &p.Dietary,
		&p.DietaryOther, &p.Medical, &p.Status, &p.WaitlistPos, &created, &updated,
		&p.Country.ID, &p.Country.ISO3, &p.Country.Name, &p.Country.Observer, &p.Country.ProtocolRank)
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
	err := d.view(ctx, func(tx *sql.Tx) error {
		// #nosec G202 -- constant fragments; cond holds only ? placeholders.
		rows, err := tx.QueryContext(ctx, `SELECT `+badgeColumns+badgeFrom+` `+cond+`
			ORDER BY c.protocol_rank, p.precedence, p.sort_name, p.id, b.version DESC`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			b, err := scanBadge(rows)
			if err != nil {
				return err
			}
			out = append(out, b)
		}
		return rows.Err()
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
			if convene.RegistrationStatus(status) != convene.RegAccredited {
				return convene.Errorf(convene.EINVALID, "%s is %s, not accredited: badges are printed only for accredited delegates. Nothing was printed.",
					name, convene.RegistrationStatus(status).Label())
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

// lookupBadge finds a badge by code and checks that it admits its holder to
// the meeting, returning a refusal with the reason the desk reads out.
func lookupBadge(ctx context.Context, q queryer, meetingID int64, code string) (convene.Badge, error) {
	refuse := func(msg string) error {
		return &convene.Error{Code: convene.EINVALID, Message: msg, Fields: map[string]string{"code": msg}}
	}
	norm := convene.NormalizeBadgeCode(code)
	if norm == "" {
		return convene.Badge{}, refuse("Type the code printed under the QR code, or scan the badge.")
	}
	b, err := scanBadge(q.QueryRowContext(ctx, `SELECT `+badgeColumns+badgeFrom+` WHERE b.code = ?`, norm))
	if errors.Is(err, sql.ErrNoRows) {
		return b, refuse("No badge has this code. Check it character by character; do not admit on this code.")
	} else if err != nil {
		return b, err
	}
	switch {
	case b.MeetingID != meetingID:
		return b, refuse(fmt.Sprintf("This badge of %s is for another meeting, not this one.", b.Delegate.DisplayName()))
	case b.Status == convene.BadgeSuperseded:
		return b, refuse(fmt.Sprintf("Refused: this is version %d of %s's badge, replaced by a reprint. Ask for the current badge.",
			b.Version, b.Delegate.DisplayName()))
	case b.Status == convene.BadgeRevoked:
		return b, refuse(fmt.Sprintf("Refused: %s's badge was revoked. Send the holder to the accreditation desk.", b.Delegate.DisplayName()))
	case b.Delegate.Status != convene.RegAccredited:
		return b, refuse(fmt.Sprintf("Refused: %s is %s, not accredited.", b.Delegate.DisplayName(),
			b.Delegate.Status.Label()))
	}
	return b, nil
}

// CheckIn records that a badge was presented at the desk for a meeting
// (sessionID 0) or one of its sessions. It is idempotent: a second scan of
// the same person for the same meeting or session returns the first
// check-in with New false and writes nothing. The unique index and the
// single immediate writer make that hold even when two desks scan the same
// badge at the same instant.
func (d *DB) CheckIn(ctx context.Context, meetingID, sessionID int64, code string) (convene.CheckIn, error) {
	if pause, split := splitCheckIn.Load(d); split {
		return d.checkInSplit(ctx, meetingID, sessionID, code, pause.(func()))
	}
	var ci convene.CheckIn
	err := d.update(ctx, func(tx *Tx) error {
		b, err := lookupBadge(ctx, tx, meetingID, code)
		if err != nil {
			return err
		}
		if err := checkSession(ctx, tx, meetingID, sessionID); err != nil {
			return err
		}
		ci = convene.CheckIn{MeetingID: meetingID, SessionID: sessionID, DelegateID: b.DelegateID, BadgeID: b.ID,
			At: tx.now, Delegate: b.Delegate, New: true}
		res, err := tx.ExecContext(ctx, `INSERT INTO checkins (meeting_id, session_id, delegate_id, badge_id, at, by_user_id)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			meetingID, nullID(sessionID), b.DelegateID, b.ID, formatTime(tx.now), nullID(tx.actor.UserID))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			ci.New = false
			var at string
			if err := tx.QueryRowContext(ctx, `SELECT id, at FROM checkins WHERE meeting_id = ? AND coalesce(session_id, 0) = ?
				AND delegate_id = ?`, meetingID, sessionID, b.DelegateID).Scan(&ci.ID, &at); err != nil {
				return err
			}
			ci.At = parseTime(at)
			return nil
		}
		if ci.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return tx.audit(ctx, "check_in", "delegate", b.DelegateID,
			fmt.Sprintf("meeting_id: %d; session_id: %d; badge version: %d", meetingID, sessionID, b.Version))
	})
	return ci, err
}

func checkSession(ctx context.Context, q queryer, meetingID, sessionID int64) error {
	if sessionID == 0 {
		return nil
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM sessions WHERE id = ? AND meeting_id = ?`,
		sessionID, meetingID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return convene.NotFound("Session")
	}
	return nil
}

// splitCheckIn holds, per database, the pause a test asked for between the
// "already checked in?" read and the insert of the broken variant.
var splitCheckIn sync.Map

// SplitCheckInForTest makes CheckIn on d look for an earlier check-in in a
// read transaction and insert in a separate one, calling pause in between:
// the check-then-insert race. It exists only so that the concurrency test can
// show that it detects two desks both told "checked in now"; nothing else may
// call it.
func SplitCheckInForTest(d *DB, pause func()) { splitCheckIn.Store(d, pause) }

func (d *DB) checkInSplit(ctx context.Context, meetingID, sessionID int64, code string, pause func()) (convene.CheckIn, error) {
	var b convene.Badge
	var seen int
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		if b, err = lookupBadge(ctx, tx, meetingID, code); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM checkins WHERE meeting_id = ? AND coalesce(session_id, 0) = ?
			AND delegate_id = ?`, meetingID, sessionID, b.DelegateID).Scan(&seen)
	})
	if err != nil {
		return convene.CheckIn{}, err
	}
	ci := convene.CheckIn{MeetingID: meetingID, SessionID: sessionID, DelegateID: b.DelegateID, BadgeID: b.ID,
		Delegate: b.Delegate, New: seen == 0}
	if seen > 0 {
		return ci, nil
	}
	pause()
	err = d.update(ctx, func(tx *Tx) error {
		ci.At = tx.now
		_, err := tx.ExecContext(ctx, `INSERT INTO checkins (meeting_id, session_id, delegate_id, badge_id, at, by_user_id)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			meetingID, nullID(sessionID), b.DelegateID, b.ID, formatTime(tx.now), nullID(tx.actor.UserID))
		return err
	})
	return ci, err
}

// CheckInCounts returns, per delegation in protocol order, how many of its
// accredited people have checked in for the meeting (sessionID 0) or one
// session.
func (d *DB) CheckInCounts(ctx context.Context, meetingID, sessionID int64) ([]convene.DelegationCount, error) {
	var out []convene.DelegationCount
	err := d.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT c.id, c.iso3, c.name, c.observer, c.protocol_rank,
			(SELECT count(*) FROM delegates p WHERE p.delegation_id = g.id AND p.status = 'accredited'),
			(SELECT count(*) FROM checkins k JOIN delegates p ON p.id = k.delegate_id
			 WHERE p.delegation_id = g.id AND k.meeting_id = g.meeting_id AND coalesce(k.session_id, 0) = ?)
			FROM delegations g JOIN countries c ON c.id = g.country_id
			WHERE g.meeting_id = ? ORDER BY c.protocol_rank`, sessionID, meetingID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var x convene.DelegationCount
			if err := rows.Scan(&x.Country.ID, &x.Country.ISO3, &x.Country.Name, &x.Country.Observer,
				&x.Country.ProtocolRank, &x.Accredited, &x.CheckedIn); err != nil {
				return err
			}
			out = append(out, x)
		}
		return rows.Err()
	})
	return out, err
}

// CountCheckIns returns how many check-in rows a meeting (sessionID 0) or a
// session has; tests use it to prove a double scan wrote one row.
func (d *DB) CountCheckIns(ctx context.Context, meetingID, sessionID int64) (int, error) {
	var n int
	err := d.view(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM checkins WHERE meeting_id = ? AND coalesce(session_id, 0) = ?`,
			meetingID, sessionID).Scan(&n)
	})
	return n, err
}
