package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"

	"convene/db"
	"convene/internal/convene"
)

// holidaySeedVersion is the migration that loads the public holidays shipped
// in db/seed/holidays_*.csv. Holiday sets are reference data every
// installation needs (DESIGN rule 12), so they arrive with the migrations,
// not with the demo: a new database can plan dates at once. It runs once per
// database; rows the secretariat later edits or imports are theirs. A new
// year's file shipped later gets a migration of its own that calls
// seedHolidayFiles with its name.
const holidaySeedVersion = 1401

// goMigrations are the migrations written in Go because they read embedded
// data; SQL migrations live in db/migrations.
func goMigrations() []*goose.Migration {
	return []*goose.Migration{
		goose.NewGoMigration(holidaySeedVersion, &goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
			return seedHolidayFiles(ctx, tx, "seed/holidays_*.csv")
		}}, nil),
	}
}

// seedHolidayFiles imports the embedded holiday files matching pattern inside
// the migration's transaction. Like the countries that migration 01000 ships,
// reference data arriving with the schema has no audit row: nobody changed
// anything.
func seedHolidayFiles(ctx context.Context, sqltx *sql.Tx, pattern string) error {
	files, err := fs.Glob(db.Holidays, pattern)
	if err != nil {
		return err
	}
	for _, f := range files {
		b, err := db.Holidays.ReadFile(f)
		if err != nil {
			return err
		}
		hs, err := convene.ParseHolidayCSV(bytes.NewReader(b))
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		if _, err := insertHolidays(ctx, sqltx, hs); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
	}
	return nil
}
