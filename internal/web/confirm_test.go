package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"convene/internal/convene"
	"convene/internal/paths"
)

// TestDestructiveActionsAskFirst: every destructive POST (withdraw a
// person, delete a session, revoke a badge...) sent without the
// confirmation page's confirm=yes writes nothing and answers 303 to its
// confirmation page; that page (a GET of the same path) names the record
// and holds a form that posts to the path with confirm=yes and a danger
// button; with it, the action happens.
func TestDestructiveActionsAskFirst(t *testing.T) {
	app := newTestApp(t)
	admin := app.as(convene.RoleAdmin)
	focal := app.as(convene.RoleFocal)
	p := app.findPerson("admm-retreat-2025", "Quốc Bình")
	sessions, err := app.db.FindSessions(t.Context(), convene.SessionFilter{})
	if err != nil || len(sessions) == 0 {
		t.Fatalf("no session in the dataset: %v", err)
	}
	meetingCode, err := app.db.FindMeetingCodeByID(t.Context(), sessions[0].MeetingID)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		c    *client
		path string
		name string // what the confirmation page must name
	}{
		{focal, paths.DelegateWithdraw("admm-retreat-2025", p.ID), p.FullName()},
		{admin, paths.SessionDelete(meetingCode, sessions[0].ID), sessions[0].Title},
		{admin, paths.DelegationDelete("admm-retreat-2025", "VNM"), "Viet Nam"},
		{admin, paths.CalendarFeedRevoke(), "calendar link"},
	}
	// The routes wrapped by confirmed are every destructive route of the table.
	destructive := 0
	for _, r := range app.srv.Routes() {
		if r.Method == http.MethodPost && (strings.HasSuffix(r.Path, "/delete") || strings.HasSuffix(r.Path, "/withdraw") ||
			strings.HasSuffix(r.Path, "/revoke")) {
			destructive++
			hasGET := false
			for _, g := range app.srv.Routes() {
				hasGET = hasGET || (g.Method == http.MethodGet && g.Path == r.Path && g.Name == r.Name)
			}
			if !hasGET {
				t.Errorf("%s %s has no confirmation page", r.Method, r.Path)
			}
		}
	}
	before := dbState(t, app)
	for _, tc := range cases {
		tc.c.get(paths.Home())
		resp, _ := tc.c.post(tc.path, nil)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != tc.path {
			t.Errorf("POST %s without confirmation: %d to %q, want 303 to its confirmation page", tc.path, resp.StatusCode, resp.Header.Get("Location"))
		}
		resp, page := tc.c.get(tc.path)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", tc.path, resp.StatusCode)
			continue
		}
		for _, want := range []string{tc.name, `action="` + tc.path + `"`, `name="confirm" value="yes"`, `<button class="danger" type="submit" id="confirm">`, `id="cancel"`} {
			if !strings.Contains(page, want) {
				t.Errorf("confirmation page of %s lacks %q", tc.path, want)
			}
		}
	}
	after := dbState(t, app)
	for k, v := range after {
		if before[k] != v {
			t.Errorf("an unconfirmed destructive POST changed table %s", k)
		}
	}
	// Another delegation's person: the confirmation page answers 404 too.
	other := app.findPerson("admm-retreat-2025", "Bambang Hartono")
	if resp, _ := focal.get(paths.DelegateWithdraw("admm-retreat-2025", other.ID)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("confirmation page of another delegation's person: %d, want 404", resp.StatusCode)
	}
	// Confirmed, the withdrawal happens.
	focal.get(paths.DelegateWithdraw("admm-retreat-2025", p.ID))
	if resp, _ := focal.post(paths.DelegateWithdraw("admm-retreat-2025", p.ID), url.Values{"confirm": {"yes"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("confirmed withdrawal: %d", resp.StatusCode)
	}
	if r, err := app.db.FindRegistrationByID(t.Context(), p.ID); err != nil || r.Status != convene.RegWithdrawn {
		t.Errorf("after confirming, the person is %v (%v), want withdrawn", r.Status, err)
	}
	fmt.Printf("confirmation: %d destructive routes, each with a confirmation page; %d unconfirmed POSTs wrote nothing\n", destructive, len(cases))
}
