package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"convene/internal/convene"
)

// followFlash follows a 303 and returns the page it lands on.
func followFlash(t *testing.T, c *client, resp *http.Response) string {
	t.Helper()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d, want 303", resp.StatusCode)
	}
	_, body := c.get(resp.Header.Get("Location"))
	return body
}

// TestMalformedIDsAreRefused sends ids that are not numbers where a form or
// a query names a record. Each used to be read as 0, which meant something
// else ("the meeting, not a session", "no delegation", "off every run") and
// silently did it; now each is refused with the reason and nothing changes.
func TestMalformedIDsAreRefused(t *testing.T) {
	app := newTestApp(t)
	ctx := t.Context()
	mid := app.retreatID()
	org := app.as(convene.RoleOrganiser)
	staff := app.as(convene.RoleOfficer)

	// The check-in desk: a session that is not a number.
	if resp, _ := org.get(retreatPath + "/check-in?session=abc"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("GET check-in?session=abc: status %d, want 400", resp.StatusCode)
	}
	code := printOne(t, org, app.delegateNamed("Quốc Bình").ID)
	org.get(retreatPath + "/check-in")
	resp, body := org.post(retreatPath+"/check-in", url.Values{"code": {code}, "session": {"abc"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Choose a session from the list.") ||
		!strings.Contains(body, code) {
		t.Errorf("check-in with session=abc: status %d, want 422 with the reason and the code kept\n%.400s", resp.StatusCode, body)
	}
	if n, _ := app.db.CountCheckIns(ctx, mid, 0); n != 0 {
		t.Errorf("a refused check-in wrote %d rows at the venue", n)
	}
	// The control: the same code with no session checks in at the venue.
	if status, _ := checkIn(t, org, code); status != http.StatusSeeOther {
		t.Errorf("control: check-in at the venue: status %d", status)
	}

	// A liaison officer's delegation that is not a number.
	officers, err := app.db.FindLiaisonOfficers(ctx, mid)
	if err != nil || len(officers) == 0 || officers[0].DelegationID == 0 {
		t.Fatalf("no assigned liaison officer in the demo: %v", err)
	}
	lo := officers[0]
	staff.get(retreatPath + "/liaison")
	resp, _ = staff.post(fmt.Sprintf("%s/liaison/%d/assign", retreatPath, lo.ID), url.Values{"delegation_id": {"abc"}})
	if page := followFlash(t, staff, resp); !strings.Contains(page, "Choose one of this meeting&#39;s delegations.") {
		t.Errorf("assigning delegation abc: no error flash\n%.600s", page)
	}
	officers, _ = app.db.FindLiaisonOfficers(ctx, mid)
	for _, o := range officers {
		if o.ID == lo.ID && o.DelegationID != lo.DelegationID {
			t.Errorf("delegation abc changed the officer's delegation from %d to %d", lo.DelegationID, o.DelegationID)
		}
	}

	// A transfer run that is not a number.
	runs, err := app.db.FindTransferRuns(ctx, mid)
	if err != nil {
		t.Fatal(err)
	}
	var run convene.TransferRun
	for _, r := range runs {
		if len(r.Passengers) > 0 {
			run = r
			break
		}
	}
	if run.ID == 0 {
		t.Fatal("no transfer run with passengers in the demo")
	}
	who := run.Passengers[0].DelegateID
	staff.get(retreatPath + "/transfers")
	resp, _ = staff.post(retreatPath+"/transfers/move", url.Values{"delegate_id": {fmt.Sprint(who)},
		"direction": {string(run.Direction)}, "run_id": {"abc"}})
	if page := followFlash(t, staff, resp); !strings.Contains(page, "Choose a run of this meeting in the same direction.") {
		t.Errorf("moving to run abc: no error flash\n%.600s", page)
	}
	after, _ := app.db.FindTransferRuns(ctx, mid)
	still := false
	for _, r := range after {
		for _, p := range r.Passengers {
			still = still || (r.ID == run.ID && p.DelegateID == who)
		}
	}
	if !still {
		t.Errorf("moving delegate %d to run abc took them off run %d", who, run.ID)
	}
}
