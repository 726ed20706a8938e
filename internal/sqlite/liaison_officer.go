package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"

	"convene/internal/convene"
)

// CreateLiaisonOfficer adds a liaison officer to a meeting.
func (d *DB) CreateLiaisonOfficer(ctx context.Context, o *convene.LiaisonOfficer) error {
	return d.update(ctx, func(tx *Tx) error { return createLiaisonOfficer(ctx, tx, o) })
}

func createLiaisonOfficer(ctx context.Context, tx *Tx, o *convene.LiaisonOfficer) error {
	if err := o.Validate(); err != nil {
		return err
	}
	if err := checkDelegationInMeeting(ctx, tx, o.MeetingID, o.DelegationID); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO liaison_officers (meeting_id, delegation_id, name, mobile, email, languages, notes)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, o.MeetingID, nullID(o.DelegationID), o.Name, o.Mobile, o.Email, o.Languages, o.Notes)
	if err != nil {
		return fmt.Errorf("insert liaison officer: %w", err)
	}
	if o.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return tx.audit(ctx, "create", "liaison_officer", o.ID, summarize(nil, liaisonFields(o)))
}

func liaisonFields(o *convene.LiaisonOfficer) fields {
	return fields{"meeting_id": fmt.Sprint(o.MeetingID), "delegation_id": fmt.Sprint(o.DelegationID), "name": o.Name,
		"mobile": o.Mobile, "email": o.Email, "languages": o.Languages}
}

// checkDelegationInMeeting refuses a delegation of another meeting; 0 means
// no delegation and is always fine.
func checkDelegationInMeeting(ctx context.Context, tx *Tx, meetingID, delegationID int64) error {
	if delegationID == 0 {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM delegations WHERE id = ? AND meeting_id = ?`,
		delegationID, meetingID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
			Fields: map[string]string{"delegation_id": "Choose one of this meeting's delegations."}}
	}
	return nil
}

// AssignLiaisonOfficer gives an officer to a delegation (0 releases them).
func (d *DB) AssignLiaisonOfficer(ctx context.Context, meetingID, officerID, delegationID int64) error {
	return d.update(ctx, func(tx *Tx) error {
		var before sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT delegation_id FROM liaison_officers WHERE id = ? AND meeting_id = ?`,
			officerID, meetingID).Scan(&before)
		if err == sql.ErrNoRows {
			return convene.NotFound("Liaison officer")
		} else if err != nil {
			return err
		}
		if err := checkDelegationInMeeting(ctx, tx, meetingID, delegationID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE liaison_officers SET delegation_id = ? WHERE id = ?`,
			nullID(delegationID), officerID); err != nil {
			return err
		}
		return tx.audit(ctx, "update", "liaison_officer", officerID, summarize(
			fields{"delegation_id": fmt.Sprint(before.Int64)}, fields{"delegation_id": fmt.Sprint(delegationID)}))
	})
}

// FindLiaisonOfficers returns a meeting's officers: assigned ones in the
// protocol order of their delegations, then the unassigned by name.
func (d *DB) FindLiaisonOfficers(ctx context.Context, meetingID int64) ([]convene.LiaisonOfficer, error) {
	var out []convene.LiaisonOfficer
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, scanLiaisonOfficer, `SELECT o.id, o.meeting_id, coalesce(o.delegation_id, 0), o.name,
			o.mobile, o.email, o.languages, o.notes, coalesce(c.id, 0), coalesce(c.iso3, ''), coalesce(c.name, '')
			FROM liaison_officers o LEFT JOIN delegations g ON g.id = o.delegation_id
			LEFT JOIN countries c ON c.id = g.country_id
			WHERE o.meeting_id = ? ORDER BY o.name, o.id`, meetingID)
		if err != nil {
			return err
		}
		p, err := d.protocolOf(ctx, tx, meetingID, convene.Date{})
		for i := range out {
			p.set(&out[i].Country)
		}
		// Assigned officers in their delegations' protocol order, then the
		// unassigned; each group by name, as the query returned them.
		slices.SortStableFunc(out, func(a, b convene.LiaisonOfficer) int {
			if c := cmp.Compare(boolInt(a.DelegationID == 0), boolInt(b.DelegationID == 0)); c != 0 || a.DelegationID == 0 {
				return c
			}
			return convene.CompareProtocol(a.Country.Key(), b.Country.Key())
		})
		return err
	})
	return out, err
}

func scanLiaisonOfficer(row scanner) (convene.LiaisonOfficer, error) {
	var o convene.LiaisonOfficer
	err := row.Scan(&o.ID, &o.MeetingID, &o.DelegationID, &o.Name, &o.Mobile, &o.Email, &o.Languages, &o.Notes,
		&o.Country.ID, &o.Country.ISO3, &o.Country.Name)
	return o, err
}
