package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"convene/internal/convene"
)

// TestPublicPagesFollowRoomsAndChairs: a room renamed by the secretariat
// stays as published on the visitor's programme (same bytes, same ETag)
// and is there on the request after the next publication; the year's chair
// saved on the chairs page moves the public version (the calendar names
// it, migration 01502).
func TestPublicPagesFollowRoomsAndChairs(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	const programme = "/meetings/admm-retreat-2025/programme"
	resp, before := app.fetch(http.MethodGet, programme, nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(before, "Grand Ballroom") {
		t.Fatalf("control: the visitor's programme does not name the Grand Ballroom (%d)", resp.StatusCode)
	}
	etag := resp.Header.Get("ETag")
	m, err := app.db.FindMeetingByCode(ctx, "admm-retreat-2025")
	if err != nil {
		t.Fatal(err)
	}
	rooms, err := app.db.FindMeetingRooms(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	renamed := false
	for _, r := range rooms {
		if r.Name == "Grand Ballroom" {
			r.Name = "Penang Ballroom"
			if err := app.db.UpdateRoom(ctx, m.VenueID, r.ID, &r); err != nil {
				t.Fatal(err)
			}
			renamed = true
		}
	}
	if !renamed {
		t.Fatal("no Grand Ballroom among the meeting's rooms")
	}
	resp, after := app.fetch(http.MethodGet, programme, nil)
	if after != before || resp.Header.Get("ETag") != etag {
		t.Errorf("the visitor's programme changed with an unpublished room name")
	}
	officer := app.as(convene.RoleOfficer)
	officer.get(programme)
	if resp, _ := officer.post(programme+"/publish", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", resp.StatusCode)
	}
	resp, after = app.fetch(http.MethodGet, programme, nil)
	if !strings.Contains(after, "Penang Ballroom") || resp.Header.Get("ETag") == etag {
		t.Errorf("the visitor's programme after the publication: new name shown %v, ETag %q (was %q)",
			strings.Contains(after, "Penang Ballroom"), resp.Header.Get("ETag"), etag)
	}

	v1, err := app.db.PublicVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	chairs, err := app.db.FindChairs(ctx, 2025, 2025)
	if err != nil || len(chairs) != 1 {
		t.Fatalf("the chair of 2025: %v %v", chairs, err)
	}
	c := chairs[0]
	c.Note = "Confirmed by the ADMM of November 2024"
	c.Status = convene.ChairRecorded
	if err := app.db.SaveChair(ctx, c); err != nil {
		t.Fatal(err)
	}
	if v2, err := app.db.PublicVersion(ctx); err != nil || v2 == v1 {
		t.Errorf("the public version after a chair is saved: %d (was %d, %v)", v2, v1, err)
	}
}
