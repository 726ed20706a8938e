package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"convene/internal/convene"
)

// TestLinksUseTheConfiguredAddress: the personal link in the flash and in
// the queued e-mail, and the invitation link, start with the configured
// public address (-base-url; testBaseURL here), not with the address the
// request came to (the test server's 127.0.0.1:port, which is what a link
// built from the Host header would show).
func TestLinksUseTheConfiguredAddress(t *testing.T) {
	app := newTestApp(t)
	hostLink := app.ts.URL + "/"
	focal := app.as(convene.RoleFocal)
	f := nominee("Minh", "")
	f.Set("email", "minh@example.org")
	if resp, _ := focal.post(retreat+"/delegations/vnm/delegates/new", f); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("nominate: %d", resp.StatusCode)
	}
	p := app.findPerson("admm-retreat-2025", "Minh")
	resp, _ := focal.post(fmt.Sprintf("%s/delegates/%d/link", retreat, p.ID), nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("link: %d", resp.StatusCode)
	}
	_, body := focal.get(resp.Header.Get("Location"))
	if !strings.Contains(body, testBaseURL+"/register/") || strings.Contains(body, hostLink) {
		t.Errorf("the flash's link does not start with %s", testBaseURL)
	}

	admin := app.as(convene.RoleAdmin)
	admin.get(retreat + "/delegations/vnm/invite")
	resp, _ = admin.post(retreat+"/delegations/vnm/invite", url.Values{"name": {"Phạm Thị Hương"}, "email": {"huong@example.org"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite: %d", resp.StatusCode)
	}

	ctx := context.Background()
	m, _ := app.db.FindMeetingByCode(ctx, "admm-retreat-2025")
	msgs, err := app.db.FindOutbox(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	var links int
	for _, msg := range msgs {
		if strings.Contains(msg.Body, hostLink) {
			t.Errorf("an e-mail to %s carries a link built from the request's address", msg.To)
		}
		if strings.Contains(msg.Body, testBaseURL+"/register/") || strings.Contains(msg.Body, testBaseURL+"/invitation/") {
			links++
		}
	}
	if links != 2 {
		t.Errorf("%d e-mails carry a link from the configured address, want 2 (the personal link and the invitation)", links)
	}
}
