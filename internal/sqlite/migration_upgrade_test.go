package sqlite

import (
	"context"
	"database/sql"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pressly/goose/v3"

	"convene/db"
	"convene/internal/convene"
)

// TestLaterRangesUpgradeAnOlderDatabase: the desk and print room's
// migrations (012xx) and the documents and letters' (013xx) landed after
// the ranges numbered above them. A database of the release before them
// has every other migration applied; opening it the production way must
// apply the two ranges out of order, and a nomination (whose row the
// letters' columns widen and the search index's triggers follow) must
// still work and be found.
func TestLaterRangesUpgradeAnOlderDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "previous.db")
	raw, err := sql.Open("sqlite", dsn(path, "_txlock=immediate"))
	if err != nil {
		t.Fatal(err)
	}
	all, err := fs.Sub(db.Migrations, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	previous, later := fstest.MapFS{}, 0
	names, _ := fs.Glob(all, "*.sql")
	for _, n := range names {
		if strings.HasPrefix(n, "012") || strings.HasPrefix(n, "013") {
			later++
			continue
		}
		b, _ := fs.ReadFile(all, n)
		previous[n] = &fstest.MapFile{Data: b}
	}
	if later == 0 {
		t.Fatal("no 012xx or 013xx migration found: the test checks nothing")
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, raw, previous, goose.WithDisableGlobalRegistry(true),
		goose.WithGoMigrations(goMigrations()...), goose.WithLogger(goose.NopLogger()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	d, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("opening the previous release's database: %v", err)
	}
	defer d.Close()
	var applied int
	if err := d.read.QueryRowContext(ctx, `SELECT count(*) FROM goose_db_version
		WHERE version_id >= 1200 AND version_id < 1400 AND is_applied`).Scan(&applied); err != nil {
		t.Fatal(err)
	}
	if applied != later {
		t.Errorf("%d of the %d later migrations applied", applied, later)
	}
	var m convene.Meeting
	var g convene.Delegation
	err = d.Seed(ctx, func(se *Seeder) error {
		khm, err := seedCountry(ctx, se, "KHM")
		if err != nil {
			return err
		}
		m = convene.Meeting{Code: "upgrade", Title: "Upgrade", Kind: convene.KindADSOMWG, HostCountryID: khm.ID,
			TimeZone: "Asia/Phnom_Penh", Status: convene.StatusProposed, DatePrecision: convene.PrecisionDay,
			StartDate: convene.Date{Year: 2027, Month: 2, Day: 1}}
		if err := se.CreateMeeting(ctx, &m); err != nil {
			return err
		}
		g = convene.Delegation{MeetingID: m.ID, CountryID: khm.ID, Quota: 5}
		return se.CreateDelegation(ctx, &g)
	})
	if err != nil {
		t.Fatal(err)
	}
	r := convene.Registration{Delegate: convene.Delegate{DelegationID: g.ID, GivenName: "សុភា", FamilyName: "ចាន់",
		Role: convene.RoleMember}}
	if err := d.Nominate(ctx, &r); err != nil {
		t.Fatalf("a nomination after the upgrade: %v", err)
	}
	if got, n, err := d.FindRegistrations(ctx, convene.RegistrationFilter{MeetingID: m.ID, Query: "សុភា"}); err != nil || n != 1 || got[0].ID != r.ID {
		t.Errorf("the search after the upgrade found %d (%v); want the new person", n, err)
	}
}
