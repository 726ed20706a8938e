package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"convene/internal/convene"
)

// DeskList returns what the check-in desk keeps for deciding offline: every
// badge of the meeting (revoked and superseded ones too, so that the desk
// refuses them with the reason), in protocol order of the holders, each
// with whether a photo is on file and the sessions whose attendance rule
// admits the holder. Holders carry no passport, birth date, contact or
// medical data (scanBadge drops them).
func (d *DB) DeskList(ctx context.Context, meetingID int64) ([]convene.DeskEntry, error) {
	var out []convene.DeskEntry
	err := d.view(ctx, func(tx *sql.Tx) error {
		po, err := d.protocolOf(ctx, tx, meetingID, convene.Date{})
		if err != nil {
			return err
		}
		badges, err := queryAll(ctx, tx, scanBadge, protocolOrderCTE+`SELECT `+badgeColumns+badgeFrom+protocolOrderJoin+`
			WHERE b.meeting_id = ? ORDER BY `+protocolOrderBy+`, p.precedence, p.sort_name, p.id, b.version DESC`, po.json(), meetingID)
		if err != nil {
			return err
		}
		photos, err := queryAll(ctx, tx, func(row scanner) (id int64, err error) { return id, row.Scan(&id) },
			`SELECT ph.delegate_id FROM delegate_photos ph JOIN badges b ON b.delegate_id = ph.delegate_id WHERE b.meeting_id = ?`, meetingID)
		if err != nil {
			return err
		}
		hasPhoto := map[int64]bool{}
		for _, id := range photos {
			hasPhoto[id] = true
		}
		sessions, err := queryAll(ctx, tx, scanSession, `SELECT `+sessionColumns+sessionFrom+` WHERE s.meeting_id = ? ORDER BY s.starts_at, s.id`, meetingID)
		if err != nil {
			return err
		}
		people, err := expectedPeople(ctx, tx, []int64{meetingID}, 0)
		if err != nil {
			return err
		}
		byDelegation := map[int64][]convene.Delegate{}
		for _, x := range people {
			byDelegation[x.DelegationID] = append(byDelegation[x.DelegationID], x.Delegate)
		}
		out = make([]convene.DeskEntry, len(badges))
		for i, b := range badges {
			po.set(&b.Delegate.Country)
			out[i] = convene.DeskEntry{Badge: b, HasPhoto: hasPhoto[b.DelegateID],
				Sessions: convene.DeskAdmits(sessions, b.Delegate, byDelegation[b.Delegate.DelegationID])}
		}
		return nil
	})
	return out, err
}

// SyncCheckIns records the scans a desk queued (while offline, or just
// sent), in one transaction with an audit row per check-in written. Each
// scan is decided by convene.DecideQueuedCheckIn against the badge as it
// is now: a repeat send of a scan (its client id) writes nothing and
// answers as the first did; a badge revoked meanwhile comes back as a
// conflict for the desk to show, with nothing written. The unique indexes
// (one check-in per person and meeting or session; one per client id) and
// the single immediate writer keep it so when a desk sends the same queue
// twice at once.
func (d *DB) SyncCheckIns(ctx context.Context, meetingID int64, scans []convene.QueuedCheckIn) ([]convene.SyncResult, error) {
	out := make([]convene.SyncResult, len(scans))
	if pause := d.hooks.BetweenSyncLookupAndInsert; pause != nil {
		return d.syncCheckInsSplit(ctx, meetingID, scans, pause)
	}
	err := d.update(ctx, func(tx *Tx) error {
		for i, q := range scans {
			f, err := queuedFacts(ctx, tx, meetingID, q)
			if err != nil {
				return err
			}
			if out[i], err = recordQueued(ctx, tx, meetingID, q, f); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// queuedFacts looks up what DecideQueuedCheckIn needs for one scan.
func queuedFacts(ctx context.Context, q querier, meetingID int64, s convene.QueuedCheckIn) (f queuedScanFacts, err error) {
	if !convene.ValidClientID(s.ClientID) {
		return f, nil
	}
	err = q.QueryRowContext(ctx, `SELECT id FROM checkins WHERE client_id = ? AND meeting_id = ?`, s.ClientID, meetingID).Scan(&f.sameID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return f, err
	}
	f.SameScan = f.sameID != 0
	session, err := checkSession(ctx, q, meetingID, s.SessionID)
	f.SessionExists = err == nil
	if err != nil && convene.ErrorCode(err) != convene.ENOTFOUND {
		return f, err
	}
	code := convene.NormalizeBadgeCode(s.Code)
	if code == "" {
		return f, nil
	}
	b, err := scanBadge(q.QueryRowContext(ctx, `SELECT `+badgeColumns+badgeFrom+` WHERE b.code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return f, nil
	} else if err != nil {
		return f, err
	}
	f.Badge = &b
	var other int64
	err = q.QueryRowContext(ctx, `SELECT id FROM checkins WHERE meeting_id = ? AND coalesce(session_id, 0) = ? AND delegate_id = ?`,
		meetingID, s.SessionID, b.DelegateID).Scan(&other)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return f, err
	}
	f.OtherScan, f.otherID = other != 0 && other != f.sameID, other
	if s.SessionID != 0 && f.SessionExists && b.MeetingID == meetingID {
		people, err := expectedPeople(ctx, q, []int64{meetingID}, b.Delegate.DelegationID)
		if err != nil {
			return f, err
		}
		delegation := make([]convene.Delegate, len(people))
		for i, x := range people {
			delegation[i] = x.Delegate
		}
		f.Warning = convene.AttendanceWarning(session, b.Delegate, delegation)
	}
	return f, nil
}

// queuedScanFacts are the rule's facts with the ids the store answers with.
type queuedScanFacts struct {
	convene.QueuedCheckInFacts
	sameID, otherID int64
}

// recordQueued decides one scan and writes its check-in when the rule
// records it.
func recordQueued(ctx context.Context, tx *Tx, meetingID int64, q convene.QueuedCheckIn, f queuedScanFacts) (convene.SyncResult, error) {
	v := convene.DecideQueuedCheckIn(q, f.QueuedCheckInFacts, meetingID, tx.now)
	r := convene.SyncResult{ClientID: q.ClientID, Outcome: v.Outcome, Message: v.Message}
	if f.Badge != nil && f.Badge.MeetingID == meetingID {
		r.Name, r.Country = f.Badge.Delegate.DisplayName(), f.Badge.Delegate.Country.Name
	}
	switch {
	case v.Outcome == convene.SyncRecorded && f.SameScan:
		r.CheckInID = f.sameID
		return r, nil
	case v.Outcome == convene.SyncAlready:
		r.CheckInID = f.otherID
		return r, nil
	case v.Outcome != convene.SyncRecorded:
		return r, nil
	}
	b := f.Badge
	res, err := tx.ExecContext(ctx, `INSERT INTO checkins (meeting_id, session_id, delegate_id, badge_id, at, by_user_id, client_id, synced_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, meetingID, nullID(q.SessionID), b.DelegateID, b.ID,
		formatTime(v.At), nullID(tx.actor.UserID), q.ClientID, formatTime(tx.now))
	if err != nil {
		return r, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		// Another transaction got there between the lookup and here: only
		// the split variant of the race tests can reach this.
		r.Outcome, r.Message = convene.SyncAlready, "Already checked in; nothing changed."
		return r, nil
	}
	if r.CheckInID, err = res.LastInsertId(); err != nil {
		return r, err
	}
	r.New = true
	return r, tx.audit(ctx, "check_in_synced", "delegate", b.DelegateID,
		fmt.Sprintf("meeting_id: %d; session_id: %d; badge version: %d; scanned at %s", meetingID, q.SessionID, b.Version, formatTime(v.At)))
}

// CheckInOfClient returns the id of the check-in a desk's scan recorded
// (0 when none); tests use it to prove a repeat send wrote one row.
func (d *DB) CheckInOfClient(ctx context.Context, clientID string) (int64, error) {
	var id int64
	err := d.view(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id FROM checkins WHERE client_id = ?`, clientID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	return id, err
}
