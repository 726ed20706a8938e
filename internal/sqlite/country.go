package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"convene/internal/convene"
)

// CreateCountries adds countries and re-ranks every country in protocol
// order, so that the stored rank always comes from convene.RankCountries.
func (d *DB) CreateCountries(ctx context.Context, cs []convene.Country) error {
	return d.update(ctx, func(tx *Tx) error { return createCountries(ctx, tx, cs) })
}

func createCountries(ctx context.Context, tx *Tx, cs []convene.Country) error {
	for i := range cs {
		c := &cs[i]
		res, err := tx.ExecContext(ctx, `INSERT INTO countries (iso3, name, observer) VALUES (?, ?, ?)`,
			c.ISO3, c.Name, boolInt(c.Observer))
		if err != nil {
			return fmt.Errorf("insert country %s: %w", c.ISO3, err)
		}
		if c.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if err := tx.audit(ctx, "create", "country", c.ID,
			summarize(nil, fields{"iso3": c.ISO3, "name": c.Name, "observer": fmt.Sprint(c.Observer)})); err != nil {
			return err
		}
	}
	return rerankCountries(ctx, tx)
}

func rerankCountries(ctx context.Context, tx *Tx) error {
	all, err := findCountries(ctx, tx)
	if err != nil {
		return err
	}
	convene.RankCountries(all)
	for _, c := range all {
		if _, err := tx.ExecContext(ctx, `UPDATE countries SET protocol_rank = ? WHERE id = ?`, c.ProtocolRank, c.ID); err != nil {
			return err
		}
	}
	return nil
}

const countryColumns = `id, iso3, name, observer, protocol_rank`

func scanCountry(row scanner) (convene.Country, error) {
	var c convene.Country
	err := row.Scan(&c.ID, &c.ISO3, &c.Name, &c.Observer, &c.ProtocolRank)
	return c, err
}

// FindCountries returns every country in protocol order.
func (d *DB) FindCountries(ctx context.Context) ([]convene.Country, error) {
	var out []convene.Country
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = findCountries(ctx, tx)
		return err
	})
	return out, err
}

func findCountries(ctx context.Context, q querier) ([]convene.Country, error) {
	return queryAll(ctx, q, scanCountry, `SELECT `+countryColumns+` FROM countries ORDER BY protocol_rank, id`)
}

// FindCountryByISO3 returns the country with that code.
func (d *DB) FindCountryByISO3(ctx context.Context, iso3 string) (convene.Country, error) {
	var c convene.Country
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		c, err = queryOne(ctx, tx, "Country", scanCountry, `SELECT `+countryColumns+` FROM countries WHERE iso3 = ?`, iso3)
		return err
	})
	return c, err
}
