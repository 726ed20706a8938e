package sqlite

import (
	"context"
	"database/sql"
	"slices"
	"sync"

	"convene/internal/convene"
)

// meetingChoicesQuery lists every meeting by code and title in
// FindMeetings' order (date order), through the meetings_by_date index.
// The list is kept by the public version (publicVersionQuery), which every
// change to a meeting bumps (migration 01500's triggers on meetings).
const meetingChoicesQuery = `SELECT m.id, m.code, m.title FROM meetings m
	ORDER BY m.start_date, m.date_precision, m.code`

// meetingChoiceCache keeps the last list of meeting choices with the
// public version it was read at: the audit log lists every meeting on each
// page, and the meetings change seldom.
type meetingChoiceCache struct {
	mu      sync.Mutex
	version int64
	list    []convene.MeetingChoice
}

// FindMeetingChoices returns every meeting in date order as a list to
// choose from shows it (the audit log's meeting filter). It reads three
// columns where FindMeetings reads and parses twenty with two joins, and
// only when a meeting changed since the last call (the public version, one
// row by its key, read in the same transaction, says so).
func (d *DB) FindMeetingChoices(ctx context.Context) ([]convene.MeetingChoice, error) {
	var out []convene.MeetingChoice
	err := d.view(ctx, func(tx *sql.Tx) error {
		var version int64
		if err := tx.QueryRowContext(ctx, publicVersionQuery).Scan(&version); err != nil {
			return err
		}
		c := &d.choices
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.list == nil || c.version != version {
			rows, err := tx.QueryContext(ctx, meetingChoicesQuery)
			if err != nil {
				return err
			}
			list, err := scanAll(rows, func(row scanner) (convene.MeetingChoice, error) {
				var m convene.MeetingChoice
				return m, row.Scan(&m.ID, &m.Code, &m.Title)
			})
			if err != nil {
				return err
			}
			c.version, c.list = version, list
		}
		out = slices.Clone(c.list)
		return nil
	})
	return out, err
}
