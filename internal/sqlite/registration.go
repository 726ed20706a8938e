package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"convene/internal/convene"
)

// registrationColumns are a delegate's columns plus the registration details
// migration 00200 added, the meeting the delegation belongs to, and the
// person's arrival and departure from travel_legs (registrationFrom joins
// them), the one store of flights that logistics reads too.
const registrationColumns = delegateColumns + `, g.meeting_id, p.date_of_birth, p.status_reason, p.consent_at,
	coalesce(la.id, 0), coalesce(la.at, ''), coalesce(la.flight, ''), coalesce(la.airport, ''), coalesce(la.terminal, ''),
	coalesce(aa.time_zone, ''),
	coalesce(ld.id, 0), coalesce(ld.at, ''), coalesce(ld.flight, ''), coalesce(ld.airport, ''), coalesce(ld.terminal, ''),
	coalesce(ad.time_zone, '')`

// registrationFrom is delegateFrom with the person's two travel legs and
// their airports' zones; the unique (delegate_id, direction) index and the
// airports' primary key make each join one probe.
const registrationFrom = delegateFrom + `
	LEFT JOIN travel_legs la ON la.delegate_id = p.id AND la.direction = 'arrival'
	LEFT JOIN airports aa ON aa.iata = la.airport
	LEFT JOIN travel_legs ld ON ld.delegate_id = p.id AND ld.direction = 'departure'
	LEFT JOIN airports ad ON ad.iata = ld.airport`

func scanRegistration(row scanner) (convene.Registration, error) {
	var r convene.Registration
	var expiry, created, updated, dob, consent, arr, dep string
	err := row.Scan(append(delegateDest(&r.Delegate, &expiry, &created, &updated),
		&r.MeetingID, &dob, &r.StatusReason, &consent,
		&r.Arrival.ID, &arr, &r.Arrival.Flight, &r.Arrival.Airport, &r.Arrival.Terminal, &r.Arrival.Zone,
		&r.Departure.ID, &dep, &r.Departure.Flight, &r.Departure.Airport, &r.Departure.Terminal, &r.Departure.Zone)...)
	r.PassportExpiry = parseDate(expiry)
	r.CreatedAt, r.UpdatedAt = parseTime(created), parseTime(updated)
	r.DateOfBirth = parseDate(dob)
	r.ConsentAt = parseTime(consent)
	r.Arrival.At, r.Departure.At = parseTime(arr), parseTime(dep)
	for _, l := range []*convene.TravelLeg{&r.Arrival, &r.Departure} {
		if l.ID != 0 {
			l.DelegateID = r.ID
		}
	}
	if r.Arrival.ID != 0 {
		r.Arrival.Direction = convene.Arrival
	}
	if r.Departure.ID != 0 {
		r.Departure.Direction = convene.Departure
	}
	return r, err
}

func registrationFields(r *convene.Registration) fields {
	f := delegateFields(&r.Delegate)
	f["date_of_birth"] = r.DateOfBirth.String()
	f["status_reason"] = r.StatusReason
	return f
}

// registrationExtraArgs are the values of the registration details a
// delegate's row holds beyond insertDelegateColumns: date_of_birth,
// status_reason and consent_at, in that order.
func registrationExtraArgs(r *convene.Registration) []any {
	return []any{formatDate(r.DateOfBirth), r.StatusReason, formatTime(r.ConsentAt)}
}

// insertRegistrationQuery adds a delegate with their registration details
// in one insert of the complete row.
const insertRegistrationQuery = `INSERT INTO delegates (` + insertDelegateColumns + `,
	date_of_birth, status_reason, consent_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// createRegistration inserts a person with their registration details as
// one row, with the same "create" audit row as createDelegate, and their
// flights into the travel store.
func createRegistration(ctx context.Context, tx *Tx, r *convene.Registration) error {
	setDelegateDefaults(&r.Delegate)
	if err := insertDelegate(ctx, tx, &r.Delegate, insertRegistrationQuery,
		append(insertDelegateArgs(&r.Delegate, tx.now), registrationExtraArgs(r)...)); err != nil {
		return err
	}
	return setTravel(ctx, tx, r.ID, &r.Arrival, &r.Departure)
}

// registrationCond is the WHERE clause of a registrations query for f and
// its values; hits is the JSON array of the people a name search across
// meetings found (searchHits). Its text depends only on which parts of f
// are set, never on their values, so that each read connection prepares it
// once.
func registrationCond(f convene.RegistrationFilter, hits string) (string, []any) {
	cond, args := filterCond(f)
	q, qargs := searchCond(f, hits)
	return cond + q, append(args, qargs...)
}

// filterCond is registrationCond without the name search.
func filterCond(f convene.RegistrationFilter) (string, []any) {
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
	return cond, args
}

// countRegistrationsQuery and listRegistrationsQuery are FindRegistrations'
// two queries for a WHERE clause of registrationCond.
func countRegistrationsQuery(cond string) string {
	return `SELECT count(*)` + delegateFrom + ` ` + cond
}

func listRegistrationsQuery(cond string) string {
	// #nosec G202 -- the fragments are package constants and cond is built
	// only of constant conditions with ? placeholders; values go in args.
	return protocolOrderCTE + `SELECT ` + registrationColumns + registrationFrom +
		protocolOrderJoin + ` ` + cond + ` ORDER BY ` + protocolOrderBy + `, p.precedence, p.sort_name, p.id LIMIT ? OFFSET ?`
}

// FindRegistrations returns registrations in protocol order, and how many match.
func (d *DB) FindRegistrations(ctx context.Context, f convene.RegistrationFilter) ([]convene.Registration, int, error) {
	limit := f.PageSize()
	var out []convene.Registration
	var total int
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		hits, err := d.searchHits(ctx, tx, f)
		if err != nil || hits == "[]" {
			return err
		}
		cond, args := registrationCond(f, hits)
		if err := tx.QueryRowContext(ctx, countRegistrationsQuery(cond), args...).Scan(&total); err != nil {
			return err
		}
		po, err := d.listProtocol(ctx, tx, f.MeetingID, f.DelegationID)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, listRegistrationsQuery(cond), append(append([]any{po.json()}, args...), limit, f.Offset)...)
		if err != nil {
			return err
		}
		if out, err = scanAll(rows, scanRegistration); err != nil {
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
	return queryOne(ctx, q, "Delegate", scanRegistration, `SELECT `+registrationColumns+registrationFrom+` WHERE p.id = ?`, id)
}

// duplicateQuery counts the other active people of the delegation's meeting
// with the same value in col.
func duplicateQuery(col string) string {
	return `SELECT count(*) FROM delegates p JOIN delegations g ON g.id = p.delegation_id
		WHERE g.meeting_id = (SELECT meeting_id FROM delegations WHERE id = ?) AND p.` + col + ` = ?
		AND p.id <> ? AND p.status NOT IN ('withdrawn', 'rejected')`
}

// The two duplicate checks, as fixed texts so that the writer prepares them
// once (hotWrites).
var (
	duplicatePassportQuery = duplicateQuery("passport_number")
	duplicateEmailQuery    = duplicateQuery("email")
)

// checkDuplicate refuses a second registration with the same passport
// number or e-mail in one meeting: it is almost always the same person
// nominated twice, by two desks or by the focal point and the person.
func checkDuplicate(ctx context.Context, tx *Tx, r *convene.Registration) error {
	p := convene.Problems{}
	check := func(query, field, val, msg string) error {
		if val == "" {
			return nil
		}
		var n int
		err := tx.QueryRowContext(ctx, query, r.DelegationID, val, r.ID).Scan(&n)
		if err == nil && n > 0 {
			p.Add(field, msg)
		}
		return err
	}
	if err := check(duplicatePassportQuery, "passport_number", r.PassportNumber,
		"Probable duplicate: this passport number is already registered for this meeting."); err != nil {
		return err
	}
	if err := check(duplicateEmailQuery, "email", r.Email,
		"Probable duplicate: this e-mail address is already registered for this meeting."); err != nil {
		return err
	}
	return p.Err()
}

// UpdateRegistration saves a person's details from the focal point's or
// the secretariat's form. For an accredited person the identity fields wait
// as a pending change (returned; zero when nothing waits), the rest applies
// at once (see updateRegistration).
func (d *DB) UpdateRegistration(ctx context.Context, r *convene.Registration) (convene.PendingChange, error) {
	var c convene.PendingChange
	err := d.update(ctx, func(tx *Tx) (err error) {
		c, err = updateRegistration(ctx, tx, r, convene.ViaForm, "update")
		return err
	})
	return c, err
}

// updateRegistration is the one write of a person's details, whatever the
// path (the focal point's or the secretariat's form, the personal link):
// r is what was entered. The status never changes here. Before
// accreditation everything applies; after it, the identity fields
// (convene.IdentityFields) keep their approved values and the entered ones
// become the person's pending change for the secretariat (DESIGN.md rule
// 13), while contact, needs and flights apply at once. Each part has its
// audit row; the flights go to the travel store. It returns the pending
// change the write left waiting, if any.
func updateRegistration(ctx context.Context, tx *Tx, r *convene.Registration, via convene.ChangeVia,
	action string) (convene.PendingChange, error) {
	before, err := findRegistration(ctx, tx, r.ID)
	if err != nil {
		return convene.PendingChange{}, err
	}
	r.DelegationID, r.MeetingID, r.Country = before.DelegationID, before.MeetingID, before.Country
	r.Status, r.WaitlistPos, r.StatusReason, r.CreatedAt = before.Status, before.WaitlistPos, before.StatusReason, before.CreatedAt
	if r.ConsentAt.IsZero() {
		r.ConsentAt = before.ConsentAt
	}
	// The duplicate check sees the values as entered, so that a proposed
	// passport number that is someone else's is refused on the form.
	if err := checkDuplicate(ctx, tx, r); err != nil {
		return convene.PendingChange{}, err
	}
	accredited := before.Status == convene.RegAccredited
	proposal := convene.PendingChange{DelegateID: r.ID, Via: via}
	if accredited {
		proposal.Fields = convene.IdentityChanges(before, *r)
		convene.KeepIdentity(r, before)
	}
	if err := writeRegistration(ctx, tx, r); err != nil {
		return proposal, err
	}
	if err := tx.audit(ctx, action, "delegate", r.ID, summarize(registrationFields(&before), registrationFields(r))); err != nil {
		return proposal, err
	}
	if err := setTravel(ctx, tx, r.ID, &r.Arrival, &r.Departure); err != nil {
		return proposal, err
	}
	if accredited {
		if proposal, err = proposeChange(ctx, tx, before, proposal); err != nil {
			return proposal, err
		}
	}
	return proposal, recomputeDelegationStatus(ctx, tx, r.DelegationID)
}

// writeRegistration stores every column of a person's row from r (the
// status and waiting-list position included), with the protocol keys
// internal/convene computes from the name and role.
func writeRegistration(ctx context.Context, tx *Tx, r *convene.Registration) error {
	k := r.Key()
	_, err := tx.ExecContext(ctx, `UPDATE delegates SET honorific = ?, given_name = ?, family_name = ?,
		family_name_first = ?, badge_name = ?, position = ?, role = ?, gender = ?, nationality = ?, passport_number = ?,
		passport_expiry = ?, email = ?, mobile = ?, dietary = ?, dietary_other = ?, medical = ?, status = ?,
		precedence = ?, sort_name = ?, updated_at = ?, passport_type = ?, passport_name = ?, date_of_birth = ?, status_reason = ?, consent_at = ? WHERE id = ?`,
		append([]any{r.Honorific, r.GivenName, r.FamilyName, boolInt(r.FamilyNameFirst), r.BadgeName, r.Position, r.Role,
			r.Gender, r.Nationality, r.PassportNumber, formatDate(r.PassportExpiry), r.Email, r.Mobile, r.Dietary,
			r.DietaryOther, r.Medical, r.Status, k.Precedence, k.SortName(), formatTime(tx.now), r.PassportType, r.PassportName},
			append(registrationExtraArgs(r), r.ID)...)...)
	if err != nil {
		return fmt.Errorf("update delegate: %w", err)
	}
	r.UpdatedAt = tx.now
	return nil
}
