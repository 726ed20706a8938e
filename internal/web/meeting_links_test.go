package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"convene/internal/convene"
	"convene/internal/paths"
)

// TestMeetingLinksForEveryDelegation: from the delegations page, the
// secretariat sends the missing personal links of every delegation in one
// step, after a confirmation page that says how many people get one; a
// POST without the confirmation sends nothing; each link is one outbox
// message and one link row; sending again sends nothing new.
func TestMeetingLinksForEveryDelegation(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	m, err := app.db.FindMeetingByCode(ctx, "admm-retreat-2025")
	if err != nil {
		t.Fatal(err)
	}
	officer := app.as(convene.RoleOfficer)
	if _, body := officer.get(paths.Delegations(m.Code)); !strings.Contains(body, `href="`+paths.MeetingLinks(m.Code)+`"`) {
		t.Fatal("the delegations page does not offer to send the missing links")
	}
	want, err := app.db.MeetingMissingLinks(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want.Sent < 2 {
		t.Fatalf("the demo meeting has %d people to send a link to: the test would prove little", want.Sent)
	}
	_, page := officer.get(paths.MeetingLinks(m.Code))
	if !strings.Contains(page, fmt.Sprintf("E-mail personal links to %d people of", want.Sent)) {
		t.Errorf("the confirmation page does not say how many people get a link (%d)", want.Sent)
	}

	before := app.tableCounts()
	if resp, _ := officer.post(paths.MeetingLinks(m.Code), nil); resp.StatusCode != http.StatusSeeOther ||
		resp.Header.Get("Location") != paths.MeetingLinks(m.Code) {
		t.Fatalf("POST without confirmation: %d to %q; want 303 to the confirmation page", resp.StatusCode, resp.Header.Get("Location"))
	}
	if after := app.tableCounts(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("a POST without confirmation wrote:\nbefore %v\nafter  %v", before, after)
	}

	if resp, _ := officer.post(paths.MeetingLinks(m.Code), url.Values{"confirm": {"yes"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("send: %d", resp.StatusCode)
	}
	after := app.tableCounts()
	for _, table := range []string{"outbox", "registration_links"} {
		if got := after[table] - before[table]; got != want.Sent {
			t.Errorf("%s grew by %d; want %d, one per person sent a link", table, got, want.Sent)
		}
	}
	if _, body := officer.get(paths.Delegations(m.Code)); !strings.Contains(body, fmt.Sprintf("Personal links e-mailed to %d people.", want.Sent)) {
		t.Error("the delegations page does not say how many links were sent")
	}

	if left, err := app.db.MeetingMissingLinks(ctx, m.ID); err != nil || left.Sent != 0 {
		t.Errorf("after sending, %d people still lack a link (%v)", left.Sent, err)
	}
	before = app.tableCounts()
	officer.post(paths.MeetingLinks(m.Code), url.Values{"confirm": {"yes"}})
	if again := app.tableCounts(); again["outbox"] != before["outbox"] {
		t.Errorf("sending again queued %d more mails", again["outbox"]-before["outbox"])
	}
}
