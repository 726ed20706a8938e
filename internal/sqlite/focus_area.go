package sqlite

import (
	"context"
	"fmt"

	"convene/internal/convene"
)

// CreateFocusAreas adds the cycle's focus areas.
func (d *DB) CreateFocusAreas(ctx context.Context, fas []convene.FocusArea) error {
	return d.update(ctx, func(tx *Tx) error { return createFocusAreas(ctx, tx, fas) })
}

func createFocusAreas(ctx context.Context, tx *Tx, fas []convene.FocusArea) error {
	for i := range fas {
		res, err := tx.ExecContext(ctx, `INSERT INTO focus_areas (code, title) VALUES (?, ?)`, fas[i].Code, fas[i].Title)
		if err != nil {
			return fmt.Errorf("insert focus area: %w", err)
		}
		if fas[i].ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if err := tx.audit(ctx, "create", "focus_area", fas[i].ID,
			summarize(nil, fields{"code": fas[i].Code, "title": fas[i].Title})); err != nil {
			return err
		}
	}
	return nil
}

// meetingFocusAreasQuery runs on every meeting page; it is prepared once
// per read connection (read_conn.go).
const meetingFocusAreasQuery = `SELECT f.id, f.code, f.title FROM focus_areas f
		JOIN meeting_focus_areas mf ON mf.focus_area_id = f.id WHERE mf.meeting_id = ? ORDER BY f.id`

func scanFocusArea(row scanner) (convene.FocusArea, error) {
	var f convene.FocusArea
	err := row.Scan(&f.ID, &f.Code, &f.Title)
	return f, err
}

// findMeetingFocusAreas returns a meeting's focus areas, read in q.
func findMeetingFocusAreas(ctx context.Context, q querier, meetingID int64) ([]convene.FocusArea, error) {
	return queryAll(ctx, q, scanFocusArea, meetingFocusAreasQuery, meetingID)
}
