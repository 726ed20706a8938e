package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"convene/internal/convene"
)

// A room's seats per layout live in room_layouts, one row per layout it
// offers; the room's columns read them back as "layout=seats,..." in one
// subquery, so that a list of rooms is still one query.
const roomColumns = `r.id, r.venue_id, r.name, r.notes, r.booths, r.screens, r.flags, r.podium, r.recording,
	coalesce((SELECT group_concat(l.layout || '=' || l.capacity) FROM room_layouts l WHERE l.room_id = r.id), '')`

func scanRoom(row scanner) (convene.Room, error) {
	var r convene.Room
	var seats string
	err := row.Scan(&r.ID, &r.VenueID, &r.Name, &r.Notes, &r.Equipment.Booths, &r.Equipment.Screens,
		&r.Equipment.Flags, &r.Equipment.Podium, &r.Equipment.Recording, &seats)
	r.Seats = map[convene.RoomLayout]int{}
	for _, kv := range strings.Split(seats, ",") {
		if l, n, ok := strings.Cut(kv, "="); ok {
			r.Seats[convene.RoomLayout(l)], _ = strconv.Atoi(n)
		}
	}
	r.Capacity = r.Largest()
	return r, err
}

// seatsSQL is the seats of a booking's room in the layout it names (its
// largest layout when it names none), for a row with room id column room
// and layout column layout.
func seatsSQL(room, layout string) string {
	return `coalesce((SELECT max(l.capacity) FROM room_layouts l WHERE l.room_id = ` + room +
		` AND (` + layout + ` = '' OR l.layout = ` + layout + `)), 0)`
}

func roomFields(r *convene.Room) fields {
	f := fields{"venue_id": fmt.Sprint(r.VenueID), "name": r.Name, "notes": r.Notes,
		"booths": fmt.Sprint(r.Equipment.Booths), "screens": fmt.Sprint(r.Equipment.Screens),
		"flags": fmt.Sprint(r.Equipment.Flags), "podium": fmt.Sprint(r.Equipment.Podium),
		"recording": fmt.Sprint(r.Equipment.Recording)}
	for _, l := range convene.RoomLayouts {
		if n, ok := r.Seats[l]; ok {
			f["seats_"+string(l)] = fmt.Sprint(n)
		}
	}
	return f
}

// venueRooms returns the rooms of a venue by name.
func venueRooms(ctx context.Context, q querier, venueID int64) ([]convene.Room, error) {
	return queryAll(ctx, q, scanRoom, `SELECT `+roomColumns+` FROM rooms r WHERE r.venue_id = ? ORDER BY r.name`, venueID)
}

// FindMeetingRooms returns the rooms of the meeting's venue, by name.
func (d *DB) FindMeetingRooms(ctx context.Context, meetingID int64) ([]convene.Room, error) {
	var out []convene.Room
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, scanRoom, `SELECT `+roomColumns+` FROM rooms r
			JOIN meetings m ON m.venue_id = r.venue_id WHERE m.id = ? ORDER BY r.name`, meetingID)
		return err
	})
	return out, err
}

// FindRoomByID returns a room of a venue; a room of another venue is not
// found.
func (d *DB) FindRoomByID(ctx context.Context, venueID, id int64) (convene.Room, error) {
	var r convene.Room
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		r, err = findRoom(ctx, tx, venueID, id)
		return err
	})
	return r, err
}

func findRoom(ctx context.Context, q querier, venueID, id int64) (convene.Room, error) {
	return queryOne(ctx, q, "Room", scanRoom, `SELECT `+roomColumns+` FROM rooms r WHERE r.id = ? AND r.venue_id = ?`, id, venueID)
}

// CreateRoom adds a room to a venue.
func (d *DB) CreateRoom(ctx context.Context, venueID int64, r *convene.Room) error {
	return d.update(ctx, func(tx *Tx) error {
		if _, err := queryOne(ctx, tx, "Venue", scanID, `SELECT id FROM venues WHERE id = ?`, venueID); err != nil {
			return err
		}
		if err := r.Validate(); err != nil {
			return err
		}
		if err := uniqueRoomName(ctx, tx, venueID, 0, r.Name); err != nil {
			return err
		}
		return insertRoom(ctx, tx, venueID, r)
	})
}

func insertRoom(ctx context.Context, tx *Tx, venueID int64, r *convene.Room) error {
	r.VenueID = venueID
	e := r.Equipment
	res, err := tx.ExecContext(ctx, `INSERT INTO rooms (venue_id, name, notes, booths, screens, flags, podium, recording)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, venueID, r.Name, r.Notes, e.Booths, e.Screens, boolInt(e.Flags),
		boolInt(e.Podium), boolInt(e.Recording))
	if err != nil {
		return fmt.Errorf("insert room: %w", err)
	}
	if r.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	if err := writeRoomLayouts(ctx, tx, r); err != nil {
		return err
	}
	r.Capacity = r.Largest()
	return tx.audit(ctx, "create", "room", r.ID, summarize(nil, roomFields(r)))
}

// writeRoomLayouts replaces a room's seats per layout.
func writeRoomLayouts(ctx context.Context, tx *Tx, r *convene.Room) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM room_layouts WHERE room_id = ?`, r.ID); err != nil {
		return fmt.Errorf("clear room layouts: %w", err)
	}
	for _, l := range convene.RoomLayouts {
		if n, ok := r.Seats[l]; ok {
			if _, err := tx.ExecContext(ctx, `INSERT INTO room_layouts (room_id, layout, capacity) VALUES (?, ?, ?)`,
				r.ID, l, n); err != nil {
				return fmt.Errorf("insert room layout: %w", err)
			}
		}
	}
	return nil
}

// uniqueRoomName refuses a second room of one name in a venue with a
// message next to the name, rather than the bare conflict of the index.
func uniqueRoomName(ctx context.Context, tx *Tx, venueID, id int64, name string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM rooms WHERE venue_id = ? AND name = ? AND id <> ?`,
		venueID, name, id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
			Fields: map[string]string{"name": "This venue already has a room called " + name + "."}}
	}
	return nil
}

// UpdateRoom changes a room of a venue: name, seats per layout, equipment
// and notes.
func (d *DB) UpdateRoom(ctx context.Context, venueID, id int64, r *convene.Room) error {
	return d.update(ctx, func(tx *Tx) error {
		before, err := findRoom(ctx, tx, venueID, id)
		if err != nil {
			return err
		}
		if err := r.Validate(); err != nil {
			return err
		}
		if err := uniqueRoomName(ctx, tx, venueID, id, r.Name); err != nil {
			return err
		}
		r.ID, r.VenueID = id, venueID
		e := r.Equipment
		if _, err := tx.ExecContext(ctx, `UPDATE rooms SET name = ?, notes = ?, booths = ?, screens = ?, flags = ?,
			podium = ?, recording = ? WHERE id = ?`, r.Name, r.Notes, e.Booths, e.Screens, boolInt(e.Flags),
			boolInt(e.Podium), boolInt(e.Recording), id); err != nil {
			return fmt.Errorf("update room: %w", err)
		}
		if err := writeRoomLayouts(ctx, tx, r); err != nil {
			return err
		}
		r.Capacity = r.Largest()
		return tx.audit(ctx, "update", "room", id, summarize(roomFields(&before), roomFields(r)))
	})
}

// DeleteRoom removes a room of a venue. A room that a session, hold or
// bilateral books is refused with what books it, and nothing is written:
// deleting it would silently leave them without a room.
func (d *DB) DeleteRoom(ctx context.Context, venueID, id int64) error {
	return d.update(ctx, func(tx *Tx) error {
		r, err := findRoom(ctx, tx, venueID, id)
		if err != nil {
			return err
		}
		var sessions, holds, bilaterals int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM sessions WHERE room_id = ?1),
			(SELECT count(*) FROM room_holds WHERE room_id = ?1), (SELECT count(*) FROM bilaterals WHERE room_id = ?1)`,
			id).Scan(&sessions, &holds, &bilaterals); err != nil {
			return err
		}
		if sessions+holds+bilaterals > 0 {
			return convene.Errorf(convene.EINVALID, "%s cannot be deleted: %d sessions, %d holds and %d bilaterals are booked in it. Move them to another room first.",
				r.Name, sessions, holds, bilaterals)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM rooms WHERE id = ?`, id); err != nil {
			return fmt.Errorf("delete room: %w", err)
		}
		return tx.audit(ctx, "delete", "room", id, summarize(nil, roomFields(&r)))
	})
}

// sortedValues lists a map's values in the order of their keys, for a
// message that gathers several fields' problems.
func sortedValues(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = m[k]
	}
	return out
}
