package sqlite

import (
	"context"
	"database/sql"

	"convene/internal/convene"
)

// meetingChoicesQuery lists every meeting by code and title in
// FindMeetings' order (date order), through the meetings_by_date index.
const meetingChoicesQuery = `SELECT m.id, m.code, m.title FROM meetings m
	ORDER BY m.start_date, m.date_precision, m.code`

// FindMeetingChoices returns every meeting in date order as a list to
// choose from shows it (the audit log's meeting filter): each carries its
// id, code and title only, the rest of the record is zero. It reads three
// columns where FindMeetings reads and parses twenty with two joins, which
// the audit log page paid on every request, more with every meeting.
func (d *DB) FindMeetingChoices(ctx context.Context) ([]convene.Meeting, error) {
	var out []convene.Meeting
	err := d.view(ctx, func(tx *sql.Tx) error {
		rows, err := d.queryCached(ctx, tx, meetingChoicesQuery)
		if err != nil {
			return err
		}
		out, err = scanAll(rows, func(row scanner) (convene.Meeting, error) {
			var m convene.Meeting
			return m, row.Scan(&m.ID, &m.Code, &m.Title)
		})
		return err
	})
	return out, err
}
