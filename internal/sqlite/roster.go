package sqlite

import (
	"context"
	"fmt"

	"convene/internal/convene"
)

// ImportError says which person of an import failed and why, so that the
// web layer can name the spreadsheet row.
type ImportError struct {
	Index int // 0-based position in the imported list
	Err   error
}

func (e *ImportError) Error() string { return fmt.Sprintf("import person %d: %v", e.Index, e.Err) }

func (e *ImportError) Unwrap() error { return e.Err }

// ImportRegistrations nominates everyone of an uploaded template into one
// delegation in one transaction: each gets a quota place or a waiting-list
// position as a single nomination would, and if any one of them is refused
// (a probable duplicate already in the meeting), nobody is written.
func (d *DB) ImportRegistrations(ctx context.Context, delegationID int64, country convene.Country, rs []convene.Registration) error {
	return d.update(ctx, func(tx *Tx) error {
		for i := range rs {
			r := &rs[i]
			r.DelegationID, r.Country = delegationID, country
			status, pos, err := place(ctx, tx, delegationID)
			if err != nil {
				return err
			}
			r.Status, r.WaitlistPos = status, pos
			if err := insertRegistration(ctx, tx, r); err != nil {
				return &ImportError{Index: i, Err: err}
			}
		}
		return tx.audit(ctx, "import", "delegation", delegationID, fmt.Sprintf("imported: %d", len(rs)))
	})
}

// RecordExport writes the audit row of an export: who took which list of
// which meeting, and whether it carried personal data.
func (d *DB) RecordExport(ctx context.Context, meetingID int64, format string, rows int, withPII bool) error {
	return d.update(ctx, func(tx *Tx) error {
		return tx.audit(ctx, "export", "meeting", meetingID,
			fmt.Sprintf("format: %q; rows: %d; personal data: %v", format, rows, withPII))
	})
}
