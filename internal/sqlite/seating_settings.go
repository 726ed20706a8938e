package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"convene/internal/convene"
)

// FindSeatOthers returns where a meeting seats observers and partners
// (at the foot unless the secretariat chose otherwise).
func (d *DB) FindSeatOthers(ctx context.Context, meetingID int64) (convene.SeatOthers, error) {
	var o convene.SeatOthers
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		o, err = seatOthersIn(ctx, tx, meetingID)
		return err
	})
	return o, err
}

// SetSeatOthers sets where a meeting seats observers and partners.
func (d *DB) SetSeatOthers(ctx context.Context, meetingID int64, o convene.SeatOthers) error {
	if _, ok := convene.ParseSeatOthers(string(o)); !ok {
		return &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
			Fields: map[string]string{"others": "Choose one of the placements listed."}}
	}
	return d.update(ctx, func(tx *Tx) error {
		before, err := seatOthersIn(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO seating_settings (meeting_id, others) VALUES (?, ?)
			ON CONFLICT (meeting_id) DO UPDATE SET others = excluded.others`, meetingID, string(o)); err != nil {
			return err
		}
		return tx.audit(ctx, "update", "seating_settings", meetingID, summarize(fields{"others": string(before)}, fields{"others": string(o)}))
	})
}

func seatOthersIn(ctx context.Context, q querier, meetingID int64) (convene.SeatOthers, error) {
	var s string
	err := q.QueryRowContext(ctx, `SELECT others FROM seating_settings WHERE meeting_id = ?`, meetingID).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return convene.SeatOthersFoot, nil
	}
	o, _ := convene.ParseSeatOthers(s)
	return o, err
}
