package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"convene/internal/convene"
)

// CreateRoomBlock adds a block of hotel rooms to a meeting.
func (d *DB) CreateRoomBlock(ctx context.Context, b *convene.RoomBlock) error {
	return d.update(ctx, func(tx *Tx) error { return createRoomBlock(ctx, tx, b) })
}

func createRoomBlock(ctx context.Context, tx *Tx, b *convene.RoomBlock) error {
	if err := b.Validate(); err != nil {
		return err
	}
	var kind string
	err := tx.QueryRowContext(ctx, `SELECT kind FROM venues WHERE id = ?`, b.HotelID).Scan(&kind)
	if err == sql.ErrNoRows || (err == nil && kind != "hotel") {
		return &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
			Fields: map[string]string{"hotel_id": "Choose one of the hotels listed."}}
	} else if err != nil {
		return err
	}
	var dup int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM room_blocks WHERE meeting_id = ? AND hotel_id = ? AND room_type = ?`,
		b.MeetingID, b.HotelID, b.RoomType).Scan(&dup); err != nil {
		return err
	}
	if dup > 0 {
		return &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
			Fields: map[string]string{"room_type": "This hotel already has a block of that room type for this meeting."}}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO room_blocks (meeting_id, hotel_id, room_type, rank, occupancy,
		room_count, first_night, last_night, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		b.MeetingID, b.HotelID, b.RoomType, b.Rank, b.Occupancy, b.RoomCount, formatDate(b.FirstNight),
		formatDate(b.LastNight), b.Notes)
	if err != nil {
		return fmt.Errorf("insert room block: %w", err)
	}
	if b.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return tx.audit(ctx, "create", "room_block", b.ID, summarize(nil, fields{
		"meeting_id": fmt.Sprint(b.MeetingID), "hotel_id": fmt.Sprint(b.HotelID), "room_type": b.RoomType,
		"room_count": fmt.Sprint(b.RoomCount), "occupancy": fmt.Sprint(b.Occupancy),
		"first_night": b.FirstNight.String(), "last_night": b.LastNight.String()}))
}

const roomBlockColumns = `b.id, b.meeting_id, b.hotel_id, v.name, b.room_type, b.rank, b.occupancy, b.room_count,
	b.first_night, b.last_night, b.notes`

func scanRoomBlock(row interface{ Scan(...any) error }) (convene.RoomBlock, error) {
	var b convene.RoomBlock
	var first, last string
	err := row.Scan(&b.ID, &b.MeetingID, &b.HotelID, &b.HotelName, &b.RoomType, &b.Rank, &b.Occupancy, &b.RoomCount,
		&first, &last, &b.Notes)
	b.FirstNight, b.LastNight = parseDate(first), parseDate(last)
	return b, err
}

// FindRoomBlocks returns a meeting's blocks by hotel, then best room type first.
func (d *DB) FindRoomBlocks(ctx context.Context, meetingID int64) ([]convene.RoomBlock, error) {
	var out []convene.RoomBlock
	err := d.view(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = findRoomBlocks(ctx, tx, meetingID)
		return err
	})
	return out, err
}

func findRoomBlocks(ctx context.Context, tx interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, meetingID int64) ([]convene.RoomBlock, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+roomBlockColumns+` FROM room_blocks b JOIN venues v ON v.id = b.hotel_id
		WHERE b.meeting_id = ? ORDER BY v.name, b.rank, b.room_type`, meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []convene.RoomBlock
	for rows.Next() {
		b, err := scanRoomBlock(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// FindHotels returns every venue that is a hotel, by name.
func (d *DB) FindHotels(ctx context.Context) ([]convene.Venue, error) {
	var out []convene.Venue
	err := d.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, name, kind, city, address, map_url, notes, time_zone
			FROM venues WHERE kind = 'hotel' ORDER BY name`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var v convene.Venue
			if err := rows.Scan(&v.ID, &v.Name, &v.Kind, &v.City, &v.Address, &v.MapURL, &v.Notes, &v.TimeZone); err != nil {
				return err
			}
			out = append(out, v)
		}
		return rows.Err()
	})
	return out, err
}

// FindStays returns every room assignment of a meeting, without the
// delegates' details (the caller joins them from FindDelegates, which owns
// protocol order and the delegate columns).
func (d *DB) FindStays(ctx context.Context, meetingID int64) ([]convene.Stay, error) {
	var out []convene.Stay
	err := d.view(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = findStays(ctx, tx, `b.meeting_id = ?`, meetingID)
		return err
	})
	return out, err
}

func findStays(ctx context.Context, tx interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, cond string, args ...any) ([]convene.Stay, error) {
	rows, err := tx.QueryContext(ctx, `SELECT s.id, s.block_id, s.delegate_id, s.room_label, s.check_in, s.check_out
		FROM room_assignments s JOIN room_blocks b ON b.id = s.block_id WHERE `+cond+` ORDER BY s.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []convene.Stay
	for rows.Next() {
		var s convene.Stay
		var in, outDay string
		if err := rows.Scan(&s.ID, &s.BlockID, &s.DelegateID, &s.RoomLabel, &in, &outDay); err != nil {
			return nil, err
		}
		s.CheckIn, s.CheckOut = parseDate(in), parseDate(outDay)
		out = append(out, s)
	}
	return out, rows.Err()
}

// AssignRooms stores stays in one transaction: each replaces the delegate's
// earlier stay, if any, and the whole set is refused, with nothing written,
// if any block would then hold more rooms on a night than it has, or a room
// more guests than it sleeps. The check and the writes share the writer's
// immediate transaction, so two officers assigning at once cannot overbook.
func (d *DB) AssignRooms(ctx context.Context, meetingID int64, stays []convene.Stay) error {
	if pause, split := splitBlockCheck.Load(d); split {
		return d.assignRoomsSplit(ctx, meetingID, stays, pause.(func()))
	}
	return d.update(ctx, func(tx *Tx) error { return assignRooms(ctx, tx, meetingID, stays, true) })
}

// splitBlockCheck holds, per database, the pause a test asked for between
// the check and the write of the broken, two-transaction variant.
var splitBlockCheck sync.Map

// SplitBlockCheckForTest makes AssignRooms on d check the blocks in a read
// transaction and write in a separate one, calling between them pause (which
// a test uses to hold every request at that point): the classic
// check-then-insert race. It exists only so that the concurrency test can
// show it catches overbooking; nothing else may call it.
func SplitBlockCheckForTest(d *DB, pause func()) { splitBlockCheck.Store(d, pause) }

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

func assignRooms(ctx context.Context, tx *Tx, meetingID int64, stays []convene.Stay, check bool) error {
	blocks, err := findRoomBlocks(ctx, tx, meetingID)
	if err != nil {
		return err
	}
	byID := map[int64]convene.RoomBlock{}
	for _, b := range blocks {
		byID[b.ID] = b
	}
	touched := map[int64]bool{}
	for i := range stays {
		s := &stays[i]
		b, ok := byID[s.BlockID]
		if !ok {
			return &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
				Fields: map[string]string{"block_id": "Choose one of this meeting's room blocks."}}
		}
		if err := s.Validate(b); err != nil {
			return err
		}
		var inMeeting int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM delegates p JOIN delegations g ON g.id = p.delegation_id
			WHERE p.id = ? AND g.meeting_id = ?`, s.DelegateID, meetingID).Scan(&inMeeting); err != nil {
			return err
		}
		if inMeeting == 0 {
			return &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
				Fields: map[string]string{"delegate_id": "Choose a delegate of this meeting."}}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM room_assignments WHERE delegate_id = ?`, s.DelegateID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO room_assignments (block_id, delegate_id, room_label, check_in, check_out)
			VALUES (?, ?, ?, ?, ?)`, s.BlockID, s.DelegateID, s.RoomLabel, formatDate(s.CheckIn), formatDate(s.CheckOut))
		if err != nil {
			return fmt.Errorf("insert room assignment: %w", err)
		}
		if s.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		touched[s.BlockID] = true
		if err := tx.audit(ctx, "assign", "room_assignment", s.ID, summarize(nil, fields{
			"delegate_id": fmt.Sprint(s.DelegateID), "block_id": fmt.Sprint(s.BlockID), "room_label": s.RoomLabel,
			"check_in": s.CheckIn.String(), "check_out": s.CheckOut.String()})); err != nil {
			return err
		}
	}
	if !check {
		return nil
	}
	for id := range touched {
		all, err := findStays(ctx, tx, `s.block_id = ?`, id)
		if err != nil {
			return err
		}
		if msg := convene.CheckBlock(byID[id], all); msg != "" {
			return &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
				Fields: map[string]string{"block_id": msg}}
		}
	}
	return nil
}

// RemoveStay takes a delegate out of their hotel room.
func (d *DB) RemoveStay(ctx context.Context, meetingID, delegateID int64) error {
	return d.update(ctx, func(tx *Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT s.id FROM room_assignments s JOIN room_blocks b ON b.id = s.block_id
			WHERE s.delegate_id = ? AND b.meeting_id = ?`, delegateID, meetingID).Scan(&id)
		if err == sql.ErrNoRows {
			return convene.NotFound("Room assignment")
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM room_assignments WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit(ctx, "delete", "room_assignment", id, summarize(nil, fields{"delegate_id": fmt.Sprint(delegateID)}))
	})
}

// CreateLiaisonOfficer adds a liaison officer to a meeting.
func (d *DB) CreateLiaisonOfficer(ctx context.Context, o *convene.LiaisonOfficer) error {
	return d.update(ctx, func(tx *Tx) error { return createLiaisonOfficer(ctx, tx, o) })
}

func createLiaisonOfficer(ctx context.Context, tx *Tx, o *convene.LiaisonOfficer) error {
	if err := o.Validate(); err != nil {
		return err
	}
	if err := checkDelegationInMeeting(ctx, tx, o.MeetingID, o.DelegationID); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO liaison_officers (meeting_id, delegation_id, name, mobile, email, languages, notes)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, o.MeetingID, nullID(o.DelegationID), o.Name, o.Mobile, o.Email, o.Languages, o.Notes)
	if err != nil {
		return fmt.Errorf("insert liaison officer: %w", err)
	}
	if o.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return tx.audit(ctx, "create", "liaison_officer", o.ID, summarize(nil, liaisonFields(o)))
}

func liaisonFields(o *convene.LiaisonOfficer) fields {
	return fields{"meeting_id": fmt.Sprint(o.MeetingID), "delegation_id": fmt.Sprint(o.DelegationID), "name": o.Name,
		"mobile": o.Mobile, "email": o.Email, "languages": o.Languages}
}

// checkDelegationInMeeting refuses a delegation of another meeting; 0 means
// no delegation and is always fine.
func checkDelegationInMeeting(ctx context.Context, tx *Tx, meetingID, delegationID int64) error {
	if delegationID == 0 {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM delegations WHERE id = ? AND meeting_id = ?`,
		delegationID, meetingID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
			Fields: map[string]string{"delegation_id": "Choose one of this meeting's delegations."}}
	}
	return nil
}

// AssignLiaisonOfficer gives an officer to a delegation (0 releases them).
func (d *DB) AssignLiaisonOfficer(ctx context.Context, meetingID, officerID, delegationID int64) error {
	return d.update(ctx, func(tx *Tx) error {
		var before sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT delegation_id FROM liaison_officers WHERE id = ? AND meeting_id = ?`,
			officerID, meetingID).Scan(&before)
		if err == sql.ErrNoRows {
			return convene.NotFound("Liaison officer")
		} else if err != nil {
			return err
		}
		if err := checkDelegationInMeeting(ctx, tx, meetingID, delegationID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE liaison_officers SET delegation_id = ? WHERE id = ?`,
			nullID(delegationID), officerID); err != nil {
			return err
		}
		return tx.audit(ctx, "update", "liaison_officer", officerID, summarize(
			fields{"delegation_id": fmt.Sprint(before.Int64)}, fields{"delegation_id": fmt.Sprint(delegationID)}))
	})
}

// FindLiaisonOfficers returns a meeting's officers: assigned ones in the
// protocol order of their delegations, then the unassigned by name.
func (d *DB) FindLiaisonOfficers(ctx context.Context, meetingID int64) ([]convene.LiaisonOfficer, error) {
	var out []convene.LiaisonOfficer
	err := d.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT o.id, o.meeting_id, coalesce(o.delegation_id, 0), o.name, o.mobile,
			o.email, o.languages, o.notes, coalesce(c.id, 0), coalesce(c.iso3, ''), coalesce(c.name, ''),
			coalesce(c.observer, 0), coalesce(c.protocol_rank, 0)
			FROM liaison_officers o LEFT JOIN delegations g ON g.id = o.delegation_id
			LEFT JOIN countries c ON c.id = g.country_id
			WHERE o.meeting_id = ? ORDER BY o.delegation_id IS NULL, c.protocol_rank, o.name, o.id`, meetingID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var o convene.LiaisonOfficer
			if err := rows.Scan(&o.ID, &o.MeetingID, &o.DelegationID, &o.Name, &o.Mobile, &o.Email, &o.Languages,
				&o.Notes, &o.Country.ID, &o.Country.ISO3, &o.Country.Name, &o.Country.Observer,
				&o.Country.ProtocolRank); err != nil {
				return err
			}
			out = append(out, o)
		}
		return rows.Err()
	})
	return out, err
}
