package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

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
	h, found, err := findHolderBadge(ctx, q, norm)
	if err != nil {
		return h, err
	} else if !found {
		return h, refuse(convene.RefuseUnknownCode)
	}
	if msg := convene.BadgeRefusal(h.Badge, meetingID); msg != "" {
		return h, refuse(msg)
	}
	return h, nil
}

// findHolderBadge reads the badge holder whose badge (of any version and
// status) has the normalized code, with that badge; found is false when
// no holder's badge has it.
func findHolderBadge(ctx context.Context, q querier, norm string) (h convene.BadgeHolder, found bool, err error) {
	h, err = scanHolder(q.QueryRowContext(ctx, `SELECT `+holderColumns+` FROM holder_badges b
		JOIN badge_holders h ON h.id = b.holder_id`+holderOfficerJoin+` WHERE b.code = ?`, norm))
	if errors.Is(err, sql.ErrNoRows) {
		return h, false, nil
	}
	return h, err == nil, err
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
		ci, err = recordHolderCheckIn(ctx, tx, meetingID, sessionID, h, tx.now, "")
		return err
	})
	return ci, err
}

// recordHolderCheckIn is the one way a badge holder's check-in is written,
// at the desk (clientID "") or from a desk's queued scan (the scan's id and
// time): the holder's existing check-in for the meeting or session is
// returned with New false and nothing written; otherwise the row and its
// audit row are written. h's badge has been decided to admit.
func recordHolderCheckIn(ctx context.Context, tx *Tx, meetingID, sessionID int64, h convene.BadgeHolder, at time.Time,
	clientID string) (convene.CheckIn, error) {
	ci := convene.CheckIn{MeetingID: meetingID, SessionID: sessionID, BadgeID: h.Badge.ID, At: at, Holder: h,
		BadgeVersion: h.Badge.Version}
	var err error
	if ci.Session, err = checkSession(ctx, tx, meetingID, sessionID); err != nil {
		return ci, err
	}
	var found string
	err = tx.QueryRowContext(ctx, `SELECT id, at FROM holder_checkins WHERE meeting_id = ? AND coalesce(session_id, 0) = ?
		AND holder_id = ?`, meetingID, sessionID, h.ID).Scan(&ci.ID, &found)
	if err == nil {
		ci.At = parseTime(found)
		return ci, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return ci, err
	}
	action, synced := "check_in", ""
	if clientID != "" {
		action, synced = "check_in_synced", formatTime(tx.now)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO holder_checkins (meeting_id, session_id, holder_id, badge_id, at, by_user_id,
		client_id, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, meetingID, nullID(sessionID), h.ID, h.Badge.ID,
		formatTime(at), nullID(tx.actor.UserID), clientID, synced)
	if err != nil {
		return ci, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		// Another transaction got there between the lookup and here: only
		// the split variant of the race tests can reach this.
		return ci, nil
	}
	if ci.ID, err = res.LastInsertId(); err != nil {
		return ci, err
	}
	ci.New = true
	summary := fmt.Sprintf("meeting_id: %d; session_id: %d; badge version: %d", meetingID, sessionID, h.Badge.Version)
	if clientID != "" {
		summary += "; scanned at " + formatTime(at)
	}
	return ci, tx.audit(ctx, action, "badge_holder", h.ID, summary)
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
