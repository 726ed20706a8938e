package sqlite

import (
	"context"
	"database/sql"
	"regexp"
	"time"

	"convene/internal/convene"
)

// queueMail writes one message about a meeting (and a delegate, or 0) to
// the outbox in the caller's transaction, so that the message exists if and
// only if the change it reports does. What it says is decided in
// internal/convene (StatusMail and friends); the store only queues it.
func queueMail(ctx context.Context, tx *Tx, meetingID, delegateID int64, m convene.Mail) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox (meeting_id, delegate_id, kind, to_addr, subject, body, created_at,
		next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, nullID(meetingID), nullID(delegateID), m.Kind, m.To, m.Subject,
		m.Body, formatTime(tx.now), formatTime(tx.now))
	return err
}

// FindOutbox returns a meeting's queued and sent messages, newest first.
func (d *DB) FindOutbox(ctx context.Context, meetingID int64) ([]convene.OutboxMessage, error) {
	var out []convene.OutboxMessage
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, scanOutbox, outboxSelect+` WHERE meeting_id = ? ORDER BY id DESC LIMIT 500`, meetingID)
		return err
	})
	return out, err
}

const outboxSelect = `SELECT id, coalesce(meeting_id, 0), coalesce(delegate_id, 0), kind, to_addr, subject, body,
	created_at, attempts, next_attempt_at, sent_at, last_error FROM outbox`

func scanOutbox(row scanner) (convene.OutboxMessage, error) {
	var m convene.OutboxMessage
	var created, next, sent string
	err := row.Scan(&m.ID, &m.MeetingID, &m.DelegateID, &m.Kind, &m.To, &m.Subject, &m.Body, &created, &m.Attempts,
		&next, &sent, &m.LastError)
	m.CreatedAt, m.NextAttemptAt, m.SentAt = parseTime(created), parseTime(next), parseTime(sent)
	return m, err
}

// DueMail returns unsent messages whose next attempt is due, oldest first.
func (d *DB) DueMail(ctx context.Context, limit int) ([]convene.OutboxMessage, error) {
	var out []convene.OutboxMessage
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, scanOutbox, outboxSelect+` WHERE sent_at = '' AND next_attempt_at <= ? ORDER BY id LIMIT ?`,
			formatTime(d.Now().UTC()), limit)
		return err
	})
	return out, err
}

// linkToken matches the secret part of a personal, invitation or
// password-reset link.
var linkToken = regexp.MustCompile(`/(register|invitation|password/reset)/[A-Za-z0-9_-]{43}`)

// MarkMailSent records that a message left for the SMTP server, and blanks
// the link tokens in its stored body: once delivered, the database need not
// keep a working link in clear (only the tokens' hashes remain).
func (d *DB) MarkMailSent(ctx context.Context, id int64) error {
	return d.update(ctx, func(tx *Tx) error {
		var body string
		if err := tx.QueryRowContext(ctx, `SELECT body FROM outbox WHERE id = ?`, id).Scan(&body); err != nil {
			return err
		}
		body = linkToken.ReplaceAllString(body, "/$1/(link sent by e-mail)")
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = '', body = ?
			WHERE id = ?`, formatTime(tx.now), body, id)
		return err
	})
}

// MarkMailFailed records a failed attempt and when to try again: the delay
// doubles with every attempt (1, 2, 4 ... minutes, at most six hours), so a
// server that is down is not hammered and a message is never given up.
func (d *DB) MarkMailFailed(ctx context.Context, id int64, reason string) error {
	return d.update(ctx, func(tx *Tx) error {
		var attempts int
		if err := tx.QueryRowContext(ctx, `SELECT attempts FROM outbox WHERE id = ?`, id).Scan(&attempts); err != nil {
			return err
		}
		delay := time.Minute << min(attempts, 9)
		delay = min(delay, 6*time.Hour)
		if len(reason) > 500 {
			reason = reason[:500]
		}
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?`,
			reason, formatTime(tx.now.Add(delay)), id)
		return err
	})
}
