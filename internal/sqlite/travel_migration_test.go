package sqlite

import (
	"context"
	"database/sql"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pressly/goose/v3"

	"convene/db"
	"convene/internal/convene"
)

// TestMigrationMovesFlightsToTravel builds a database as it stood before
// migration 01100, with flights in the delegate's own columns (one already
// also in travel_legs, one without a time), and opens it the production
// way: the flights are in travel_legs, read local at the airport of the
// meeting's zone as they were typed, the columns are gone, the foreign keys
// hold, and each move is in the audit log.
func TestMigrationMovesFlightsToTravel(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	raw, err := sql.Open("sqlite", path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	migrations, err := fs.Sub(db.Migrations, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, raw, migrations, goose.WithDisableGlobalRegistry(true),
		goose.WithAllowOutofOrder(true), goose.WithLogger(goose.NopLogger()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 1099); err != nil {
		t.Fatal(err)
	}
	const now = "2025-01-10T00:00:00.000Z"
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := raw.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO countries (iso3, name) VALUES ('VNM', 'Viet Nam') ON CONFLICT DO NOTHING`)
	exec(`INSERT INTO meetings (code, title, kind, host_country_id, time_zone, status, date_precision, start_date, end_date,
		created_at, updated_at) VALUES ('wg', 'ADSOM WG', 'adsom_wg', (SELECT id FROM countries WHERE iso3 = 'VNM'),
		'Asia/Kuala_Lumpur', 'registration_open', 'day', '2025-02-26', '2025-02-26', ?, ?)`, now, now)
	exec(`INSERT INTO delegations (meeting_id, country_id, quota) VALUES ((SELECT id FROM meetings WHERE code = 'wg'),
		(SELECT id FROM countries WHERE iso3 = 'VNM'), 6)`)
	// Mai typed 13:40 local at the meeting (05:40 UTC) on the old form.
	exec(`INSERT INTO delegates (delegation_id, given_name, family_name, role, created_at, updated_at, arrival_flight,
		arrival_at, departure_flight, departure_at) VALUES (1, 'Thị Mai', 'Võ', 'delegate', ?, ?, 'VN681',
		'2025-02-25T05:40:00.000Z', 'VN 680', '2025-02-27T07:10:00.000Z')`, now, now)
	// Bình's arrival is on the travel form already (with its airport) and
	// differs: the travel leg wins. His departure has a flight but no time.
	exec(`INSERT INTO delegates (delegation_id, given_name, family_name, role, created_at, updated_at, arrival_flight,
		arrival_at, departure_flight) VALUES (1, 'Quốc Bình', 'Trần', 'head', ?, ?, 'VN 999', '2025-02-24T01:00:00.000Z',
		'VN 998')`, now, now)
	exec(`INSERT INTO travel_legs (delegate_id, direction, at, flight, airport, updated_at)
		VALUES (2, 'arrival', '2025-02-24T03:00:00.000Z', 'VN 683', 'KUL', ?)`, now)
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}

	d, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("migrate: %v", err)
	}
	defer d.Close()
	mai, err := d.FindRegistrationByID(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if mai.Arrival.Label() != "VN 681, PEN, 25 February 2025 13:40 MYT" || mai.Departure.Label() != "VN 680, PEN, 27 February 2025 15:10 MYT" {
		t.Errorf("Mai's flights: %q, %q", mai.Arrival.Label(), mai.Departure.Label())
	}
	binh, err := d.FindRegistrationByID(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if binh.Arrival.Flight != "VN 683" || binh.Arrival.Airport != "KUL" || binh.Departure.Recorded() {
		t.Errorf("Bình's flights: %+v / %+v", binh.Arrival, binh.Departure)
	}
	var cols string
	if err := d.read.QueryRowContext(ctx, `SELECT group_concat(name) FROM pragma_table_info('delegates')`).Scan(&cols); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(cols, "arrival") || strings.Contains(cols, "departure") {
		t.Errorf("delegates still has flight columns: %s", cols)
	}
	var fk int
	if err := d.read.QueryRowContext(ctx, `SELECT count(*) FROM pragma_foreign_key_check`).Scan(&fk); err != nil || fk != 0 {
		t.Errorf("foreign key check: %d problems, %v", fk, err)
	}
	entries, _, err := d.FindAuditEntries(ctx, convene.AuditFilter{Entity: "delegate"})
	if err != nil {
		t.Fatal(err)
	}
	var log []string
	for _, e := range entries {
		if e.Action == "migrate" {
			log = append(log, e.Summary)
		}
	}
	all := strings.Join(log, "\n")
	for _, want := range []string{"arrival flight 'VN681' at 2025-02-25T05:40:00.000Z moved to travel",
		"arrival flight 'VN 999' at 2025-02-24T01:00:00.000Z not moved: travel already held another leg",
		"departure flight 'VN 998' had no time: not moved"} {
		if !strings.Contains(all, want) {
			t.Errorf("audit log lacks %q:\n%s", want, all)
		}
	}
}
