package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"convene/internal/convene"
)

// insertCheckInQuery records one check-in; a second one of the same person
// for the same meeting or session is ignored (the unique index).
const insertCheckInQuery = `INSERT INTO checkins (meeting_id, session_id, delegate_id, badge_id, at, by_user_id)
	VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`

// CheckIn records that a badge was presented at the desk for a meeting
// (sessionID 0) or one of its sessions. It is idempotent: a second scan of
// the same person for the same meeting or session returns the first
// check-in with New false and writes nothing. The unique index and the
// single immediate writer make that hold even when two desks scan the same
// badge at the same instant.
func (d *DB) CheckIn(ctx context.Context, meetingID, sessionID int64, code string) (convene.CheckIn, error) {
	if pause := d.hooks.BetweenCheckInLookupAndInsert; pause != nil {
		return d.checkInSplit(ctx, meetingID, sessionID, code, pause)
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
		res, err := tx.ExecContext(ctx, insertCheckInQuery,
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

func checkSession(ctx context.Context, q querier, meetingID, sessionID int64) error {
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

// CheckInCounts returns, per delegation in protocol order, how many of its
// accredited people have checked in for the meeting (sessionID 0) or one
// session.
func (d *DB) CheckInCounts(ctx context.Context, meetingID, sessionID int64) ([]convene.DelegationCount, error) {
	var out []convene.DelegationCount
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, func(row scanner) (x convene.DelegationCount, err error) {
			return x, row.Scan(&x.Country.ID, &x.Country.ISO3, &x.Country.Name, &x.Accredited, &x.CheckedIn)
		}, `SELECT c.id, c.iso3, c.name,
			(SELECT count(*) FROM delegates p WHERE p.delegation_id = g.id AND p.status = 'accredited'),
			(SELECT count(*) FROM checkins k JOIN delegates p ON p.id = k.delegate_id
			 WHERE p.delegation_id = g.id AND k.meeting_id = g.meeting_id AND coalesce(k.session_id, 0) = ?)
			FROM delegations g JOIN countries c ON c.id = g.country_id
			WHERE g.meeting_id = ?`, sessionID, meetingID)
		if err != nil {
			return err
		}
		p, err := d.protocolOf(ctx, tx, meetingID, convene.Date{})
		for i := range out {
			p.set(&out[i].Country)
		}
		convene.SortByProtocol(out, func(x convene.DelegationCount) convene.ProtocolKey { return x.Country.Key() })
		return err
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
