package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"convene/internal/convene"
	"convene/internal/paths"
)

// Transition moves one person through the registration state machine
// (convene.NextStatus) with its audit row, in one transaction. A person who
// gives up a quota place frees it for the first on the waiting list, who is
// promoted in the same transaction; the person (when they have an e-mail
// address) and their focal point are told of the step in the outbox.
func (d *DB) Transition(ctx context.Context, id int64, act convene.RegAction, reason string) (convene.Registration, error) {
	var r convene.Registration
	err := d.update(ctx, func(tx *Tx) (err error) {
		if r, err = decide(ctx, tx, id, act, reason); err != nil {
			return err
		}
		return recomputeDelegationStatus(ctx, tx, r.DelegationID)
	})
	return r, err
}

// decide is one person's step with the focal point's notification: the
// use case of a single decision, shared by Transition and the demo loader.
func decide(ctx context.Context, tx *Tx, id int64, act convene.RegAction, reason string) (convene.Registration, error) {
	r, err := transition(ctx, tx, id, act, reason)
	if err != nil {
		return r, err
	}
	return r, notifyFocal(ctx, tx, r.MeetingID, r.DelegationID, []convene.Registration{r}, act)
}

// notifyFocal queues the message that tells a delegation's focal point of
// a step taken for people of the delegation (convene.FocalStatusMail
// decides which steps they hear of). The link is the person's page, or the
// delegation's for several people.
func notifyFocal(ctx context.Context, tx *Tx, meetingID, delegationID int64, people []convene.Registration,
	act convene.RegAction) error {
	to, err := focalRecipient(ctx, tx, delegationID)
	if err != nil || to.Email == "" || len(people) == 0 {
		return err
	}
	m, err := findMeeting(ctx, tx, meetingID)
	if err != nil {
		return err
	}
	link := tx.link(paths.Person(m.Code, people[0].ID))
	if len(people) > 1 {
		link = tx.link(paths.Delegation(m.Code, people[0].Country.ISO3))
	}
	mail, ok := convene.FocalStatusMail(m, to, people, act, link)
	if !ok {
		return nil
	}
	var delegateID int64
	if len(people) == 1 {
		delegateID = people[0].ID
	}
	return queueMail(ctx, tx, m.ID, delegateID, mail)
}

func transition(ctx context.Context, tx *Tx, id int64, act convene.RegAction, reason string) (convene.Registration, error) {
	r, err := findRegistration(ctx, tx, id)
	if err != nil {
		return r, err
	}
	reason = strings.TrimSpace(reason)
	if act.NeedsReason() && reason == "" {
		return r, &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
			Fields: map[string]string{"reason": "Say why, so that the focal point knows what to do."}}
	}
	from := r.Status
	to, err := convene.NextStatus(from, act)
	if err != nil {
		return r, err
	}
	if act == convene.ActAccredit || act == convene.ActSubmit {
		reason = ""
	}
	oldPos := r.WaitlistPos
	r.Status, r.StatusReason, r.WaitlistPos = to, reason, 0
	if _, err := tx.ExecContext(ctx, `UPDATE delegates SET status = ?, status_reason = ?, waitlist_pos = 0,
		updated_at = ? WHERE id = ?`, to, reason, formatTime(tx.now), id); err != nil {
		return r, err
	}
	summary := fmt.Sprintf("status: %q → %q", from, to)
	if reason != "" {
		summary += fmt.Sprintf("; reason: %q", reason)
	}
	if err := tx.audit(ctx, string(act), "delegate", id, summary); err != nil {
		return r, err
	}
	if from == convene.RegWaitlisted {
		// Close the gap in the waiting list, so positions stay 1, 2, 3...
		if _, err := tx.ExecContext(ctx, `UPDATE delegates SET waitlist_pos = waitlist_pos - 1
			WHERE delegation_id = ? AND status = 'waitlisted' AND waitlist_pos > ?`, r.DelegationID, oldPos); err != nil {
			return r, err
		}
	}
	if from == convene.RegAccredited && to != convene.RegAccredited {
		if err := withdrawOpenChange(ctx, tx, id); err != nil {
			return r, err
		}
	}
	if from.HoldsPlace() && !to.HoldsPlace() {
		if err := promoteFirst(ctx, tx, r.DelegationID); err != nil {
			return r, err
		}
	}
	if r.Email == "" {
		return r, nil
	}
	m, err := findMeeting(ctx, tx, r.MeetingID)
	if err != nil {
		return r, err
	}
	if mail, ok := convene.StatusMail(m, r, act); ok {
		if err := queueMail(ctx, tx, r.MeetingID, r.ID, mail); err != nil {
			return r, err
		}
	}
	return r, nil
}

// promoteFirst gives a freed quota place to the first person on the waiting
// list, if there is a free place and someone waiting.
func promoteFirst(ctx context.Context, tx *Tx, delegationID int64) error {
	status, _, err := place(ctx, tx, delegationID)
	if err != nil || status != convene.RegNominated {
		return err
	}
	var next int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM delegates WHERE delegation_id = ? AND status = 'waitlisted'
		ORDER BY waitlist_pos, id LIMIT 1`, delegationID).Scan(&next)
	if err == sql.ErrNoRows {
		return nil
	} else if err != nil {
		return err
	}
	_, err = decide(ctx, tx, next, convene.ActPromote, "")
	return err
}

// SubmitDelegation is the focal point's "submit": everyone nominated or
// returned for correction goes to the secretariat's queue at once, and the
// secretariat is told once. It answers how many people were submitted.
func (d *DB) SubmitDelegation(ctx context.Context, delegationID int64) (int, error) {
	n := 0
	err := d.update(ctx, func(tx *Tx) error {
		ids, err := queryAll(ctx, tx, scanID, `SELECT id FROM delegates WHERE delegation_id = ?
			AND status IN ('nominated', 'returned') ORDER BY precedence, sort_name, id`, delegationID)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return convene.Errorf(convene.ECONFLICT, "There is nobody to submit: everyone is already submitted, or nobody is nominated yet.")
		}
		for _, id := range ids {
			if _, err := transition(ctx, tx, id, convene.ActSubmit, ""); err != nil {
				return err
			}
		}
		n = len(ids)
		if err := tx.audit(ctx, "submit", "delegation", delegationID, fmt.Sprintf("submitted: %d", n)); err != nil {
			return err
		}
		if err := notifySubmitted(ctx, tx, delegationID, n); err != nil {
			return err
		}
		return recomputeDelegationStatus(ctx, tx, delegationID)
	})
	return n, err
}

// notifySubmitted tells the secretariat that a delegation submitted n
// people, with a link to the accreditation queue.
func notifySubmitted(ctx context.Context, tx *Tx, delegationID int64, n int) error {
	var meetingID int64
	var country string
	if err := tx.QueryRowContext(ctx, `SELECT g.meeting_id, c.name FROM delegations g JOIN countries c ON c.id = g.country_id
		WHERE g.id = ?`, delegationID).Scan(&meetingID, &country); err != nil {
		return err
	}
	m, err := findMeeting(ctx, tx, meetingID)
	if err != nil {
		return err
	}
	to, err := secretariatRecipients(ctx, tx, meetingID)
	if err != nil {
		return err
	}
	for _, r := range to {
		mail := convene.DelegationSubmittedMail(m, r, country, n, tx.link(paths.Accreditation(m.Code)))
		if err := queueMail(ctx, tx, meetingID, 0, mail); err != nil {
			return err
		}
	}
	return nil
}

// Accredited says what AccreditMany did.
type Accredited struct {
	Accredited int
	// Skipped names each selected person who could not be accredited,
	// with why (someone else decided first, or they were withdrawn).
	Skipped []Skip
}

// Skip is a person a bulk action left alone, and why.
type Skip struct {
	Name, Reason string
}

// AccreditMany accredits the selected people of one meeting in one
// transaction, each through the single decision's step (transition: the
// same rule, convene.NextStatus, and its own audit row). A person the rule
// does not allow to be accredited now (someone else decided first, or the
// person was withdrawn) is skipped and named, and the others are
// accredited. Each delegation's focal point gets one message naming its
// people. A person of another meeting answers ENOTFOUND and nobody is
// accredited.
func (d *DB) AccreditMany(ctx context.Context, meetingID int64, ids []int64) (Accredited, error) {
	var out Accredited
	err := d.update(ctx, func(tx *Tx) error {
		out = Accredited{}
		touched := map[int64][]convene.Registration{}
		var order []int64
		seen := map[int64]bool{}
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			r, err := findRegistration(ctx, tx, id)
			if err != nil {
				return err
			}
			if r.MeetingID != meetingID {
				return convene.NotFound("Delegate")
			}
			if _, err := convene.NextStatus(r.Status, convene.ActAccredit); err != nil {
				reason := strings.ToLower(r.Status.Label())
				if r.Status == convene.RegAccredited {
					reason = "already " + reason
				}
				out.Skipped = append(out.Skipped, Skip{Name: r.FullName(), Reason: reason})
				continue
			}
			next, err := transition(ctx, tx, id, convene.ActAccredit, "")
			if err != nil {
				return err
			}
			out.Accredited++
			if _, seen := touched[r.DelegationID]; !seen {
				order = append(order, r.DelegationID)
			}
			touched[r.DelegationID] = append(touched[r.DelegationID], next)
		}
		for _, gid := range order {
			if err := notifyFocal(ctx, tx, meetingID, gid, touched[gid], convene.ActAccredit); err != nil {
				return err
			}
			if err := recomputeDelegationStatus(ctx, tx, gid); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}
