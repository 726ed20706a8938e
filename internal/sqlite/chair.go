package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"convene/internal/convene"
)

// The chair of each year: the years someone entered are rows of chairs
// (migration 01412 ships 2025-2027); the others are proposed from the
// rotation when read (convene.ChairRotation), so that they always follow
// what is entered before them. The co-chairs of the Experts' Working
// Groups are rows of ewg_cochairs.

// FindChairs returns the chair of every year from from through through
// that follows the first year entered: the years entered as they are, the
// others proposed from the rotation.
func (d *DB) FindChairs(ctx context.Context, from, through int) ([]convene.Chair, error) {
	var out []convene.Chair
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = findChairs(ctx, tx, from, through)
		return err
	})
	return out, err
}

// findChairs reads the chairs entered and completes them from the rotation.
func findChairs(ctx context.Context, q querier, from, through int) ([]convene.Chair, error) {
	ref, err := loadReference(ctx, q)
	if err != nil {
		return nil, err
	}
	stored, err := queryAll(ctx, q, func(s scanner) (c convene.Chair, err error) {
		return c, s.Scan(&c.Year, &c.Country.ID, &c.Country.ISO3, &c.Country.Name, &c.Status, &c.Note)
	}, `SELECT h.year, c.id, c.iso3, c.name, h.status, h.note FROM chairs h JOIN countries c ON c.id = h.country_id
		WHERE h.year <= ? ORDER BY h.year`, through)
	if err != nil {
		return nil, err
	}
	for i := range stored {
		ref.on(convene.ChairDay(stored[i].Year)).set(&stored[i].Country)
	}
	return convene.ChairRotation(stored, func(day convene.Date) []convene.Country { return ref.on(day).order },
		from, through), nil
}

// SaveChair records the chair of a year (convene.CheckChair: a Member State
// on the first of January of that year), replacing what was entered for
// it, with its audit row. Problems are for the fields "year", "country",
// "status" and "note".
func (d *DB) SaveChair(ctx context.Context, c convene.Chair) error {
	return d.update(ctx, func(tx *Tx) error {
		ref, err := loadReference(ctx, tx)
		if err != nil {
			return err
		}
		countries := ref.on(convene.ChairDay(c.Year)).order
		c.Country = countryByID(countries, c.Country.ID)
		p := convene.Problems{}
		convene.CheckChair(c, p)
		if err := p.Err(); err != nil {
			return err
		}
		var before fields
		var oldCountry int64
		var oldStatus, oldNote string
		switch err := tx.QueryRowContext(ctx, `SELECT country_id, status, note FROM chairs WHERE year = ?`, c.Year).
			Scan(&oldCountry, &oldStatus, &oldNote); {
		case err == sql.ErrNoRows:
		case err != nil:
			return err
		default:
			before = fields{"country": countryByID(countries, oldCountry).ISO3, "status": oldStatus, "note": oldNote}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO chairs (year, country_id, status, note, updated_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (year) DO UPDATE SET country_id = excluded.country_id,
			status = excluded.status, note = excluded.note, updated_at = excluded.updated_at`,
			c.Year, c.Country.ID, c.Status, c.Note, formatTime(tx.now)); err != nil {
			return fmt.Errorf("save chair: %w", err)
		}
		action := "update"
		if before == nil {
			action = "create"
		}
		return tx.audit(ctx, action, "chair", int64(c.Year), summarize(before,
			fields{"country": c.Country.ISO3, "status": string(c.Status), "note": c.Note}))
	})
}

// countryByID finds a country of a protocol order by id; the zero Country
// when it is not there.
func countryByID(cs []convene.Country, id int64) convene.Country {
	for _, c := range cs {
		if c.ID == id {
			return c
		}
	}
	return convene.Country{}
}

// FindCochairs returns the co-chairs recorded for the Experts' Working
// Groups, by group and cycle.
func (d *DB) FindCochairs(ctx context.Context) ([]convene.Cochairs, error) {
	var out []convene.Cochairs
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = findCochairs(ctx, tx)
		return err
	})
	return out, err
}

func findCochairs(ctx context.Context, q querier) ([]convene.Cochairs, error) {
	return queryAll(ctx, q, func(s scanner) (c convene.Cochairs, err error) {
		return c, s.Scan(&c.Kind, &c.FirstYear, &c.Member.ID, &c.Member.ISO3, &c.Member.Name,
			&c.Partner.ID, &c.Partner.ISO3, &c.Partner.Name)
	}, `SELECT e.kind, e.first_year, m.id, m.iso3, m.name, p.id, p.iso3, p.name FROM ewg_cochairs e
		JOIN countries m ON m.id = e.member_country_id JOIN countries p ON p.id = e.partner_country_id
		ORDER BY e.kind, e.first_year`)
}

// SaveCochairs records the co-chairs of an Experts' Working Group for the
// cycle from c.FirstYear (convene.CheckCochairs), replacing the same
// cycle's, with its audit row. Problems are for the fields "kind",
// "first_year", "member" and "partner".
func (d *DB) SaveCochairs(ctx context.Context, c convene.Cochairs) error {
	return d.update(ctx, func(tx *Tx) error {
		ref, err := loadReference(ctx, tx)
		if err != nil {
			return err
		}
		countries := ref.on(convene.ChairDay(c.FirstYear)).order
		c.Member, c.Partner = countryByID(countries, c.Member.ID), countryByID(countries, c.Partner.ID)
		others, err := findCochairs(ctx, tx)
		if err != nil {
			return err
		}
		p := convene.Problems{}
		convene.CheckCochairs(c, others, p)
		if err := p.Err(); err != nil {
			return err
		}
		var before fields
		for _, o := range others {
			if o.Kind == c.Kind && o.FirstYear == c.FirstYear {
				before = fields{"member": o.Member.ISO3, "partner": o.Partner.ISO3}
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO ewg_cochairs (kind, first_year, member_country_id,
			partner_country_id, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, first_year) DO UPDATE SET
			member_country_id = excluded.member_country_id, partner_country_id = excluded.partner_country_id,
			updated_at = excluded.updated_at`, c.Kind, c.FirstYear, c.Member.ID, c.Partner.ID, formatTime(tx.now)); err != nil {
			return fmt.Errorf("save co-chairs: %w", err)
		}
		return tx.audit(ctx, "update", "ewg_cochairs", int64(c.FirstYear), summarize(before, fields{
			"kind": string(c.Kind), "first_year": strconv.Itoa(c.FirstYear), "member": c.Member.ISO3, "partner": c.Partner.ISO3}))
	})
}
