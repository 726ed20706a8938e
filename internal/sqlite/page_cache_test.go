package sqlite

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"convene/internal/convene"
	"convene/internal/stamp"
)

// pageFixture is a meeting in a room with a focal point's delegation of one
// delegate and a published programme of one session, plus a connection
// of its own to the same file: the other process (`convene purge`, a
// second server) that writes behind the store's back.
type pageFixture struct {
	d       *DB
	other   *sql.DB
	meeting convene.Meeting
	session convene.Session
	focal   convene.User
	member  convene.Delegate
	ours    convene.Delegation
	theirs  convene.Delegation // another country's, for a bilateral
}

func newPageFixture(t *testing.T) pageFixture {
	t.Helper()
	ctx := context.Background()
	d, s := bookingDB(t)
	f := pageFixture{d: d, session: s}
	m, err := d.FindMeetingByCode(ctx, "wg")
	if err != nil {
		t.Fatal(err)
	}
	f.meeting = m
	err = d.Seed(ctx, func(se *Seeder) error {
		f.focal = convene.User{Email: "focal@example.test", Name: "Aminah Focal", Role: convene.RoleFocal,
			CountryID: m.HostCountryID, PasswordHash: "x"}
		if err := se.CreateUser(ctx, &f.focal); err != nil {
			return err
		}
		f.ours = convene.Delegation{MeetingID: m.ID, CountryID: m.HostCountryID, Quota: 10, FocalUserID: f.focal.ID}
		if err := se.CreateDelegation(ctx, &f.ours); err != nil {
			return err
		}
		idn, err := seedCountry(ctx, se, "IDN")
		if err != nil {
			return err
		}
		f.theirs = convene.Delegation{MeetingID: m.ID, CountryID: idn.ID, Quota: 10}
		if err := se.CreateDelegation(ctx, &f.theirs); err != nil {
			return err
		}
		f.member = convene.Delegate{DelegationID: f.ours.ID, GivenName: "Farid", FamilyName: "Hassan",
			Role: convene.RoleMember, Status: convene.RegSubmitted}
		return se.CreateDelegate(ctx, &f.member)
	})
	if err != nil {
		t.Fatal(err)
	}
	f.session.Visibility = convene.VisibleDelegates
	if _, err := d.CreateSession(ctx, &f.session); err != nil {
		t.Fatal(err)
	}
	if _, err := d.PublishProgramme(ctx, m.ID, "first"); err != nil {
		t.Fatal(err)
	}
	if f.other, err = sql.Open("sqlite", d.path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.other.Close() })
	return f
}

// pageView is what the meeting and programme pages read through the cache.
type pageView struct {
	title, host, country, focal string
	places, sessions, seats     int
	published                   int
	bilaterals                  int
	bilateralRoom               string
	papers                      int
}

func (f pageFixture) view(t *testing.T) pageView {
	t.Helper()
	ctx := context.Background()
	m, err := f.d.FindMeetingByCode(ctx, f.meeting.Code)
	if err != nil {
		t.Fatal(err)
	}
	gs, err := f.d.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID, CountryID: m.HostCountryID})
	if err != nil || len(gs) != 1 {
		t.Fatalf("delegations %v, %v", gs, err)
	}
	bs, err := f.d.ProgrammeBilaterals(ctx, []int64{m.ID})
	if err != nil {
		t.Fatal(err)
	}
	room := ""
	if len(bs) > 0 {
		room = bs[0].RoomName
	}
	docs, err := f.d.FindDocuments(ctx, m.ID, convene.DocumentReader{})
	if err != nil {
		t.Fatal(err)
	}
	v, ss, err := f.d.PublishedProgramme(ctx, m.ID, convene.VisibleTo(convene.RoleDelegate))
	if err != nil || len(ss) == 0 {
		t.Fatalf("published programme %v, %v", ss, err)
	}
	return pageView{title: m.Title, host: m.HostCountryName, country: gs[0].Country.Name, focal: gs[0].FocalName,
		places: gs[0].Delegates, sessions: len(ss), seats: ss[0].RoomCapacity, published: v.Version,
		bilaterals: len(bs), bilateralRoom: room, papers: len(docs)}
}

// write runs one statement on the other connection, as another process would.
func (f pageFixture) write(t *testing.T, query string, args ...any) {
	t.Helper()
	if _, err := f.other.Exec(query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// TestPageCacheSeesEveryCommit: each committed change to what the meeting
// and programme pages show, made by another process behind the store's
// back, is read on the very next call, although the calls before it were
// answered from memory; a write to nothing they show leaves the version
// (and so the kept lists) alone.
func TestPageCacheSeesEveryCommit(t *testing.T) {
	f := newPageFixture(t)
	ctx := context.Background()
	steps := []struct {
		name   string
		change func()
		want   func(before, after pageView) bool
	}{
		{"a delegate withdraws", func() {
			f.write(t, `UPDATE delegates SET status = 'withdrawn' WHERE id = ?`, f.member.ID)
		}, func(b, a pageView) bool { return a.places == b.places-1 }},
		{"the focal point is renamed", func() {
			f.write(t, `UPDATE users SET name = 'Aminah Binti Yusof' WHERE id = ?`, f.focal.ID)
		}, func(_, a pageView) bool { return a.focal == "Aminah Binti Yusof" }},
		{"the country is renamed", func() {
			f.write(t, `UPDATE countries SET name = 'Malaysia (renamed)' WHERE id = ?`, f.meeting.HostCountryID)
		}, func(_, a pageView) bool { return a.country == "Malaysia (renamed)" && a.host == "Malaysia (renamed)" }},
		{"the meeting is retitled", func() {
			f.write(t, `UPDATE meetings SET title = 'ADSOM Working Group' WHERE id = ?`, f.meeting.ID)
		}, func(_, a pageView) bool { return a.title == "ADSOM Working Group" }},
		{"the room seats more", func() {
			f.write(t, `UPDATE room_layouts SET capacity = 80 WHERE room_id = ?`, f.session.RoomID)
		}, func(_, a pageView) bool { return a.seats == 80 }},
		{"a second session is published", func() {
			s := f.session
			s.ID, s.Title = 0, "Lunch"
			s.StartsAt, s.EndsAt = s.EndsAt, s.EndsAt.Add(time.Hour)
			if _, err := f.d.CreateSession(ctx, &s); err != nil {
				t.Fatal(err)
			}
			if _, err := f.d.PublishProgramme(ctx, f.meeting.ID, "second"); err != nil {
				t.Fatal(err)
			}
		}, func(_, a pageView) bool { return a.sessions == 2 && a.published == 2 }},
		{"a bilateral is scheduled", func() {
			f.write(t, `INSERT INTO bilaterals (meeting_id, requester_id, counterpart_id, level, status, starts_at, ends_at,
				room_id, created_at, updated_at) VALUES (?, ?, ?, 'ministers', 'scheduled', '2025-02-26T05:00:00.000Z',
				'2025-02-26T05:30:00.000Z', ?, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')`,
				f.meeting.ID, f.ours.ID, f.theirs.ID, f.session.RoomID)
		}, func(_, a pageView) bool { return a.bilaterals == 1 }},
		{"a public paper is added", func() {
			doc := convene.Document{MeetingID: f.meeting.ID, Title: "Concept paper", Kind: convene.DocInformationNote,
				Audience: convene.AudiencePublic}
			if err := f.d.CreateDocument(ctx, &doc, UploadedFile{Name: "c.pdf", Content: stamp.Minimal("Concept paper")}); err != nil {
				t.Fatal(err)
			}
		}, func(_, a pageView) bool { return a.papers == 1 }},
		{"its room is renamed", func() {
			f.write(t, `UPDATE rooms SET name = 'Straits Room A' WHERE id = ?`, f.session.RoomID)
		}, func(_, a pageView) bool { return a.bilateralRoom == "Straits Room A" }},
	}
	for _, st := range steps {
		before := f.view(t)
		if again := f.view(t); again != before {
			t.Fatalf("%s: two reads with nothing written between differ: %+v, %+v", st.name, before, again)
		}
		st.change()
		if after := f.view(t); !st.want(before, after) {
			t.Errorf("%s: read %+v after the change (before it %+v)", st.name, after, before)
		}
	}

	// A sign-in's bookkeeping and a working-draft edit show on neither
	// page: the version, and what is kept, stay.
	v, err := f.d.pageVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	f.write(t, `UPDATE users SET totp_last_step = 7 WHERE id = ?`, f.focal.ID)
	f.write(t, `UPDATE sessions SET title = 'Draft title' WHERE id = ?`, f.session.ID)
	if after, err := f.d.pageVersion(ctx); err != nil || after != v {
		t.Errorf("page version %d → %d (%v) after writes no page here shows", v, after, err)
	}
}

// TestPageCacheAnswersFromMemory is the control of the test above: with
// the trigger that bumps the version on a delegate's change dropped, the
// change is not seen (the list is served from memory, not read again),
// until anything that does bump the version is written.
func TestPageCacheAnswersFromMemory(t *testing.T) {
	f := newPageFixture(t)
	before := f.view(t)
	f.write(t, `DROP TRIGGER delegates_update_page`)
	f.write(t, `UPDATE delegates SET status = 'withdrawn' WHERE id = ?`, f.member.ID)
	if got := f.view(t); got.places != before.places {
		t.Fatalf("places %d → %d without the trigger: the list was read again, not kept", before.places, got.places)
	}
	f.write(t, `UPDATE delegations SET quota = quota + 1`)
	if got := f.view(t); got.places != before.places-1 {
		t.Errorf("places %d after a bump of the version; want %d", got.places, before.places-1)
	}
}

// TestPageCacheCopies: what a caller does to a list it got does not change
// what the next caller reads.
func TestPageCacheCopies(t *testing.T) {
	f := newPageFixture(t)
	ctx := context.Background()
	before := f.view(t)
	m := f.meeting
	gs, err := f.d.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
	if err != nil {
		t.Fatal(err)
	}
	gs[0].Delegates = 99
	_, ss, err := f.d.PublishedProgramme(ctx, m.ID, convene.VisibleTo(convene.RoleDelegate))
	if err != nil {
		t.Fatal(err)
	}
	ss[0].RoomCapacity = 99
	if after := f.view(t); after != before {
		t.Errorf("read %+v after callers changed their copies; want %+v", after, before)
	}
}

// TestPageScopeReadsOwnWrites: under one request's PageScope the page
// version is read once, so another process's write during the request
// shows on the next request, not halfway through this one; but a write
// this process commits (the request's own) is read back at once.
func TestPageScopeReadsOwnWrites(t *testing.T) {
	f := newPageFixture(t)
	places := func(ctx context.Context) int {
		t.Helper()
		gs, err := f.d.FindDelegations(ctx, convene.DelegationFilter{MeetingID: f.meeting.ID, CountryID: f.meeting.HostCountryID})
		if err != nil || len(gs) != 1 {
			t.Fatalf("delegations %v, %v", gs, err)
		}
		return gs[0].Delegates
	}
	request := f.d.PageScope(context.Background())
	before := places(request)

	p := convene.Delegate{DelegationID: f.ours.ID, GivenName: "Siti", FamilyName: "Rahman", Role: convene.RoleMember,
		Status: convene.RegSubmitted}
	if err := f.d.CreateDelegate(request, &p); err != nil {
		t.Fatal(err)
	}
	if got := places(request); got != before+1 {
		t.Errorf("places %d after the request's own nomination; want %d", got, before+1)
	}

	request = f.d.PageScope(context.Background())
	before = places(request)
	f.write(t, `UPDATE delegates SET status = 'withdrawn' WHERE id = ?`, f.member.ID)
	if got := places(request); got != before {
		t.Errorf("places %d within the request after another process's write; want %d, as read at its start", got, before)
	}
	if got := places(f.d.PageScope(context.Background())); got != before-1 {
		t.Errorf("places %d on the next request; want %d", got, before-1)
	}
}
