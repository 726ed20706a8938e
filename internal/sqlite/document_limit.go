package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"convene/internal/convene"
)

// The upload size limits of meeting documents and Note Verbales: one for
// every meeting (document_settings, 20 MB unless changed) and, where set,
// a meeting's own (meeting_document_limits).

func findDocumentLimits(ctx context.Context, q querier, meetingID int64) (convene.DocumentLimits, error) {
	var l convene.DocumentLimits
	err := q.QueryRowContext(ctx, `SELECT (SELECT max_bytes FROM document_settings WHERE id = 1),
		coalesce((SELECT max_bytes FROM meeting_document_limits WHERE meeting_id = ?), 0)`, meetingID).Scan(&l.Default, &l.Meeting)
	return l, err
}

// FindDocumentLimits returns the limit for every meeting and the meeting's
// own (0 when it has none).
func (d *DB) FindDocumentLimits(ctx context.Context, meetingID int64) (convene.DocumentLimits, error) {
	var l convene.DocumentLimits
	err := d.view(ctx, func(tx *sql.Tx) error {
		var err error
		l, err = findDocumentLimits(ctx, tx, meetingID)
		return err
	})
	return l, err
}

// SetDocumentLimits sets the limit for every meeting and the meeting's own,
// in megabytes (meetingMB 0 removes the meeting's own).
func (d *DB) SetDocumentLimits(ctx context.Context, meetingID, defaultMB, meetingMB int64) error {
	p := convene.Problems{}
	if err := convene.ValidateDocumentLimit("default_mb", defaultMB); err != nil {
		p.Add("default_mb", convene.ErrorFields(err)["default_mb"])
	}
	if meetingMB != 0 {
		if err := convene.ValidateDocumentLimit("meeting_mb", meetingMB); err != nil {
			p.Add("meeting_mb", convene.ErrorFields(err)["meeting_mb"])
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	return d.update(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE document_settings SET max_bytes = ? WHERE id = 1`, defaultMB<<20); err != nil {
			return err
		}
		if meetingMB == 0 {
			if _, err := tx.ExecContext(ctx, `DELETE FROM meeting_document_limits WHERE meeting_id = ?`, meetingID); err != nil {
				return err
			}
		} else if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_document_limits (meeting_id, max_bytes) VALUES (?, ?)
			ON CONFLICT (meeting_id) DO UPDATE SET max_bytes = excluded.max_bytes`, meetingID, meetingMB<<20); err != nil {
			return err
		}
		summary := fmt.Sprintf("document size limit: %d MB for every meeting", defaultMB)
		if meetingMB != 0 {
			summary += fmt.Sprintf(", %d MB for this one", meetingMB)
		}
		return tx.audit(ctx, "update", "meeting", meetingID, summary)
	})
}
