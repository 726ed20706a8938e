package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"

	"convene/internal/convene"
)

// ImportHolidays adds holidays (a CSV import for another year); a holiday
// already stored is left as it is. Every country must exist.
func (d *DB) ImportHolidays(ctx context.Context, hs []convene.Holiday) (int, error) {
	var n int
	err := d.update(ctx, func(tx *Tx) (err error) {
		n, err = importHolidays(ctx, tx, hs)
		return err
	})
	return n, err
}

func importHolidays(ctx context.Context, tx *Tx, hs []convene.Holiday) (int, error) {
	added, err := insertHolidays(ctx, tx.Tx, hs)
	if err != nil {
		return 0, err
	}
	if err := tx.audit(ctx, "import", "holiday", 0, fmt.Sprintf("%d of %d holidays added", added, len(hs))); err != nil {
		return 0, err
	}
	return added, nil
}

// insertHolidays adds the holidays not yet stored and counts them; every
// country must exist.
func insertHolidays(ctx context.Context, tx *sql.Tx, hs []convene.Holiday) (int, error) {
	ids := map[string]int64{}
	added := 0
	for _, h := range hs {
		id, ok := ids[h.ISO3]
		if !ok {
			err := tx.QueryRowContext(ctx, `SELECT id FROM countries WHERE iso3 = ?`, h.ISO3).Scan(&id)
			if err == sql.ErrNoRows {
				return 0, convene.Errorf(convene.EINVALID, "%s is not a country in Convene; add it first or fix the code.", h.ISO3)
			} else if err != nil {
				return 0, err
			}
			ids[h.ISO3] = id
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO holidays (country_id, day, name, verified, source, region) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (country_id, region, day, name) DO NOTHING`, id, formatDate(h.Date), h.Name, boolInt(h.Verified), h.Source, h.Region)
		if err != nil {
			return 0, fmt.Errorf("insert holiday: %w", err)
		}
		k, _ := res.RowsAffected()
		added += int(k)
	}
	return added, nil
}

// PlannerInput loads what the date planner needs for a meeting: its
// participating countries (its delegations, or while it has none the
// countries a meeting of its kind expects on its protocol date), their
// holidays in the meeting's month, and the other meetings.
func (d *DB) PlannerInput(ctx context.Context, m convene.Meeting) (convene.PlanInput, error) {
	in := convene.PlanInput{Meeting: m, Countries: map[int64]string{}}
	err := d.view(ctx, func(tx *sql.Tx) error {
		p, err := d.protocolOf(ctx, tx, 0, m.ProtocolDate())
		if err != nil {
			return err
		}
		ids, err := queryAll(ctx, tx, scanID, `SELECT country_id FROM delegations WHERE meeting_id = ?`, m.ID)
		if err != nil {
			return err
		}
		for _, c := range p.order {
			if slices.Contains(ids, c.ID) || (len(ids) == 0 && m.Kind.Expects(c.Standing)) {
				in.Countries[c.ID] = c.Name
			}
		}
		// A regional holiday counts where the meeting's venue is.
		if err := tx.QueryRowContext(ctx, `SELECT coalesce((SELECT region FROM venues WHERE id = ?), '')`,
			m.VenueID).Scan(&in.Region); err != nil {
			return err
		}
		if in.Holidays, err = queryAll(ctx, tx, scanHoliday, `SELECT h.country_id, c.iso3, c.name, h.day, h.name,
			h.verified, h.source, h.region FROM holidays h JOIN countries c ON c.id = h.country_id WHERE h.day BETWEEN ? AND ?
			ORDER BY h.day, h.id`, formatDate(m.StartDate.MonthStart()), formatDate(m.StartDate.MonthEnd())); err != nil {
			return err
		}
		// Day by day, in the meeting's protocol order of countries.
		slices.SortStableFunc(in.Holidays, func(a, b convene.Holiday) int {
			return cmp.Or(a.Date.Compare(b.Date), p.compare(a.CountryID, b.CountryID))
		})
		in.Others, err = queryAll(ctx, tx, scanMeeting, `SELECT `+meetingColumns+meetingFrom+` WHERE m.id <> ?
			AND m.end_date >= ? AND m.start_date <= ?`,
			m.ID, formatDate(m.StartDate.MonthStart()), formatDate(m.StartDate.MonthEnd()))
		return err
	})
	return in, err
}

func scanHoliday(row scanner) (convene.Holiday, error) {
	var h convene.Holiday
	var day string
	err := row.Scan(&h.CountryID, &h.ISO3, &h.Country, &day, &h.Name, &h.Verified, &h.Source, &h.Region)
	h.Date = parseDate(day)
	return h, err
}

// FindHolidayCount returns how many holidays are stored, for the import page.
func (d *DB) FindHolidayCount(ctx context.Context) (int, error) {
	var n int
	err := d.view(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM holidays`).Scan(&n)
	})
	return n, err
}
