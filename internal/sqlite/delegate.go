package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"convene/internal/convene"
)

const delegateColumns = `p.id, p.delegation_id, p.honorific, p.given_name, p.family_name, p.family_name_first, p.badge_name,
	p.position, p.role, p.gender, p.nationality, p.passport_number, p.passport_expiry, p.email, p.mobile, p.dietary,
	p.dietary_other, p.medical, p.status, p.waitlist_pos, p.created_at, p.updated_at, p.passport_type, p.passport_name,
	c.id, c.iso3, c.name`

const delegateFrom = ` FROM delegates p JOIN delegations g ON g.id = p.delegation_id JOIN countries c ON c.id = g.country_id`

// delegateDest returns the scan destinations of delegateColumns for p; the
// dates and times land in the strings, which the caller parses.
func delegateDest(p *convene.Delegate, expiry, created, updated *string) []any {
	return []any{&p.ID, &p.DelegationID, &p.Honorific, &p.GivenName, &p.FamilyName, &p.FamilyNameFirst, &p.BadgeName,
		&p.Position, &p.Role, &p.Gender, &p.Nationality, &p.PassportNumber, expiry, &p.Email, &p.Mobile, &p.Dietary,
		&p.DietaryOther, &p.Medical, &p.Status, &p.WaitlistPos, created, updated, &p.PassportType, &p.PassportName,
		&p.Country.ID, &p.Country.ISO3, &p.Country.Name}
}

func scanDelegate(row scanner) (convene.Delegate, error) {
	var p convene.Delegate
	var expiry, created, updated string
	err := row.Scan(delegateDest(&p, &expiry, &created, &updated)...)
	p.PassportExpiry = parseDate(expiry)
	p.CreatedAt, p.UpdatedAt = parseTime(created), parseTime(updated)
	return p, err
}

func delegateFields(p *convene.Delegate) fields {
	return fields{"delegation_id": fmt.Sprint(p.DelegationID), "honorific": p.Honorific, "given_name": p.GivenName,
		"family_name": p.FamilyName, "family_name_first": fmt.Sprint(p.FamilyNameFirst), "badge_name": p.BadgeName,
		"position": p.Position, "role": string(p.Role), "gender": p.Gender, "nationality": p.Nationality,
		"passport_number": p.PassportNumber, "passport_expiry": p.PassportExpiry.String(), "email": p.Email,
		"mobile": p.Mobile, "dietary": p.Dietary, "dietary_other": p.DietaryOther, "medical": p.Medical,
		"status": string(p.Status), "passport_type": string(p.PassportType), "passport_name": p.PassportName}
}

// CreateDelegate adds a person to a delegation. It is the low-level insert
// the demo loader uses; nominations with quota rules build on it.
func (d *DB) CreateDelegate(ctx context.Context, p *convene.Delegate) error {
	return d.update(ctx, func(tx *Tx) error { return createDelegate(ctx, tx, p) })
}

// insertDelegateColumns are the columns of a delegate's insert, in the
// order of insertDelegateArgs.
const insertDelegateColumns = `delegation_id, honorific, given_name, family_name,
	family_name_first, badge_name, position, role, gender, nationality, passport_number, passport_expiry, email,
	mobile, dietary, dietary_other, medical, status, waitlist_pos, precedence, sort_name, created_at, updated_at, passport_type, passport_name`

// insertDelegateQuery adds one delegate; insertDelegateArgs are its values,
// with the protocol keys computed by internal/convene. createDelegate and the
// benchmark's bulk writer share both so that their rows cannot drift apart.
const insertDelegateQuery = `INSERT INTO delegates (` + insertDelegateColumns + `)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

func insertDelegateArgs(p *convene.Delegate, now time.Time) []any {
	key := p.Key()
	return []any{p.DelegationID, p.Honorific, p.GivenName, p.FamilyName, boolInt(p.FamilyNameFirst), p.BadgeName,
		p.Position, p.Role, p.Gender, p.Nationality, p.PassportNumber, formatDate(p.PassportExpiry), p.Email,
		p.Mobile, p.Dietary, p.DietaryOther, p.Medical, p.Status, p.WaitlistPos, key.Precedence, key.SortName(),
		formatTime(now), formatTime(now), p.PassportType, p.PassportName}
}

// setDelegateDefaults gives a new delegate the status and dietary
// requirement a form left empty.
func setDelegateDefaults(p *convene.Delegate) {
	if p.Status == "" {
		p.Status = convene.RegNominated
	}
	if p.Dietary == "" {
		p.Dietary = "none"
	}
}

func createDelegate(ctx context.Context, tx *Tx, p *convene.Delegate) error {
	setDelegateDefaults(p)
	return insertDelegate(ctx, tx, p, insertDelegateQuery, insertDelegateArgs(p, tx.now))
}

// insertDelegate runs one insert of a whole delegate row (query and args,
// see createDelegate and createRegistration) and writes its "create" audit
// row.
func insertDelegate(ctx context.Context, tx *Tx, p *convene.Delegate, query string, args []any) error {
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("insert delegate: %w", err)
	}
	if p.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	p.CreatedAt, p.UpdatedAt = tx.now, tx.now
	return tx.audit(ctx, "create", "delegate", p.ID, summarize(nil, delegateFields(p)))
}

// FindDelegates returns delegates in protocol order, and how many match.
func (d *DB) FindDelegates(ctx context.Context, f convene.DelegateFilter) ([]convene.Delegate, int, error) {
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
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	var out []convene.Delegate
	var total int
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		if err := tx.QueryRowContext(ctx, `SELECT count(*)`+delegateFrom+` `+cond, args...).Scan(&total); err != nil {
			return err
		}
		// Protocol order, from keys that internal/convene computed: the
		// meeting's country order (protocol_order.go), then the precedence
		// and sort name the delegate's write stored.
		po, err := d.listProtocol(ctx, tx, f.MeetingID, f.DelegationID)
		if err != nil {
			return err
		}
		// #nosec G202 -- the fragments are package constants and cond is built
		// only of constant conditions with ? placeholders; values go in args.
		out, err = queryAll(ctx, tx, scanDelegate, protocolOrderCTE+`SELECT `+delegateColumns+delegateFrom+protocolOrderJoin+
			` `+cond+` ORDER BY `+protocolOrderBy+`, p.precedence, p.sort_name, p.id LIMIT ? OFFSET ?`,
			append(append([]any{po.json()}, args...), limit, f.Offset)...)
		for i := range out {
			po.set(&out[i].Country)
		}
		return err
	})
	return out, total, err
}
