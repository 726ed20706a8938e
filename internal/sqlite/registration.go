package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"convene/internal/convene"
)

// registrationColumns are a delegate's columns plus the registration details
// migration 00200 added, and the meeting the delegation belongs to.
const registrationColumns = delegateColumns + `, g.meeting_id, p.date_of_birth, p.arrival_flight, p.arrival_at,
	p.departure_flight, p.departure_at, p.status_reason, p.consent_at`

func scanRegistration(row scanner) (convene.Registration, error) {
	var r convene.Registration
	var expiry, created, updated, dob, arr, dep, consent string
	err := row.Scan(append(delegateDest(&r.Delegate, &expiry, &created, &updated),
		&r.MeetingID, &dob, &r.ArrivalFlight, &arr, &r.DepartureFlight, &dep, &r.StatusReason, &consent)...)
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

// registrationExtraArgs are the values of the registration details a
// delegate's row holds beyond insertDelegateColumns: date_of_birth,
// arrival_flight, arrival_at, departure_flight, departure_at, status_reason
// and consent_at, in that order.
func registrationExtraArgs(r *convene.Registration) []any {
	return []any{formatDate(r.DateOfBirth), r.ArrivalFlight, formatTime(r.ArrivalAt), r.DepartureFlight,
		formatTime(r.DepartureAt), r.StatusReason, formatTime(r.ConsentAt)}
}

// insertRegistrationQuery adds a delegate with their registration details
// in one insert of the complete row.
const insertRegistrationQuery = `INSERT INTO delegates (` + insertDelegateColumns + `,
	date_of_birth, arrival_flight, arrival_at, departure_flight, departure_at, status_reason, consent_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// createRegistration inserts a person with their registration details as
// one row, with the same "create" audit row as createDelegate.
func createRegistration(ctx context.Context, tx *Tx, r *convene.Registration) error {
	setDelegateDefaults(&r.Delegate)
	return insertDelegate(ctx, tx, &r.Delegate, insertRegistrationQuery,
		append(insertDelegateArgs(&r.Delegate, tx.now), registrationExtraArgs(r)...))
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
		cond += " AND p.status IN (" + placeholders(len(f.Statuses)) + ")"
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
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		if err := tx.QueryRowContext(ctx, `SELECT count(*)`+delegateFrom+` `+cond, args...).Scan(&total); err != nil {
			return err
		}
		po, err := d.listProtocol(ctx, tx, f.MeetingID, f.DelegationID)
		if err != nil {
			return err
		}
		// #nosec G202 -- the fragments are package constants and cond is built
		// only of constant conditions with ? placeholders; values go in args.
		out, err = queryAll(ctx, tx, scanRegistration, protocolOrderCTE+`SELECT `+registrationColumns+delegateFrom+
			protocolOrderJoin+` `+cond+` ORDER BY `+protocolOrderBy+`, p.precedence, p.sort_name, p.id LIMIT ? OFFSET ?`,
			append(append([]any{po.json()}, args...), limit, f.Offset)...)
		if err != nil {
			return err
		}
		if f.MeetingID == 0 && f.DelegationID == 0 {
			// One country's people across meetings: each gets the
			// standing of their own meeting's day.
			var ids []int64
			for _, r := range out {
				ids = append(ids, r.MeetingID)
			}
			ps, err := d.protocolsOf(ctx, tx, ids)
			for i := range out {
				ps[out[i].MeetingID].set(&out[i].Country)
			}
			return err
		}
		for i := range out {
			po.set(&out[i].Country)
		}
		return nil
	})
	return out, total, err
}

// FindRegistrationByID returns one person's registration.
func (d *DB) FindRegistrationByID(ctx context.Context, id int64) (convene.Registration, error) {
	var r convene.Registration
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		if r, err = findRegistration(ctx, tx, id); err != nil {
			return err
		}
		p, err := d.protocolOf(ctx, tx, r.MeetingID, convene.Date{})
		p.set(&r.Country)
		return err
	})
	return r, err
}

func findRegistration(ctx context.Context, q querier, id int64) (convene.Registration, error) {
	return queryOne(ctx, q, "Delegate", scanRegistration, `SELECT `+registrationColumns+delegateFrom+` WHERE p.id = ?`, id)
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
		precedence = ?, sort_name = ?, updated_at = ?, date_of_birth = ?, arrival_flight = ?, arrival_at = ?,
		departure_flight = ?, departure_at = ?, status_reason = ?, consent_at = ? WHERE id = ?`,
		append([]any{r.Honorific, r.GivenName, r.FamilyName, boolInt(r.FamilyNameFirst), r.BadgeName, r.Position, r.Role,
			r.Gender, r.Nationality, r.PassportNumber, formatDate(r.PassportExpiry), r.Email, r.Mobile, r.Dietary,
			r.DietaryOther, r.Medical, r.Status, k.Precedence, k.SortName(), formatTime(tx.now)},
			append(registrationExtraArgs(r), r.ID)...)...)
	if err != nil {
		return fmt.Errorf("update delegate: %w", err)
	}
	r.UpdatedAt = tx.now
	if err := tx.audit(ctx, action, "delegate", r.ID, summarize(registrationFields(&before), registrationFields(r))); err != nil {
		return err
	}
	return recomputeDelegationStatus(ctx, tx, r.DelegationID)
}
