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

// TestInviteFromDelegationPage: the delegation's page carries the
// invitation form; a refused invitation comes back to that page (422,
// typed values kept, nothing written), an address that already has an
// account is refused with what to do instead, and a good one returns to
// the page with the link in the flash.
func TestInviteFromDelegationPage(t *testing.T) {
	app := newTestApp(t)
	officer := app.as(convene.RoleOfficer)
	_, body := officer.get(retreat + "/delegations/tls")
	if !strings.Contains(body, `id="invite-form"`) || !strings.Contains(body, `name="on" value="delegation"`) ||
		!strings.Contains(body, `id="f-email"`) || !strings.Contains(body, `id="delegation-quota-form"`) {
		t.Fatalf("no invitation form on the delegation page:\n%.4000s", body)
	}
	for _, tc := range []struct{ email, want string }{
		{"maria@", "Enter an e-mail address"},
		{"Focal.TLS@demo.test", "already has an account: assign it"},
		{"staff@demo.test", "belongs to another Convene account"},
	} {
		before := app.tableCounts()
		resp, body := officer.post(retreat+"/delegations/tls/invite", url.Values{"on": {"delegation"},
			"name": {"Maria da Costa"}, "email": {tc.email}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, tc.want) ||
			!strings.Contains(body, `id="e-email"`) || !strings.Contains(body, `value="Maria da Costa"`) ||
			!strings.Contains(body, "<h2>Roster</h2>") {
			t.Errorf("%s: %d, message %v", tc.email, resp.StatusCode, strings.Contains(body, tc.want))
		}
		if fmt.Sprint(app.tableCounts()) != fmt.Sprint(before) {
			t.Errorf("%s: a refused invitation wrote", tc.email)
		}
	}
	resp, _ := officer.post(retreat+"/delegations/tls/invite", url.Values{"on": {"delegation"},
		"name": {"Maria da Costa"}, "email": {"maria@defesa.example.tl"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != retreat+"/delegations/tls" {
		t.Fatalf("invite: %d to %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, body := officer.get(resp.Header.Get("Location")); invitationLink.FindStringSubmatch(body) == nil {
		t.Error("no invitation link in the flash")
	}
}

// TestAssignExistingFocalAccount: a delegation of a new meeting has no
// focal point; its page offers the country's existing focal account,
// which the secretariat assigns directly (audited, no e-mail). Another
// country's account is refused.
func TestAssignExistingFocalAccount(t *testing.T) {
	app := newTestApp(t)
	c := app.as(convene.RoleOfficer)
	c.get("/meetings/new")
	f := admm2026Form()
	f.Add("participants", "TLS")
	if resp, _ := c.post("/meetings/new", f); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	ctx := context.Background()
	joana, err := app.db.FindUserByEmail(ctx, "focal.tls@demo.test")
	if err != nil {
		t.Fatal(err)
	}
	vnmFocal, _ := app.db.FindUserByEmail(ctx, "focal.vnm@demo.test")
	const page = "/meetings/admm-2026/delegations/tls"
	_, body := c.get(page)
	if !strings.Contains(body, `id="assign-focal-form"`) || !strings.Contains(body, fmt.Sprintf(`<option value="%d">Joana Soares`, joana.ID)) {
		t.Fatalf("the page does not offer Joana Soares's account:\n%.4000s", body)
	}
	before := app.tableCounts()
	resp, body := c.post(page+"/focal", url.Values{"focal_user": {fmt.Sprint(vnmFocal.ID)}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-focal_user"`) ||
		!strings.Contains(body, "another country") {
		t.Errorf("another country's account: %d", resp.StatusCode)
	}
	if fmt.Sprint(app.tableCounts()) != fmt.Sprint(before) {
		t.Error("a refused assignment wrote")
	}
	resp, _ = c.post(page+"/focal", url.Values{"focal_user": {fmt.Sprint(joana.ID)}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("assign: %d", resp.StatusCode)
	}
	if _, body := c.get(resp.Header.Get("Location")); !strings.Contains(body, "Joana Soares is now the focal point of Timor-Leste") {
		t.Error("no confirmation after assigning")
	}
	_, gs := app.meetingDelegations("admm-2026")
	if gs["TLS"].FocalUserID != joana.ID {
		t.Fatalf("focal point %d, want %d", gs["TLS"].FocalUserID, joana.ID)
	}
	entries, _, err := app.db.FindAuditEntries(ctx, convene.AuditFilter{Entity: "delegation", EntityID: gs["TLS"].ID})
	if err != nil || len(entries) == 0 || entries[0].Action != "assign_focal" {
		t.Errorf("audit: %+v %v", entries, err)
	}
	if n := app.tableCounts()["outbox"] - before["outbox"]; n != 0 {
		t.Errorf("assigning queued %d e-mails; it needs no round trip", n)
	}
}
