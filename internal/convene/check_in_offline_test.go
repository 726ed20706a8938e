package convene

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestDecideQueuedCheckIn walks the rule for scans the desk made offline:
// what is recorded, at what time, and what comes back as a conflict.
func TestDecideQueuedCheckIn(t *testing.T) {
	now := time.Date(2025, 2, 25, 9, 30, 0, 0, time.UTC)
	const id, meeting = "0b7c6a52-3f1e-4c1d-9a51-2d1f7c0e4b11", 7
	holder := Delegate{ID: 3, GivenName: "Quốc Bình", FamilyName: "Trần", FamilyNameFirst: true, Status: RegAccredited}
	valid := &Badge{ID: 1, MeetingID: meeting, Code: "K7QFM2XA00000001", Version: 1, Status: BadgeActive, Delegate: holder}
	with := func(f func(b *Badge)) *Badge { b := *valid; f(&b); return &b }
	scan := func(at time.Time) QueuedCheckIn {
		return QueuedCheckIn{ClientID: id, Code: "k7qf-m2xa-0000-0001", ScannedAt: at}
	}
	ok := QueuedCheckInFacts{Badge: valid, SessionExists: true}
	// A badge holder's badge (a driver): no delegate, the holder's name.
	driver := &Badge{ID: 2, MeetingID: meeting, Code: "K7QFM2XA00000002", Version: 1, Status: BadgeActive, HolderID: 5, HolderName: "Somchai Driver"}
	revokedDriver := *driver
	revokedDriver.Status = BadgeRevoked
	for _, c := range []struct {
		name    string
		q       QueuedCheckIn
		f       QueuedCheckInFacts
		want    SyncOutcome
		at      time.Time // checked when want is recorded and not a repeat
		message string    // part of the message
	}{
		{"valid badge, scanned ten minutes ago", scan(now.Add(-10 * time.Minute)), ok, SyncRecorded, now.Add(-10 * time.Minute), "Checked in: Trần Quốc Bình"},
		{"scan time in the future is the sync's", scan(now.Add(time.Hour)), ok, SyncRecorded, now, "Checked in"},
		{"scan time unknown is the sync's", scan(time.Time{}), ok, SyncRecorded, now, "Checked in"},
		{"scan time too old is the sync's", scan(now.Add(-MaxQueuedAge - time.Minute)), ok, SyncRecorded, now, "Checked in"},
		{"scan time just within the age", scan(now.Add(-MaxQueuedAge)), ok, SyncRecorded, now.Add(-MaxQueuedAge), "Checked in"},
		{"repeat send of a recorded scan", scan(now), QueuedCheckInFacts{Badge: with(func(b *Badge) { b.Status = BadgeRevoked }), SameScan: true, SessionExists: true},
			SyncRecorded, time.Time{}, "sent before"},
		{"revoked while offline", scan(now), QueuedCheckInFacts{Badge: with(func(b *Badge) { b.Status = BadgeRevoked }), SessionExists: true},
			SyncConflict, time.Time{}, "badge was revoked"},
		{"superseded while offline", scan(now), QueuedCheckInFacts{Badge: with(func(b *Badge) { b.Status = BadgeSuperseded }), SessionExists: true},
			SyncConflict, time.Time{}, "replaced by a reprint"},
		{"holder withdrawn while offline", scan(now), QueuedCheckInFacts{Badge: with(func(b *Badge) { b.Delegate.Status = RegWithdrawn }), SessionExists: true},
			SyncConflict, time.Time{}, "not accredited"},
		{"another meeting's badge", scan(now), QueuedCheckInFacts{Badge: with(func(b *Badge) { b.MeetingID = 8 }), SessionExists: true},
			SyncConflict, time.Time{}, "another meeting"},
		{"unknown code", scan(now), QueuedCheckInFacts{SessionExists: true}, SyncConflict, time.Time{}, "no badge has this code"},
		{"empty code", QueuedCheckIn{ClientID: id, Code: " - "}, ok, SyncConflict, time.Time{}, "no badge has this code"},
		{"checked in by another desk", scan(now), QueuedCheckInFacts{Badge: valid, OtherScan: true, SessionExists: true}, SyncAlready, time.Time{}, "already checked in"},
		{"outside the session's rule", scan(now), QueuedCheckInFacts{Badge: valid, Warning: "Not on the list for “Family photo”", SessionExists: true},
			SyncConflict, time.Time{}, "Family photo"},
		{"session deleted meanwhile", scan(now), QueuedCheckInFacts{Badge: valid}, SyncConflict, time.Time{}, "no longer exists"},
		{"badge holder's valid badge", scan(now.Add(-time.Minute)), QueuedCheckInFacts{Badge: driver, SessionExists: true},
			SyncRecorded, now.Add(-time.Minute), "Checked in: Somchai Driver"},
		{"badge holder's badge revoked while offline", scan(now), QueuedCheckInFacts{Badge: &revokedDriver, SessionExists: true},
			SyncConflict, time.Time{}, "Somchai Driver's badge was revoked"},
		{"badge holder already checked in", scan(now), QueuedCheckInFacts{Badge: driver, OtherScan: true, SessionExists: true},
			SyncAlready, time.Time{}, "Somchai Driver was already checked in"},
		{"no client id", QueuedCheckIn{Code: valid.Code}, ok, SyncInvalid, time.Time{}, "valid id"},
		{"client id not a uuid", QueuedCheckIn{ClientID: strings.Repeat("z", 36), Code: valid.Code}, ok, SyncInvalid, time.Time{}, "valid id"},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := DecideQueuedCheckIn(c.q, c.f, meeting, now)
			if v.Outcome != c.want {
				t.Fatalf("outcome %q (%s), want %q", v.Outcome, v.Message, c.want)
			}
			if !c.at.IsZero() && !v.At.Equal(c.at) {
				t.Errorf("recorded at %v, want %v", v.At, c.at)
			}
			if c.want != SyncRecorded && !v.At.IsZero() {
				t.Errorf("%s carries a time %v: nothing is recorded", c.want, v.At)
			}
			if !strings.Contains(v.Message, c.message) {
				t.Errorf("message %q, want it to contain %q", v.Message, c.message)
			}
		})
	}
}

func TestValidClientID(t *testing.T) {
	for s, want := range map[string]bool{
		"0b7c6a52-3f1e-4c1d-9a51-2d1f7c0e4b11":  true,
		"0B7C6A52-3F1E-4C1D-9A51-2D1F7C0E4B11":  true,
		"0b7c6a52-3f1e-4c1d-9a51-2d1f7c0e4b1":   false,
		"0b7c6a52-3f1e-4c1d-9a51-2d1f7c0e4b111": false,
		"0b7c6a52_3f1e-4c1d-9a51-2d1f7c0e4b11":  false,
		"0b7c6a52-3f1e-4c1d-9a51-2d1f7c0e4bg1":  false,
		"":                                      false,
	} {
		if got := ValidClientID(s); got != want {
			t.Errorf("ValidClientID(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestDeskAdmitsFollowsTheSessionRules(t *testing.T) {
	people := []Delegate{{ID: 1, DelegationID: 10, Role: RoleHead}, {ID: 2, DelegationID: 10, Role: RoleMember}}
	sessions := []Session{{ID: 5, Attendance: AttendHeads}, {ID: 6, Attendance: AttendDelegations}, {ID: 7, Attendance: AttendSecretariat}}
	for _, c := range []struct {
		p    Delegate
		want string
	}{{people[0], "[5 6]"}, {people[1], "[6]"}} {
		if got := fmt.Sprint(DeskAdmits(sessions, c.p, people)); got != c.want {
			t.Errorf("person %d admitted to %s, want %s", c.p.ID, got, c.want)
		}
	}
}
