package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

	"convene/internal/convene"
)

const bilateralColumns = `b.id, b.meeting_id, b.requester_id, b.counterpart_id, b.level, b.duration_min, b.preferred_day,
	b.preferred_times, b.interpretation, b.flags, b.media, b.notes, b.status, b.response, b.starts_at, b.ends_at,
	coalesce(b.room_id, 0), coalesce(r.name, ''), b.created_at, b.updated_at`

const bilateralFrom = ` FROM bilaterals b LEFT JOIN rooms r ON r.id = b.room_id`

func scanBilateral(row scanner) (convene.Bilateral, error) {
	var b convene.Bilateral
	var day, starts, ends, created, updated string
	err := row.Scan(&b.ID, &b.MeetingID, &b.RequesterID, &b.CounterpartID, &b.Level, &b.DurationMin, &day,
		&b.PreferredTimes, &b.Interpretation, &b.Flags, &b.Media, &b.Notes, &b.Status, &b.Response, &starts, &ends,
		&b.RoomID, &b.RoomName, &created, &updated)
	b.PreferredDay = parseDate(day)
	b.StartsAt, b.EndsAt = parseTime(starts), parseTime(ends)
	b.CreatedAt, b.UpdatedAt = parseTime(created), parseTime(updated)
	return b, err
}

func bilateralFields(b *convene.Bilateral) fields {
	return fields{"meeting_id": fmt.Sprint(b.MeetingID), "requester_id": fmt.Sprint(b.RequesterID),
		"counterpart_id": fmt.Sprint(b.CounterpartID), "level": string(b.Level), "duration_min": fmt.Sprint(b.DurationMin),
		"preferred_day": dateOrEmpty(b.PreferredDay), "preferred_times": b.PreferredTimes,
		"interpretation": b.Interpretation, "flags": fmt.Sprint(b.Flags), "media": fmt.Sprint(b.Media),
		"notes": b.Notes, "status": string(b.Status), "response": b.Response,
		"starts_at": formatTime(b.StartsAt), "ends_at": formatTime(b.EndsAt), "room_id": fmt.Sprint(b.RoomID)}
}

// findBilaterals returns a meeting's bilaterals with both sides filled, in
// order of time (scheduled ones first, by start), then of request.
func findBilaterals(ctx context.Context, q querier, meetingID int64) ([]convene.Bilateral, error) {
	gs, err := meetingDelegations(ctx, q, meetingID)
	if err != nil {
		return nil, err
	}
	out, err := queryAll(ctx, q, scanBilateral, `SELECT `+bilateralColumns+bilateralFrom+` WHERE b.meeting_id = ?
		ORDER BY b.starts_at = '', b.starts_at, r.name, b.id`, meetingID)
	for i := range out {
		out[i].Requester, out[i].Counterpart = gs[out[i].RequesterID], gs[out[i].CounterpartID]
	}
	return out, err
}

// FindBilaterals returns every bilateral of a meeting. Callers filter what
// an actor may see with convene.CanSeeBilateral.
func (d *DB) FindBilaterals(ctx context.Context, meetingID int64) ([]convene.Bilateral, error) {
	var out []convene.Bilateral
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = findBilaterals(ctx, tx, meetingID)
		return err
	})
	return out, err
}

func findBilateral(ctx context.Context, q querier, meetingID, id int64) (convene.Bilateral, error) {
	b, err := scanBilateral(q.QueryRowContext(ctx, `SELECT `+bilateralColumns+bilateralFrom+` WHERE b.id = ?`, id))
	if err == sql.ErrNoRows || (err == nil && b.MeetingID != meetingID) {
		return b, convene.NotFound("Bilateral")
	} else if err != nil {
		return b, err
	}
	gs, err := meetingDelegations(ctx, q, meetingID)
	if err != nil {
		return b, err
	}
	b.Requester, b.Counterpart = gs[b.RequesterID], gs[b.CounterpartID]
	return b, nil
}

// FindBilateralByID returns one bilateral of a meeting; one of another
// meeting is not found.
func (d *DB) FindBilateralByID(ctx context.Context, meetingID, id int64) (convene.Bilateral, error) {
	var b convene.Bilateral
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		b, err = findBilateral(ctx, tx, meetingID, id)
		return err
	})
	return b, err
}

// CreateBilateral stores a new request. Both delegations must belong to the
// meeting; the requester must be one the actor may act for (checked by the
// caller through convene.BilateralSideOf after the sides are known).
func (d *DB) CreateBilateral(ctx context.Context, b *convene.Bilateral) error {
	return d.update(ctx, func(tx *Tx) error { return createBilateral(ctx, tx, b) })
}

func createBilateral(ctx context.Context, tx *Tx, b *convene.Bilateral) error {
	m, err := findMeeting(ctx, tx, b.MeetingID)
	if err != nil {
		return err
	}
	p := convene.Problems{}
	mergeFields(p, b.Validate(m))
	gs, err := meetingDelegations(ctx, tx, m.ID)
	if err != nil {
		return err
	}
	if _, ok := gs[b.RequesterID]; !ok && b.RequesterID != 0 {
		p.Add("requester", "Choose one of this meeting's delegations.")
	}
	if _, ok := gs[b.CounterpartID]; !ok && b.CounterpartID != 0 {
		p.Add("counterpart", "Choose one of this meeting's delegations.")
	}
	if err := p.Err(); err != nil {
		return err
	}
	b.Requester, b.Counterpart = gs[b.RequesterID], gs[b.CounterpartID]
	if convene.BilateralSideOf(tx.actor, *b) == convene.SideNone && tx.actor.UserID != 0 {
		return convene.NotFound("Delegation")
	}
	b.Status = convene.BilateralRequested
	res, err := tx.ExecContext(ctx, `INSERT INTO bilaterals (meeting_id, requester_id, counterpart_id, level, duration_min,
		preferred_day, preferred_times, interpretation, flags, media, notes, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		b.MeetingID, b.RequesterID, b.CounterpartID, b.Level, b.DurationMin, dateOrEmpty(b.PreferredDay),
		b.PreferredTimes, b.Interpretation, boolInt(b.Flags), boolInt(b.Media), b.Notes, b.Status,
		formatTime(tx.now), formatTime(tx.now))
	if err != nil {
		return fmt.Errorf("insert bilateral: %w", err)
	}
	if b.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	b.CreatedAt, b.UpdatedAt = tx.now, tx.now
	return tx.audit(ctx, "create", "bilateral", b.ID, summarize(nil, bilateralFields(b)))
}

func mergeFields(p convene.Problems, err error) {
	for k, v := range convene.ErrorFields(err) {
		p.Add(k, v)
	}
}

// ActOnBilateral applies an answer or step (accept, decline, propose other
// times, cancel, mark held) to a request on behalf of the actor's side, with
// its audit row, in one transaction. A focal point of neither side gets
// ENOTFOUND, exactly as for a missing request.
func (d *DB) ActOnBilateral(ctx context.Context, meetingID, id int64, act convene.BilateralAction, response string) (convene.Bilateral, error) {
	var b convene.Bilateral
	err := d.update(ctx, func(tx *Tx) (err error) {
		b, err = actOnBilateral(ctx, tx, meetingID, id, act, response, nil)
		return err
	})
	return b, err
}

// actOnBilateral is ActOnBilateral inside tx. The side is the actor's unless
// asSide says otherwise (the demo loader acts as the secretariat).
func actOnBilateral(ctx context.Context, tx *Tx, meetingID, id int64, act convene.BilateralAction, response string,
	asSide *convene.BilateralSide) (convene.Bilateral, error) {
	b, err := findBilateral(ctx, tx, meetingID, id)
	if err != nil {
		return b, err
	}
	side := convene.BilateralSideOf(tx.actor, b)
	if asSide != nil {
		side = *asSide
	}
	if side == convene.SideNone {
		return b, convene.NotFound("Bilateral")
	}
	next, err := convene.NextBilateralStatus(b.Status, act, side)
	if err != nil {
		return b, err
	}
	response = strings.TrimSpace(response)
	if act == convene.BilateralCounter && response == "" {
		return b, &convene.Error{Code: convene.EINVALID, Message: "Say which other times would suit.",
			Fields: map[string]string{"response": "Say which other times would suit, e.g. “26 Feb after 18:15”."}}
	}
	if utf8.RuneCountInString(response) > 500 {
		return b, &convene.Error{Code: convene.EINVALID, Message: "The answer is too long.",
			Fields: map[string]string{"response": "Keep the answer to 500 characters."}}
	}
	before := bilateralFields(&b)
	b.Status = next
	if response != "" || act == convene.BilateralCounter || act == convene.BilateralDecline {
		b.Response = response
	}
	if _, err := tx.ExecContext(ctx, `UPDATE bilaterals SET status = ?, response = ?, sequence = sequence + 1, updated_at = ? WHERE id = ?`,
		b.Status, b.Response, formatTime(tx.now), b.ID); err != nil {
		return b, fmt.Errorf("update bilateral: %w", err)
	}
	b.UpdatedAt = tx.now
	return b, tx.audit(ctx, string(act), "bilateral", b.ID, summarize(before, bilateralFields(&b)))
}

// slotInput loads what the placement rules need for a meeting: the
// bookings around it (findBookings: its programme, room holds and booked
// bilaterals, and other meetings' bookings of its venue's rooms) and its
// venue's rooms.
func slotInput(ctx context.Context, q querier, meetingID int64) (convene.SlotInput, error) {
	var in convene.SlotInput
	m, err := findMeeting(ctx, q, meetingID)
	if err != nil {
		return in, err
	}
	in.Meeting = m
	if _, in.Bookings, err = findBookings(ctx, q, m); err != nil {
		return in, err
	}
	in.Rooms, err = venueRooms(ctx, q, m.VenueID)
	return in, err
}

// BilateralSlotInput returns what slot finding needs for a meeting, read
// in one snapshot.
func (d *DB) BilateralSlotInput(ctx context.Context, meetingID int64) (convene.SlotInput, error) {
	var in convene.SlotInput
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		in, err = slotInput(ctx, tx, meetingID)
		return err
	})
	return in, err
}

// ScheduleBilateral places an accepted (or already scheduled) bilateral in a
// room and time. The placement rules run inside the writer's immediate
// transaction that also writes the placement and its audit row, so two
// officers placing different bilaterals into one room and time cannot both
// succeed: the second sees the first's booking. A refused placement returns
// EINVALID with the clash next to the field, and writes nothing.
func (d *DB) ScheduleBilateral(ctx context.Context, meetingID, id int64, p convene.Placement) (convene.Bilateral, error) {
	if pause := d.hooks.BetweenPlacementCheckAndSchedule; pause != nil {
		return d.scheduleBilateralSplit(ctx, meetingID, id, p, pause)
	}
	var b convene.Bilateral
	err := d.update(ctx, func(tx *Tx) (err error) {
		b, err = scheduleBilateral(ctx, tx, meetingID, id, p, true)
		return err
	})
	return b, err
}

func scheduleBilateral(ctx context.Context, tx *Tx, meetingID, id int64, p convene.Placement, check bool) (convene.Bilateral, error) {
	b, err := findBilateral(ctx, tx, meetingID, id)
	if err != nil {
		return b, err
	}
	if convene.BilateralSideOf(tx.actor, b) != convene.SideSecretariat && tx.actor.UserID != 0 {
		return b, convene.NotFound("Bilateral")
	}
	if b.Status != convene.BilateralAccepted && b.Status != convene.BilateralScheduled {
		return b, convene.Errorf(convene.EINVALID, "Only an accepted bilateral can be scheduled; this one is %s.",
			b.Status.Label())
	}
	if check {
		in, err := slotInput(ctx, tx, meetingID)
		if err != nil {
			return b, err
		}
		if err := convene.CheckPlacement(in, b, p).Err(); err != nil {
			return b, err
		}
	}
	before := bilateralFields(&b)
	b.Status, b.StartsAt, b.EndsAt, b.RoomID = convene.BilateralScheduled, p.StartsAt, p.EndsAt, p.RoomID
	if _, err := tx.ExecContext(ctx, `UPDATE bilaterals SET status = ?, starts_at = ?, ends_at = ?, room_id = ?,
		sequence = sequence + 1, updated_at = ? WHERE id = ?`, b.Status, formatTime(b.StartsAt), formatTime(b.EndsAt), nullID(b.RoomID),
		formatTime(tx.now), b.ID); err != nil {
		return b, fmt.Errorf("schedule bilateral: %w", err)
	}
	b.UpdatedAt = tx.now
	if err := tx.QueryRowContext(ctx, `SELECT name FROM rooms WHERE id = ?`, b.RoomID).Scan(&b.RoomName); err != nil {
		return b, err
	}
	return b, tx.audit(ctx, "schedule", "bilateral", b.ID, summarize(before, bilateralFields(&b)))
}
