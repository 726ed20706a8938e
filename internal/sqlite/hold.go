package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"convene/internal/convene"
)

const holdColumns = `h.id, h.meeting_id, h.room_id, r.name, h.kind, h.starts_at, h.ends_at, h.label,
	coalesce(h.delegation_id, 0), coalesce(c.name, ''), h.notes, h.clash_override, h.created_at, h.updated_at`

const holdFrom = ` FROM room_holds h JOIN rooms r ON r.id = h.room_id
	LEFT JOIN delegations g ON g.id = h.delegation_id LEFT JOIN countries c ON c.id = g.country_id`

func scanRoomHold(row scanner) (convene.RoomHold, error) {
	var h convene.RoomHold
	var starts, ends, created, updated string
	err := row.Scan(&h.ID, &h.MeetingID, &h.RoomID, &h.RoomName, &h.Kind, &starts, &ends, &h.Label, &h.DelegationID,
		&h.Delegation, &h.Notes, &h.ClashOverride, &created, &updated)
	h.StartsAt, h.EndsAt = parseTime(starts), parseTime(ends)
	h.CreatedAt, h.UpdatedAt = parseTime(created), parseTime(updated)
	return h, err
}

func holdFields(h *convene.RoomHold) fields {
	return fields{"meeting_id": fmt.Sprint(h.MeetingID), "room_id": fmt.Sprint(h.RoomID), "kind": string(h.Kind),
		"starts_at": formatTime(h.StartsAt), "ends_at": formatTime(h.EndsAt), "label": h.Label,
		"delegation_id": fmt.Sprint(h.DelegationID), "notes": h.Notes, "clash_override": h.ClashOverride}
}

// findRoomHolds returns the holds of the meetings, by start and room.
func findRoomHolds(ctx context.Context, q querier, meetingIDs ...int64) ([]convene.RoomHold, error) {
	if len(meetingIDs) == 0 {
		return nil, nil
	}
	return queryAll(ctx, q, scanRoomHold, `SELECT `+holdColumns+holdFrom+` WHERE h.meeting_id IN (`+
		placeholders(len(meetingIDs))+`) ORDER BY h.starts_at, r.name, h.id`, int64sAny(meetingIDs)...)
}

// FindRoomHolds returns a meeting's room holds, by start and room.
func (d *DB) FindRoomHolds(ctx context.Context, meetingID int64) ([]convene.RoomHold, error) {
	var out []convene.RoomHold
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = findRoomHolds(ctx, tx, meetingID)
		return err
	})
	return out, err
}

func findRoomHold(ctx context.Context, q querier, meetingID, id int64) (convene.RoomHold, error) {
	h, err := scanRoomHold(q.QueryRowContext(ctx, `SELECT `+holdColumns+holdFrom+` WHERE h.id = ?`, id))
	if err == sql.ErrNoRows || (err == nil && h.MeetingID != meetingID) {
		return h, convene.NotFound("Room hold")
	}
	return h, err
}

// FindRoomHoldByID returns one hold of a meeting; one of another meeting
// is not found.
func (d *DB) FindRoomHoldByID(ctx context.Context, meetingID, id int64) (convene.RoomHold, error) {
	var h convene.RoomHold
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		h, err = findRoomHold(ctx, tx, meetingID, id)
		return err
	})
	return h, err
}

// CreateRoomHold holds a room of the meeting's venue. Like a session, it is
// refused when the room is already booked then (by a session, another hold
// or a bilateral) unless h.ClashOverride gives the reason; the check and the
// insert run in the writer's one immediate transaction, so a hold and a
// session booking one room at once cannot both succeed.
func (d *DB) CreateRoomHold(ctx context.Context, h *convene.RoomHold) error {
	if pause := d.hooks.BetweenHoldCheckAndInsert; pause != nil {
		return d.createRoomHoldSplit(ctx, h, pause)
	}
	return d.update(ctx, func(tx *Tx) error { return saveRoomHold(ctx, tx, 0, h, true) })
}

// UpdateRoomHold changes a hold; the same checks as CreateRoomHold apply.
func (d *DB) UpdateRoomHold(ctx context.Context, id int64, h *convene.RoomHold) error {
	return d.update(ctx, func(tx *Tx) error { return saveRoomHold(ctx, tx, id, h, true) })
}

// checkRoomHold validates a hold against its meeting (the room is one of
// the venue's, the delegation one of the meeting's) and runs the clash
// rules with it; it returns the meeting.
func checkRoomHold(ctx context.Context, q querier, id int64, h *convene.RoomHold) (convene.Meeting, error) {
	m, err := findMeeting(ctx, q, h.MeetingID)
	if err != nil {
		return m, err
	}
	p := convene.Problems{}
	mergeFields(p, h.Validate())
	if h.RoomID != 0 {
		room, err := findRoom(ctx, q, m.VenueID, h.RoomID)
		if convene.ErrorCode(err) == convene.ENOTFOUND {
			p.Add("room", "Choose one of the rooms of "+orDefault(m.VenueName, "the meeting's venue")+".")
		} else if err != nil {
			return m, err
		}
		h.RoomName = room.Name
	}
	if h.DelegationID != 0 {
		gs, err := meetingDelegations(ctx, q, m.ID)
		if err != nil {
			return m, err
		}
		g, ok := gs[h.DelegationID]
		if !ok {
			p.Add("delegation", "Choose one of this meeting's delegations.")
		}
		h.Delegation = g.Country.Name
	}
	if err := p.Err(); err != nil {
		return m, err
	}
	h.ID = id
	if id == 0 {
		h.ID = -1
	}
	hard, _, err := bookingClashes(ctx, q, m, h.Booking(m))
	h.ID = id
	if err != nil {
		return m, err
	}
	if len(hard) > 0 && h.ClashOverride == "" {
		return m, roomBooked(hard)
	}
	if len(hard) == 0 {
		h.ClashOverride = ""
	}
	return m, nil
}

// saveRoomHold creates (id 0) or changes a hold inside tx, with the clash
// check unless check is false (the race control's second half).
func saveRoomHold(ctx context.Context, tx *Tx, id int64, h *convene.RoomHold, check bool) error {
	var before convene.RoomHold
	if id != 0 {
		var err error
		if before, err = findRoomHold(ctx, tx, h.MeetingID, id); err != nil {
			return err
		}
	}
	if check {
		if _, err := checkRoomHold(ctx, tx, id, h); err != nil {
			return err
		}
	}
	if id == 0 {
		res, err := tx.ExecContext(ctx, `INSERT INTO room_holds (meeting_id, room_id, kind, starts_at, ends_at, label,
			delegation_id, notes, clash_override, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			h.MeetingID, h.RoomID, h.Kind, formatTime(h.StartsAt), formatTime(h.EndsAt), h.Label, nullID(h.DelegationID),
			h.Notes, h.ClashOverride, formatTime(tx.now), formatTime(tx.now))
		if err != nil {
			return fmt.Errorf("insert room hold: %w", err)
		}
		if h.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		h.CreatedAt, h.UpdatedAt = tx.now, tx.now
		return tx.audit(ctx, "create", "room_hold", h.ID, summarize(nil, holdFields(h)))
	}
	h.ID = id
	if _, err := tx.ExecContext(ctx, `UPDATE room_holds SET room_id = ?, kind = ?, starts_at = ?, ends_at = ?, label = ?,
		delegation_id = ?, notes = ?, clash_override = ?, updated_at = ? WHERE id = ?`,
		h.RoomID, h.Kind, formatTime(h.StartsAt), formatTime(h.EndsAt), h.Label, nullID(h.DelegationID), h.Notes,
		h.ClashOverride, formatTime(tx.now), id); err != nil {
		return fmt.Errorf("update room hold: %w", err)
	}
	h.CreatedAt, h.UpdatedAt = before.CreatedAt, tx.now
	return tx.audit(ctx, "update", "room_hold", id, summarize(holdFields(&before), holdFields(h)))
}

// DeleteRoomHold releases a held room.
func (d *DB) DeleteRoomHold(ctx context.Context, meetingID, id int64) error {
	return d.update(ctx, func(tx *Tx) error {
		h, err := findRoomHold(ctx, tx, meetingID, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM room_holds WHERE id = ?`, id); err != nil {
			return fmt.Errorf("delete room hold: %w", err)
		}
		return tx.audit(ctx, "delete", "room_hold", id, summarize(nil, holdFields(&h)))
	})
}

// createRoomHoldSplit is CreateRoomHold with the clash check in a read
// transaction, the insert in a write transaction and pause in between: the
// bug the one immediate transaction prevents, for the race test's control.
func (d *DB) createRoomHoldSplit(ctx context.Context, h *convene.RoomHold, pause func()) error {
	if err := d.view(ctx, func(tx *sql.Tx) error {
		_, err := checkRoomHold(ctx, tx, 0, h)
		return err
	}); err != nil {
		return err
	}
	pause()
	return d.update(ctx, func(tx *Tx) error { return saveRoomHold(ctx, tx, 0, h, false) })
}

// cloneRoomHolds copies the room holds of meeting src to dst, each moved by
// days and kept at the same venue-local time of day, with delegations
// mapped by country (a delegation's office goes to the same country's delegation of the new
// meeting when it has one) and without clash overrides. Holds are
// of the old venue's rooms: when the new meeting is elsewhere, none are
// copied. It returns how many it copied.
func cloneRoomHolds(ctx context.Context, tx *Tx, src, dst convene.Meeting, days int) (int, error) {
	if dst.VenueID != src.VenueID || src.VenueID == 0 {
		return 0, nil
	}
	hs, err := findRoomHolds(ctx, tx, src.ID)
	if err != nil {
		return 0, err
	}
	srcLoc, dstLoc := src.Location(), dst.Location()
	move := func(t time.Time) time.Time {
		l := t.In(srcLoc).AddDate(0, 0, days)
		return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), 0, 0, dstLoc).UTC()
	}
	for _, h := range hs {
		if h.DelegationID != 0 {
			// The same country's delegation in the new meeting, if it has one.
			err := tx.QueryRowContext(ctx, `SELECT n.id FROM delegations n JOIN delegations o ON o.country_id = n.country_id
				WHERE o.id = ? AND n.meeting_id = ?`, h.DelegationID, dst.ID).Scan(&h.DelegationID)
			if err == sql.ErrNoRows {
				h.DelegationID = 0
			} else if err != nil {
				return 0, err
			}
		}
		h.MeetingID, h.StartsAt, h.EndsAt, h.ClashOverride = dst.ID, move(h.StartsAt), move(h.EndsAt), ""
		if err := saveRoomHold(ctx, tx, 0, &h, false); err != nil {
			return 0, err
		}
	}
	return len(hs), nil
}
