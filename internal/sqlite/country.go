package sqlite

import (
	"context"
	"database/sql"
	"slices"

	"convene/internal/convene"
)

// The countries (with the ASEAN Secretariat as an organisation) and their
// standing over time are reference data: migration 01000 ships them, and
// no page writes them. Lists of countries come in protocol order on a day,
// each country with its standing on that day (protocol_order.go).

// FindCountries returns every country in today's protocol order, with its
// standing today: the choices of forms (host country, a focal point's
// country) and the holiday lists.
func (d *DB) FindCountries(ctx context.Context) ([]convene.Country, error) {
	return d.FindCountriesOn(ctx, d.today())
}

// FindCountriesOn returns every country in the protocol order of day, with
// its standing on that day.
func (d *DB) FindCountriesOn(ctx context.Context, day convene.Date) ([]convene.Country, error) {
	var out []convene.Country
	err := d.view(ctx, func(tx *sql.Tx) error {
		p, err := d.protocolOf(ctx, tx, 0, day)
		out = slices.Clone(p.order) // the cache's order is shared: callers get their own
		return err
	})
	return out, err
}

// FindCountryByISO3 returns the country with that code, with its standing
// today.
func (d *DB) FindCountryByISO3(ctx context.Context, iso3 string) (convene.Country, error) {
	var c convene.Country
	err := d.view(ctx, func(tx *sql.Tx) error {
		p, err := d.protocolOf(ctx, tx, 0, d.today())
		if err != nil {
			return err
		}
		for _, ct := range p.order {
			if ct.ISO3 == iso3 {
				c = ct
				return nil
			}
		}
		return convene.NotFound("Country")
	})
	return c, err
}
