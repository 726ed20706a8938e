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

// admm2026Form is the form of ADMM 2026 hosted by the Philippines in
// Manila, with four participants and five places each.
func admm2026Form() url.Values {
	return url.Values{"code": {"admm-2026"}, "title": {"ADMM 2026"}, "kind": {"admm"}, "host_country": {"PHL"},
		"city": {"Manila"}, "time_zone": {"Asia/Manila"}, "status": {"dates_confirmed"}, "date_precision": {"day"},
		"start_date": {"2026-11-17"}, "end_date": {"2026-11-18"}, "theme": {"Bayanihan"},
		"participants": {"IDN", "MYS", "PHL", "VNM"}, "default_quota": {"5"}}
}

// meetingDelegations returns a meeting's delegations by country code.
func (a *testApp) meetingDelegations(code string) (convene.Meeting, map[string]convene.Delegation) {
	a.t.Helper()
	ctx := context.Background()
	m, err := a.db.FindMeetingByCode(ctx, code)
	if err != nil {
		a.t.Fatalf("meeting %s: %v", code, err)
	}
	gs, err := a.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
	if err != nil {
		a.t.Fatal(err)
	}
	out := map[string]convene.Delegation{}
	for _, g := range gs {
		out[g.Country.ISO3] = g
	}
	return m, out
}

// checkbox returns the HTML of a participant's checkbox, or "".
func checkbox(body, iso3 string) string {
	i := strings.Index(body, `id="f-participant-`+strings.ToLower(iso3)+`"`)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(body[:i], "<input")
	return body[start : i+strings.Index(body[i:], ">")+1]
}

// TestCreateMeetingWithParticipants: the new meeting's form offers the
// countries grouped by standing, Member States and observers ticked; the
// meeting is created with one delegation per participant and the default
// quota, each audited; the stored default serves delegations added later.
func TestCreateMeetingWithParticipants(t *testing.T) {
	app := newTestApp(t)
	c := app.as(convene.RoleOfficer)
	resp, body := c.get("/meetings/new")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("new form: %d", resp.StatusCode)
	}
	for _, iso := range []string{"BRN", "PHL", "VNM", "TLS"} {
		if box := checkbox(body, iso); !strings.Contains(box, "checked") {
			t.Errorf("%s not ticked by default: %q", iso, box)
		}
	}
	if !strings.Contains(body, "<h3>ASEAN Member States</h3>") ||
		!strings.Contains(body, `id="f-default_quota"`) || !strings.Contains(body, `value="6"`) {
		t.Error("no grouped participants or default quota on the form")
	}
	if _, body := c.get("/meetings/new?kind=admm_plus"); !strings.Contains(body, `<option value="admm_plus" selected`) {
		t.Error("?kind=admm_plus does not choose the kind")
	}

	before := app.tableCounts()
	resp, body = c.post("/meetings/new", admm2026Form())
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d\n%.3000s", resp.StatusCode, body)
	}
	after := app.tableCounts()
	if n := after["delegations"] - before["delegations"]; n != 4 {
		t.Errorf("%d delegations created, want 4", n)
	}
	// One audit row for the meeting, one for its default quota, one per delegation.
	if n := after["audit_log"] - before["audit_log"]; n != 6 {
		t.Errorf("%d audit rows, want 6", n)
	}
	m, gs := app.meetingDelegations("admm-2026")
	for _, iso := range []string{"IDN", "MYS", "PHL", "VNM"} {
		if g, ok := gs[iso]; !ok || g.Quota != 5 || g.Status != convene.DelegationNotStarted {
			t.Errorf("%s: %+v", iso, g)
		}
	}
	if q, err := app.db.FindDefaultQuota(context.Background(), m.ID); err != nil || q != 5 {
		t.Errorf("default quota %d %v", q, err)
	}
	_, body = c.get(resp.Header.Get("Location"))
	if !strings.Contains(body, "created with 4 delegations of 5 places") || !strings.Contains(body, `id="participants-link"`) {
		t.Errorf("meeting page after creation:\n%.3000s", body)
	}
}

// TestCreateMeetingRefusals: a host that does not take part, no
// participant at all, or a bad default quota come back 422 with the
// message next to the field, every box as ticked, and nothing written.
func TestCreateMeetingRefusals(t *testing.T) {
	app := newTestApp(t)
	c := app.as(convene.RoleOfficer)
	c.get("/meetings/new")
	for _, tc := range []struct {
		name, field string
		edit        func(url.Values)
	}{
		{"host left out", "host_country", func(f url.Values) { f["participants"] = []string{"IDN", "VNM"} }},
		{"nobody", "participants", func(f url.Values) { delete(f, "participants") }},
		{"quota", "default_quota", func(f url.Values) { f.Set("default_quota", "lots") }},
		{"unknown country", "participants", func(f url.Values) { f.Add("participants", "XYZ") }},
	} {
		f := admm2026Form()
		tc.edit(f)
		before := app.tableCounts()
		resp, body := c.post("/meetings/new", f)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-`+tc.field+`"`) {
			t.Errorf("%s: %d, message at e-%s: %v", tc.name, resp.StatusCode, tc.field, strings.Contains(body, "e-"+tc.field))
			continue
		}
		if tc.name == "host left out" {
			if !strings.Contains(body, "host country must take part") {
				t.Errorf("%s: the message does not say why", tc.name)
			}
			if !strings.Contains(checkbox(body, "VNM"), "checked") || strings.Contains(checkbox(body, "PHL"), "checked") ||
				strings.Contains(checkbox(body, "BRN"), "checked") {
				t.Errorf("%s: the boxes are not as ticked", tc.name)
			}
		}
		if !strings.Contains(body, `value="Bayanihan"`) {
			t.Errorf("%s: typed values not kept", tc.name)
		}
		if after := app.tableCounts(); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("%s: a refused form wrote: %v → %v", tc.name, before, after)
		}
	}
}

// TestEditMeetingParticipants: on the edit page the secretariat adds
// participants with a quota and removes an empty delegation; the host and
// a delegation with anyone in it cannot be removed, nor can the host be
// changed to a country that does not take part; refusals write nothing.
func TestEditMeetingParticipants(t *testing.T) {
	app := newTestApp(t)
	c := app.as(convene.RoleOfficer)
	c.get("/meetings/new")
	if resp, _ := c.post("/meetings/new", admm2026Form()); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	const edit = "/meetings/admm-2026/edit"
	_, body := c.get(edit)
	if !strings.Contains(body, `id="participants-table"`) || checkbox(body, "THA") == "" || checkbox(body, "VNM") != "" {
		t.Fatalf("edit page does not offer the countries not taking part:\n%.4000s", body)
	}
	if strings.Contains(checkbox(body, "THA"), "checked") {
		t.Error("a country to add comes ticked")
	}

	before := app.tableCounts()
	resp, body := c.post("/meetings/admm-2026/delegations/new", url.Values{"participants": {"THA", "TLS"}, "quota": {"-2"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-quota"`) ||
		!strings.Contains(checkbox(body, "THA"), "checked") || !strings.Contains(body, `value="-2"`) {
		t.Errorf("bad quota: %d", resp.StatusCode)
	}
	if fmt.Sprint(app.tableCounts()) != fmt.Sprint(before) {
		t.Error("a refused addition wrote")
	}
	resp, _ = c.post("/meetings/admm-2026/delegations/new", url.Values{"participants": {"THA", "TLS"}, "quota": {"3"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d", resp.StatusCode)
	}
	_, gs := app.meetingDelegations("admm-2026")
	if gs["THA"].Quota != 3 || gs["TLS"].Quota != 3 || len(gs) != 6 {
		t.Fatalf("after adding: %d delegations, THA %d, TLS %d", len(gs), gs["THA"].Quota, gs["TLS"].Quota)
	}

	// Someone in Viet Nam's delegation: it stays.
	if resp, _ := c.post("/meetings/admm-2026/delegations/vnm/delegates/new", nominee("Thị Hoa", "Phạm")); resp.StatusCode != 303 {
		t.Fatalf("nominate: %d", resp.StatusCode)
	}
	for _, tc := range []struct{ iso, want string }{
		{"vnm", "has 1 person in it"},
		{"phl", "hosts the meeting"},
	} {
		before := app.tableCounts()
		resp, body := c.post("/meetings/admm-2026/delegations/"+tc.iso+"/delete", url.Values{"confirm": {"yes"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-remove-`+tc.iso+`"`) ||
			!strings.Contains(body, tc.want) {
			t.Errorf("remove %s: %d %v", tc.iso, resp.StatusCode, strings.Contains(body, tc.want))
		}
		if fmt.Sprint(app.tableCounts()) != fmt.Sprint(before) {
			t.Errorf("a refused removal of %s wrote", tc.iso)
		}
	}
	before = app.tableCounts()
	if resp, _ := c.post("/meetings/admm-2026/delegations/tha/delete", url.Values{"confirm": {"yes"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove Thailand: %d", resp.StatusCode)
	}
	after := app.tableCounts()
	if after["delegations"] != before["delegations"]-1 || after["audit_log"] != before["audit_log"]+1 {
		t.Errorf("removal: delegations %d → %d, audit %d → %d", before["delegations"], after["delegations"],
			before["audit_log"], after["audit_log"])
	}

	f := admm2026Form()
	f.Set("host_country", "THA")
	before = app.tableCounts()
	if resp, body := c.post(edit, f); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, `id="e-host_country"`) || !strings.Contains(body, "host country must take part") {
		t.Errorf("host moved to a non-participant: %d", resp.StatusCode)
	}
	if fmt.Sprint(app.tableCounts()) != fmt.Sprint(before) {
		t.Error("a refused host change wrote")
	}
}
