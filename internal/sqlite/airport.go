package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"convene/internal/convene"
)

const airportColumns = `iata, name, city, time_zone`

func scanAirport(row scanner) (convene.Airport, error) {
	var a convene.Airport
	err := row.Scan(&a.IATA, &a.Name, &a.City, &a.TimeZone)
	return a, err
}

func airportFields(a *convene.Airport) fields {
	return fields{"iata": a.IATA, "name": a.Name, "city": a.City, "time_zone": a.TimeZone}
}

// FindAirports returns every airport by code.
func (d *DB) FindAirports(ctx context.Context) (convene.Airports, error) {
	var out convene.Airports
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, scanAirport, `SELECT `+airportColumns+` FROM airports ORDER BY iata`)
		return err
	})
	return out, err
}

// FindAirport returns one airport by its IATA code.
func (d *DB) FindAirport(ctx context.Context, iata string) (convene.Airport, error) {
	var a convene.Airport
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		a, err = queryOne(ctx, tx, "Airport", scanAirport, `SELECT `+airportColumns+` FROM airports WHERE iata = ?`, iata)
		return err
	})
	return a, err
}

// CreateAirport adds an airport; a code already stored is refused next to
// the code.
func (d *DB) CreateAirport(ctx context.Context, a *convene.Airport) error {
	return d.update(ctx, func(tx *Tx) error {
		if err := a.Validate(); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM airports WHERE iata = ?`, a.IATA).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
				Fields: map[string]string{"iata": a.IATA + " is already in the list; change it there."}}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO airports (iata, name, city, time_zone) VALUES (?, ?, ?, ?)`,
			a.IATA, a.Name, a.City, a.TimeZone)
		if err != nil {
			return fmt.Errorf("insert airport: %w", err)
		}
		// The audit log keys entities by number: an airport's is its rowid.
		rowid, err := res.LastInsertId()
		if err != nil {
			return err
		}
		return tx.audit(ctx, "create", "airport", rowid, summarize(nil, airportFields(a)))
	})
}

// UpdateAirport changes an airport's name, city and zone; its code, which
// travel legs keep, stays.
func (d *DB) UpdateAirport(ctx context.Context, iata string, a *convene.Airport) error {
	return d.update(ctx, func(tx *Tx) error {
		before, err := queryOne(ctx, tx, "Airport", scanAirport, `SELECT `+airportColumns+` FROM airports WHERE iata = ?`, iata)
		if err != nil {
			return err
		}
		var rowid int64
		if err := tx.QueryRowContext(ctx, `SELECT rowid FROM airports WHERE iata = ?`, iata).Scan(&rowid); err != nil {
			return err
		}
		a.IATA = iata
		if err := a.Validate(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE airports SET name = ?, city = ?, time_zone = ? WHERE iata = ?`,
			a.Name, a.City, a.TimeZone, iata); err != nil {
			return fmt.Errorf("update airport: %w", err)
		}
		return tx.audit(ctx, "update", "airport", rowid, summarize(airportFields(&before), airportFields(a)))
	})
}

// knownAirport refuses a travel leg at an airport that is not stored.
func knownAirport(ctx context.Context, q querier, iata string) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM airports WHERE iata = ?`, iata).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		msg := iata + " is not one of the airports Convene knows: choose one from the list, or add it on the airports page."
		return &convene.Error{Code: convene.EINVALID, Message: msg, Fields: map[string]string{"airport": msg}}
	}
	return nil
}
