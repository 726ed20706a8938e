package sqlite

import (
	"context"
	"database/sql"

	"convene/internal/convene"
)

// delegateListColumns are what a row of the delegates list shows (name,
// position, role, passport, dietary requirement, status, delegation): a
// narrower read than registrationColumns, without the travel legs, the
// dates to parse or the personal data the list never shows. The last column
// counts every row that matches, whatever the page (a window over the
// result before LIMIT), so that the page and its total come from one query.
const delegateListColumns = `p.id, p.delegation_id, p.honorific, p.given_name, p.family_name, p.family_name_first,
	p.badge_name, p.position, p.role, p.passport_number, p.dietary, p.dietary_other, p.status, p.waitlist_pos,
	c.id, c.iso3, c.name, count(*) OVER ()`

// delegateListQuery is FindDelegateList's query for a WHERE clause of
// registrationCond.
func delegateListQuery(cond string) string {
	// #nosec G202 -- the fragments are package constants and cond is built
	// only of constant conditions with ? placeholders; values go in args.
	return protocolOrderCTE + `SELECT ` + delegateListColumns + delegateFrom + protocolOrderJoin + ` ` + cond +
		` ORDER BY ` + protocolOrderBy + `, p.precedence, p.sort_name, p.id LIMIT ? OFFSET ?`
}

// FindDelegateList returns one page of the people f matches, in protocol
// order, as the delegates list shows them, and how many match in all. Each
// person carries only the columns of delegateListColumns (and their
// country's standing); the rest of the record is zero: a page that shows
// more reads FindRegistrations or FindRegistrationByID.
func (d *DB) FindDelegateList(ctx context.Context, f convene.RegistrationFilter) ([]convene.Delegate, int, error) {
	limit := f.PageSize()
	var out []convene.Delegate
	var total int
	err := d.view(ctx, func(tx *sql.Tx) error {
		hits, err := d.searchHits(ctx, tx, f)
		if err != nil || hits == "[]" {
			return err
		}
		cond, args := registrationCond(f, hits)
		po, err := d.listProtocol(ctx, tx, f.MeetingID, f.DelegationID)
		if err != nil {
			return err
		}
		rows, err := d.queryCached(ctx, tx, delegateListQuery(cond), append(append([]any{po.json()}, args...), limit, f.Offset)...)
		if err != nil {
			return err
		}
		out, err = scanAll(rows, func(row scanner) (convene.Delegate, error) {
			var p convene.Delegate
			err := row.Scan(&p.ID, &p.DelegationID, &p.Honorific, &p.GivenName, &p.FamilyName, &p.FamilyNameFirst,
				&p.BadgeName, &p.Position, &p.Role, &p.PassportNumber, &p.Dietary, &p.DietaryOther, &p.Status,
				&p.WaitlistPos, &p.Country.ID, &p.Country.ISO3, &p.Country.Name, &total)
			po.set(&p.Country)
			return p, err
		})
		if err != nil || len(out) > 0 || f.Offset == 0 {
			return err
		}
		// A page past the end has no row to carry the total.
		return d.queryRowCached(ctx, tx, countRegistrationsQuery(cond), args...).Scan(&total)
	})
	return out, total, err
}
