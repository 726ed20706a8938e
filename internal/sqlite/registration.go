package sqlite

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"convene/internal/convene"
)

// registrationColumns are a delegate's columns plus the registration details
// migration 00200 added, and the meeting the delegation belongs to.
const registrationColumns = delegateColumns + `, g.meeting_id, p.date_of_birth, p.arrival_flight, p.arrival_at,
	p.departure_flight, p.departure_at, p.status_reason, p.consent_at`

type scanner interface{ Scan(...any) error }

func scanRegistration(row scanner) (convene.Registration, error) {
	var r convene.Registration
	var expiry, created, updated, dob, arr, dep, consent string
	err := row.Scan(&r.ID, &r.DelegationID, &r.Honorific, &r.GivenName, &r.FamilyName, &r.FamilyNameFirst, &r.BadgeName,
		&r.Position, &r.Role, &r.Gender, &r.Nationality, &r.PassportNumber, &expiry, &r.Email, &r.Mobile, &r.Dietary,
		&r.DietaryOther, &r.Medical, &r.Status, &r.WaitlistPos, &created, &updated,
		&r.Country.ID, &r.Country.ISO3, &r.Country.Name, &r.Country.Observer, &r.Country.ProtocolRank,
		&r.MeetingID, &dob, &r.ArrivalFlight, &arr, &r.DepartureFlight, &dep, &r.StatusReason, &consent)
	r.PassportExpiry = parseDate(expiry)
	r.CreatedAt, r.UpdatedAt = parseTime(created), parseTime(updated)
	r.DateOfBirth = parseDate(dob)
	r.ArrivalAt, r.DepartureAt, r.ConsentAt = parseTime(arr), parseTime(dep), parseTime(consent)
	return r, err
}

func registrationFields(r *convene.Registration) fields {
	f := delegateFields(&r.Delegate)
	f["date_of_birth"] = r.DateOfBirth.String()
	f["arrival_flight"] = r.ArrivalFlight
	f["arrival_at"] = formatTime(r.ArrivalAt)
	f["departure_flight"] = r.DepartureFlight
	f["departure_at"] = formatTime(r.DepartureAt)
	f["status_reason"] = r.StatusReason
	return f
}

// FindRegistrations returns registrations in protocol order, and how many match.
func (d *DB) FindRegistrations(ctx context.Context, f convene.RegistrationFilter) ([]convene.Registration, int, error) {
	cond, args := "WHERE 1=1", []any{}
	if f.MeetingID != 0 {
		cond, args = cond+" AND g.meeting_id = ?", append(args, f.MeetingID)
	}
	if f.DelegationID != 0 {
		cond, args = cond+" AND p.delegation_id = ?", append(args, f.DelegationID)
	}
	if f.CountryID != 0 {
		cond, args = cond+" AND g.country_id = ?", append(args, f.CountryID)
	}
	if len(f.Statuses) > 0 {
		cond += " AND p.status IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(f.Statuses)), ", ") + ")"
		for _, s := range f.Statuses {
			args = append(args, s)
		}
	}
	if f.Role != "" {
		cond, args = cond+" AND p.role = ?", append(args, f.Role)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		// instr compares code points, so a name in Thai or Lao script is
		// found exactly as typed; lower() folds ASCII for Latin names.
		cond += " AND (instr(lower(p.given_name || ' ' || p.family_name || ' ' || p.badge_name), lower(?)) > 0)"
		args = append(args, q)
	}
	limit := f.Limit
	if limit <= 0 || limit > 5000 {
		limit = 1000
	}
	var out []convene.Registration
	var total int
	err := d.view(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*)`+delegateFrom+` `+cond, args...).Scan(&total); err != nil {
			return err
		}
		// #nosec G202 -- the fragments are package constants and cond is built
		// only of constant conditions with ? placeholders; values go in args.
		rows, err := tx.QueryContext(ctx, `SELECT `+registrationColumns+delegateFrom+` `+cond+`
			ORDER BY c.protocol_rank, p.precedence, p.sort_name, p.id LIMIT ? OFFSET ?`, append(args, limit, f.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanRegistration(rows)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, total, err
}

// FindRegistrationByID returns one person's registration.
func (d *DB) FindRegistrationByID(ctx context.Context, id int64) (convene.Registration, error) {
	var r convene.Registration
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		r, err = findRegistration(ctx, tx, id)
		return err
	})
	return r, err
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func findRegistration(ctx context.Context, q querier, id int64) (convene.Registration, error) {
	r, err := scanRegistration(q.QueryRowContext(ctx, `SELECT `+registrationColumns+delegateFrom+` WHERE p.id = ?`, id))
	if err == sql.ErrNoRows {
		return r, convene.NotFound("Delegate")
	}
	return r, err
}

// place decides where a new nomination goes: a quota place if the
// delegation has one free, else the end of its waiting list. It must run in
// the same write transaction as the insert that uses its answer (see
// Nominate); the writer's BEGIN IMMEDIATE makes the pair atomic.
func place(ctx context.Context, tx *sql.Tx, delegationID int64) (convene.RegistrationStatus, int, error) {
	var quota, held, lastPos int
	err := tx.QueryRowContext(ctx, `SELECT g.quota,
		(SELECT count(*) FROM delegates p WHERE p.delegation_id = g.id AND p.status IN ('nominated', 'submitted', 'returned', 'accredited')),
		(SELECT coalesce(max(p.waitlist_pos), 0) FROM delegates p WHERE p.delegation_id = g.id AND p.status = 'waitlisted')
		FROM delegations g WHERE g.id = ?`, delegationID).Scan(&quota, &held, &lastPos)
	if err == sql.ErrNoRows {
		return "", 0, convene.NotFound("Delegation")
	} else if err != nil {
		return "", 0, err
	}
	if held < quota {
		return convene.RegNominated, 0, nil
	}
	return convene.RegWaitlisted, lastPos + 1, nil
}

// Nominate adds a person to a delegation: into a free quota place, or onto
// the waiting list with their position when the quota is full. The quota
// check and the insert are one write transaction, so simultaneous
// nominations can never take more places than the quota holds.
func (d *DB) Nominate(ctx context.Context, r *convene.Registration) error {
	if hook, ok := splitQuotaHooks.Load(d); ok {
		return d.nominateSplit(ctx, r, hook.(func()))
	}
	return d.update(ctx, func(tx *Tx) error {
		status, pos, err := place(ctx, tx.Tx, r.DelegationID)
		if err != nil {
			return err
		}
		r.Status, r.WaitlistPos = status, pos
		return insertRegistration(ctx, tx, r)
	})
}

// splitQuotaHooks holds, per store, the hook that switches Nominate to its
// deliberately non-atomic variant. It lives outside DB so that production
// code has no field to set by mistake; only SetSplitQuotaCheck fills it.
var splitQuotaHooks sync.Map

// SetSplitQuotaCheck is for the quota race's control test only: with a
// non-nil hook, Nominate checks the quota in one transaction, calls hook, and
// inserts in a second transaction, the bug that the test must be able to
// catch. nil restores the atomic Nominate.
func (d *DB) SetSplitQuotaCheck(hook func()) {
	if hook == nil {
		splitQuotaHooks.Delete(d)
		return
	}
	splitQuotaHooks.Store(d, hook)
}

// nominateSplit is the deliberately broken variant that only the quota
// race's control test switches on: the check and the insert run in two
// transactions with hook in between, which is exactly the bug the one-tx
// Nominate prevents. The control proves the race test can fail.
func (d *DB) nominateSplit(ctx context.Context, r *convene.Registration, hook func()) error {
	var status convene.RegistrationStatus
	var pos int
	if err := d.update(ctx, func(tx *Tx) (err error) {
		status, pos, err = place(ctx, tx.Tx, r.DelegationID)
		return err
	}); err != nil {
		return err
	}
	hook()
	return d.update(ctx, func(tx *Tx) error {
		r.Status, r.WaitlistPos = status, pos
		return insertRegistration(ctx, tx, r)
	})
}

func insertRegistration(ctx context.Context, tx *Tx, r *convene.Registration) error {
	if err := checkDeadline(ctx, tx, r.DelegationID); err != nil {
		return err
	}
	if err := checkDuplicate(ctx, tx, r); err != nil {
		return err
	}
	if err := createDelegate(ctx, tx, &r.Delegate); err != nil {
		return err
	}
	if err := writeRegistrationExtras(ctx, tx, r); err != nil {
		return err
	}
	summary := fmt.Sprintf("status: %q", r.Status)
	if r.Status == convene.RegWaitlisted {
		summary += fmt.Sprintf("; waitlist position: %d", r.WaitlistPos)
	}
	if err := tx.audit(ctx, "nominate", "delegate", r.ID, summary); err != nil {
		return err
	}
	return recomputeDelegationStatus(ctx, tx, r.DelegationID)
}

func writeRegistrationExtras(ctx context.Context, tx *Tx, r *convene.Registration) error {
	_, err := tx.ExecContext(ctx, `UPDATE delegates SET date_of_birth = ?, arrival_flight = ?, arrival_at = ?,
		departure_flight = ?, departure_at = ?, status_reason = ?, consent_at = ? WHERE id = ?`,
		formatDate(r.DateOfBirth), r.ArrivalFlight, formatTime(r.ArrivalAt), r.DepartureFlight,
		formatTime(r.DepartureAt), r.StatusReason, formatTime(r.ConsentAt), r.ID)
	return err
}

// checkDuplicate refuses a second registration with the same passport
// number or e-mail in one meeting: it is almost always the same person
// nominated twice, by two desks or by the focal point and the person.
func checkDuplicate(ctx context.Context, tx *Tx, r *convene.Registration) error {
	p := convene.Problems{}
	check := func(col, field, val, msg string) error {
		if val == "" {
			return nil
		}
		var n int
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM delegates p JOIN delegations g ON g.id = p.delegation_id
			WHERE g.meeting_id = (SELECT meeting_id FROM delegations WHERE id = ?) AND p.`+col+` = ?
			AND p.id <> ? AND p.status NOT IN ('withdrawn', 'rejected')`, r.DelegationID, val, r.ID).Scan(&n)
		if err == nil && n > 0 {
			p.Add(field, msg)
		}
		return err
	}
	if err := check("passport_number", "passport_number", r.PassportNumber,
		"Probable duplicate: this passport number is already registered for this meeting."); err != nil {
		return err
	}
	if err := check("email", "email", r.Email,
		"Probable duplicate: this e-mail address is already registered for this meeting."); err != nil {
		return err
	}
	return p.Err()
}

// UpdateRegistration saves a person's details. review says whether the
// change sends an accredited person back to the secretariat's queue (an
// edit by the focal point or the person themselves does; the secretariat's
// own corrections do not).
func (d *DB) UpdateRegistration(ctx context.Context, r *convene.Registration, review bool) error {
	return d.update(ctx, func(tx *Tx) error { return updateRegistration(ctx, tx, r, review, "update") })
}

func updateRegistration(ctx context.Context, tx *Tx, r *convene.Registration, review bool, action string) error {
	before, err := findRegistration(ctx, tx, r.ID)
	if err != nil {
		return err
	}
	r.DelegationID, r.MeetingID, r.Country = before.DelegationID, before.MeetingID, before.Country
	r.Status, r.WaitlistPos, r.StatusReason, r.CreatedAt = before.Status, before.WaitlistPos, before.StatusReason, before.CreatedAt
	if r.ConsentAt.IsZero() {
		r.ConsentAt = before.ConsentAt
	}
	if err := checkDuplicate(ctx, tx, r); err != nil {
		return err
	}
	if review && before.Status == convene.RegAccredited {
		settings, err := findSettings(ctx, tx, before.MeetingID)
		if err != nil {
			return err
		}
		review = settings.ReviewAfterAccreditation
	}
	if review && before.Status == convene.RegAccredited {
		if r.Status, err = convene.NextStatus(before.Status, convene.ActReview); err != nil {
			return err
		}
	}
	k := r.Key()
	_, err = tx.ExecContext(ctx, `UPDATE delegates SET honorific = ?, given_name = ?, family_name = ?,
		family_name_first = ?, badge_name = ?, position = ?, role = ?, gender = ?, nationality = ?, passport_number = ?,
		passport_expiry = ?, email = ?, mobile = ?, dietary = ?, dietary_other = ?, medical = ?, status = ?,
		precedence = ?, sort_name = ?, updated_at = ? WHERE id = ?`,
		r.Honorific, r.GivenName, r.FamilyName, boolInt(r.FamilyNameFirst), r.BadgeName, r.Position, r.Role, r.Gender,
		r.Nationality, r.PassportNumber, formatDate(r.PassportExpiry), r.Email, r.Mobile, r.Dietary, r.DietaryOther,
		r.Medical, r.Status, k.Precedence, k.SortName(), formatTime(tx.now), r.ID)
	if err != nil {
		return fmt.Errorf("update delegate: %w", err)
	}
	if err := writeRegistrationExtras(ctx, tx, r); err != nil {
		return err
	}
	r.UpdatedAt = tx.now
	if err := tx.audit(ctx, action, "delegate", r.ID, summarize(registrationFields(&before), registrationFields(r))); err != nil {
		return err
	}
	return recomputeDelegationStatus(ctx, tx, r.DelegationID)
}

// Transition moves one person through the registration state machine
// (convene.NextStatus) with its audit row, in one transaction. A person who
// gives up a quota place frees it for the first on the waiting list, who is
// promoted in the same transaction; a notification is queued when the
// person has an e-mail address.
func (d *DB) Transition(ctx context.Context, id int64, act convene.RegAction, reason string) (convene.Registration, error) {
	var r convene.Registration
	err := d.update(ctx, func(tx *Tx) (err error) {
		r, err = transition(ctx, tx, id, act, reason)
		if err != nil {
			return err
		}
		return recomputeDelegationStatus(ctx, tx, r.DelegationID)
	})
	return r, err
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
	if from.HoldsPlace() && !to.HoldsPlace() {
		if err := promoteFirst(ctx, tx, r.DelegationID); err != nil {
			return r, err
		}
	}
	if err := queueStatusMail(ctx, tx, r, act); err != nil {
		return r, err
	}
	return r, nil
}

// promoteFirst gives a freed quota place to the first person on the waiting
// list, if there is a free place and someone waiting.
func promoteFirst(ctx context.Context, tx *Tx, delegationID int64) error {
	status, _, err := place(ctx, tx.Tx, delegationID)
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
	_, err = transition(ctx, tx, next, convene.ActPromote, "")
	return err
}

// SubmitDelegation is the focal point's "submit": everyone nominated or
// returned for correction goes to the secretariat's queue at once. It
// answers how many people were submitted.
func (d *DB) SubmitDelegation(ctx context.Context, delegationID int64) (int, error) {
	n := 0
	err := d.update(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM delegates WHERE delegation_id = ?
			AND status IN ('nominated', 'returned') ORDER BY precedence, sort_name, id`, delegationID)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
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
		return recomputeDelegationStatus(ctx, tx, delegationID)
	})
	return n, err
}

// recomputeDelegationStatus derives the delegation's status from its people,
// so that it can never disagree with them: nobody yet is "not started",
// anyone still to submit (nominated or returned) is "nominating", anyone
// waiting for the secretariat is "submitted", and everyone with a place
// accredited is "accredited".
func recomputeDelegationStatus(ctx context.Context, tx *Tx, delegationID int64) error {
	var held, toSubmit, submitted, accredited int
	if err := tx.QueryRowContext(ctx, `SELECT
		count(*) FILTER (WHERE status IN ('nominated', 'submitted', 'returned', 'accredited')),
		count(*) FILTER (WHERE status IN ('nominated', 'returned')),
		count(*) FILTER (WHERE status = 'submitted'),
		count(*) FILTER (WHERE status = 'accredited')
		FROM delegates WHERE delegation_id = ?`, delegationID).Scan(&held, &toSubmit, &submitted, &accredited); err != nil {
		return err
	}
	status := convene.DelegationNotStarted
	switch {
	case held == 0:
	case toSubmit > 0:
		status = convene.DelegationNominating
	case submitted > 0:
		status = convene.DelegationSubmitted
	case accredited == held:
		status = convene.DelegationAccredited
	}
	var old string
	if err := tx.QueryRowContext(ctx, `SELECT status FROM delegations WHERE id = ?`, delegationID).Scan(&old); err != nil {
		return err
	}
	if old == string(status) {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE delegations SET status = ? WHERE id = ?`, status, delegationID); err != nil {
		return err
	}
	return tx.audit(ctx, "update", "delegation", delegationID, fmt.Sprintf("status: %q → %q", old, status))
}

// hashToken is how a registration link's token is stored: its SHA-256.
func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// CreateRegistrationLink makes a new personal link for a delegate and
// revokes any earlier one, so that only the latest link works. It returns the
// token (shown once, never stored) and queues the e-mail with the link when
// the person has an address. baseURL is the public address of Convene.
func (d *DB) CreateRegistrationLink(ctx context.Context, delegateID int64, baseURL string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	err := d.update(ctx, func(tx *Tx) error {
		r, err := findRegistration(ctx, tx, delegateID)
		if err != nil {
			return err
		}
		if !r.Status.HoldsPlace() && r.Status != convene.RegWaitlisted {
			return convene.Errorf(convene.ECONFLICT, "This person is %s; a link would not help.", strings.ToLower(r.Status.Label()))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE registration_links SET revoked = 1 WHERE delegate_id = ? AND revoked = 0`,
			delegateID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO registration_links (delegate_id, token_hash, created_by, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?)`, delegateID, hashToken(token), nullID(tx.actor.UserID), formatTime(tx.now),
			formatTime(tx.now.Add(convene.RegistrationLinkTTL)))
		if err != nil {
			return err
		}
		id, _ := res.LastInsertId()
		if err := tx.audit(ctx, "create", "registration_link", id, fmt.Sprintf("delegate_id: %d; expires: %s",
			delegateID, formatTime(tx.now.Add(convene.RegistrationLinkTTL)))); err != nil {
			return err
		}
		if r.Email != "" {
			link := strings.TrimSuffix(baseURL, "/") + "/register/" + token
			body := fmt.Sprintf("Dear %s,\n\nYour national focal point has nominated you for a meeting hosted by the "+
				"Ministry of Defence Malaysia. Please complete your registration details at:\n\n%s\n\n"+
				"The link is personal and works until %s. You do not need an account.\n",
				r.DisplayName(), link, tx.now.Add(convene.RegistrationLinkTTL).Format("2 January 2006"))
			return queueMail(ctx, tx, r, convene.MailLink, "Please complete your registration", body)
		}
		return nil
	})
	return token, err
}

// FindRegistrationByToken returns the registration a personal link opens.
// An unknown, revoked or expired link answers ENOTFOUND, all alike.
func (d *DB) FindRegistrationByToken(ctx context.Context, token string) (convene.Registration, error) {
	var r convene.Registration
	err := d.view(ctx, func(tx *sql.Tx) error {
		id, err := linkDelegate(ctx, tx, token, d.Now().UTC())
		if err != nil {
			return err
		}
		r, err = findRegistration(ctx, tx, id)
		return err
	})
	return r, err
}

func linkDelegate(ctx context.Context, q querier, token string, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT delegate_id FROM registration_links WHERE token_hash = ? AND revoked = 0
		AND expires_at > ?`, hashToken(token), formatTime(now)).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, convene.NotFound("Registration link")
	}
	return id, err
}

// UpdateRegistrationByToken saves the details a delegate entered through
// their personal link, re-checking the link inside the transaction so that
// a link revoked a moment ago no longer writes.
func (d *DB) UpdateRegistrationByToken(ctx context.Context, token string, r *convene.Registration) error {
	return d.update(ctx, func(tx *Tx) error {
		id, err := linkDelegate(ctx, tx, token, tx.now)
		if err != nil {
			return err
		}
		r.ID = id
		r.ConsentAt = tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE registration_links SET last_used_at = ? WHERE token_hash = ?`,
			formatTime(tx.now), hashToken(token)); err != nil {
			return err
		}
		return updateRegistration(ctx, tx, r, true, "self_register")
	})
}

func queueStatusMail(ctx context.Context, tx *Tx, r convene.Registration, act convene.RegAction) error {
	if r.Email == "" {
		return nil
	}
	var kind, subject, body string
	switch act {
	case convene.ActAccredit:
		kind, subject = convene.MailAccredited, "You are accredited"
		body = fmt.Sprintf("Dear %s,\n\nYour accreditation is confirmed. Your badge will be ready at the accreditation desk.\n", r.DisplayName())
	case convene.ActReturn:
		kind, subject = convene.MailReturned, "Your registration needs a correction"
		body = fmt.Sprintf("Dear %s,\n\nThe secretariat returned your registration for correction:\n\n%s\n\nYour focal point will resubmit it.\n",
			r.DisplayName(), r.StatusReason)
	case convene.ActReject:
		kind, subject = convene.MailRejected, "Your registration was not accepted"
		body = fmt.Sprintf("Dear %s,\n\nThe secretariat could not accept your registration:\n\n%s\n", r.DisplayName(), r.StatusReason)
	case convene.ActSubmit:
		kind, subject = convene.MailSubmitted, "Your registration was submitted"
		body = fmt.Sprintf("Dear %s,\n\nYour focal point submitted your registration to the secretariat.\n", r.DisplayName())
	default:
		return nil
	}
	return queueMail(ctx, tx, r, kind, subject, body)
}

// queueMail writes one message to the outbox in the caller's transaction,
// so that the message exists if and only if the change it reports does.
func queueMail(ctx context.Context, tx *Tx, r convene.Registration, kind, subject, body string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox (meeting_id, delegate_id, kind, to_addr, subject, body, created_at,
		next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, nullID(r.MeetingID), r.ID, kind, r.Email, subject, body,
		formatTime(tx.now), formatTime(tx.now))
	return err
}

// FindOutbox returns a meeting's queued and sent messages, newest first.
func (d *DB) FindOutbox(ctx context.Context, meetingID int64) ([]convene.OutboxMessage, error) {
	var out []convene.OutboxMessage
	err := d.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, outboxSelect+` WHERE meeting_id = ? ORDER BY id DESC LIMIT 500`, meetingID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scanOutbox(rows)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return rows.Err()
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
	err := d.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, outboxSelect+` WHERE sent_at = '' AND next_attempt_at <= ? ORDER BY id LIMIT ?`,
			formatTime(d.Now().UTC()), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scanOutbox(rows)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return rows.Err()
	})
	return out, err
}

// linkToken matches the secret part of a personal or invitation link.
var linkToken = regexp.MustCompile(`/(register|invitation)/[A-Za-z0-9_-]{43}`)

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

// AccreditMany accredits several submitted people of one meeting in one
// transaction, each with its own audit row: if any of them cannot be
// accredited (someone else decided first), nobody is, and the secretariat
// sees why.
func (d *DB) AccreditMany(ctx context.Context, meetingID int64, ids []int64) (int, error) {
	err := d.update(ctx, func(tx *Tx) error {
		touched := map[int64]bool{}
		for _, id := range ids {
			r, err := findRegistration(ctx, tx, id)
			if err != nil {
				return err
			}
			if r.MeetingID != meetingID {
				return convene.NotFound("Delegate")
			}
			if _, err := transition(ctx, tx, id, convene.ActAccredit, ""); err != nil {
				return err
			}
			touched[r.DelegationID] = true
		}
		for gid := range touched {
			if err := recomputeDelegationStatus(ctx, tx, gid); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(ids), nil
}

// FindMeetingCodeByID returns a meeting's code, for pages that reach a
// meeting through one of its records (a personal registration link).
func (d *DB) FindMeetingCodeByID(ctx context.Context, id int64) (string, error) {
	var code string
	err := d.view(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT code FROM meetings WHERE id = ?`, id).Scan(&code)
		if err == sql.ErrNoRows {
			return convene.NotFound("Meeting")
		}
		return err
	})
	return code, err
}

// CarryOverRoster nominates into a delegation the people of the same
// country's delegation to an earlier meeting of the cycle (everyone not
// withdrawn or rejected), with their details, as new nominations: each gets
// a quota place or a waiting-list position, and the focal point comes along
// if the delegation has none. People already in the target meeting with the
// same passport number or e-mail are skipped, not duplicated. One
// transaction: all carried over or none.
func (d *DB) CarryOverRoster(ctx context.Context, fromDelegationID, toDelegationID int64) (int, error) {
	n := 0
	err := d.update(ctx, func(tx *Tx) error {
		var fromCountry, toCountry int64
		var fromFocal sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT country_id, focal_user_id FROM delegations WHERE id = ?`,
			fromDelegationID).Scan(&fromCountry, &fromFocal); err == sql.ErrNoRows {
			return convene.NotFound("Delegation")
		} else if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT country_id FROM delegations WHERE id = ?`, toDelegationID).Scan(&toCountry); err != nil {
			return err
		}
		if fromCountry != toCountry || fromDelegationID == toDelegationID {
			return convene.NotFound("Delegation")
		}
		rows, err := tx.QueryContext(ctx, `SELECT p.id FROM delegates p WHERE p.delegation_id = ?
			AND p.status NOT IN ('withdrawn', 'rejected') ORDER BY p.precedence, p.sort_name, p.id`, fromDelegationID)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			r, err := findRegistration(ctx, tx, id)
			if err != nil {
				return err
			}
			r.ID, r.DelegationID, r.StatusReason, r.ConsentAt = 0, toDelegationID, "", time.Time{}
			if convene.ErrorCode(checkDuplicate(ctx, tx, &r)) == convene.EINVALID {
				continue // already registered for this meeting
			}
			var same int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM delegates WHERE delegation_id = ? AND given_name = ?
				AND family_name = ? AND status NOT IN ('withdrawn', 'rejected')`, toDelegationID, r.GivenName,
				r.FamilyName).Scan(&same); err != nil {
				return err
			}
			if same > 0 {
				continue // carried over before, or nominated by hand
			}
			if r.Status, r.WaitlistPos, err = place(ctx, tx.Tx, toDelegationID); err != nil {
				return err
			}
			if err := insertRegistration(ctx, tx, &r); err != nil {
				return err
			}
			n++
		}
		if fromFocal.Valid {
			if _, err := tx.ExecContext(ctx, `UPDATE delegations SET focal_user_id = ? WHERE id = ? AND focal_user_id IS NULL`,
				fromFocal.Int64, toDelegationID); err != nil {
				return err
			}
		}
		return tx.audit(ctx, "carry_over", "delegation", toDelegationID,
			fmt.Sprintf("from delegation %d: %d people", fromDelegationID, n))
	})
	return n, err
}
