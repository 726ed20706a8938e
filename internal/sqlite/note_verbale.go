package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"convene/internal/convene"
)

// The Note Verbale store: a delegation's note confirming its composition,
// one PDF per delegation (note_verbales), replaced by a new upload and
// deleted by the meeting's purge (it names people).

// SetNoteVerbale stores a delegation's Note Verbale, replacing any earlier
// one, after convene.CheckNoteVerbale (a PDF within the meeting's limit).
func (d *DB) SetNoteVerbale(ctx context.Context, meetingID, delegationID int64, f UploadedFile) error {
	return d.update(ctx, func(tx *Tx) error { return setNoteVerbale(ctx, tx, meetingID, delegationID, f) })
}

// SetNoteVerbale stores a delegation's Note Verbale inside the seeding
// transaction, through the upload page's setNoteVerbale.
func (s *Seeder) SetNoteVerbale(ctx context.Context, meetingID, delegationID int64, f UploadedFile) error {
	return setNoteVerbale(ctx, s.tx, meetingID, delegationID, f)
}

func setNoteVerbale(ctx context.Context, tx *Tx, meetingID, delegationID int64, f UploadedFile) error {
	limits, err := findDocumentLimits(ctx, tx, meetingID)
	if err != nil {
		return err
	}
	if err := convene.CheckNoteVerbale("file", f.Name, f.Content, limits.Effective()); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM delegations WHERE id = ? AND meeting_id = ?`,
		delegationID, meetingID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return convene.NotFound("Delegation")
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO note_verbales (delegation_id, file_name, size, content, uploaded_by, uploaded_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (delegation_id) DO UPDATE SET file_name = excluded.file_name,
		size = excluded.size, content = excluded.content, uploaded_by = excluded.uploaded_by, uploaded_at = excluded.uploaded_at`,
		delegationID, f.Name, len(f.Content), f.Content, nullID(tx.actor.UserID), formatTime(tx.now)); err != nil {
		return err
	}
	return tx.audit(ctx, "update", "delegation", delegationID, fmt.Sprintf("Note Verbale uploaded (%s)",
		convene.FormatBytes(int64(len(f.Content)))))
}

const noteVerbaleColumns = `n.delegation_id, g.country_id, n.file_name, n.size, coalesce(u.name, ''), n.uploaded_at`

func scanNoteVerbale(row scanner) (convene.NoteVerbale, error) {
	var n convene.NoteVerbale
	var at string
	err := row.Scan(&n.DelegationID, &n.CountryID, &n.FileName, &n.Size, &n.UploadedBy, &at)
	n.UploadedAt = parseTime(at)
	return n, err
}

// FindNoteVerbale returns a delegation's Note Verbale and its file.
func (d *DB) FindNoteVerbale(ctx context.Context, delegationID int64) (convene.NoteVerbale, []byte, error) {
	var n convene.NoteVerbale
	var b []byte
	err := d.view(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = queryOne(ctx, tx, "Note Verbale", scanNoteVerbale, `SELECT `+noteVerbaleColumns+` FROM note_verbales n
			JOIN delegations g ON g.id = n.delegation_id LEFT JOIN users u ON u.id = n.uploaded_by
			WHERE n.delegation_id = ?`, delegationID)
		if err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT content FROM note_verbales WHERE delegation_id = ?`, delegationID).Scan(&b)
	})
	return n, b, err
}

// FindNoteVerbales returns the Note Verbales of a meeting's delegations,
// by country id, without their files (for the accreditation queue).
func (d *DB) FindNoteVerbales(ctx context.Context, meetingID int64) (map[int64]convene.NoteVerbale, error) {
	out := map[int64]convene.NoteVerbale{}
	err := d.view(ctx, func(tx *sql.Tx) error {
		ns, err := queryAll(ctx, tx, scanNoteVerbale, `SELECT `+noteVerbaleColumns+` FROM note_verbales n
			LEFT JOIN users u ON u.id = n.uploaded_by JOIN delegations g ON g.id = n.delegation_id WHERE g.meeting_id = ?`, meetingID)
		for _, n := range ns {
			out[n.CountryID] = n
		}
		return err
	})
	return out, err
}
