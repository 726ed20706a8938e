package convene

import (
	"fmt"
	"testing"
	"time"
)

func TestSessionChangedAndPublishedSequence(t *testing.T) {
	at := time.Date(2025, 2, 26, 5, 45, 0, 0, time.UTC)
	base := Session{ID: 1, Title: "Official opening", Kind: SessionCeremony, StartsAt: at, EndsAt: at.Add(30 * time.Minute),
		RoomID: 3, RoomName: "Grand Ballroom", Attendance: AttendDelegations, Visibility: VisiblePublic, Sequence: 2,
		UpdatedAt: at}
	for _, c := range []struct {
		name    string
		edit    func(*Session)
		changed bool
	}{
		{"nothing", func(*Session) {}, false},
		{"saved again unchanged (sequence and time stamps move)", func(s *Session) { s.Sequence, s.UpdatedAt = 9, at.Add(time.Hour) }, false},
		{"title", func(s *Session) { s.Title = "Opening ceremony" }, true},
		{"start", func(s *Session) { s.StartsAt = s.StartsAt.Add(15 * time.Minute) }, true},
		{"end", func(s *Session) { s.EndsAt = s.EndsAt.Add(15 * time.Minute) }, true},
		{"room", func(s *Session) { s.RoomID, s.RoomName = 4, "Straits Room" }, true},
		{"room renamed", func(s *Session) { s.RoomName = "Ballroom" }, true},
		{"attendance", func(s *Session) { s.Attendance = AttendHeads }, true},
		{"heads plus", func(s *Session) { s.HeadsPlus = 2 }, true},
		{"visibility", func(s *Session) { s.Visibility = VisibleDelegates }, true},
		{"public notes", func(s *Session) { s.PublicNotes = "Lounge suit." }, true},
		{"internal notes", func(s *Session) { s.InternalNotes = "VIP lift." }, true},
		{"cancelled", func(s *Session) { s.Cancelled = true }, true},
	} {
		d := base
		c.edit(&d)
		if got := SessionChanged(base, d); got != c.changed {
			t.Errorf("%s: changed %v, want %v", c.name, got, c.changed)
		}
		want := base.Sequence
		if c.changed {
			want++
		}
		if got := PublishedSequence(&base, d); got != want {
			t.Errorf("%s: published sequence %d, want %d", c.name, got, want)
		}
	}
	if got := PublishedSequence(nil, base); got != 0 {
		t.Errorf("first publication: sequence %d, want 0", got)
	}
}

func TestProgrammeChanges(t *testing.T) {
	at := time.Date(2025, 2, 26, 1, 0, 0, 0, time.UTC)
	s := func(id int64, title string, h int) Session {
		return Session{ID: id, Title: title, StartsAt: at.Add(time.Duration(h) * time.Hour), EndsAt: at.Add(time.Duration(h+1) * time.Hour)}
	}
	published := []Session{s(1, "Opening", 0), s(2, "Retreat", 1), s(3, "Lunch", 3), s(4, "Photo", 2)}
	moved := s(2, "Retreat", 2)
	moved.RoomName = "Straits Room"
	draft := []Session{s(1, "Opening", 0), moved, s(5, "Press conference", 4)}
	var got []string
	for _, c := range ProgrammeChanges(published, draft) {
		got = append(got, fmt.Sprintf("%s %s %v", c.Kind, c.Session.Title, c.What))
	}
	want := []string{"Changed Retreat [time room]", "New Press conference []", "Removed Photo []", "Removed Lunch []"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("changes:\n got %q\nwant %q", got, want)
	}
	if n := len(ProgrammeChanges(draft, draft)); n != 0 {
		t.Errorf("a programme compared with itself has %d changes", n)
	}
}

func TestSeesDraft(t *testing.T) {
	for r, want := range map[Role]bool{RoleAdmin: true, RoleOfficer: true, RoleOrganiser: true, RoleFocal: false,
		RoleDelegate: false, RoleAnonymous: false} {
		if SeesDraft(r) != want {
			t.Errorf("%v sees the draft: %v, want %v", r, !want, want)
		}
	}
}
