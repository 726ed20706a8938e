package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"convene/internal/convene"
)

// SaveTravel stores a person's arrival and departure, as the travel form
// entered them, in one transaction: each replaces the one the person had,
// and a zero leg (nothing entered) removes it. The person must be a
// delegate of the meeting. The registration forms write the same store
// through setTravel, so that every page reads one flight.
func (d *DB) SaveTravel(ctx context.Context, meetingID, delegateID int64, arrival, departure convene.TravelLeg) error {
	return d.update(ctx, func(tx *Tx) error {
		if err := checkDelegateInMeeting(ctx, tx, meetingID, delegateID); err != nil {
			return err
		}
		return setTravel(ctx, tx, delegateID, &arrival, &departure)
	})
}

func checkDelegateInMeeting(ctx context.Context, tx *Tx, meetingID, delegateID int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM delegates p JOIN delegations g ON g.id = p.delegation_id
		WHERE p.id = ? AND g.meeting_id = ?`, delegateID, meetingID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return convene.NotFound("Delegate")
	}
	return nil
}

// setTravel makes the person's two legs in the travel store what arrival
// and departure say: a recorded leg is saved (checked by
// convene.TravelLeg.Validate), a zero one removes the leg the person had.
func setTravel(ctx context.Context, tx *Tx, delegateID int64, arrival, departure *convene.TravelLeg) error {
	for _, side := range []struct {
		dir convene.Direction
		l   *convene.TravelLeg
	}{{convene.Arrival, arrival}, {convene.Departure, departure}} {
		dir, l := side.dir, side.l
		l.DelegateID, l.Direction = delegateID, dir
		if !l.Recorded() && l.Flight == "" {
			if err := deleteTravelLeg(ctx, tx, delegateID, dir); err != nil {
				return err
			}
			l.ID = 0
			continue
		}
		if err := writeTravelLeg(ctx, tx, l); err != nil {
			return err
		}
	}
	return nil
}

// saveTravelLeg stores one leg of a delegate of the meeting.
func saveTravelLeg(ctx context.Context, tx *Tx, meetingID int64, l *convene.TravelLeg) error {
	if err := checkDelegateInMeeting(ctx, tx, meetingID, l.DelegateID); err != nil {
		return err
	}
	return writeTravelLeg(ctx, tx, l)
}

// writeTravelLeg validates a leg and stores it in place of the person's leg
// of that direction, with an audit row when anything changed.
func writeTravelLeg(ctx context.Context, tx *Tx, l *convene.TravelLeg) error {
	if err := l.Validate(); err != nil {
		return err
	}
	if err := knownAirport(ctx, tx, l.Airport); err != nil {
		return err
	}
	var before fields
	var oldFlight, oldAt, oldAirport, oldTerminal string
	err := tx.QueryRowContext(ctx, `SELECT id, flight, at, airport, terminal FROM travel_legs WHERE delegate_id = ? AND direction = ?`,
		l.DelegateID, l.Direction).Scan(&l.ID, &oldFlight, &oldAt, &oldAirport, &oldTerminal)
	if err == nil {
		before = fields{"flight": oldFlight, "at": oldAt, "airport": oldAirport, "terminal": oldTerminal}
	} else if err != sql.ErrNoRows {
		return err
	}
	after := fields{"flight": l.Flight, "at": formatTime(l.At), "airport": l.Airport, "terminal": l.Terminal}
	if before != nil && summarize(before, after) == "" {
		return nil // unchanged: a form saved again writes nothing
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
	return tx.audit(ctx, "save", "travel_leg", l.ID, fmt.Sprintf("delegate_id: %d; %s: %s", l.DelegateID, l.Direction,
		summarize(before, after)))
}

// travelLegQuery reads a person's leg of one direction.
const travelLegQuery = `SELECT id, flight, at FROM travel_legs WHERE delegate_id = ? AND direction = ?`

// deleteTravelLeg removes a person's leg of one direction, if they have one.
// A transfer run planned for it keeps its passenger row and is flagged
// (convene.TransferPassenger.FlightChanged), so nobody is silently dropped.
func deleteTravelLeg(ctx context.Context, tx *Tx, delegateID int64, dir convene.Direction) error {
	var id int64
	var flight, at string
	err := tx.QueryRowContext(ctx, travelLegQuery, delegateID, dir).Scan(&id, &flight, &at)
	if err == sql.ErrNoRows {
		return nil
	} else if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM travel_legs WHERE id = ?`, id); err != nil {
		return err
	}
	return tx.audit(ctx, "delete", "travel_leg", id, fmt.Sprintf("delegate_id: %d; %s: flight %q at %s removed",
		delegateID, dir, flight, at))
}

// FindTravelLegs returns the legs of a meeting's delegates by time. The
// caller joins the delegates (FindDelegates owns their columns and order).
func (d *DB) FindTravelLegs(ctx context.Context, meetingID int64) ([]convene.TravelLeg, error) {
	var out []convene.TravelLeg
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, scanTravelLeg, `SELECT l.id, l.delegate_id, l.direction, l.at, l.flight, l.airport,
			l.terminal, coalesce(a.time_zone, '') FROM travel_legs l JOIN delegates p ON p.id = l.delegate_id
			JOIN delegations g ON g.id = p.delegation_id LEFT JOIN airports a ON a.iata = l.airport WHERE g.meeting_id = ? ORDER BY l.at, l.id`, meetingID)
		return err
	})
	return out, err
}

func scanTravelLeg(row scanner) (convene.TravelLeg, error) {
	var l convene.TravelLeg
	var at string
	err := row.Scan(&l.ID, &l.DelegateID, &l.Direction, &at, &l.Flight, &l.Airport, &l.Terminal, &l.Zone)
	l.At = parseTime(at)
	return l, err
}
