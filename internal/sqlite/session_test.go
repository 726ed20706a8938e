package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"convene/internal/convene"
)

// bookingDB is a database with one meeting in one venue with one room.
func bookingDB(t *testing.T, opts ...Option) (*DB, convene.Session) {
	t.Helper()
	ctx := context.Background()
	d, err := Open(ctx, filepath.Join(t.TempDir(), "c.db"), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	var s convene.Session
	err = d.Seed(ctx, func(se *Seeder) error {
		mys, err := seedCountry(ctx, se, "MYS")
		if err != nil {
			return err
		}
		v := convene.Venue{Name: "Shangri-La", TimeZone: "Asia/Kuala_Lumpur", Rooms: []convene.Room{{Name: "Straits Room",
			Seats: map[convene.RoomLayout]int{convene.LayoutHollowSquare: 60}}}}
		if err := se.CreateVenue(ctx, &v); err != nil {
			return err
		}
		m := convene.Meeting{Code: "wg", Title: "ADSOM WG", Kind: convene.KindADSOMWG, HostCountryID: mys.ID,
			VenueID: v.ID, TimeZone: "Asia/Kuala_Lumpur", Status: convene.StatusProposed, DatePrecision: convene.PrecisionDay,
			StartDate: convene.Date{Year: 2025, Month: 2, Day: 26}}
		if err := se.CreateMeeting(ctx, &m); err != nil {
			return err
		}
		start := time.Date(2025, 2, 26, 1, 0, 0, 0, time.UTC)
		s = convene.Session{MeetingID: m.ID, Title: "Session", Kind: convene.SessionWorkingGroup, StartsAt: start,
			EndsAt: start.Add(time.Hour), RoomID: v.Rooms[0].ID, Attendance: convene.AttendSecretariat,
			Visibility: convene.VisibleInternal}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return d, s
}

func roomBookings(t *testing.T, d *DB) int {
	t.Helper()
	var n int
	if err := d.read.QueryRow(`SELECT count(*) FROM sessions`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCreateSessionRoomCheckIsAtomic: goroutines book one room at one time
// through CreateSession all at once; exactly one wins.
func TestCreateSessionRoomCheckIsAtomic(t *testing.T) {
	d, s := bookingDB(t)
	const n = 12
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins, refusals := 0, 0
	start := make(chan struct{})
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := s
			<-start
			_, err := d.CreateSession(context.Background(), &x)
			mu.Lock()
			defer mu.Unlock()
			switch convene.ErrorCode(err) {
			case "":
				wins++
			case convene.EINVALID:
				refusals++
			default:
				t.Error(err)
			}
		}()
	}
	close(start)
	wg.Wait()
	if wins != 1 || refusals != n-1 || roomBookings(t, d) != 1 {
		t.Errorf("wins %d, refusals %d, rows %d; want 1, %d, 1", wins, refusals, roomBookings(t, d), n-1)
	}
}

// TestRoomCheckControl is the control that shows the test above can fail:
// the same check and insert done in two transactions, with every goroutine
// checking before any inserts, books the room n times. It is the bug that
// one immediate transaction prevents.
func TestRoomCheckControl(t *testing.T) {
	d, s := bookingDB(t)
	const n = 4
	var checked sync.WaitGroup
	checked.Add(n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			var busy int
			err := d.view(ctx, func(tx *sql.Tx) error {
				return tx.QueryRowContext(ctx, `SELECT count(*) FROM sessions WHERE room_id = ? AND starts_at < ? AND ends_at > ?`,
					s.RoomID, formatTime(s.EndsAt), formatTime(s.StartsAt)).Scan(&busy)
			})
			checked.Done()
			checked.Wait() // everyone has looked before anyone books
			if err != nil || busy > 0 {
				return
			}
			x := s
			x.ClashOverride = "" // the check already ran; insert without it
			if err := d.update(ctx, func(tx *Tx) error {
				_, err := tx.ExecContext(ctx, `INSERT INTO sessions (meeting_id, title, kind, starts_at, ends_at, room_id,
					attendance, visibility, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
					x.MeetingID, x.Title, x.Kind, formatTime(x.StartsAt), formatTime(x.EndsAt), x.RoomID, x.Attendance,
					x.Visibility, formatTime(tx.now), formatTime(tx.now))
				return err
			}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if got := roomBookings(t, d); got != n {
		t.Errorf("split check and insert booked the room %d times; the control expects %d", got, n)
	}
}
