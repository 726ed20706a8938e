package sqlite

import (
	"context"
	"database/sql"

	"convene/internal/convene"
)

// settingsQuery reads a meeting's registration settings.
const settingsQuery = `SELECT deadline, notify_email FROM registration_settings WHERE meeting_id = ?`

func findSettings(ctx context.Context, q querier, meetingID int64) (convene.RegistrationSettings, error) {
	s := convene.RegistrationSettings{MeetingID: meetingID}
	var deadline string
	err := q.QueryRowContext(ctx, settingsQuery, meetingID).Scan(&deadline, &s.NotifyEmail)
	if err == sql.ErrNoRows {
		return s, nil
	}
	s.Deadline = parseTime(deadline)
	return s, err
}

// FindRegistrationSettings returns a meeting's registration rules; a meeting
// the secretariat never configured has no deadline, and its notifications go
// to every administrator and officer.
func (d *DB) FindRegistrationSettings(ctx context.Context, meetingID int64) (convene.RegistrationSettings, error) {
	var s convene.RegistrationSettings
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		s, err = findSettings(ctx, tx, meetingID)
		return err
	})
	return s, err
}

// UpdateRegistrationSettings saves a meeting's registration rules.
func (d *DB) UpdateRegistrationSettings(ctx context.Context, s convene.RegistrationSettings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return d.update(ctx, func(tx *Tx) error {
		before, err := findSettings(ctx, tx, s.MeetingID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO registration_settings (meeting_id, deadline,
			notify_email, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (meeting_id) DO UPDATE SET deadline = excluded.deadline,
			notify_email = excluded.notify_email, updated_at = excluded.updated_at`,
			s.MeetingID, formatTime(s.Deadline), s.NotifyEmail, formatTime(tx.now)); err != nil {
			return err
		}
		f := func(x convene.RegistrationSettings) fields {
			return fields{"deadline": formatTime(x.Deadline), "notify_email": x.NotifyEmail}
		}
		return tx.audit(ctx, "update", "registration_settings", s.MeetingID, summarize(f(before), f(s)))
	})
}

// delegationMeetingQuery reads the meeting a delegation belongs to.
const delegationMeetingQuery = `SELECT meeting_id FROM delegations WHERE id = ?`

// checkDeadline refuses a focal point's nomination after the meeting's
// registration deadline, inside the nominating transaction. The secretariat
// may still add people.
func checkDeadline(ctx context.Context, tx *Tx, delegationID int64) error {
	if tx.actor.Role != convene.RoleFocal {
		return nil
	}
	var meetingID int64
	if err := tx.QueryRowContext(ctx, delegationMeetingQuery, delegationID).Scan(&meetingID); err != nil {
		return err
	}
	s, err := findSettings(ctx, tx, meetingID)
	if err != nil {
		return err
	}
	if s.Closed(tx.now) {
		return convene.Errorf(convene.EFORBIDDEN, "The registration deadline has passed: please ask the secretariat to add people.")
	}
	return nil
}
