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
	added, err := insertHolidays(tx.context(ctx), tx.Tx, hs)
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
			if err == sql.ErrNoRows && h.Line > 0 {
				return 0, convene.Errorf(convene.EINVALID, "Line %d: %s is not a country in Convene; add it first or fix the code.", h.Line, h.ISO3)
			} else if err == sql.ErrNoRows {
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
				in.Participants = append(in.Participants, c)
			}
		}
		// Which countries have any holiday in the meeting's year: the
		// planner says which have none (they may have some the planner
		// cannot see).
		recorded, err := queryAll(ctx, tx, scanID, `SELECT DISTINCT country_id FROM holidays WHERE day BETWEEN ? AND ?`,
			fmt.Sprintf("%04d-01-01", m.StartDate.Year), fmt.Sprintf("%04d-12-31", m.StartDate.Year))
		if err != nil {
			return err
		}
		in.HolidaysRecorded = make(map[int64]bool, len(recorded))
		for _, id := range recorded {
			in.HolidaysRecorded[id] = true
		}
		// A regional holiday counts where the meeting's venue is.
		if err := tx.QueryRowContext(ctx, `SELECT coalesce((SELECT region FROM venues WHERE id = ?), '')`,
			m.VenueID).Scan(&in.Region); err != nil {
			return err
		}
		if in.Holidays, err = queryAll(ctx, tx, scanHoliday, `SELECT h.id, h.country_id, c.iso3, c.name, h.day, h.name,
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
	err := row.Scan(&h.ID, &h.CountryID, &h.ISO3, &h.Country, &day, &h.Name, &h.Verified, &h.Source, &h.Region)
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

// holidaySelect reads holidays with their country, for scanHoliday.
const holidaySelect = `SELECT h.id, h.country_id, c.iso3, c.name, h.day, h.name, h.verified, h.source, h.region
	FROM holidays h JOIN countries c ON c.id = h.country_id`

// FindHolidays returns the holidays of a year, of one country when
// countryID is not 0, by day and country name.
func (d *DB) FindHolidays(ctx context.Context, year int, countryID int64) ([]convene.Holiday, error) {
	var out []convene.Holiday
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, scanHoliday, holidaySelect+` WHERE h.day BETWEEN ? AND ? AND (? = 0 OR h.country_id = ?)
			ORDER BY h.day, c.name, h.region, h.name`, fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year),
			countryID, countryID)
		return err
	})
	return out, err
}

// FindHolidayByID returns one holiday.
func (d *DB) FindHolidayByID(ctx context.Context, id int64) (convene.Holiday, error) {
	var h convene.Holiday
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		h, err = queryOne(ctx, tx, "Holiday", scanHoliday, holidaySelect+` WHERE h.id = ?`, id)
		return err
	})
	return h, err
}

// holidayFields is a holiday as the audit log records it.
func holidayFields(h convene.Holiday) fields {
	return fields{"country": h.ISO3, "date": h.Date.String(), "name": h.Name, "region": h.Region, "source": h.Source,
		"verified": fmt.Sprint(h.Verified)}
}

// UpdateHoliday changes a holiday's day, name, region, source and verified
// flag (convene.Holiday.Validate; its country stays), with its audit row. A
// holiday that would repeat another of its country, region, day and name
// is a problem for the "date" field.
func (d *DB) UpdateHoliday(ctx context.Context, id int64, h convene.Holiday) error {
	return d.update(ctx, func(tx *Tx) error {
		before, err := queryOne(ctx, tx, "Holiday", scanHoliday, holidaySelect+` WHERE h.id = ?`, id)
		if err != nil {
			return err
		}
		h.ID, h.CountryID, h.ISO3, h.Country = id, before.CountryID, before.ISO3, before.Country
		if err := h.Validate(); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM holidays WHERE country_id = ? AND region = ? AND day = ?
			AND name = ? AND id <> ?`, h.CountryID, h.Region, formatDate(h.Date), h.Name, id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
				Fields: map[string]string{"date": "This holiday is already recorded on that day."}}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE holidays SET day = ?, name = ?, region = ?, source = ?, verified = ?
			WHERE id = ?`, formatDate(h.Date), h.Name, h.Region, h.Source, boolInt(h.Verified), id); err != nil {
			return fmt.Errorf("update holiday: %w", err)
		}
		return tx.audit(ctx, "update", "holiday", id, summarize(holidayFields(before), holidayFields(h)))
	})
}

// VerifyHoliday marks a holiday checked against its official announcement,
// with its audit row; the source says which announcement.
func (d *DB) VerifyHoliday(ctx context.Context, id int64) (convene.Holiday, error) {
	var h convene.Holiday
	err := d.update(ctx, func(tx *Tx) (err error) {
		if h, err = queryOne(ctx, tx, "Holiday", scanHoliday, holidaySelect+` WHERE h.id = ?`, id); err != nil {
			return err
		}
		if h.Verified {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE holidays SET verified = 1 WHERE id = ?`, id); err != nil {
			return fmt.Errorf("verify holiday: %w", err)
		}
		h.Verified = true
		return tx.audit(ctx, "verify", "holiday", id, summarize(fields{"verified": "false"}, fields{"verified": "true"}))
	})
	return h, err
}

// DeleteHoliday removes a holiday, with its audit row.
func (d *DB) DeleteHoliday(ctx context.Context, id int64) (convene.Holiday, error) {
	var h convene.Holiday
	err := d.update(ctx, func(tx *Tx) (err error) {
		if h, err = queryOne(ctx, tx, "Holiday", scanHoliday, holidaySelect+` WHERE h.id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM holidays WHERE id = ?`, id); err != nil {
			return fmt.Errorf("delete holiday: %w", err)
		}
		return tx.audit(ctx, "delete", "holiday", id, summarize(holidayFields(h), nil))
	})
	return h, err
}
