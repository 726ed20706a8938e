package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"convene/internal/convene"
	"convene/internal/paths"
)

// CreateRegistrationLink makes a new personal link for a delegate and
// revokes any earlier one, so that only the latest link works. It returns the
// token (shown once, never stored) and queues the e-mail with the link when
// the person has an address.
func (d *DB) CreateRegistrationLink(ctx context.Context, delegateID int64) (string, error) {
	token, err := newToken()
	if err != nil {
		return "", err
	}
	err = d.update(ctx, func(tx *Tx) error {
		r, err := findRegistration(ctx, tx, delegateID)
		if err != nil {
			return err
		}
		return createRegistrationLink(ctx, tx, r, token)
	})
	return token, err
}

// createRegistrationLink is the one way a personal link is made: it
// applies the rule (convene.RegistrationStatus.Linkable), revokes any
// earlier link, stores the new one with its audit row and queues the
// e-mail when the person has an address. CreateRegistrationLink and
// SendMissingLinks both call it.
func createRegistrationLink(ctx context.Context, tx *Tx, r convene.Registration, token string) error {
	if !r.Status.Linkable() {
		return convene.Errorf(convene.ECONFLICT, "This person is %s; a link would not help.", strings.ToLower(r.Status.Label()))
	}
	if _, err := tx.ExecContext(ctx, `UPDATE registration_links SET revoked = 1 WHERE delegate_id = ? AND revoked = 0`,
		r.ID); err != nil {
		return err
	}
	expires := tx.now.Add(convene.RegistrationLinkTTL)
	res, err := tx.ExecContext(ctx, `INSERT INTO registration_links (delegate_id, token_hash, created_by, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?)`, r.ID, hashToken(token), nullID(tx.actor.UserID), formatTime(tx.now),
		formatTime(expires))
	if err != nil {
		return err
	}
	id, _ := res.LastInsertId()
	if err := tx.audit(ctx, "create", "registration_link", id, fmt.Sprintf("delegate_id: %d; expires: %s",
		r.ID, formatTime(expires))); err != nil {
		return err
	}
	m, err := findMeeting(ctx, tx, r.MeetingID)
	if err != nil {
		return err
	}
	if mail, ok := convene.RegistrationLinkMail(m, r, tx.link(paths.Register(token)), expires); ok {
		return queueMail(ctx, tx, r.MeetingID, r.ID, mail)
	}
	return nil
}

// SentLinks says what SendMissingLinks did.
type SentLinks struct {
	Sent    int // people sent a new link by e-mail
	NoEmail int // people without a working link and without an e-mail address: their page shows a link once
}

// SendMissingLinks sends a personal link to everyone of a delegation who
// may have one (convene.RegistrationStatus.Linkable), has an e-mail address
// and holds no link that still works, through the single link's code path
// (createRegistrationLink: audit row and outbox message each), in one
// transaction. People who hold a working link get nothing, so sending
// again sends nothing new.
func (d *DB) SendMissingLinks(ctx context.Context, delegationID int64) (SentLinks, error) {
	var out SentLinks
	err := d.update(ctx, func(tx *Tx) (err error) {
		cs, err := peopleWithoutLink(ctx, tx, delegationID, formatTime(tx.now))
		if err != nil {
			return err
		}
		out, err = sendLinks(ctx, tx, cs)
		return err
	})
	return out, err
}

// SendMeetingMissingLinks is SendMissingLinks for every delegation of a
// meeting, in one transaction: the secretariat's one click where each focal
// point has a button for their own delegation.
func (d *DB) SendMeetingMissingLinks(ctx context.Context, meetingID int64) (SentLinks, error) {
	var out SentLinks
	err := d.update(ctx, func(tx *Tx) (err error) {
		cs, err := meetingPeopleWithoutLink(ctx, tx, meetingID, formatTime(tx.now))
		if err != nil {
			return err
		}
		out, err = sendLinks(ctx, tx, cs)
		return err
	})
	return out, err
}

// MeetingMissingLinks counts what SendMeetingMissingLinks would do now,
// sending nothing: the figures its confirmation page states.
func (d *DB) MeetingMissingLinks(ctx context.Context, meetingID int64) (SentLinks, error) {
	var out SentLinks
	err := d.view(ctx, func(tx *sql.Tx) error {
		cs, err := meetingPeopleWithoutLink(ctx, tx, meetingID, formatTime(d.Now().UTC()))
		for _, c := range cs {
			if c.hasEmail {
				out.Sent++
			} else {
				out.NoEmail++
			}
		}
		return err
	})
	return out, err
}

// sendLinks sends a new link to each candidate with an e-mail address,
// through the single link's code path (an audit row and an outbox message
// each), and counts the others.
func sendLinks(ctx context.Context, tx *Tx, cs []linkCandidate) (SentLinks, error) {
	var out SentLinks
	for _, c := range cs {
		if !c.hasEmail {
			out.NoEmail++
			continue
		}
		r, err := findRegistration(ctx, tx, c.id)
		if err != nil {
			return out, err
		}
		token, err := newToken()
		if err != nil {
			return out, err
		}
		if err := createRegistrationLink(ctx, tx, r, token); err != nil {
			return out, err
		}
		out.Sent++
	}
	return out, nil
}

// FindRegistrationByToken returns the registration a personal link opens.
// An unknown, revoked or expired link answers ENOTFOUND, all alike; the
// link of a person withdrawn or rejected answers EGONE (linkGone).
func (d *DB) FindRegistrationByToken(ctx context.Context, token string) (convene.Registration, error) {
	var r convene.Registration
	err := d.view(ctx, func(tx *sql.Tx) error {
		id, err := linkDelegate(ctx, tx, token, d.Now().UTC())
		if err != nil {
			return err
		}
		if r, err = findRegistration(ctx, tx, id); err != nil {
			return err
		}
		return linkGone(r)
	})
	return r, err
}

// linkDelegate returns the delegate a personal link opens at now.
func linkDelegate(ctx context.Context, q querier, token string, now time.Time) (int64, error) {
	return queryOne(ctx, q, "Registration link", scanID, `SELECT delegate_id FROM registration_links
		WHERE token_hash = ? AND revoked = 0 AND expires_at > ?`, hashToken(token), formatTime(now))
}

// UpdateRegistrationByToken saves the details a delegate entered through
// their personal link, re-checking the link inside the transaction so that
// a link revoked a moment ago, or the link of a person withdrawn or rejected
// a moment ago, no longer writes. The role stays the focal point's
// decision whatever was posted. Like every other path, an accredited
// person's identity fields wait as the returned pending change.
func (d *DB) UpdateRegistrationByToken(ctx context.Context, token string, r *convene.Registration) (convene.PendingChange, error) {
	var c convene.PendingChange
	err := d.update(ctx, func(tx *Tx) error {
		id, err := linkDelegate(ctx, tx, token, tx.now)
		if err != nil {
			return err
		}
		before, err := findRegistration(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := linkGone(before); err != nil {
			return err
		}
		r.ID, r.Role = id, before.Role
		r.ConsentAt = tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE registration_links SET last_used_at = ? WHERE token_hash = ?`,
			formatTime(tx.now), hashToken(token)); err != nil {
			return err
		}
		c, err = updateRegistration(ctx, tx, r, convene.ViaLink, "self_register")
		return err
	})
	return c, err
}

// linkGone refuses a personal link whose person is withdrawn or rejected:
// EGONE (410), with the reason in plain words, so that the person knows the
// link is not merely mistyped.
func linkGone(r convene.Registration) error {
	switch r.Status {
	case convene.RegWithdrawn:
		return convene.Errorf(convene.EGONE, "Your registration for this meeting was withdrawn, so this link no longer works. "+
			"If this is a mistake, please contact your national focal point.")
	case convene.RegRejected:
		return convene.Errorf(convene.EGONE, "Your registration for this meeting was not accepted, so this link no longer works. "+
			"Your national focal point has the secretariat's reason.")
	}
	return nil
}
