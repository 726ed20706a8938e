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
	err := d.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT l.id, l.delegate_id, l.direction, l.at, l.flight, l.airport, l.terminal
			FROM travel_legs l JOIN delegates p ON p.id = l.delegate_id JOIN delegations g ON g.id = p.delegation_id
			WHERE g.meeting_id = ? ORDER BY l.at, l.id`, meetingID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var l convene.TravelLeg
			var at string
			if err := rows.Scan(&l.ID, &l.DelegateID, &l.Direction, &at, &l.Flight, &l.Airport, &l.Terminal); err != nil {
				return err
			}
			l.At = parseTime(at)
			out = append(out, l)
		}
		return rows.Err()
	})
	return out, err
}

// capacityProblem is the message when a run would carry more than it seats.
func capacityProblem(vehicle string, capacity, n int) error {
	return &convene.Error{Code: convene.EINVALID, Message: fmt.Sprintf(
		"The %s seats %d passengers; this would put %d in it.", vehicle, capacity, n),
		Fields: map[string]string{"run_id": fmt.Sprintf("The %s seats %d passengers; this would put %d in it.", vehicle, capacity, n)}}
}

// CreateTransferRuns stores planned runs with their passengers in one
// transaction. A person already on a run in the same direction, or a run
// over its vehicle's capacity, refuses the whole plan.
func (d *DB) CreateTransferRuns(ctx context.Context, runs []convene.TransferRun) error {
	return d.update(ctx, func(tx *Tx) error { return createTransferRuns(ctx, tx, runs) })
}

func createTransferRuns(ctx context.Context, tx *Tx, runs []convene.TransferRun) error {
	for i := range runs {
		r := &runs[i]
		if len(r.Passengers) > r.Capacity {
			return capacityProblem(r.Vehicle, r.Capacity, len(r.Passengers))
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO transfer_runs (meeting_id, direction, airport, departs_at, vehicle,
			capacity, dedicated, driver, plate, destination) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.MeetingID, r.Direction, r.Airport, formatTime(r.DepartsAt), r.Vehicle, r.Capacity, boolInt(r.Dedicated),
			r.Driver, r.Plate, r.Destination)
		if err != nil {
			return fmt.Errorf("insert transfer run: %w", err)
		}
		if r.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		for _, p := range r.Passengers {
			if _, err := tx.ExecContext(ctx, `INSERT INTO transfer_passengers (run_id, delegate_id, direction, flight, at)
				VALUES (?, ?, ?, ?, ?)`, r.ID, p.DelegateID, r.Direction, p.Flight, formatTime(p.At)); err != nil {
				return fmt.Errorf("insert transfer passenger: %w", err)
			}
		}
		if err := tx.audit(ctx, "create", "transfer_run", r.ID, summarize(nil, fields{
			"airport": r.Airport, "direction": string(r.Direction), "departs_at": formatTime(r.DepartsAt),
			"vehicle": r.Vehicle, "passengers": fmt.Sprint(len(r.Passengers))})); err != nil {
			return err
		}
	}
	return nil
}

// FindTransferRuns returns a meeting's runs by departure, each with its
// passengers and their legs as they stand now, so that changed flights show.
func (d *DB) FindTransferRuns(ctx context.Context, meetingID int64) ([]convene.TransferRun, error) {
	var out []convene.TransferRun
	err := d.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, meeting_id, direction, airport, departs_at, vehicle, capacity,
			dedicated, driver, plate, destination FROM transfer_runs WHERE meeting_id = ? ORDER BY departs_at, airport, id`, meetingID)
		if err != nil {
			return err
		}
		index := map[int64]int{}
		for rows.Next() {
			var r convene.TransferRun
			var at string
			if err := rows.Scan(&r.ID, &r.MeetingID, &r.Direction, &r.Airport, &at, &r.Vehicle, &r.Capacity, &r.Dedicated,
				&r.Driver, &r.Plate, &r.Destination); err != nil {
				rows.Close()
				return err
			}
			r.DepartsAt = parseTime(at)
			index[r.ID] = len(out)
			out = append(out, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		prow, err := tx.QueryContext(ctx, `SELECT x.run_id, x.delegate_id, x.flight, x.at, coalesce(l.id, 0),
			coalesce(l.flight, ''), coalesce(l.at, ''), coalesce(l.airport, ''), coalesce(l.terminal, '')
			FROM transfer_passengers x JOIN transfer_runs r ON r.id = x.run_id
			LEFT JOIN travel_legs l ON l.delegate_id = x.delegate_id AND l.direction = x.direction
			WHERE r.meeting_id = ? ORDER BY x.at, x.delegate_id`, meetingID)
		if err != nil {
			return err
		}
		defer prow.Close()
		for prow.Next() {
			var runID int64
			var p convene.TransferPassenger
			var at, legAt string
			if err := prow.Scan(&runID, &p.DelegateID, &p.Flight, &at, &p.Current.ID, &p.Current.Flight, &legAt,
				&p.Current.Airport, &p.Current.Terminal); err != nil {
				return err
			}
			p.At, p.Current.At = parseTime(at), parseTime(legAt)
			p.Current.DelegateID = p.DelegateID
			if i, ok := index[runID]; ok {
				out[i].Passengers = append(out[i].Passengers, p)
			}
		}
		return prow.Err()
	})
	return out, err
}

// UpdateTransferRun changes a run's vehicle, driver and time. A vehicle that
// seats fewer than the run's passengers is refused.
func (d *DB) UpdateTransferRun(ctx context.Context, meetingID, runID int64, upd convene.TransferRunUpdate) error {
	return d.update(ctx, func(tx *Tx) error {
		var n int
		var before fields = fields{}
		var vehicle, driver, plate, departs string
		var capacity int
		err := tx.QueryRowContext(ctx, `SELECT vehicle, capacity, driver, plate, departs_at,
			(SELECT count(*) FROM transfer_passengers x WHERE x.run_id = r.id)
			FROM transfer_runs r WHERE id = ? AND meeting_id = ?`, runID, meetingID).Scan(&vehicle, &capacity, &driver, &plate, &departs, &n)
		if err == sql.ErrNoRows {
			return convene.NotFound("Transfer run")
		} else if err != nil {
			return err
		}
		before = fields{"vehicle": vehicle, "capacity": fmt.Sprint(capacity), "driver": driver, "plate": plate, "departs_at": departs}
		p := convene.Problems{}
		switch upd.Vehicle {
		case "car", "van", "bus":
		default:
			p.Add("vehicle", "Choose a car, a van or a bus.")
		}
		if upd.Capacity < 1 || upd.Capacity > 60 {
			p.Add("capacity", "Enter the passenger seats (1 to 60).")
		} else if upd.Capacity < n {
			p.Add("capacity", fmt.Sprintf("This run has %d passengers; a vehicle with %d seats cannot take them.", n, upd.Capacity))
		}
		if upd.Departs.IsZero() {
			p.Add("departs", "Enter the time the vehicle leaves.")
		}
		if err := p.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE transfer_runs SET vehicle = ?, capacity = ?, driver = ?, plate = ?, departs_at = ?
			WHERE id = ?`, upd.Vehicle, upd.Capacity, upd.Driver, upd.Plate, formatTime(upd.Departs), runID); err != nil {
			return err
		}
		return tx.audit(ctx, "update", "transfer_run", runID, summarize(before, fields{"vehicle": upd.Vehicle,
			"capacity": fmt.Sprint(upd.Capacity), "driver": upd.Driver, "plate": upd.Plate, "departs_at": formatTime(upd.Departs)}))
	})
}

// MovePassenger puts a person on another run of the same direction (or on
// none, when toRunID is 0) and records their current flight as the one
// planned for, which clears a "flight changed" flag. The target's capacity
// is checked in the same transaction.
func (d *DB) MovePassenger(ctx context.Context, meetingID, delegateID, toRunID int64, dir convene.Direction) error {
	return d.update(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM transfer_passengers WHERE delegate_id = ? AND direction = ?
			AND run_id IN (SELECT id FROM transfer_runs WHERE meeting_id = ?)`, delegateID, dir, meetingID); err != nil {
			return err
		}
		if toRunID != 0 {
			var vehicle string
			var capacity, n int
			err := tx.QueryRowContext(ctx, `SELECT vehicle, capacity, (SELECT count(*) FROM transfer_passengers x WHERE x.run_id = r.id)
				FROM transfer_runs r WHERE id = ? AND meeting_id = ? AND direction = ?`, toRunID, meetingID, dir).Scan(&vehicle, &capacity, &n)
			if err == sql.ErrNoRows {
				return &convene.Error{Code: convene.EINVALID, Message: "Choose a run of this meeting in the same direction.",
					Fields: map[string]string{"run_id": "Choose a run of this meeting in the same direction."}}
			} else if err != nil {
				return err
			}
			if n+1 > capacity {
				return capacityProblem(vehicle, capacity, n+1)
			}
			var flight, at string
			err = tx.QueryRowContext(ctx, `SELECT flight, at FROM travel_legs WHERE delegate_id = ? AND direction = ?`,
				delegateID, dir).Scan(&flight, &at)
			if err == sql.ErrNoRows {
				return &convene.Error{Code: convene.EINVALID, Message: "This person has no flight to meet.",
					Fields: map[string]string{"run_id": "This person has no flight to meet."}}
			} else if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO transfer_passengers (run_id, delegate_id, direction, flight, at)
				VALUES (?, ?, ?, ?, ?)`, toRunID, delegateID, dir, flight, at); err != nil {
				return err
			}
		}
		return tx.audit(ctx, "move", "transfer_passenger", delegateID, summarize(nil, fields{
			"run_id": fmt.Sprint(toRunID), "direction": string(dir)}))
	})
}
