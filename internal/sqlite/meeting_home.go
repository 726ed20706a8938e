package sqlite

import (
	"context"
	"database/sql"

	"convene/internal/convene"
)

// The landing page's two lists. A meeting is upcoming (or current) until the
// day after its end date; upcoming ones come soonest first, past ones latest
// first. Both read one page (plus one row, to know whether another page
// exists) rather than every meeting, so the landing page costs the same with
// 200 meetings in the file as with 5 (BENCHMARKS.md, finding 3).
const (
	upcomingMeetingsQuery = `SELECT ` + meetingColumns + meetingFrom + ` WHERE m.end_date >= ?
	ORDER BY m.start_date, m.date_precision, m.code LIMIT ? OFFSET ?`
	pastMeetingsQuery = `SELECT ` + meetingColumns + meetingFrom + ` WHERE m.end_date < ?
	ORDER BY m.start_date DESC, m.date_precision DESC, m.code DESC LIMIT ? OFFSET ?`
)

// MeetingWindow selects a page of the meetings around a day.
type MeetingWindow struct {
	Today  convene.Date // meetings ending on or after it are upcoming
	Past   bool         // the meetings that ended before Today, latest first
	Offset int
	Limit  int // 0 reads nothing but still says whether any meeting matches
}

// FindMeetingsAround returns a page of upcoming (or, with Past, past)
// meetings and whether more follow it. Focus areas are not read: the
// landing page does not show them.
func (d *DB) FindMeetingsAround(ctx context.Context, w MeetingWindow) ([]convene.Meeting, bool, error) {
	limit := w.Limit
	if limit < 0 || limit > 500 {
		limit = 100
	}
	q := upcomingMeetingsQuery
	if w.Past {
		q = pastMeetingsQuery
	}
	var out []convene.Meeting
	err := d.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, q, formatDate(w.Today), limit+1, max(w.Offset, 0))
		if err != nil {
			return err
		}
		out, err = scanAll(rows, scanMeeting)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	return out, more, nil
}
