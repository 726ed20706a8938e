package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"convene/internal/convene"
	"convene/internal/sqlite"
)

// TestQuotaBelowPlacesTakenRefused: Indonesia's Retreat delegation has
// three people accredited; a quota of two is refused on the quota table and
// on the delegation's page, with the number taken in the message next to
// the field, the typed value kept and nothing written.
func TestQuotaBelowPlacesTakenRefused(t *testing.T) {
	app := newTestApp(t)
	c := app.as(convene.RoleOfficer)
	_, body := c.get(retreat + "/delegations")
	if !strings.Contains(body, `id="quota-form"`) || !strings.Contains(body, `id="f-quota-idn"`) {
		t.Fatalf("no quota table on the delegations page:\n%.3000s", body)
	}
	f := url.Values{"default_quota": {"6"}}
	for _, iso := range []string{"brn", "khm", "idn", "lao", "mys", "mmr", "phl", "sgp", "tha", "vnm", "tls"} {
		f.Set("quota-"+iso, "4")
	}
	f.Set("quota-idn", "2")
	f.Set("quota-vnm", "9") // a valid change beside the refused one: nothing is written either
	before := app.tableCounts()
	resp, body := c.post(retreat+"/quotas", f)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-quota-idn"`) ||
		!strings.Contains(body, "3 places are already taken: the quota cannot be below 3") ||
		!strings.Contains(body, `name="quota-idn" value="2"`) || !strings.Contains(body, `name="quota-vnm" value="9"`) {
		t.Errorf("table: %d\n%.4000s", resp.StatusCode, body)
	}
	if fmt.Sprint(app.tableCounts()) != fmt.Sprint(before) {
		t.Error("a refused quota table wrote")
	}
	resp, body = c.post(retreat+"/delegations/idn/quota", url.Values{"quota": {"1"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-quota"`) ||
		!strings.Contains(body, "3 places are already taken") || !strings.Contains(body, `value="1"`) {
		t.Errorf("delegation page: %d", resp.StatusCode)
	}
	if fmt.Sprint(app.tableCounts()) != fmt.Sprint(before) {
		t.Error("a refused quota wrote")
	}
	_, gs := app.meetingDelegations("admm-retreat-2025")
	if gs["IDN"].Quota != 4 || gs["VNM"].Quota != 4 {
		t.Errorf("quotas after refusals: IDN %d, VNM %d", gs["IDN"].Quota, gs["VNM"].Quota)
	}
	// Down to the places taken is allowed.
	if resp, _ := c.post(retreat+"/delegations/idn/quota", url.Values{"quota": {"3"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("quota at the places taken: %d", resp.StatusCode)
	}
}

// TestRaisingQuotaPromotesWaitingList: six nominations into Timor-Leste's
// quota of four leave two waiting; raising the quota to five promotes the
// first, and the table's raise to eight the second, each promotion
// audited; the default quota is saved with the table.
func TestRaisingQuotaPromotesWaitingList(t *testing.T) {
	app := newTestApp(t)
	focal := app.signInAs("focal.tls@demo.test")
	for _, n := range []string{"Ana", "Bela", "Carla", "Dina", "Eva", "Fatima"} {
		if resp, _ := focal.post(retreat+"/delegations/tls/delegates/new", nominee(n, "Soares")); resp.StatusCode != 303 {
			t.Fatalf("nominate %s: %d", n, resp.StatusCode)
		}
	}
	c := app.as(convene.RoleOfficer)
	c.get(retreat + "/delegations/tls")
	resp, _ := c.post(retreat+"/delegations/tls/quota", url.Values{"quota": {"5"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("raise: %d", resp.StatusCode)
	}
	if _, body := c.get(resp.Header.Get("Location")); !strings.Contains(body, "1 person from the waiting list now has a place") {
		t.Errorf("flash after raising:\n%.2000s", body)
	}
	eva, fatima := app.findPerson("admm-retreat-2025", "Eva Soares"), app.findPerson("admm-retreat-2025", "Fatima Soares")
	if eva.Status != convene.RegNominated || fatima.Status != convene.RegWaitlisted || fatima.WaitlistPos != 1 {
		t.Fatalf("after raising to 5: Eva %s, Fatima %s at %d", eva.Status, fatima.Status, fatima.WaitlistPos)
	}
	if got := strings.Join(app.auditActions(eva.ID), " "); got != "create nominate promote" {
		t.Errorf("Eva's audit trail: %s", got)
	}

	m, gs := app.meetingDelegations("admm-retreat-2025")
	f := url.Values{"default_quota": {"7"}}
	for iso, g := range gs {
		f.Set(convene.QuotaField(iso), fmt.Sprint(g.Quota))
	}
	f.Set("quota-tls", "8")
	c.get(retreat + "/delegations")
	if resp, body := c.post(retreat+"/quotas", f); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("table: %d\n%.3000s", resp.StatusCode, body)
	}
	if fatima = app.findPerson("admm-retreat-2025", "Fatima Soares"); fatima.Status != convene.RegNominated {
		t.Errorf("after raising to 8: Fatima %s", fatima.Status)
	}
	if q, _ := app.db.FindDefaultQuota(context.Background(), m.ID); q != 7 {
		t.Errorf("default quota %d, want 7", q)
	}
	entries, _, err := app.db.FindAuditEntries(context.Background(), convene.AuditFilter{Entity: "delegation", EntityID: gs["TLS"].ID})
	var quotaChanges []string
	for _, e := range entries {
		if strings.HasPrefix(e.Summary, "quota:") {
			quotaChanges = append(quotaChanges, e.Summary)
		}
	}
	if err != nil || len(quotaChanges) != 2 {
		t.Errorf("quota audit rows: %v %v", quotaChanges, err)
	}
}

// quotaNotOverbooked is the quota race test's verdict, shared with its
// control so that the control proves this very check can fail.
func quotaNotOverbooked(app *testApp) error {
	_, gs := app.meetingDelegations("admm-retreat-2025")
	g := gs["TLS"]
	if g.Delegates > g.Quota {
		return fmt.Errorf("%d people hold a place in a quota of %d", g.Delegates, g.Quota)
	}
	return nil
}

// raceQuotaCut cuts Timor-Leste's Retreat quota from 4 to 2, with two
// people already in it, while n more nominations arrive. before is called
// once the cut is on its way and returns when the nominations may go;
// after is called when every nomination has its answer. It answers the
// cut's status code.
func raceQuotaCut(t *testing.T, app *testApp, n int, before, after func()) int {
	t.Helper()
	focal := app.signInAs("focal.tls@demo.test")
	for _, name := range []string{"Ana", "Bela"} {
		if resp, _ := focal.post(retreat+"/delegations/tls/delegates/new", nominee(name, "Guterres")); resp.StatusCode != 303 {
			t.Fatalf("nominate %s: %d", name, resp.StatusCode)
		}
	}
	officer := app.as(convene.RoleOfficer)
	officer.get(retreat + "/delegations/tls")
	cut := make(chan int, 1)
	go func() {
		resp, _ := officer.post(retreat+"/delegations/tls/quota", url.Values{"quota": {"2"}})
		cut <- resp.StatusCode
	}()
	before()
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, _ := focal.post(retreat+"/delegations/tls/delegates/new", nominee(fmt.Sprintf("Racer %02d", i), "Guterres"))
			if resp.StatusCode != http.StatusSeeOther {
				t.Errorf("nomination %d: %d", i, resp.StatusCode)
			}
		}()
	}
	wg.Wait()
	after()
	return <-cut
}

// TestQuotaCutRacingNominations: a quota cut and nominations at the same
// time never leave more people holding a place than the quota: either the
// cut comes first and the nominations wait, or they come first and the cut
// is refused (422) because the places are taken.
func TestQuotaCutRacingNominations(t *testing.T) {
	app := newTestApp(t)
	status := raceQuotaCut(t, app, 6, func() {}, func() {})
	if status != http.StatusSeeOther && status != http.StatusUnprocessableEntity {
		t.Fatalf("cut: %d", status)
	}
	if err := quotaNotOverbooked(app); err != nil {
		t.Fatal(err)
	}
	t.Logf("quota cut racing 6 nominations: cut answered %d, quota kept", status)
}

// TestQuotaCutRaceControl runs the race against the deliberately split
// cut (check in one transaction, update in another): the cut checks the
// two places taken, the nominations then fill the old quota, and the cut
// writes its stale decision. The same verdict must fail, which proves the
// race test above can catch the bug it guards against.
func TestQuotaCutRaceControl(t *testing.T) {
	checked, release := make(chan struct{}), make(chan struct{})
	app := newTestApp(t, sqlite.WithHooks(sqlite.Hooks{BetweenQuotaFloorCheckAndUpdate: func() {
		close(checked)
		select {
		case <-release:
		case <-time.After(20 * time.Second): // never hang the suite
		}
	}}))
	status := raceQuotaCut(t, app, 2, func() {
		select {
		case <-checked:
		case <-time.After(20 * time.Second):
			t.Error("the cut never reached its check")
		}
	}, func() { close(release) })
	if status != http.StatusSeeOther {
		t.Fatalf("split cut: %d", status)
	}
	err := quotaNotOverbooked(app)
	if err == nil {
		t.Fatal("the split quota cut kept the quota: the race test could not catch the bug")
	}
	t.Logf("control, as expected: %v", err)
}
