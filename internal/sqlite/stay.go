package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"convene/internal/convene"
)

// FindStays returns every room assignment of a meeting, without the
// delegates' details (the caller joins them from FindDelegates, which owns
// protocol order and the delegate columns).
func (d *DB) FindStays(ctx context.Context, meetingID int64) ([]convene.Stay, error) {
	var out []convene.Stay
	err := d.view(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = findStays(ctx, tx, `b.meeting_id = ?`, meetingID)
		return err
	})
	return out, err
}

func scanStay(row scanner) (convene.Stay, error) {
	var s convene.Stay
	var in, out string
	err := row.Scan(&s.ID, &s.BlockID, &s.DelegateID, &s.RoomLabel, &in, &out)
	s.CheckIn, s.CheckOut = parseDate(in), parseDate(out)
	return s, err
}

// findStays returns the stays matching cond, a constant condition on the
// stay (s) or its block (b) with ? placeholders for args.
func findStays(ctx context.Context, q querier, cond string, args ...any) ([]convene.Stay, error) {
	return queryAll(ctx, q, scanStay, `SELECT s.id, s.block_id, s.delegate_id, s.room_label, s.check_in, s.check_out
		FROM room_assignments s JOIN room_blocks b ON b.id = s.block_id WHERE `+cond+` ORDER BY s.id`, args...)
}

// insertStayQuery adds one stay; insertStayArgs are its values and
// stayFields its audit summary. AssignRooms and the benchmark's bulk writer
// share them so that their rows cannot drift apart.
const insertStayQuery = `INSERT INTO room_assignments (block_id, delegate_id, room_label, check_in, check_out)
	VALUES (?, ?, ?, ?, ?)`

func insertStayArgs(s *convene.Stay) []any {
	return []any{s.BlockID, s.DelegateID, s.RoomLabel, formatDate(s.CheckIn), formatDate(s.CheckOut)}
}

func stayFields(s *convene.Stay) fields {
	return fields{"delegate_id": fmt.Sprint(s.DelegateID), "block_id": fmt.Sprint(s.BlockID), "room_label": s.RoomLabel,
		"check_in": s.CheckIn.String(), "check_out": s.CheckOut.String()}
}

// AssignRooms stores stays in one transaction: each replaces the delegate's
// earlier stay, if any, and the whole set is refused, with nothing written,
// if any block would then hold more rooms on a night than it has, or a room
// more guests than it sleeps. The check and the writes share the writer's
// immediate transaction, so two officers assigning at once cannot overbook.
func (d *DB) AssignRooms(ctx context.Context, meetingID int64, stays []convene.Stay) error {
	if pause := d.hooks.BetweenBlockCheckAndAssign; pause != nil {
		return d.assignRoomsSplit(ctx, meetingID, stays, pause)
	}
	return d.update(ctx, func(tx *Tx) error { return assignRooms(ctx, tx, meetingID, stays, true) })
}

func assignRooms(ctx context.Context, tx *Tx, meetingID int64, stays []convene.Stay, check bool) error {
	blocks, err := findRoomBlocks(ctx, tx, meetingID)
	if err != nil {
		return err
	}
	byID := map[int64]convene.RoomBlock{}
	for _, b := range blocks {
		byID[b.ID] = b
	}
	touched := map[int64]bool{}
	for i := range stays {
		s := &stays[i]
		b, ok := byID[s.BlockID]
		if !ok {
			return &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
				Fields: map[string]string{"block_id": "Choose one of this meeting's room blocks."}}
		}
		if err := s.Validate(b); err != nil {
			return err
		}
		var inMeeting int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM delegates p JOIN delegations g ON g.id = p.delegation_id
			WHERE p.id = ? AND g.meeting_id = ?`, s.DelegateID, meetingID).Scan(&inMeeting); err != nil {
			return err
		}
		if inMeeting == 0 {
			return &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
				Fields: map[string]string{"delegate_id": "Choose a delegate of this meeting."}}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM room_assignments WHERE delegate_id = ?`, s.DelegateID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, insertStayQuery, insertStayArgs(s)...)
		if err != nil {
			return fmt.Errorf("insert room assignment: %w", err)
		}
		if s.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		touched[s.BlockID] = true
		if err := tx.audit(ctx, "assign", "room_assignment", s.ID, summarize(nil, stayFields(s))); err != nil {
			return err
		}
	}
	if !check {
		return nil
	}
	for id := range touched {
		all, err := findStays(ctx, tx, `s.block_id = ?`, id)
		if err != nil {
			return err
		}
		if msg := convene.CheckBlock(byID[id], all); msg != "" {
			return &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
				Fields: map[string]string{"block_id": msg}}
		}
	}
	return nil
}

// RemoveStay takes a delegate out of their hotel room.
func (d *DB) RemoveStay(ctx context.Context, meetingID, delegateID int64) error {
	return d.update(ctx, func(tx *Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT s.id FROM room_assignments s JOIN room_blocks b ON b.id = s.block_id
			WHERE s.delegate_id = ? AND b.meeting_id = ?`, delegateID, meetingID).Scan(&id)
		if err == sql.ErrNoRows {
			return convene.NotFound("Room assignment")
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM room_assignments WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit(ctx, "delete", "room_assignment", id, summarize(nil, fields{"delegate_id": fmt.Sprint(delegateID)}))
	})
}
