package sqlite

import (
	"context"
	"database/sql"

	"convene/internal/convene"
)

// Hooks are the race tests' controls. Each field, when set, switches one
// check-then-write use case to a deliberately broken variant that checks in
// one transaction, calls the hook, and writes in a second transaction: the
// bug the single immediate transaction prevents. A control test holds every
// request in the hook until all have checked, and must then see the rule
// broken (a quota overbooked, a room booked twice); that proves the race test
// beside it can fail. A test gives Hooks to Open through WithHooks; the store
// keeps them in a field, production opens without them, and the nil check
// on that field is all they cost a production write.
type Hooks struct {
	// BetweenQuotaCheckAndInsert splits Nominate between placing the person
	// (a quota place or the waiting list) and inserting them.
	BetweenQuotaCheckAndInsert func()
	// BetweenCheckInLookupAndInsert splits CheckIn between looking for an
	// earlier check-in of the badge's holder and inserting one.
	BetweenCheckInLookupAndInsert func()
	// BetweenBlockCheckAndAssign splits AssignRooms between checking the
	// room blocks' capacity and writing the stays.
	BetweenBlockCheckAndAssign func()
	// BetweenPlacementCheckAndSchedule splits ScheduleBilateral between
	// checking the room and time and writing the placement.
	BetweenPlacementCheckAndSchedule func()
	// BetweenQuotaFloorCheckAndUpdate splits UpdateQuotas between checking
	// that no quota falls below the places taken and writing the quotas.
	BetweenQuotaFloorCheckAndUpdate func()
	// BetweenHoldCheckAndInsert splits CreateRoomHold between the clash
	// check and the insert.
	BetweenHoldCheckAndInsert func()
	// BetweenSyncLookupAndInsert splits SyncCheckIns between looking up
	// each queued scan and writing the check-ins, which it then inserts
	// without the conflict clause.
	BetweenSyncLookupAndInsert func()
}

// WithHooks opens the store with the race tests' controls. Only tests use it.
func WithHooks(h Hooks) Option { return func(d *DB) { d.hooks = h } }

// nominateSplit is Nominate with the quota check and the insert in two
// transactions and hook in between.
func (d *DB) nominateSplit(ctx context.Context, r *convene.Registration, hook func()) error {
	var status convene.RegistrationStatus
	var pos int
	if err := d.update(ctx, func(tx *Tx) (err error) {
		status, pos, err = place(ctx, tx, r.DelegationID)
		return err
	}); err != nil {
		return err
	}
	hook()
	return d.update(ctx, func(tx *Tx) error {
		r.Status, r.WaitlistPos = status, pos
		return insertRegistration(ctx, tx, r)
	})
}

// checkInSplit is CheckIn with the "already checked in?" read in a read
// transaction, the insert in a write transaction and pause in between.
func (d *DB) checkInSplit(ctx context.Context, meetingID, sessionID int64, code string, ov convene.AttendanceOverride,
	pause func()) (convene.CheckIn, error) {
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
	err = d.update(ctx, func(tx *Tx) (err error) {
		ci.At = tx.now
		if ci.Session, err = checkSession(ctx, tx, meetingID, sessionID); err != nil {
			return err
		}
		if err := admit(ctx, tx, &ci, ov); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, insertCheckInQuery, meetingID, nullID(sessionID), b.DelegateID, b.ID,
			formatTime(tx.now), nullID(tx.actor.UserID), boolInt(ci.Override), ci.OverrideBy, ci.OverrideReason)
		return err
	})
	return ci, err
}

// assignRoomsSplit is AssignRooms with the block check in read
// transactions, the writes in a write transaction and pause in between.
func (d *DB) assignRoomsSplit(ctx context.Context, meetingID int64, stays []convene.Stay, pause func()) error {
	blocks, err := d.FindRoomBlocks(ctx, meetingID)
	if err != nil {
		return err
	}
	current, err := d.FindStays(ctx, meetingID)
	if err != nil {
		return err
	}
	for _, b := range blocks {
		all := append([]convene.Stay(nil), stays...)
		for _, s := range current {
			if s.BlockID == b.ID {
				all = append(all, s)
			}
		}
		if msg := convene.CheckBlock(b, all); msg != "" {
			return &convene.Error{Code: convene.EINVALID, Message: msg}
		}
	}
	pause()
	return d.update(ctx, func(tx *Tx) error { return assignRooms(ctx, tx, meetingID, stays, false) })
}

// scheduleBilateralSplit is ScheduleBilateral with the placement check in
// read transactions, the write in a write transaction and pause in between.
func (d *DB) scheduleBilateralSplit(ctx context.Context, meetingID, id int64, p convene.Placement, pause func()) (convene.Bilateral, error) {
	in, err := d.BilateralSlotInput(ctx, meetingID)
	if err != nil {
		return convene.Bilateral{}, err
	}
	b, err := d.FindBilateralByID(ctx, meetingID, id)
	if err != nil {
		return b, err
	}
	if err := convene.CheckPlacement(in, b, p).Err(); err != nil {
		return b, err
	}
	pause()
	err = d.update(ctx, func(tx *Tx) (err error) {
		b, err = scheduleBilateral(ctx, tx, meetingID, id, p, false)
		return err
	})
	return b, err
}

// updateQuotasSplit is UpdateQuotas with the check against the places
// taken in one transaction, the update in a second one and pause in
// between.
func (d *DB) updateQuotasSplit(ctx context.Context, meetingID int64, upd convene.QuotaUpdate, pause func()) (int, error) {
	var rows map[int64]quotaRow
	if err := d.view(ctx, func(tx *sql.Tx) (err error) {
		rows, err = checkQuotas(ctx, tx, meetingID, upd)
		return err
	}); err != nil {
		return 0, err
	}
	pause()
	promoted := 0
	err := d.update(ctx, func(tx *Tx) (err error) {
		promoted, err = writeQuotas(ctx, tx, meetingID, upd, rows)
		return err
	})
	return promoted, err
}

// syncCheckInsSplit is SyncCheckIns with the lookups in a read transaction,
// pause in between, and the check-ins inserted in a write transaction with a
// plain INSERT: two sends of one scan that both looked before either wrote
// both try to write it, and the second fails on the unique index.
func (d *DB) syncCheckInsSplit(ctx context.Context, meetingID int64, scans []convene.QueuedCheckIn, pause func()) ([]convene.SyncResult, error) {
	facts := make([]queuedScanFacts, len(scans))
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		for i, q := range scans {
			if facts[i], err = queuedFacts(ctx, tx, meetingID, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	pause()
	out := make([]convene.SyncResult, len(scans))
	err = d.update(ctx, func(tx *Tx) error {
		for i, q := range scans {
			v := convene.DecideQueuedCheckIn(q, facts[i].QueuedCheckInFacts, meetingID, tx.now)
			out[i] = convene.SyncResult{ClientID: q.ClientID, Outcome: v.Outcome, Message: v.Message}
			if v.Outcome != convene.SyncRecorded || facts[i].SameScan {
				continue
			}
			b, query, who := facts[i].Badge, `INSERT INTO checkins (meeting_id, session_id, delegate_id, badge_id, at, client_id)
				VALUES (?, ?, ?, ?, ?, ?)`, facts[i].Badge.DelegateID
			if h := facts[i].holder; h != nil {
				query, who = `INSERT INTO holder_checkins (meeting_id, session_id, holder_id, badge_id, at, client_id)
				VALUES (?, ?, ?, ?, ?, ?)`, h.ID
			}
			if _, err := tx.ExecContext(ctx, query, meetingID, nullID(q.SessionID), who, b.ID, formatTime(v.At), q.ClientID); err != nil {
				return err
			}
			out[i].New = true
		}
		return nil
	})
	return out, err
}
