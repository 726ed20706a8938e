package sqlite

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"convene/internal/convene"
)

// holdOf is a hold of the same room and time as the session s.
func holdOf(s convene.Session) convene.RoomHold {
	return convene.RoomHold{MeetingID: s.MeetingID, RoomID: s.RoomID, Kind: convene.HoldSetup, Label: "Set-up",
		StartsAt: s.StartsAt, EndsAt: s.EndsAt}
}

// roomUses counts the sessions and holds booked in the database.
func roomUses(t *testing.T, d *DB) int {
	t.Helper()
	var n int
	if err := d.read.QueryRow(`SELECT (SELECT count(*) FROM sessions) + (SELECT count(*) FROM room_holds)`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestHoldAndSessionRoomCheckIsAtomic: goroutines book one room at one time
// all at once, half as a room hold and half as a programme session; exactly
// one of them wins, whichever kind, and the room is booked once.
func TestHoldAndSessionRoomCheckIsAtomic(t *testing.T) {
	d, s := bookingDB(t)
	const n = 12
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins, refusals := 0, 0
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			<-start
			var err error
			if i%2 == 0 {
				h := holdOf(s)
				err = d.CreateRoomHold(ctx, &h)
			} else {
				x := s
				_, err = d.CreateSession(ctx, &x)
			}
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
	if wins != 1 || refusals != n-1 || roomUses(t, d) != 1 {
		t.Errorf("wins %d, refusals %d, bookings %d; want 1, %d, 1", wins, refusals, roomUses(t, d), n-1)
	}
}

// TestHoldRoomCheckControl shows the test above can fail: CreateRoomHold
// split by its hook into a check and a later insert, every goroutine
// checking before any inserts, holds the room n times.
func TestHoldRoomCheckControl(t *testing.T) {
	const n = 4
	var checked sync.WaitGroup
	checked.Add(n)
	d, s := bookingDB(t, WithHooks(Hooks{BetweenHoldCheckAndInsert: func() {
		checked.Done()
		checked.Wait() // everyone has looked before anyone books
	}}))
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := holdOf(s)
			if err := d.CreateRoomHold(context.Background(), &h); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if got := roomUses(t, d); got != n {
		t.Errorf("split check and insert booked the room %d times; the control expects %d", got, n)
	}
}

// TestHoldBlocksSessionUnlessReasonGiven: a session saved into a held room
// is refused with the hold named next to the room, writes nothing, and is
// kept when a reason is given; a hold over a session is refused the same way.
func TestHoldBlocksSessionUnlessReasonGiven(t *testing.T) {
	ctx := context.Background()
	d, s := bookingDB(t)
	h := holdOf(s)
	h.Label = "Media centre"
	if err := d.CreateRoomHold(ctx, &h); err != nil {
		t.Fatal(err)
	}
	x := s
	_, err := d.CreateSession(ctx, &x)
	if f := convene.ErrorFields(err); f["room"] == "" || !strings.Contains(f["room"], "the hold “Media centre”") {
		t.Fatalf("session over a hold: %v", err)
	}
	if roomUses(t, d) != 1 {
		t.Fatalf("a refused session was written")
	}
	x = s
	x.ClashOverride = "The media briefing uses the set-up."
	if _, err := d.CreateSession(ctx, &x); err != nil {
		t.Fatalf("session kept with a reason: %v", err)
	}
	later := holdOf(s)
	later.StartsAt, later.EndsAt = s.StartsAt.Add(30*time.Minute), s.EndsAt.Add(time.Hour)
	if err := d.CreateRoomHold(ctx, &later); convene.ErrorFields(err)["room"] == "" {
		t.Fatalf("hold over a session: %v", err)
	}
	cs, err := d.MeetingClashes(ctx, s.MeetingID)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].Kind != convene.ClashRoom || cs[0].Override == "" {
		t.Errorf("clash report: %+v", cs)
	}
}

// TestCloneMovesRoomHolds: a meeting cloned a year on takes its room holds,
// moved by the same days and kept at the same venue time.
func TestCloneMovesRoomHolds(t *testing.T) {
	ctx := context.Background()
	d, s := bookingDB(t)
	h := holdOf(s)
	h.Kind, h.Label = convene.HoldMediaCentre, "Media centre"
	if err := d.CreateRoomHold(ctx, &h); err != nil {
		t.Fatal(err)
	}
	src, err := d.FindMeetingByCode(ctx, "wg")
	if err != nil {
		t.Fatal(err)
	}
	m := src
	m.ID, m.Code, m.Title = 0, "wg-2026", "ADSOM WG 2026"
	m.StartDate, m.EndDate = convene.Date{Year: 2026, Month: 2, Day: 25}, convene.Date{Year: 2026, Month: 2, Day: 25}
	if res, err := d.CloneMeeting(ctx, src.ID, &m, convene.CloneOptions{}); err != nil || res.RoomHolds != 1 {
		t.Fatalf("clone: %+v %v", res, err)
	}
	hs, err := d.FindRoomHolds(ctx, m.ID)
	if err != nil || len(hs) != 1 {
		t.Fatalf("cloned holds: %v %v", hs, err)
	}
	days := convene.CloneOffset(src, m)
	if got := hs[0]; got.Label != "Media centre" || got.RoomID != h.RoomID || !got.StartsAt.Equal(h.StartsAt.AddDate(0, 0, days)) ||
		!got.EndsAt.Equal(h.EndsAt.AddDate(0, 0, days)) {
		t.Errorf("cloned hold %+v, moved by %d days from %v", got, days, h.StartsAt)
	}
}
