package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"regexp"
	"slices"
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

// focalRecipient is the focal point of a delegation, who hears of every
// decision on its people; zero when the delegation has none (or their
// account is disabled), and then nobody is told.
func focalRecipient(ctx context.Context, q querier, delegationID int64) (convene.Recipient, error) {
	var r convene.Recipient
	err := q.QueryRowContext(ctx, `SELECT u.email, u.name FROM delegations g JOIN users u ON u.id = g.focal_user_id
		WHERE g.id = ? AND u.disabled = 0`, delegationID).Scan(&r.Email, &r.Name)
	if err == sql.ErrNoRows {
		return convene.Recipient{}, nil
	}
	return r, err
}

// secretariatRecipients are who the secretariat's notifications of a
// meeting go to: the address its registration settings name, else every
// administrator and officer account that is not disabled, by address.
func secretariatRecipients(ctx context.Context, q querier, meetingID int64) ([]convene.Recipient, error) {
	s, err := findSettings(ctx, q, meetingID)
	if err != nil {
		return nil, err
	}
	if s.NotifyEmail != "" {
		return []convene.Recipient{{Email: s.NotifyEmail}}, nil
	}
	return queryAll(ctx, q, func(row scanner) (r convene.Recipient, err error) { return r, row.Scan(&r.Email, &r.Name) },
		`SELECT email, name FROM users WHERE role IN ('admin', 'officer') AND disabled = 0 ORDER BY email`)
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

// FindMailTo returns the messages queued to one address, sent or not,
// oldest first: the account mails (password resets) that belong to no
// meeting's outbox.
func (d *DB) FindMailTo(ctx context.Context, to string) ([]convene.OutboxMessage, error) {
	var out []convene.OutboxMessage
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, scanOutbox, outboxSelect+` WHERE to_addr = ? ORDER BY id LIMIT 500`, to)
		return err
	})
	return out, err
}

const (
	outboxColumns = `id, coalesce(meeting_id, 0), coalesce(delegate_id, 0), kind, to_addr, subject, body,
	created_at, attempts, next_attempt_at, sent_at, last_error`
	outboxSelect = `SELECT ` + outboxColumns + ` FROM outbox`
)

func scanOutbox(row scanner) (convene.OutboxMessage, error) {
	var m convene.OutboxMessage
	var created, next, sent string
	err := row.Scan(&m.ID, &m.MeetingID, &m.DelegateID, &m.Kind, &m.To, &m.Subject, &m.Body, &created, &m.Attempts,
		&next, &sent, &m.LastError)
	m.CreatedAt, m.NextAttemptAt, m.SentAt = parseTime(created), parseTime(next), parseTime(sent)
	return m, err
}

// ClaimDueMail claims, for worker and until lease from now, up to limit
// unsent messages whose next attempt is due and that no other worker holds
// under a running lease, and returns them oldest first. The claim is one
// write transaction (BEGIN IMMEDIATE through the one writer; two processes
// on one file take SQLite's write lock in turn), so two workers never hold
// the same message: the second sees the first's lease_until in the future
// and passes the message by. A sent message (sent_at set) is never claimed
// again. A worker that dies holding a claim delays its messages by the
// lease, no more: then any worker claims them.
func (d *DB) ClaimDueMail(ctx context.Context, worker string, lease time.Duration, limit int) ([]convene.OutboxMessage, error) {
	var out []convene.OutboxMessage
	err := d.update(ctx, func(tx *Tx) (err error) {
		now := formatTime(tx.now)
		out, err = queryAll(ctx, tx, scanOutbox, `UPDATE outbox SET claimed_by = ?, lease_until = ?
			WHERE id IN (SELECT id FROM outbox WHERE sent_at = '' AND next_attempt_at <= ? AND lease_until <= ? ORDER BY id LIMIT ?)
			RETURNING `+outboxColumns, worker, formatTime(tx.now.Add(lease)), now, now, limit)
		return err
	})
	// RETURNING gives no order: oldest first, as queued.
	slices.SortFunc(out, func(a, b convene.OutboxMessage) int { return cmp.Compare(a.ID, b.ID) })
	return out, err
}

// linkToken matches the secret part of a personal, invitation or
// password-reset link.
var linkToken = regexp.MustCompile(`/(register|invitation|password/reset)/[A-Za-z0-9_-]{43}`)

// MarkMailSent records that a message left for the SMTP server, which ends
// its claim for good, and blanks the link tokens in its stored body: once
// delivered, the database need not keep a working link in clear (only the
// tokens' hashes remain).
func (d *DB) MarkMailSent(ctx context.Context, id int64) error {
	return d.update(ctx, func(tx *Tx) error {
		var body string
		if err := tx.QueryRowContext(ctx, `SELECT body FROM outbox WHERE id = ?`, id).Scan(&body); err != nil {
			return err
		}
		body = linkToken.ReplaceAllString(body, "/$1/(link sent by e-mail)")
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = '', body = ?,
			lease_until = '' WHERE id = ?`, formatTime(tx.now), body, id)
		return err
	})
}

// MarkMailFailed records a failed attempt and when to try again, and ends
// the claim: the delay doubles with every attempt (1, 2, 4 ... minutes, at
// most six hours), so a server that is down is not hammered and a message
// is never given up.
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
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
			claimed_by = '', lease_until = '' WHERE id = ?`, reason, formatTime(tx.now.Add(delay)), id)
		return err
	})
}
