package sqlite

import (
	"context"
	"database/sql"
	"fmt"

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

func scanRoomBlock(row scanner) (convene.RoomBlock, error) {
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

func findRoomBlocks(ctx context.Context, q querier, meetingID int64) ([]convene.RoomBlock, error) {
	return queryAll(ctx, q, scanRoomBlock, `SELECT `+roomBlockColumns+` FROM room_blocks b JOIN venues v ON v.id = b.hotel_id
		WHERE b.meeting_id = ? ORDER BY v.name, b.rank, b.room_type`, meetingID)
}
