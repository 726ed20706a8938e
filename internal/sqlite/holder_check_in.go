package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"convene/internal/convene"
)

// lookupHolderBadge finds a badge holder's badge by code and asks the same
// rule as for delegates' badges (convene.NormalizeBadgeCode,
// convene.BadgeRefusal) whether it admits its holder, with the same
// refusals next to the code field.
func lookupHolderBadge(ctx context.Context, q querier, meetingID int64, code string) (convene.BadgeHolder, error) {
	refuse := func(msg string) error {
		return &convene.Error{Code: convene.EINVALID, Message: msg, Fields: map[string]string{"code": msg}}
	}
	norm := convene.NormalizeBadgeCode(code)
	if norm == "" {
		return convene.BadgeHolder{}, refuse(convene.RefuseNoCode)
	}
	h, err := scanHolder(q.QueryRowContext(ctx, `SELECT `+holderColumns+` FROM holder_badges b
		JOIN badge_holders h ON h.id = b.holder_id`+holderOfficerJoin+` WHERE b.code = ?`, norm))
	if errors.Is(err, sql.ErrNoRows) {
		return h, refuse(convene.RefuseUnknownCode)
	} else if err != nil {
		return h, err
	}
	if msg := convene.BadgeRefusal(h.Badge, meetingID); msg != "" {
		return h, refuse(msg)
	}
	return h, nil
}

// CheckInHolder records that a badge holder's badge (staff, liaison
// officer, driver, media, security) was presented at the desk for a meeting
// (sessionID 0) or one of its sessions. Like CheckIn it is idempotent: a
// second scan returns the first check-in with New false and writes nothing.
// Sessions' attendance rules are about delegations and do not apply; what
// the holder may enter is the badge's zones.
func (d *DB) CheckInHolder(ctx context.Context, meetingID, sessionID int64, code string) (convene.CheckIn, error) {
	var ci convene.CheckIn
	err := d.update(ctx, func(tx *Tx) error {
		h, err := lookupHolderBadge(ctx, tx, meetingID, code)
		if err != nil {
			return err
		}
		ci = convene.CheckIn{MeetingID: meetingID, SessionID: sessionID, BadgeID: h.Badge.ID, At: tx.now, Holder: h,
			BadgeVersion: h.Badge.Version}
		if ci.Session, err = checkSession(ctx, tx, meetingID, sessionID); err != nil {
			return err
		}
		var at string
		err = tx.QueryRowContext(ctx, `SELECT id, at FROM holder_checkins WHERE meeting_id = ? AND coalesce(session_id, 0) = ?
			AND holder_id = ?`, meetingID, sessionID, h.ID).Scan(&ci.ID, &at)
		if err == nil {
			ci.At = parseTime(at)
			return nil
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO holder_checkins (meeting_id, session_id, holder_id, badge_id, at, by_user_id)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, meetingID, nullID(sessionID), h.ID, h.Badge.ID,
			formatTime(tx.now), nullID(tx.actor.UserID))
		if err != nil {
			return err
		}
		if ci.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		ci.New = true
		return tx.audit(ctx, "check_in", "badge_holder", h.ID,
			fmt.Sprintf("meeting_id: %d; session_id: %d; badge version: %d", meetingID, sessionID, h.Badge.Version))
	})
	return ci, err
}

// FindHolderCheckIn returns one badge holder's check-in of a meeting for
// the desk's answer.
func (d *DB) FindHolderCheckIn(ctx context.Context, meetingID, id int64) (convene.CheckIn, error) {
	var ci convene.CheckIn
	err := d.view(ctx, func(tx *sql.Tx) error {
		var at string
		var holderID int64
		err := tx.QueryRowContext(ctx, `SELECT k.id, k.meeting_id, coalesce(k.session_id, 0), k.holder_id, k.badge_id, k.at,
			coalesce(u.name, ''), b.version
			FROM holder_checkins k JOIN holder_badges b ON b.id = k.badge_id LEFT JOIN users u ON u.id = k.by_user_id
			WHERE k.id = ? AND k.meeting_id = ?`, id, meetingID).
			Scan(&ci.ID, &ci.MeetingID, &ci.SessionID, &holderID, &ci.BadgeID, &at, &ci.ByName, &ci.BadgeVersion)
		if errors.Is(err, sql.ErrNoRows) {
			return convene.NotFound("Check-in")
		} else if err != nil {
			return err
		}
		ci.At = parseTime(at)
		if ci.Holder, err = queryOne(ctx, tx, "Badge holder", scanHolder, `SELECT `+holderColumns+holderFrom+` WHERE h.id = ?`,
			holderID); err != nil {
			return err
		}
		ci.Session, err = checkSession(ctx, tx, meetingID, ci.SessionID)
		return err
	})
	return ci, err
}
