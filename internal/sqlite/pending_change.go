package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"convene/internal/convene"
	"convene/internal/paths"
)

// Pending changes: what an accredited person's identity fields would become,
// waiting for the secretariat (convene/pending_change.go has the rules).
// The approved values stay in delegates and delegate_photos, so every page,
// list, badge and export reads approved data without knowing this table.

const changeColumns = `x.id, x.delegate_id, x.via, coalesce(x.proposed_by, 0), coalesce(pu.name, ''), x.proposed_at,
	x.fields, x.photo, x.status, coalesce(x.decided_by, 0), coalesce(du.name, ''), x.decided_at, x.reason,
	coalesce(x.reprint_badge_id, 0), g.meeting_id, ` + delegateColumns

const changeFrom = ` FROM pending_changes x JOIN delegates p ON p.id = x.delegate_id
	JOIN delegations g ON g.id = p.delegation_id JOIN countries c ON c.id = g.country_id
	LEFT JOIN users pu ON pu.id = x.proposed_by LEFT JOIN users du ON du.id = x.decided_by`

func scanChange(row scanner) (convene.PendingChange, error) {
	var c convene.PendingChange
	var proposed, decided, raw, expiry, created, updated string
	err := row.Scan(append([]any{&c.ID, &c.DelegateID, &c.Via, &c.ProposedBy, &c.ProposedByName, &proposed, &raw, &c.Photo,
		&c.Status, &c.DecidedBy, &c.DecidedByName, &decided, &c.Reason, &c.ReprintBadgeID, &c.MeetingID},
		delegateDest(&c.Delegate, &expiry, &created, &updated)...)...)
	if err != nil {
		return c, err
	}
	c.ProposedAt, c.DecidedAt = parseTime(proposed), parseTime(decided)
	c.Delegate.PassportExpiry = parseDate(expiry)
	c.Delegate.CreatedAt, c.Delegate.UpdatedAt = parseTime(created), parseTime(updated)
	if err := json.Unmarshal([]byte(raw), &c.Fields); err != nil {
		return c, fmt.Errorf("pending change %d: fields: %w", c.ID, err)
	}
	return c, nil
}

// FindPendingChanges returns a meeting's changes, the pending ones first in
// the order they were proposed, then the decided ones, newest first.
func (d *DB) FindPendingChanges(ctx context.Context, f convene.PendingChangeFilter) ([]convene.PendingChange, error) {
	cond, args := "WHERE g.meeting_id = ?", []any{f.MeetingID}
	if f.DelegateID != 0 {
		cond, args = cond+" AND x.delegate_id = ?", append(args, f.DelegateID)
	}
	if len(f.Statuses) > 0 {
		cond += " AND x.status IN (" + placeholders(len(f.Statuses)) + ")"
		for _, s := range f.Statuses {
			args = append(args, string(s))
		}
	}
	var out []convene.PendingChange
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		// #nosec G202 -- constant fragments; cond holds only ? placeholders.
		out, err = queryAll(ctx, tx, scanChange, `SELECT `+changeColumns+changeFrom+` `+cond+`
			ORDER BY x.status <> 'pending', CASE WHEN x.status = 'pending' THEN x.id ELSE -x.id END LIMIT 500`, args...)
		return err
	})
	return out, err
}

// FindPendingChange returns one change with its person.
func (d *DB) FindPendingChange(ctx context.Context, id int64) (convene.PendingChange, error) {
	var c convene.PendingChange
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		c, err = findChange(ctx, tx, id)
		return err
	})
	return c, err
}

func findChange(ctx context.Context, q querier, id int64) (convene.PendingChange, error) {
	return queryOne(ctx, q, "Pending change", scanChange, `SELECT `+changeColumns+changeFrom+` WHERE x.id = ?`, id)
}

// FindOpenChange returns the change waiting for a person, or ENOTFOUND.
func (d *DB) FindOpenChange(ctx context.Context, delegateID int64) (convene.PendingChange, error) {
	var c convene.PendingChange
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		c, err = findOpenChange(ctx, tx, delegateID)
		return err
	})
	return c, err
}

func findOpenChange(ctx context.Context, q querier, delegateID int64) (convene.PendingChange, error) {
	return queryOne(ctx, q, "Pending change", scanChange, `SELECT `+changeColumns+changeFrom+`
		WHERE x.delegate_id = ? AND x.status = 'pending'`, delegateID)
}

// CountPendingChanges returns how many changes of a meeting wait.
func (d *DB) CountPendingChanges(ctx context.Context, meetingID int64) (int, error) {
	var n int
	err := d.view(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM pending_changes x JOIN delegates p ON p.id = x.delegate_id
			JOIN delegations g ON g.id = p.delegation_id WHERE g.meeting_id = ? AND x.status = 'pending'`, meetingID).Scan(&n)
	})
	return n, err
}

// FindReprintsDue returns, by person, the approved change that made their
// valid badge wrong: the badge must be reprinted, and keeps working until
// the reprint supersedes it.
func (d *DB) FindReprintsDue(ctx context.Context, meetingID int64) (map[int64]convene.PendingChange, error) {
	out := map[int64]convene.PendingChange{}
	err := d.view(ctx, func(tx *sql.Tx) error {
		cs, err := queryAll(ctx, tx, scanChange, `SELECT `+changeColumns+changeFrom+`
			JOIN badges b ON b.id = x.reprint_badge_id
			WHERE g.meeting_id = ? AND x.status = 'approved' AND b.status = 'active' ORDER BY x.id`, meetingID)
		for _, c := range cs {
			out[c.DelegateID] = c
		}
		return err
	})
	return out, err
}

// proposeChange makes p the person's pending change, in the caller's
// transaction. approved is the person as accredited. A proposal from a form
// keeps a photo that is already waiting, and a photo upload keeps the
// fields that are waiting, so that the new change carries everything still
// proposed; it supersedes the open change. A proposal equal to the open one
// from a form changes nothing, and one that proposes nothing withdraws the
// open one.
// Each new change is audited and announced to the secretariat.
func proposeChange(ctx context.Context, tx *Tx, approved convene.Registration, p convene.PendingChange) (convene.PendingChange, error) {
	open, err := findOpenChange(ctx, tx, p.DelegateID)
	hasOpen := err == nil
	if err != nil && convene.ErrorCode(err) != convene.ENOTFOUND {
		return p, err
	}
	if p.Via == convene.ViaPhoto {
		p.Photo = true
		if hasOpen {
			p.Fields = open.Fields
		}
	} else {
		p.Photo = hasOpen && open.Photo
	}
	// A new photo is always a new proposal (it replaced the waiting one).
	if hasOpen && p.Via != convene.ViaPhoto && open.Same(p) {
		return open, nil
	}
	if hasOpen {
		next := convene.ChangeSuperseded
		if p.Empty() {
			next = convene.ChangeWithdrawn
		}
		if err := closeChange(ctx, tx, open, next, ""); err != nil {
			return p, err
		}
	}
	if p.Empty() {
		return convene.PendingChange{}, nil
	}
	raw, err := json.Marshal(p.Fields)
	if err != nil {
		return p, err
	}
	if p.Fields == nil {
		raw = []byte("[]")
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO pending_changes (delegate_id, via, proposed_by, proposed_at, fields, photo)
		VALUES (?, ?, ?, ?, ?, ?)`, p.DelegateID, p.Via, nullID(tx.actor.UserID), formatTime(tx.now), string(raw), boolInt(p.Photo))
	if err != nil {
		return p, fmt.Errorf("insert pending change: %w", err)
	}
	if p.ID, err = res.LastInsertId(); err != nil {
		return p, err
	}
	p.Status, p.ProposedAt, p.ProposedBy = convene.ChangePending, tx.now, tx.actor.UserID
	if err := tx.audit(ctx, "propose_change", "delegate", p.DelegateID, changeSummary(p)); err != nil {
		return p, err
	}
	m, err := findMeeting(ctx, tx, approved.MeetingID)
	if err != nil {
		return p, err
	}
	to, err := secretariatRecipients(ctx, tx, m.ID)
	if err != nil {
		return p, err
	}
	link := tx.link(paths.PendingChange(m.Code, p.ID))
	for _, r := range to {
		if err := queueMail(ctx, tx, m.ID, p.DelegateID, convene.ChangeProposedMail(m, r, approved, p, link)); err != nil {
			return p, err
		}
	}
	return p, nil
}

// changeSummary describes a change for the audit log, sensitive values
// (passport, date of birth, photo) as "changed" only.
func changeSummary(c convene.PendingChange) string {
	before, after := fields{}, fields{}
	for _, f := range c.Fields {
		before[f.Field], after[f.Field] = f.Before, f.After
	}
	s := fmt.Sprintf("change %d (%s): %s", c.ID, c.Via, summarize(before, after))
	if c.Photo {
		s += "; photo: changed"
	}
	return s
}

// closeChange ends an open change as superseded, withdrawn, approved or
// declined, by the actor now, with its audit row; a withdrawn or declined
// change's waiting photo is deleted.
func closeChange(ctx context.Context, tx *Tx, c convene.PendingChange, status convene.ChangeStatus, reason string) error {
	res, err := tx.ExecContext(ctx, `UPDATE pending_changes SET status = ?, decided_by = ?, decided_at = ?, reason = ?
		WHERE id = ? AND status = 'pending'`, status, nullID(tx.actor.UserID), formatTime(tx.now), reason, c.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return convene.Errorf(convene.ECONFLICT, "This change was already decided or replaced by a later proposal.")
	}
	if c.Photo && (status == convene.ChangeWithdrawn || status == convene.ChangeDeclined) {
		if _, err := tx.ExecContext(ctx, `DELETE FROM pending_photos WHERE delegate_id = ?`, c.DelegateID); err != nil {
			return err
		}
	}
	summary := fmt.Sprintf("change %d: %q → %q", c.ID, convene.ChangePending, status)
	if reason != "" {
		summary += fmt.Sprintf("; reason: %q", reason)
	}
	return tx.audit(ctx, string(status)+"_change", "delegate", c.DelegateID, summary)
}

// withdrawOpenChange withdraws a person's waiting change when they stop
// being accredited (returned, withdrawn): a change approves data for an
// accreditation that no longer stands.
func withdrawOpenChange(ctx context.Context, tx *Tx, delegateID int64) error {
	c, err := findOpenChange(ctx, tx, delegateID)
	if convene.ErrorCode(err) == convene.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	return closeChange(ctx, tx, c, convene.ChangeWithdrawn, "")
}

// DecideChange is the secretariat's approval or refusal of a pending change
// of the meeting, in one transaction. Approving writes the proposed values
// over the approved ones (checked again by convene.Registration.Validate and
// the duplicate check), moves a waiting photo into the photo store, and,
// when a printed field changed, marks the valid badge for reprint: it keeps
// working until the reprint supersedes it. Declining needs a reason and
// leaves the approved data as it was. Either way the focal point is told.
func (d *DB) DecideChange(ctx context.Context, meetingID, id int64, approve bool, reason string) (convene.PendingChange, error) {
	var c convene.PendingChange
	err := d.update(ctx, func(tx *Tx) (err error) {
		if c, err = findChange(ctx, tx, id); err != nil {
			return err
		}
		if c.MeetingID != meetingID {
			return convene.NotFound("Pending change")
		}
		if c.Status != convene.ChangePending {
			return convene.Errorf(convene.ECONFLICT, "This change is already %s.", strings.ToLower(c.Status.Label()))
		}
		r, err := findRegistration(ctx, tx, c.DelegateID)
		if err != nil {
			return err
		}
		m, err := findMeeting(ctx, tx, r.MeetingID)
		if err != nil {
			return err
		}
		reason = strings.TrimSpace(reason)
		if !approve {
			if reason == "" {
				return &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
					Fields: map[string]string{"reason": "Say why, so that the focal point knows what to do."}}
			}
			c.Status, c.Reason = convene.ChangeDeclined, reason
			if err := closeChange(ctx, tx, c, convene.ChangeDeclined, reason); err != nil {
				return err
			}
			return notifyChangeDecision(ctx, tx, m, r, c)
		}
		if err := approveChange(ctx, tx, m, r, &c); err != nil {
			return err
		}
		return notifyChangeDecision(ctx, tx, m, r, c)
	})
	return c, err
}

// approveChange writes an approved change over the person's record.
func approveChange(ctx context.Context, tx *Tx, m convene.Meeting, r convene.Registration, c *convene.PendingChange) error {
	if c.Stale(r) {
		return convene.Errorf(convene.ECONFLICT, "The approved details changed since this change was proposed; decline it and ask for a new one.")
	}
	next, err := convene.ApplyChanges(r, c.Fields)
	if err != nil {
		return err
	}
	if err := next.Validate(m, convene.DateOf(tx.now.In(m.Location()))); err != nil {
		return convene.Errorf(convene.EINVALID, "The change cannot be approved as it stands: %s", problemList(err))
	}
	if err := checkDuplicate(ctx, tx, &next); err != nil {
		return convene.Errorf(convene.EINVALID, "The change cannot be approved as it stands: %s", problemList(err))
	}
	if err := writeRegistration(ctx, tx, &next); err != nil {
		return err
	}
	if c.Photo {
		res, err := tx.ExecContext(ctx, `INSERT INTO delegate_photos (delegate_id, jpeg, width, height, updated_at)
			SELECT delegate_id, jpeg, width, height, ? FROM pending_photos WHERE delegate_id = ?
			ON CONFLICT (delegate_id) DO UPDATE SET jpeg = excluded.jpeg, width = excluded.width,
			height = excluded.height, updated_at = excluded.updated_at`, formatTime(tx.now), c.DelegateID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return convene.Errorf(convene.ECONFLICT, "The proposed photo is no longer on file; decline the change.")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM pending_photos WHERE delegate_id = ?`, c.DelegateID); err != nil {
			return err
		}
	}
	c.Status = convene.ChangeApproved
	if err := closeChange(ctx, tx, *c, convene.ChangeApproved, ""); err != nil {
		return err
	}
	if !c.NeedsReprint() {
		return nil
	}
	badge, err := queryOne(ctx, tx, "Badge", scanID, `SELECT id FROM badges WHERE delegate_id = ? AND meeting_id = ?
		AND status = 'active'`, c.DelegateID, m.ID)
	if convene.ErrorCode(err) == convene.ENOTFOUND {
		return nil // no badge printed yet: the first print will carry the new data
	} else if err != nil {
		return err
	}
	c.ReprintBadgeID = badge
	if _, err := tx.ExecContext(ctx, `UPDATE pending_changes SET reprint_badge_id = ? WHERE id = ?`, badge, c.ID); err != nil {
		return err
	}
	return tx.audit(ctx, "reprint_due", "badge", badge, fmt.Sprintf("change %d approved: %s", c.ID, c.FieldNames()))
}

// problemList joins a validation error's field messages for one line.
func problemList(err error) string {
	fs := convene.ErrorFields(err)
	if len(fs) == 0 {
		return convene.ErrorMessage(err)
	}
	keys := make([]string, 0, len(fs))
	for k := range fs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = convene.FieldLabel(k) + ": " + fs[k]
	}
	return strings.Join(out, " ")
}

// notifyChangeDecision queues the decision's message to the focal point.
func notifyChangeDecision(ctx context.Context, tx *Tx, m convene.Meeting, r convene.Registration, c convene.PendingChange) error {
	to, err := focalRecipient(ctx, tx, r.DelegationID)
	if err != nil {
		return err
	}
	if mail, ok := convene.ChangeDecisionMail(m, to, r, c, tx.link(paths.Person(m.Code, r.ID))); ok {
		return queueMail(ctx, tx, m.ID, r.ID, mail)
	}
	return nil
}
