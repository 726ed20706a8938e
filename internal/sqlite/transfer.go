package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"convene/internal/convene"
)

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
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, scanTransferRun, `SELECT id, meeting_id, direction, airport, departs_at, vehicle,
			capacity, dedicated, driver, plate, destination FROM transfer_runs WHERE meeting_id = ?
			ORDER BY departs_at, airport, id`, meetingID)
		if err != nil {
			return err
		}
		index := make(map[int64]int, len(out))
		for i, r := range out {
			index[r.ID] = i
		}
		type passenger struct {
			runID int64
			convene.TransferPassenger
		}
		ps, err := queryAll(ctx, tx, func(row scanner) (p passenger, err error) {
			var at, legAt string
			err = row.Scan(&p.runID, &p.DelegateID, &p.Flight, &at, &p.Current.ID, &p.Current.Flight, &legAt,
				&p.Current.Airport, &p.Current.Terminal)
			p.At, p.Current.At = parseTime(at), parseTime(legAt)
			p.Current.DelegateID = p.DelegateID
			return p, err
		}, `SELECT x.run_id, x.delegate_id, x.flight, x.at, coalesce(l.id, 0),
			coalesce(l.flight, ''), coalesce(l.at, ''), coalesce(l.airport, ''), coalesce(l.terminal, '')
			FROM transfer_passengers x JOIN transfer_runs r ON r.id = x.run_id
			LEFT JOIN travel_legs l ON l.delegate_id = x.delegate_id AND l.direction = x.direction
			WHERE r.meeting_id = ? ORDER BY x.at, x.delegate_id`, meetingID)
		for _, p := range ps {
			if i, ok := index[p.runID]; ok {
				out[i].Passengers = append(out[i].Passengers, p.TransferPassenger)
			}
		}
		return err
	})
	return out, err
}

func scanTransferRun(row scanner) (convene.TransferRun, error) {
	var r convene.TransferRun
	var at string
	err := row.Scan(&r.ID, &r.MeetingID, &r.Direction, &r.Airport, &at, &r.Vehicle, &r.Capacity, &r.Dedicated,
		&r.Driver, &r.Plate, &r.Destination)
	r.DepartsAt = parseTime(at)
	return r, err
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
