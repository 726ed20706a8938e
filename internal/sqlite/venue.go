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

// FindVenueByID returns a venue with its rooms ordered by name.
func (d *DB) FindVenueByID(ctx context.Context, id int64) (convene.Venue, error) {
	var v convene.Venue
	err := d.view(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id, name, kind, city, address, map_url, notes, time_zone
			FROM venues WHERE id = ?`, id).Scan(&v.ID, &v.Name, &v.Kind, &v.City, &v.Address, &v.MapURL, &v.Notes, &v.TimeZone)
		if err == sql.ErrNoRows {
			return convene.NotFound("Venue")
		} else if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, venue_id, name, capacity, notes FROM rooms WHERE venue_id = ? ORDER BY name`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r convene.Room
			if err := rows.Scan(&r.ID, &r.VenueID, &r.Name, &r.Capacity, &r.Notes); err != nil {
				return err
			}
			v.Rooms = append(v.Rooms, r)
		}
		return rows.Err()
	})
	return v, err
}
