package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"convene/internal/convene"
)

// SaveTravelLegs stores a person's arrival and departure in one transaction,
// each replacing the one they had. Every leg must belong to a delegate of the
// meeting.
func (d *DB) SaveTravelLegs(ctx context.Context, meetingID int64, legs []convene.TravelLeg) error {
	return d.update(ctx, func(tx *Tx) error {
		for i := range legs {
			if err := saveTravelLeg(ctx, tx, meetingID, &legs[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

func saveTravelLeg(ctx context.Context, tx *Tx, meetingID int64, l *convene.TravelLeg) error {
	if err := l.Validate(); err != nil {
		return err
	}
	if err := knownAirport(ctx, tx, l.Airport); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM delegates p JOIN delegations g ON g.id = p.delegation_id
		WHERE p.id = ? AND g.meeting_id = ?`, l.DelegateID, meetingID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return convene.NotFound("Delegate")
	}
	var before fields
	var oldFlight, oldAt, oldAirport string
	err := tx.QueryRowContext(ctx, `SELECT flight, at, airport FROM travel_legs WHERE delegate_id = ? AND direction = ?`,
		l.DelegateID, l.Direction).Scan(&oldFlight, &oldAt, &oldAirport)
	if err == nil {
		before = fields{"flight": oldFlight, "at": oldAt, "airport": oldAirport}
	} else if err != sql.ErrNoRows {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO travel_legs (delegate_id, direction, at, flight, airport, terminal, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (delegate_id, direction) DO UPDATE SET at = excluded.at, flight = excluded.flight,
			airport = excluded.airport, terminal = excluded.terminal, updated_at = excluded.updated_at`,
		l.DelegateID, l.Direction, formatTime(l.At), l.Flight, l.Airport, l.Terminal, formatTime(tx.now)); err != nil {
		return fmt.Errorf("save travel leg: %w", err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT id FROM travel_legs WHERE delegate_id = ? AND direction = ?`,
		l.DelegateID, l.Direction).Scan(&l.ID); err != nil {
		return err
	}
	return tx.audit(ctx, "save", "travel_leg", l.ID, summarize(before, fields{"flight": l.Flight,
		"at": formatTime(l.At), "airport": l.Airport}))
}

// FindTravelLegs returns the legs of a meeting's delegates by time. The
// caller joins the delegates (FindDelegates owns their columns and order).
func (d *DB) FindTravelLegs(ctx context.Context, meetingID int64) ([]convene.TravelLeg, error) {
	var out []convene.TravelLeg
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, scanTravelLeg, `SELECT l.id, l.delegate_id, l.direction, l.at, l.flight, l.airport,
			l.terminal FROM travel_legs l JOIN delegates p ON p.id = l.delegate_id JOIN delegations g ON g.id = p.delegation_id
			WHERE g.meeting_id = ? ORDER BY l.at, l.id`, meetingID)
		return err
	})
	return out, err
}

func scanTravelLeg(row scanner) (convene.TravelLeg, error) {
	var l convene.TravelLeg
	var at string
	err := row.Scan(&l.ID, &l.DelegateID, &l.Direction, &at, &l.Flight, &l.Airport, &l.Terminal)
	l.At = parseTime(at)
	return l, err
}
