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
	"convene/internal/convene"
)

// migrationsBefore is the embedded migrations without those whose names
// start with one of hide, as a database made before they landed saw them.
type migrationsBefore struct {
	fs.FS
	hide []string
}

func (m migrationsBefore) hidden(name string) bool {
	for _, h := range m.hide {
		if strings.HasPrefix(filepath.Base(name), h) {
			return true
		}
	}
	return false
}

func (m migrationsBefore) Open(name string) (fs.File, error) {
	if m.hidden(name) {
		return nil, fs.ErrNotExist
	}
	return m.FS.Open(name)
}

func (m migrationsBefore) ReadDir(name string) ([]fs.DirEntry, error) {
	es, err := fs.ReadDir(m.FS, name)
	var out []fs.DirEntry
	for _, e := range es {
		if !m.hidden(e.Name()) {
			out = append(out, e)
		}
	}
	return out, err
}

// TestMigrationKeepsRoomsAndMovesBlockers makes a database as it was before
// issue 15's venue migrations (and the later ones on their tables, 01550), with a room of one capacity and the
// programme's "Internal / blocker" sessions, then opens it the production
// way: the room keeps its capacity as a layout (the "room too small" warning
// reads the same number), the blocker with a room becomes a room hold with
// its title, times and notes, and the one without a room stays a session.
func TestMigrationKeepsRoomsAndMovesBlockers(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	raw, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	sub, err := fs.Sub(db.Migrations, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, raw, migrationsBefore{sub, []string{"0102", "01550"}},
		goose.WithDisableGlobalRegistry(true), goose.WithAllowOutofOrder(true), goose.WithLogger(goose.NopLogger()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
	now := "2025-01-10T00:00:00.000Z"
	for _, q := range []string{
		// The countries ship with the migrations (01000).
		`INSERT INTO venues (id, name, kind, time_zone) VALUES (1, 'Shangri-La', 'hotel', 'Asia/Kuala_Lumpur')`,
		`INSERT INTO rooms (id, venue_id, name, capacity, notes) VALUES (1, 1, 'Straits Room', 60, 'Hollow square')`,
		`INSERT INTO meetings (id, code, title, kind, host_country_id, venue_id, time_zone, status, date_precision,
			start_date, end_date, created_at, updated_at) VALUES (1, 'wg', 'ADSOM WG', 'adsom_wg', (SELECT id FROM countries WHERE iso3 = 'MYS'), 1,
			'Asia/Kuala_Lumpur', 'proposed', 'day', '2025-02-26', '2025-02-26', '` + now + `', '` + now + `')`,
		`INSERT INTO sessions (meeting_id, title, kind, starts_at, ends_at, room_id, attendance, visibility,
			internal_notes, created_at, updated_at) VALUES (1, 'Secretariat briefing and room check', 'internal',
			'2025-02-26T00:00:00.000Z', '2025-02-26T00:45:00.000Z', 1, 'secretariat', 'internal', 'Check the flags.', '` + now + `', '` + now + `')`,
		`INSERT INTO sessions (meeting_id, title, kind, starts_at, ends_at, attendance, visibility, created_at, updated_at)
			VALUES (1, 'Secretariat call', 'internal', '2025-02-26T10:00:00.000Z', '2025-02-26T10:30:00.000Z', 'secretariat',
			'internal', '` + now + `', '` + now + `')`,
		`INSERT INTO sessions (meeting_id, title, kind, starts_at, ends_at, room_id, attendance, visibility, created_at, updated_at)
			VALUES (1, 'Session 1', 'working_group', '2025-02-26T01:00:00.000Z', '2025-02-26T02:00:00.000Z', 1, 'delegations',
			'delegates', '` + now + `', '` + now + `')`,
	} {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}

	d, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	rooms, err := d.FindMeetingRooms(ctx, 1)
	if err != nil || len(rooms) != 1 {
		t.Fatalf("rooms %v, %v", rooms, err)
	}
	if r := rooms[0]; r.Capacity != 60 || r.Seats[convene.LayoutHollowSquare] != 60 || len(r.Seats) != 1 || r.Notes != "Hollow square" {
		t.Errorf("room after migration: %+v", r)
	}
	holds, err := d.FindRoomHolds(ctx, 1)
	if err != nil || len(holds) != 1 {
		t.Fatalf("holds %v, %v", holds, err)
	}
	h := holds[0]
	if h.Label != "Secretariat briefing and room check" || h.RoomID != 1 || h.Notes != "Check the flags." ||
		h.Kind != convene.HoldSecretariatOffice || !h.StartsAt.Equal(time.Date(2025, 2, 26, 0, 0, 0, 0, time.UTC)) ||
		!h.EndsAt.Equal(time.Date(2025, 2, 26, 0, 45, 0, 0, time.UTC)) {
		t.Errorf("hold after migration: %+v", h)
	}
	ss, err := d.FindSessions(ctx, convene.SessionFilter{MeetingIDs: []int64{1}})
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, s := range ss {
		titles = append(titles, s.Title)
		if s.Title == "Session 1" && s.RoomCapacity != 60 {
			t.Errorf("session's room capacity after migration: %d", s.RoomCapacity)
		}
	}
	if strings.Join(titles, ", ") != "Session 1, Secretariat call" {
		t.Errorf("sessions after migration: %v", titles)
	}
	airports, err := d.FindAirports(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"PEN", "KUL", "MNL", "CGK", "BKK", "SIN", "HAN", "SGN", "PNH", "VTE", "RGN", "BWN", "DIL",
		"CBR", "PEK", "DEL", "HND", "WLG", "ICN", "SVO", "IAD"} {
		if _, ok := airports.Find(code); !ok {
			t.Errorf("airport %s not seeded", code)
		}
	}
}

// venueDB is a database with a venue used by a meeting and another used by
// nobody.
func venueDB(t *testing.T) (*DB, convene.Venue, convene.Venue, convene.Meeting) {
	t.Helper()
	ctx := context.Background()
	d := openTest(t)
	used := convene.Venue{Name: "Philippine International Convention Center", Kind: convene.VenueConventionCentre,
		TimeZone: "Asia/Manila", Region: "PH-00", Rooms: []convene.Room{{Name: "Plenary Hall",
			Seats: map[convene.RoomLayout]int{convene.LayoutHollowSquare: 80, convene.LayoutTheatre: 400}}}}
	unused := convene.Venue{Name: "Manila Hotel", Kind: convene.VenueHotel, TimeZone: "Asia/Manila"}
	var m convene.Meeting
	err := d.Seed(ctx, func(se *Seeder) error {
		all, err := se.Countries(ctx)
		if err != nil {
			return err
		}
		var phl convene.Country
		for _, c := range all {
			if c.ISO3 == "PHL" {
				phl = c
			}
		}
		for _, v := range []*convene.Venue{&used, &unused} {
			if err := se.CreateVenue(ctx, v); err != nil {
				return err
			}
		}
		m = convene.Meeting{Code: "admm-2026", Title: "ADMM 2026", Kind: convene.KindADMM, HostCountryID: phl.ID,
			VenueID: used.ID, TimeZone: "Asia/Manila", Status: convene.StatusProposed, DatePrecision: convene.PrecisionMonth,
			StartDate: convene.Date{Year: 2026, Month: 11, Day: 1}, LengthDays: 2}
		return se.CreateMeeting(ctx, &m)
	})
	if err != nil {
		t.Fatal(err)
	}
	return d, used, unused, m
}

func TestDeleteVenueInUseWritesNothing(t *testing.T) {
	ctx := context.Background()
	d, used, unused, _ := venueDB(t)
	before, err := d.TableCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	err = d.DeleteVenue(ctx, used.ID)
	if convene.ErrorCode(err) != convene.EINVALID || !strings.Contains(convene.ErrorMessage(err), "ADMM 2026") {
		t.Fatalf("deleting a venue in use: %v", err)
	}
	after, err := d.TableCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for k, n := range before {
		if after[k] != n {
			t.Errorf("%s: %d rows before, %d after a refused delete", k, n, after[k])
		}
	}
	if err := d.DeleteRoom(ctx, used.ID, used.Rooms[0].ID); err != nil {
		t.Errorf("deleting a room nothing books: %v", err)
	}
	if err := d.DeleteVenue(ctx, unused.ID); err != nil {
		t.Errorf("deleting a venue nobody uses: %v", err)
	}
}

// TestPlannerCountsRegionalHolidaysAtTheVenue: a holiday of Metro Manila
// (PH-00) counts for a meeting at a venue in Metro Manila and not for the
// same meeting once its venue is in Cebu (PH-07); national holidays count
// in both.
func TestPlannerCountsRegionalHolidaysAtTheVenue(t *testing.T) {
	ctx := context.Background()
	d, used, _, m := venueDB(t)
	phl, err := d.FindCountryByISO3(ctx, "PHL")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.ImportHolidays(ctx, []convene.Holiday{
		{ISO3: "PHL", Date: convene.Date{Year: 2026, Month: 11, Day: 11}, Name: "Metro Manila Day", Region: "PH-00", Verified: true},
		{ISO3: "PHL", Date: convene.Date{Year: 2026, Month: 11, Day: 30}, Name: "Bonifacio Day", Verified: true},
	}); err != nil {
		t.Fatal(err)
	}
	counted := func() []string {
		t.Helper()
		m, err := d.FindMeetingByCode(ctx, m.Code)
		if err != nil {
			t.Fatal(err)
		}
		in, err := d.PlannerInput(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		var out []string
		for _, c := range convene.PlanDates(in) {
			for _, h := range c.Holidays {
				if h.CountryID == phl.ID && !seen[h.Name] {
					seen[h.Name] = true
					out = append(out, h.Name)
				}
			}
		}
		return out
	}
	if got := strings.Join(counted(), ", "); got != "Metro Manila Day, Bonifacio Day" {
		t.Errorf("venue in PH-00: holidays counted %q", got)
	}
	v, err := d.FindVenueByID(ctx, used.ID)
	if err != nil {
		t.Fatal(err)
	}
	v.Region = "PH-07"
	if err := d.UpdateVenue(ctx, v.ID, &v); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(counted(), ", "); got != "Bonifacio Day" {
		t.Errorf("venue in PH-07: holidays counted %q", got)
	}
}
