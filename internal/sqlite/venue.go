package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"convene/internal/convene"
)

// CreateVenue adds a venue with its rooms.
func (d *DB) CreateVenue(ctx context.Context, v *convene.Venue) error {
	return d.update(ctx, func(tx *Tx) error { return createVenue(ctx, tx, v) })
}

func createVenue(ctx context.Context, tx *Tx, v *convene.Venue) error {
	p := convene.Problems{}
	if v.Name == "" {
		p.Add("name", "Enter the venue's name.")
	}
	if v.TimeZone == "" {
		p.Add("time_zone", "Enter the venue's time zone.")
	}
	for i := range v.Rooms {
		if err := v.Rooms[i].Validate(); err != nil {
			p.Add(fmt.Sprintf("rooms.%d", i), convene.ErrorMessage(err))
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	if v.Kind == "" {
		v.Kind = "hotel"
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO venues (name, kind, city, address, map_url, notes, time_zone)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, v.Name, v.Kind, v.City, v.Address, v.MapURL, v.Notes, v.TimeZone)
	if err != nil {
		return fmt.Errorf("insert venue: %w", err)
	}
	if v.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	if err := tx.audit(ctx, "create", "venue", v.ID, summarize(nil, fields{"name": v.Name, "city": v.City})); err != nil {
		return err
	}
	for i := range v.Rooms {
		r := &v.Rooms[i]
		r.VenueID = v.ID
		res, err := tx.ExecContext(ctx, `INSERT INTO rooms (venue_id, name, capacity, notes) VALUES (?, ?, ?, ?)`,
			r.VenueID, r.Name, r.Capacity, r.Notes)
		if err != nil {
			return fmt.Errorf("insert room: %w", err)
		}
		if r.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if err := tx.audit(ctx, "create", "room", r.ID,
			summarize(nil, fields{"venue_id": fmt.Sprint(v.ID), "name": r.Name, "capacity": fmt.Sprint(r.Capacity)})); err != nil {
			return err
		}
	}
	return nil
}

const venueColumns = `id, name, kind, city, address, map_url, notes, time_zone`

func scanVenue(row scanner) (convene.Venue, error) {
	var v convene.Venue
	err := row.Scan(&v.ID, &v.Name, &v.Kind, &v.City, &v.Address, &v.MapURL, &v.Notes, &v.TimeZone)
	return v, err
}

const roomColumns = `r.id, r.venue_id, r.name, r.capacity, r.notes`

func scanRoom(row scanner) (convene.Room, error) {
	var r convene.Room
	err := row.Scan(&r.ID, &r.VenueID, &r.Name, &r.Capacity, &r.Notes)
	return r, err
}

// venueRooms returns the rooms of a venue by name.
func venueRooms(ctx context.Context, q querier, venueID int64) ([]convene.Room, error) {
	return queryAll(ctx, q, scanRoom, `SELECT `+roomColumns+` FROM rooms r WHERE r.venue_id = ? ORDER BY r.name`, venueID)
}

// FindVenueByID returns a venue with its rooms ordered by name.
func (d *DB) FindVenueByID(ctx context.Context, id int64) (convene.Venue, error) {
	var v convene.Venue
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		if v, err = queryOne(ctx, tx, "Venue", scanVenue, `SELECT `+venueColumns+` FROM venues WHERE id = ?`, id); err != nil {
			return err
		}
		v.Rooms, err = venueRooms(ctx, tx, id)
		return err
	})
	return v, err
}

// FindVenues returns every venue by name, without rooms, for the meeting form.
func (d *DB) FindVenues(ctx context.Context) ([]convene.Venue, error) {
	var out []convene.Venue
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, func(row scanner) (v convene.Venue, err error) {
			return v, row.Scan(&v.ID, &v.Name, &v.Kind, &v.City, &v.TimeZone)
		}, `SELECT id, name, kind, city, time_zone FROM venues ORDER BY name`)
		return err
	})
	return out, err
}

// FindHotels returns every venue that is a hotel, by name.
func (d *DB) FindHotels(ctx context.Context) ([]convene.Venue, error) {
	var out []convene.Venue
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, scanVenue, `SELECT `+venueColumns+` FROM venues WHERE kind = 'hotel' ORDER BY name`)
		return err
	})
	return out, err
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
