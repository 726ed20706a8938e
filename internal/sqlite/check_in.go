package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"convene/internal/convene"
)

// insertCheckInQuery records one check-in; a second one of the same person
// for the same meeting or session is ignored (the unique index).
const insertCheckInQuery = `INSERT INTO checkins (meeting_id, session_id, delegate_id, badge_id, at, by_user_id,
	override, override_by, override_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`

// CheckIn records that a badge was presented at the desk for a meeting
// (sessionID 0) or one of its sessions. It is idempotent: a second scan of
// the same person for the same meeting or session returns the first
// check-in with New false and writes nothing. The unique index and the
// single immediate writer make that hold even when two desks scan the same
// badge at the same instant.
//
// At a session, the holder must be someone the session's attendance rule
// admits (convene.AttendanceWarning, the rule the caterer counts with);
// anyone else is refused with the warning, unless ov admits them with a
// reason (convene.AttendanceOverride.Check): the check-in then records the
// override, the officer's name and the reason, and its audit row says so.
func (d *DB) CheckIn(ctx context.Context, meetingID, sessionID int64, code string, ov convene.AttendanceOverride) (convene.CheckIn, error) {
	if pause := d.hooks.BetweenCheckInLookupAndInsert; pause != nil {
		return d.checkInSplit(ctx, meetingID, sessionID, code, ov, pause)
	}
	var ci convene.CheckIn
	err := d.update(ctx, func(tx *Tx) error {
		b, err := lookupBadge(ctx, tx, meetingID, code)
		if err != nil {
			return err
		}
		ci = convene.CheckIn{MeetingID: meetingID, SessionID: sessionID, DelegateID: b.DelegateID, BadgeID: b.ID,
			At: tx.now, Delegate: b.Delegate, BadgeVersion: b.Version}
		if ci.Session, err = checkSession(ctx, tx, meetingID, sessionID); err != nil {
			return err
		}
		var at string
		err = tx.QueryRowContext(ctx, `SELECT id, at FROM checkins WHERE meeting_id = ? AND coalesce(session_id, 0) = ?
			AND delegate_id = ?`, meetingID, sessionID, b.DelegateID).Scan(&ci.ID, &at)
		if err == nil {
			ci.At = parseTime(at)
			return nil
		} else if err != sql.ErrNoRows {
			return err
		}
		if err := admit(ctx, tx, &ci, ov); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, insertCheckInQuery, meetingID, nullID(sessionID), b.DelegateID, b.ID,
			formatTime(tx.now), nullID(tx.actor.UserID), boolInt(ci.Override), ci.OverrideBy, ci.OverrideReason)
		if err != nil {
			return err
		}
		if ci.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		ci.New = true
		summary := fmt.Sprintf("meeting_id: %d; session_id: %d; badge version: %d", meetingID, sessionID, b.Version)
		if ci.Override {
			return tx.audit(ctx, "check_in_override", "delegate", b.DelegateID,
				fmt.Sprintf("%s; admitted outside the attendance rule by %s: %q", summary, ci.OverrideBy, ci.OverrideReason))
		}
		return tx.audit(ctx, "check_in", "delegate", b.DelegateID, summary)
	})
	return ci, err
}

// admit applies the session's attendance rule to a check-in about to be
// written: the holder's delegation is read as the caterer reads it (the
// people expected, in protocol order), and a person outside the rule is
// refused unless ov admits them, which marks ci as an override by the
// actor.
func admit(ctx context.Context, tx *Tx, ci *convene.CheckIn, ov convene.AttendanceOverride) error {
	if ci.SessionID == 0 {
		return nil
	}
	people, err := expectedPeople(ctx, tx, []int64{ci.MeetingID}, ci.Delegate.DelegationID)
	if err != nil {
		return err
	}
	delegation := make([]convene.Delegate, len(people))
	for i, x := range people {
		delegation[i] = x.Delegate
	}
	override, err := ov.Check(convene.AttendanceWarning(ci.Session, ci.Delegate, delegation))
	if err != nil || !override {
		return err
	}
	ci.Override, ci.OverrideBy, ci.OverrideReason = true, tx.actor.Name, strings.TrimSpace(ov.Reason)
	if ci.OverrideBy == "" {
		ci.OverrideBy = tx.actor.Email
	}
	return nil
}

// checkSession returns the meeting's session with the given id (the zero
// session for 0, the meeting as a whole); another meeting's is not found.
func checkSession(ctx context.Context, q querier, meetingID, sessionID int64) (convene.Session, error) {
	if sessionID == 0 {
		return convene.Session{}, nil
	}
	s, err := scanSession(q.QueryRowContext(ctx, `SELECT `+sessionColumns+sessionFrom+` WHERE s.id = ?`, sessionID))
	if err == sql.ErrNoRows || (err == nil && s.MeetingID != meetingID) {
		return s, convene.NotFound("Session")
	}
	return s, err
}

// FindCheckIn returns one check-in of a meeting for the desk's answer: the
// holder (without personal data), the badge version, the session, the
// officer, any override, and whether the holder has a photo.
func (d *DB) FindCheckIn(ctx context.Context, meetingID, id int64) (convene.CheckIn, error) {
	var ci convene.CheckIn
	err := d.view(ctx, func(tx *sql.Tx) error {
		var at string
		var override int
		err := tx.QueryRowContext(ctx, `SELECT k.id, k.meeting_id, coalesce(k.session_id, 0), k.delegate_id, k.badge_id,
			k.at, coalesce(u.name, ''), k.override, k.override_by, k.override_reason, b.version,
			EXISTS (SELECT 1 FROM delegate_photos ph WHERE ph.delegate_id = k.delegate_id)
			FROM checkins k JOIN badges b ON b.id = k.badge_id LEFT JOIN users u ON u.id = k.by_user_id
			WHERE k.id = ? AND k.meeting_id = ?`, id, meetingID).
			Scan(&ci.ID, &ci.MeetingID, &ci.SessionID, &ci.DelegateID, &ci.BadgeID, &at, &ci.ByName, &override,
				&ci.OverrideBy, &ci.OverrideReason, &ci.BadgeVersion, &ci.HasPhoto)
		if err == sql.ErrNoRows {
			return convene.NotFound("Check-in")
		} else if err != nil {
			return err
		}
		ci.At, ci.Override = parseTime(at), override == 1
		p, err := scanDelegate(tx.QueryRowContext(ctx, `SELECT `+delegateColumns+delegateFrom+` WHERE p.id = ?`, ci.DelegateID))
		if err != nil {
			return err
		}
		p.PassportNumber, p.Medical, p.Mobile, p.Email, p.Nationality = "", "", "", "", ""
		ci.Delegate = p
		ci.Session, err = checkSession(ctx, tx, meetingID, ci.SessionID)
		return err
	})
	return ci, err
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
