package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pressly/goose/v3"

	"convene/db"
	"convene/internal/convene"
)

// seedCountry looks up a country the migrations ship, inside a Seed.
func seedCountry(ctx context.Context, se *Seeder, iso3 string) (convene.Country, error) {
	cs, err := se.Countries(ctx)
	if err != nil {
		return convene.Country{}, err
	}
	for _, c := range cs {
		if c.ISO3 == iso3 {
			return c, nil
		}
	}
	return convene.Country{}, fmt.Errorf("no country %s", iso3)
}

func date(y, m, d int) convene.Date { return convene.Date{Year: y, Month: time.Month(m), Day: d} }

// wantCountries is the reference data of migration 01000: code, name and
// standing on 1 January 2026.
var wantCountries = []struct{ iso3, name, standing string }{
	{"BRN", "Brunei Darussalam", "member"}, {"KHM", "Cambodia", "member"}, {"IDN", "Indonesia", "member"},
	{"LAO", "Lao PDR", "member"}, {"MYS", "Malaysia", "member"}, {"MMR", "Myanmar", "member"},
	{"PHL", "Philippines", "member"}, {"SGP", "Singapore", "member"}, {"THA", "Thailand", "member"},
	{"TLS", "Timor-Leste", "member"}, {"VNM", "Viet Nam", "member"},
	{"AUS", "Australia", "partner"}, {"CHN", "China", "partner"}, {"IND", "India", "partner"},
	{"JPN", "Japan", "partner"}, {"NZL", "New Zealand", "partner"}, {"KOR", "Republic of Korea", "partner"},
	{"RUS", "Russian Federation", "partner"}, {"USA", "United States", "partner"},
	{"XAS", "ASEAN Secretariat", "organisation"},
}

// checkReference checks the countries and standings of a migrated database:
// the twenty participants in protocol order on 1 January 2026, Timor-Leste
// an observer on the day of the ADMM Retreat, every country's periods valid,
// and no stored rank or observer flag left.
func checkReference(t *testing.T, d *DB) {
	t.Helper()
	ctx := context.Background()
	cs, err := d.FindCountriesOn(ctx, date(2026, 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	var got, want []string
	for _, c := range cs {
		got = append(got, c.ISO3+" "+c.Name+" "+string(c.Standing))
	}
	for _, w := range wantCountries {
		want = append(want, w.iso3+" "+w.name+" "+w.standing)
	}
	if !slices.Equal(got, want) {
		t.Errorf("countries on 2026-01-01:\n got %q\nwant %q", got, want)
	}
	retreat, err := d.FindCountriesOn(ctx, date(2025, 2, 26))
	if err != nil {
		t.Fatal(err)
	}
	if tls := retreat[10]; tls.ISO3 != "TLS" || tls.Standing != convene.StandingObserver || !tls.Observer {
		t.Errorf("on 2025-02-26 the 11th is %+v, want Timor-Leste as observer", tls)
	}
	var ref reference
	if err := d.view(ctx, func(tx *sql.Tx) (err error) { ref, err = loadReference(ctx, tx); return err }); err != nil {
		t.Fatal(err)
	}
	for _, c := range ref.countries {
		if len(ref.periods[c.ID]) == 0 {
			t.Errorf("%s has no standing at all", c.ISO3)
		}
		if err := convene.ValidateStandingPeriods(ref.periods[c.ID]); err != nil {
			t.Errorf("%s: %v", c.ISO3, err)
		}
	}
	var cols []string
	if err := d.view(ctx, func(tx *sql.Tx) (err error) {
		cols, err = queryAll(ctx, tx, func(row scanner) (s string, err error) { return s, row.Scan(&s) },
			`SELECT name FROM pragma_table_info('countries') ORDER BY cid`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if strings.Join(cols, ",") != "id,iso3,name" {
		t.Errorf("countries has columns %v, want id, iso3, name (no stored rank or observer flag)", cols)
	}
}

// TestFreshDatabaseHasReferenceCountries: a new, empty database has the
// twenty participants with their standings, from the migrations alone.
func TestFreshDatabaseHasReferenceCountries(t *testing.T) {
	d := openTest(t)
	checkReference(t, d)
	mys, err := d.FindCountryByISO3(context.Background(), "XAS")
	if err != nil || mys.Name != "ASEAN Secretariat" || mys.Standing != convene.StandingOrganisation {
		t.Errorf("XAS: %+v %v", mys, err)
	}
	if _, err := d.FindCountryByISO3(context.Background(), "ATL"); convene.ErrorCode(err) != convene.ENOTFOUND {
		t.Errorf("unknown code: %v", err)
	}
}

// TestMigrationUpgradesOldCountries builds a database as Convene made it
// before migration 01000 (every other migration applied, the demo's eleven
// countries with protocol_rank and observer, a focal point, a meeting and
// delegations pointing at them), then opens it the production way: the
// countries keep their ids, the partners and the ASEAN Secretariat are
// added, the old columns are gone, and every foreign key still holds.
func TestMigrationUpgradesOldCountries(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	raw, err := sql.Open("sqlite", dsn(path, "_txlock=immediate"))
	if err != nil {
		t.Fatal(err)
	}
	all, err := fs.Sub(db.Migrations, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	old := fstest.MapFS{}
	names, _ := fs.Glob(all, "*.sql")
	for _, n := range names {
		if strings.HasPrefix(n, "01000_") {
			continue
		}
		b, _ := fs.ReadFile(all, n)
		old[n] = &fstest.MapFile{Data: b}
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, raw, old, goose.WithDisableGlobalRegistry(true),
		goose.WithLogger(goose.NopLogger()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
	// The demo's countries as the old loader stored them: in its own order,
	// ranked by the old function, Timor-Leste flagged observer.
	demo := []struct {
		iso3, name string
		observer   int
		rank       int
	}{{"BRN", "Brunei Darussalam", 0, 1}, {"KHM", "Cambodia", 0, 2}, {"IDN", "Indonesia", 0, 3},
		{"LAO", "Lao PDR", 0, 4}, {"MYS", "Malaysia", 0, 5}, {"MMR", "Myanmar", 0, 6}, {"PHL", "Philippines", 0, 7},
		{"SGP", "Singapore", 0, 8}, {"THA", "Thailand", 0, 9}, {"VNM", "Viet Nam", 0, 10}, {"TLS", "Timor-Leste", 1, 11}}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := raw.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	oldID := map[string]int64{}
	for i, c := range demo {
		oldID[c.iso3] = int64(i + 1)
		exec(`INSERT INTO countries (id, iso3, name, observer, protocol_rank) VALUES (?, ?, ?, ?, ?)`,
			i+1, c.iso3, c.name, c.observer, c.rank)
	}
	now := "2025-01-10T00:00:00.000Z"
	exec(`INSERT INTO users (id, email, name, role, country_id, created_at, updated_at)
		VALUES (1, 'focal.tls@demo.test', 'Joana Soares', 'focal', ?, ?, ?)`, oldID["TLS"], now, now)
	exec(`INSERT INTO meetings (id, code, title, kind, host_country_id, time_zone, status, date_precision, start_date,
		end_date, length_days, created_at, updated_at) VALUES (1, 'admm-retreat-2025', 'ADMM Retreat 2025', 'admm_retreat', ?1,
		'Asia/Kuala_Lumpur', 'registration_open', 'day', '2025-02-26', '2025-02-26', 1, ?2, ?2),
		(2, 'admm-2025', 'ADMM 2025', 'admm', ?1, 'Asia/Kuala_Lumpur', 'proposed', 'month', '2025-11-01', '2025-11-30', 2, ?2, ?2)`,
		oldID["MYS"], now)
	for _, m := range []int{1, 2} {
		for _, c := range demo {
			exec(`INSERT INTO delegations (meeting_id, country_id, quota, status) VALUES (?, ?, 4, 'not_started')`, m, oldID[c.iso3])
		}
	}
	exec(`INSERT INTO holidays (country_id, day, name) VALUES (?, '2025-11-28', 'Proclamation of Independence Day')`, oldID["TLS"])
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}

	d, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("the old database does not migrate: %v", err)
	}
	defer d.Close()
	checkReference(t, d)
	cs, err := d.FindCountries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if id, ok := oldID[c.ISO3]; ok && id != c.ID {
			t.Errorf("%s moved from id %d to %d", c.ISO3, id, c.ID)
		}
	}
	u, err := d.FindUserByEmail(ctx, "focal.tls@demo.test")
	if err != nil || u.CountryID != oldID["TLS"] {
		t.Errorf("Timor-Leste's focal point: %+v %v", u, err)
	}
	order := func(meetingID int64) string {
		gs, err := d.FindDelegations(ctx, convene.DelegationFilter{MeetingID: meetingID})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, g := range gs {
			out = append(out, g.Country.ISO3)
		}
		return strings.Join(out, " ")
	}
	if got := order(1); got != "BRN KHM IDN LAO MYS MMR PHL SGP THA VNM TLS" {
		t.Errorf("Retreat, February 2025: %s", got)
	}
	if got := order(2); got != "BRN KHM IDN LAO MYS MMR PHL SGP THA TLS VNM" {
		t.Errorf("ADMM, November 2025: %s", got)
	}
	var problems int
	if err := d.view(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM pragma_foreign_key_check`).Scan(&problems)
	}); err != nil || problems != 0 {
		t.Errorf("foreign key check: %d rows, %v", problems, err)
	}
}

// TestSeedHolidaysLoadsEveryRow: a new database (no demo) has every row of
// the embedded holiday files from its migrations, the partners' included.
func TestSeedHolidaysLoadsEveryRow(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	files, err := fs.Glob(db.Holidays, "seed/holidays_*.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, perCountry := 0, map[string]int{}
	for _, f := range files {
		b, _ := db.Holidays.ReadFile(f)
		hs, err := convene.ParseHolidayCSV(strings.NewReader(string(b)))
		if err != nil {
			t.Fatal(err)
		}
		rows += len(hs)
		for _, h := range hs {
			perCountry[h.ISO3]++
		}
	}
	n, err := d.FindHolidayCount(ctx)
	if err != nil || n != rows {
		t.Errorf("%d holidays stored, want every one of the %d rows: %v", n, rows, err)
	}
	for _, iso3 := range []string{"AUS", "CHN", "IND", "JPN", "NZL", "KOR", "RUS", "USA"} {
		if perCountry[iso3] == 0 {
			t.Errorf("the seed files have no holidays of the partner %s", iso3)
		}
	}
	var aus int
	if err := d.view(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM holidays h JOIN countries c ON c.id = h.country_id
			WHERE c.iso3 = 'AUS'`).Scan(&aus)
	}); err != nil || aus != perCountry["AUS"] {
		t.Errorf("Australia: %d holidays stored, want %d: %v", aus, perCountry["AUS"], err)
	}
}

// TestReferenceCacheFollowsChanges: the countries and standings the store
// keeps between reads follow any change to the tables, even one made
// behind the store's back: Timor-Leste admitted earlier, then renamed.
func TestReferenceCacheFollowsChanges(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	tlsOn := func(day convene.Date) convene.Country {
		t.Helper()
		cs, err := d.FindCountriesOn(ctx, day)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if c.ISO3 == "TLS" {
				return c
			}
		}
		t.Fatal("no Timor-Leste")
		return convene.Country{}
	}
	if c := tlsOn(date(2025, 2, 26)); c.Standing != convene.StandingObserver {
		t.Fatalf("before: %+v", c)
	}
	for _, q := range []string{
		`UPDATE country_standings SET valid_to = '2025-01-31' WHERE standing = 'observer'`,
		`UPDATE country_standings SET valid_from = '2025-02-01' WHERE standing = 'member'
			AND country_id = (SELECT id FROM countries WHERE iso3 = 'TLS')`,
	} {
		if _, err := d.write.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if c := tlsOn(date(2025, 2, 26)); c.Standing != convene.StandingMember {
		t.Errorf("after the standing changed: %+v", c)
	}
	if _, err := d.write.ExecContext(ctx, `UPDATE countries SET name = 'Timor Leste' WHERE iso3 = 'TLS'`); err != nil {
		t.Fatal(err)
	}
	if c := tlsOn(date(2025, 2, 26)); c.Name != "Timor Leste" {
		t.Errorf("after the rename: %+v", c)
	}
	// The list handed out is the caller's own: changing it changes no
	// later answer.
	cs, _ := d.FindCountriesOn(ctx, date(2025, 2, 26))
	cs[0].Name = "scribbled"
	if again, _ := d.FindCountriesOn(ctx, date(2025, 2, 26)); again[0].Name == "scribbled" {
		t.Error("the cached order was handed out and changed")
	}
}
