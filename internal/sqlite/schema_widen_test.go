package sqlite

import (
	"context"
	"database/sql"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"convene/db"
)

// migrateTo applies the migrations up to version to the file at path, the
// way Open does, and returns the writer connection pool it used.
func migrateTo(t *testing.T, path string, version int64) *sql.DB {
	t.Helper()
	w, err := sql.Open("sqlite", dsn(path, "_txlock=immediate"))
	if err != nil {
		t.Fatal(err)
	}
	w.SetMaxOpenConns(1)
	migrations, err := fs.Sub(db.Migrations, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, w, migrations, goose.WithDisableGlobalRegistry(true),
		goose.WithAllowOutofOrder(true), goose.WithGoMigrations(goMigrations()...), goose.WithLogger(goose.NopLogger()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(context.Background(), version); err != nil {
		t.Fatal(err)
	}
	return w
}

// TestMeetingKindsMigrationKeepsData: a database with meetings, their
// delegations and queued mail before migrations 01410 and 01411 keeps
// every row through the rebuilds of meetings and outbox; afterwards the
// new kinds are accepted and unknown ones still refused, foreign keys are
// on and cascade to the new table, and the indexes are back.
// Control: the same rows inserted with a kind the old CHECK refuses fail
// before the migration.
func TestMeetingKindsMigrationKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	w := migrateTo(t, path, 1401)
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC).Format(time.RFC3339)
	for _, q := range []string{
		`INSERT INTO meetings (id, code, title, kind, host_country_id, time_zone, status, date_precision, start_date,
			end_date, length_days, created_at, updated_at) SELECT 1, 'adsom-2025', 'ADSOM 2025', 'adsom', id,
			'Asia/Kuala_Lumpur', 'proposed', 'month', '2025-09-01', '2025-09-30', 2, '` + now + `', '` + now + `'
			FROM countries WHERE iso3 = 'MYS'`,
		`INSERT INTO delegations (id, meeting_id, country_id, quota) SELECT 7, 1, id, 6 FROM countries WHERE iso3 = 'VNM'`,
		`INSERT INTO outbox (meeting_id, kind, to_addr, subject, body, created_at, next_attempt_at)
			VALUES (1, 'invitation', 'focal@example.org', 'Invitation', 'Body', '` + now + `', '` + now + `')`,
	} {
		if _, err := w.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.ExecContext(ctx, `UPDATE meetings SET kind = 'ewg_hadr' WHERE id = 1`); err == nil {
		t.Fatal("control: the old CHECK took an Experts' Working Group")
	}
	w.Close()

	d, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	counts, err := d.TableCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts["meetings"] != 1 || counts["delegations"] != 1 || counts["outbox"] != 1 {
		t.Errorf("after the migrations: %v", counts)
	}
	for _, q := range []string{
		`UPDATE meetings SET kind = 'ewg_hadr' WHERE id = 1`,
		`UPDATE meetings SET kind = 'adsom_plus_wg' WHERE id = 1`,
		`UPDATE outbox SET kind = 'poll_reminder'`,
	} {
		if _, err := d.write.ExecContext(ctx, q); err != nil {
			t.Errorf("%s: %v", q, err)
		}
	}
	if _, err := d.write.ExecContext(ctx, `UPDATE meetings SET kind = 'summit' WHERE id = 1`); err == nil {
		t.Error("an unknown kind is accepted")
	}
	if _, err := d.write.ExecContext(ctx, `UPDATE outbox SET kind = 'postcard'`); err == nil {
		t.Error("an unknown outbox kind is accepted")
	}
	var fk int
	if err := d.write.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign keys on the writer after the migration: %d %v", fk, err)
	}
	var indexes string
	if err := d.write.QueryRowContext(ctx, `SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema
		WHERE type = 'index' AND tbl_name IN ('meetings', 'outbox') AND sql IS NOT NULL ORDER BY name)`).Scan(&indexes); err != nil {
		t.Fatal(err)
	}
	if indexes != "meetings_by_date meetings_cluster meetings_host_country_id meetings_start_date meetings_venue_id "+
		"outbox_delegate_id outbox_meeting_id outbox_pending" {
		t.Errorf("indexes: %s", indexes)
	}
	if _, err := d.write.ExecContext(ctx, `DELETE FROM meetings WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	counts, _ = d.TableCounts(ctx)
	if counts["delegations"] != 0 || counts["outbox"] != 0 {
		t.Errorf("deleting the meeting did not cascade to the rebuilt table's children: %v", counts)
	}
}

// TestWidenCheckKeepsTheTable: widening keeps columns another migration
// added and values another added to the list, adds each value once, and
// leaves a table that already allows them all untouched.
func TestWidenCheckKeepsTheTable(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	if _, err := d.write.ExecContext(ctx, `CREATE TABLE notes (id INTEGER PRIMARY KEY,
		kind TEXT NOT NULL CHECK (kind IN ('a', 'b'))) STRICT`); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`ALTER TABLE notes ADD COLUMN lease TEXT NOT NULL DEFAULT ''`,
		`CREATE INDEX notes_lease ON notes (lease)`, `INSERT INTO notes (kind, lease) VALUES ('b', 'worker 1')`} {
		if _, err := d.write.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		err := d.update(ctx, func(tx *Tx) error { return widenCheck(ctx, tx.Tx, "notes", "kind", []string{"c", "b", "c"}) })
		if err != nil {
			t.Fatal(err)
		}
	}
	var def, lease string
	if err := d.write.QueryRowContext(ctx, `SELECT sql FROM sqlite_schema WHERE name = 'notes'`).Scan(&def); err != nil {
		t.Fatal(err)
	}
	if strings.Count(def, "'c'") != 1 || strings.Count(def, "'b'") != 1 || !strings.Contains(def, "lease") {
		t.Errorf("definition: %s", def)
	}
	if err := d.write.QueryRowContext(ctx, `SELECT lease FROM notes WHERE kind = 'b'`).Scan(&lease); err != nil || lease != "worker 1" {
		t.Errorf("row: %q %v", lease, err)
	}
	if _, err := d.write.ExecContext(ctx, `INSERT INTO notes (kind) VALUES ('c')`); err != nil {
		t.Error(err)
	}
	if _, err := d.write.ExecContext(ctx, `INSERT INTO notes (kind) VALUES ('d')`); err == nil {
		t.Error("d accepted")
	}
	var n int
	if err := d.write.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE name = 'notes_lease'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("index: %d %v", n, err)
	}
}
