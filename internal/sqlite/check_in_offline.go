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
// refuses them with the reason), delegates' in protocol order of the
// holders, then badge holders' (staff, liaison officers, drivers, media,
// security) by category and name, each with whether a photo is on file,
// the sessions the desk may check the holder in for (the attendance rule
// for delegates, every session for badge holders, as CheckInHolder) and the
// zones the badge opens (BadgeZones.For, as the desk's online answer).
// Holders carry no passport, birth date, contact or medical data
// (scanBadge and scanHolder drop them).
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
		// Badge holders' badges, every version, after the delegates' (as
		// the print room lists categories).
		holders, err := queryAll(ctx, tx, scanHolder, `SELECT `+holderColumns+` FROM holder_badges b
			JOIN badge_holders h ON h.id = b.holder_id`+holderOfficerJoin+` WHERE b.meeting_id = ?
			ORDER BY CASE h.category WHEN 'staff' THEN 0 WHEN 'liaison' THEN 1 WHEN 'driver' THEN 2 WHEN 'media' THEN 3 ELSE 4 END,
			coalesce(o.name, h.name), h.id, b.version DESC`, meetingID)
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
		zones := convene.BadgeZones{}
		if err := badgeZones(ctx, tx, meetingID, zones); err != nil {
			return err
		}
		out = make([]convene.DeskEntry, len(badges), len(badges)+len(holders))
		for i, b := range badges {
			po.set(&b.Delegate.Country)
			out[i] = convene.DeskEntry{Badge: b, HasPhoto: hasPhoto[b.DelegateID],
				Sessions: convene.DeskAdmits(sessions, b.Delegate, byDelegation[b.Delegate.DelegationID]),
				Zones:    zones.For(convene.Band(b.Delegate.Role))}
		}
		admits := convene.HolderAdmits(sessions)
		for _, h := range holders {
			out = append(out, convene.DeskEntry{Badge: h.Badge, Holder: h, Sessions: admits, Zones: zones.For(h.Category)})
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
	err = q.QueryRowContext(ctx, `SELECT id FROM checkins WHERE client_id = ? AND meeting_id = ?
		UNION ALL SELECT id FROM holder_checkins WHERE client_id = ? AND meeting_id = ?`,
		s.ClientID, meetingID, s.ClientID, meetingID).Scan(&f.sameID)
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
		return holderQueuedFacts(ctx, q, meetingID, s, code, f)
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

// holderQueuedFacts looks up a scan whose code is no delegate's badge:
// perhaps a badge holder's, found as the desk does online
// (findHolderBadge). A holder has no attendance warning.
func holderQueuedFacts(ctx context.Context, q querier, meetingID int64, s convene.QueuedCheckIn, code string,
	f queuedScanFacts) (queuedScanFacts, error) {
	h, found, err := findHolderBadge(ctx, q, code)
	if err != nil || !found {
		return f, err
	}
	f.Badge, f.holder = &h.Badge, &h
	var other int64
	err = q.QueryRowContext(ctx, `SELECT id FROM holder_checkins WHERE meeting_id = ? AND coalesce(session_id, 0) = ? AND holder_id = ?`,
		meetingID, s.SessionID, h.ID).Scan(&other)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return f, err
	}
	f.OtherScan, f.otherID = other != 0 && other != f.sameID, other
	return f, nil
}

// queuedScanFacts are the rule's facts with the ids the store answers with;
// holder is set when the badge is a badge holder's.
type queuedScanFacts struct {
	convene.QueuedCheckInFacts
	sameID, otherID int64
	holder          *convene.BadgeHolder
}

// recordQueued decides one scan and writes its check-in when the rule
// records it.
func recordQueued(ctx context.Context, tx *Tx, meetingID int64, q convene.QueuedCheckIn, f queuedScanFacts) (convene.SyncResult, error) {
	v := convene.DecideQueuedCheckIn(q, f.QueuedCheckInFacts, meetingID, tx.now)
	r := convene.SyncResult{ClientID: q.ClientID, Outcome: v.Outcome, Message: v.Message}
	switch {
	case f.holder != nil && f.Badge.MeetingID == meetingID:
		r.Name, r.Organisation = f.holder.Name, f.holder.Organisation
	case f.Badge != nil && f.Badge.MeetingID == meetingID:
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
	if f.holder != nil {
		// The same write as the desk's online check-in of a badge holder.
		ci, err := recordHolderCheckIn(ctx, tx, meetingID, q.SessionID, *f.holder, v.At, q.ClientID)
		if err != nil {
			return r, err
		}
		if !ci.New {
			r.Outcome, r.Message = convene.SyncAlready, "Already checked in; nothing changed."
		}
		r.CheckInID, r.New = ci.ID, ci.New
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
