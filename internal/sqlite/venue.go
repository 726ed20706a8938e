package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"convene/internal/convene"
)

// CreateVenue adds a venue with its rooms.
func (d *DB) CreateVenue(ctx context.Context, v *convene.Venue) error {
	return d.update(ctx, func(tx *Tx) error { return createVenue(ctx, tx, v) })
}

func createVenue(ctx context.Context, tx *Tx, v *convene.Venue) error {
	p := convene.Problems{}
	mergeFields(p, v.Validate())
	for i := range v.Rooms {
		if err := v.Rooms[i].Validate(); err != nil {
			p.Add(fmt.Sprintf("rooms.%d", i), strings.Join(sortedValues(convene.ErrorFields(err)), " "))
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO venues (name, kind, city, address, map_url, notes, time_zone, region)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, v.Name, v.Kind, v.City, v.Address, v.MapURL, v.Notes, v.TimeZone, v.Region)
	if err != nil {
		return fmt.Errorf("insert venue: %w", err)
	}
	if v.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	if err := tx.audit(ctx, "create", "venue", v.ID, summarize(nil, venueFields(v))); err != nil {
		return err
	}
	for i := range v.Rooms {
		if err := insertRoom(ctx, tx, v.ID, &v.Rooms[i]); err != nil {
			return err
		}
	}
	return nil
}

func venueFields(v *convene.Venue) fields {
	return fields{"name": v.Name, "kind": string(v.Kind), "city": v.City, "address": v.Address, "map_url": v.MapURL,
		"notes": v.Notes, "time_zone": v.TimeZone, "region": v.Region}
}

// UpdateVenue changes a venue's details; its rooms have their own methods.
func (d *DB) UpdateVenue(ctx context.Context, id int64, v *convene.Venue) error {
	return d.update(ctx, func(tx *Tx) error {
		before, err := queryOne(ctx, tx, "Venue", scanVenue, `SELECT `+venueColumns+` FROM venues WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if err := v.Validate(); err != nil {
			return err
		}
		v.ID = id
		if _, err := tx.ExecContext(ctx, `UPDATE venues SET name = ?, kind = ?, city = ?, address = ?, map_url = ?,
			notes = ?, time_zone = ?, region = ? WHERE id = ?`,
			v.Name, v.Kind, v.City, v.Address, v.MapURL, v.Notes, v.TimeZone, v.Region, id); err != nil {
			return fmt.Errorf("update venue: %w", err)
		}
		return tx.audit(ctx, "update", "venue", id, summarize(venueFields(&before), venueFields(v)))
	})
}

// DeleteVenue removes a venue and its rooms. A venue that a meeting uses
// (as its venue, for sessions, holds or bilaterals in its rooms, or for
// room blocks at the hotel) is refused with the meetings named, and nothing
// is written: deleting it would silently take rooms out of programmes.
func (d *DB) DeleteVenue(ctx context.Context, id int64) error {
	return d.update(ctx, func(tx *Tx) error {
		v, err := queryOne(ctx, tx, "Venue", scanVenue, `SELECT `+venueColumns+` FROM venues WHERE id = ?`, id)
		if err != nil {
			return err
		}
		users, err := venueMeetings(ctx, tx, id)
		if err != nil {
			return err
		}
		if len(users) > 0 {
			titles := make([]string, len(users))
			for i, m := range users {
				titles[i] = m.Title
			}
			return convene.Errorf(convene.EINVALID, "%s cannot be deleted: %s use it (as venue, for room bookings or room blocks). Move them elsewhere first.",
				v.Name, strings.Join(titles, ", "))
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM venues WHERE id = ?`, id); err != nil {
			return fmt.Errorf("delete venue: %w", err)
		}
		return tx.audit(ctx, "delete", "venue", id, summarize(nil, venueFields(&v)))
	})
}

// venueMeetings returns the meetings that use a venue, by first day: held
// there, booking its rooms (sessions, holds, bilaterals) or holding room
// blocks at it.
func venueMeetings(ctx context.Context, q querier, venueID int64) ([]convene.Meeting, error) {
	return queryAll(ctx, q, scanMeeting, `SELECT `+meetingColumns+meetingFrom+` WHERE m.venue_id = ?1
		OR m.id IN (SELECT s.meeting_id FROM sessions s JOIN rooms r ON r.id = s.room_id WHERE r.venue_id = ?1)
		OR m.id IN (SELECT h.meeting_id FROM room_holds h JOIN rooms r ON r.id = h.room_id WHERE r.venue_id = ?1)
		OR m.id IN (SELECT b.meeting_id FROM bilaterals b JOIN rooms r ON r.id = b.room_id WHERE r.venue_id = ?1)
		OR m.id IN (SELECT meeting_id FROM room_blocks WHERE hotel_id = ?1)
		ORDER BY m.start_date, m.title`, venueID)
}

const venueColumns = `id, name, kind, city, address, map_url, notes, time_zone, region`

func scanVenue(row scanner) (convene.Venue, error) {
	var v convene.Venue
	err := row.Scan(&v.ID, &v.Name, &v.Kind, &v.City, &v.Address, &v.MapURL, &v.Notes, &v.TimeZone, &v.Region)
	return v, err
}

// FindVenueByID returns a venue with its rooms ordered by name and the
// meetings that use it.
func (d *DB) FindVenueByID(ctx context.Context, id int64) (convene.Venue, error) {
	var v convene.Venue
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		if v, err = queryOne(ctx, tx, "Venue", scanVenue, `SELECT `+venueColumns+` FROM venues WHERE id = ?`, id); err != nil {
			return err
		}
		if v.Rooms, err = venueRooms(ctx, tx, id); err != nil {
			return err
		}
		v.Meetings, err = venueMeetings(ctx, tx, id)
		return err
	})
	return v, err
}

// FindVenues returns every venue by name, with its rooms (no meetings),
// for the venues page and the meeting form.
func (d *DB) FindVenues(ctx context.Context) ([]convene.Venue, error) {
	var out []convene.Venue
	err := d.view(ctx, func(tx *sql.Tx) error {
		vs, err := queryAll(ctx, tx, scanVenue, `SELECT `+venueColumns+` FROM venues ORDER BY name, id`)
		if err != nil {
			return err
		}
		rooms, err := queryAll(ctx, tx, scanRoom, `SELECT `+roomColumns+` FROM rooms r ORDER BY r.name`)
		if err != nil {
			return err
		}
		byVenue := map[int64][]convene.Room{}
		for _, r := range rooms {
			byVenue[r.VenueID] = append(byVenue[r.VenueID], r)
		}
		for i := range vs {
			vs[i].Rooms = byVenue[vs[i].ID]
		}
		out = vs
		return nil
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
