package web

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"convene/internal/convene"
)

var invitationLink = regexp.MustCompile(`/invitation/([A-Za-z0-9_-]{43})`)

func TestFocalPointInvitation(t *testing.T) {
	app := newTestApp(t)
	officer := app.as(convene.RoleOfficer)
	officer.get(retreat + "/delegations/tls/invite")
	before := app.tableCounts()
	resp, body := officer.post(retreat+"/delegations/tls/invite", url.Values{"name": {"Maria da Costa"}, "email": {"maria@"}})
	if resp.StatusCode != 422 || !strings.Contains(body, `value="Maria da Costa"`) {
		t.Fatalf("bad invitation: %d", resp.StatusCode)
	}
	if fmt.Sprint(app.tableCounts()) != fmt.Sprint(before) {
		t.Error("a refused invitation wrote something")
	}
	resp, _ = officer.post(retreat+"/delegations/tls/invite", url.Values{"name": {"Maria da Costa"}, "email": {"Maria@Defesa.example.tl"}})
	if resp.StatusCode != 303 {
		t.Fatalf("invite: %d", resp.StatusCode)
	}
	_, body = officer.get(resp.Header.Get("Location"))
	m := invitationLink.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no invitation link in the flash")
	}
	if n := app.tableCounts()["outbox"] - before["outbox"]; n != 1 {
		t.Errorf("%d outbox messages for one invitation", n)
	}

	anon := app.client()
	if resp, body := anon.get("/invitation/" + m[1]); resp.StatusCode != 200 || !strings.Contains(body, "maria@defesa.example.tl") {
		t.Fatalf("invitation page: %d", resp.StatusCode)
	}
	before = app.tableCounts()
	resp, body = anon.post("/invitation/"+m[1], url.Values{"name": {"Maria da Costa"}, "password": {"short"}, "password2": {"short"}})
	if resp.StatusCode != 422 || !strings.Contains(body, "at least 10") {
		t.Errorf("short password: %d", resp.StatusCode)
	}
	if fmt.Sprint(app.tableCounts()) != fmt.Sprint(before) {
		t.Error("a refused account set-up wrote something")
	}
	resp, _ = anon.post("/invitation/"+m[1], url.Values{"name": {"Maria da Costa"}, "password": {"uma palavra longa"},
		"password2": {"uma palavra longa"}})
	if resp.StatusCode != 303 {
		t.Fatalf("accept: %d", resp.StatusCode)
	}
	// The link works once.
	if resp, _ := anon.get("/invitation/" + m[1]); resp.StatusCode != 404 {
		t.Errorf("used invitation: %d, want 404", resp.StatusCode)
	}
	maria := app.client()
	maria.signIn("maria@defesa.example.tl", "uma palavra longa")
	if resp, _ := maria.get(retreat + "/delegations/tls"); resp.StatusCode != 200 {
		t.Errorf("the new focal point's delegation: %d", resp.StatusCode)
	}
	if resp, _ := maria.get(retreat + "/delegations/vnm"); resp.StatusCode != 404 {
		t.Errorf("the new focal point sees Viet Nam: %d", resp.StatusCode)
	}
	_, body = officer.get(retreat + "/delegations/tls")
	if !strings.Contains(body, "Maria da Costa") {
		t.Error("the delegation does not name its new focal point")
	}
}
