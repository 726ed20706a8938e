package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"convene/internal/convene"
)

// yearSection returns the calendar's section for a year.
func yearSection(body string, year string) string {
	i := strings.Index(body, `<section class="calendar-year" aria-label="`+year+`"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i+1:], `<section class="calendar-year"`)
	if j < 0 {
		return body[i:]
	}
	return body[i : i+1+j]
}

// TestGenerateNextCycle: from 2025's meetings the secretariat reviews the
// 2026 cycle (every meeting ticked, the Philippines, chair of 2026,
// hosting); nothing ticked is refused with nothing written; creating
// makes proposed, month-only meetings of the same kinds in the same
// months, each with the participants its kind expects, audited; a second
// review shows them as existing; the calendar shows 2025 and 2026 with
// their chairs.
func TestGenerateNextCycle(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	sec := app.as(convene.RoleOfficer)
	resp, body := sec.get("/calendar/generate?from=2025")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `<strong id="next-chair">Philippines</strong>`) {
		t.Fatalf("review: %d\n%.2000s", resp.StatusCode, body)
	}
	codes := []string{"admm-retreat-2026", "adsom-wg-2026", "adsom-2026", "admm-2026"}
	for _, code := range codes {
		if !strings.Contains(body, `value="`+code+`" id="f-meeting-`+code+`" checked`) {
			t.Errorf("%s is not proposed ticked", code)
		}
	}
	before := app.tableCounts()
	resp, body = sec.post("/calendar/generate", url.Values{"from": {"2025"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-meetings"`) ||
		strings.Contains(body, `id="f-meeting-adsom-2026" checked`) {
		t.Errorf("nothing ticked: %d", resp.StatusCode)
	}
	if after := app.tableCounts(); after["meetings"] != before["meetings"] || after["audit_log"] != before["audit_log"] {
		t.Error("a refused generation wrote")
	}
	resp, _ = sec.post("/calendar/generate", url.Values{"from": {"2025"}, "meetings": codes})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/calendar?from=2025&years=2" {
		t.Fatalf("create: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	phl, _ := app.db.FindCountryByISO3(ctx, "PHL")
	for code, want := range map[string]struct {
		kind  convene.MeetingKind
		month time.Month
		chair string
	}{
		"admm-retreat-2026": {convene.KindADMMRetreat, time.February, "Minister of Defence, Philippines"},
		"adsom-wg-2026":     {convene.KindADSOMWG, time.February, "Philippines"},
		"adsom-2026":        {convene.KindADSOM, time.September, "Philippines"},
		"admm-2026":         {convene.KindADMM, time.November, "Minister of Defence, Philippines"},
	} {
		m, err := app.db.FindMeetingByCode(ctx, code)
		if err != nil {
			t.Errorf("%s: %v", code, err)
			continue
		}
		if m.Kind != want.kind || !m.Tentative() || m.StartDate.Month != want.month || m.StartDate.Year != 2026 ||
			m.Status != convene.StatusProposed || m.HostCountryID != phl.ID || m.Chair != want.chair || m.TimeZone != "Asia/Manila" {
			t.Errorf("%s: %+v", code, m)
		}
		gs, _ := app.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
		if len(gs) != 11 || gs[9].Country.ISO3 != "TLS" || gs[9].Country.Standing != convene.StandingMember {
			t.Errorf("%s: %d delegations", code, len(gs))
		}
	}
	after := app.tableCounts()
	if after["meetings"] != before["meetings"]+4 || after["delegations"] != before["delegations"]+44 {
		t.Errorf("created %d meetings and %d delegations", after["meetings"]-before["meetings"], after["delegations"]-before["delegations"])
	}
	entries, _, _ := app.db.FindAuditEntries(ctx, convene.AuditFilter{Entity: "meeting"})
	if len(entries) == 0 || entries[0].Action != "generate" || !strings.Contains(entries[0].Summary, "2026 cycle from 2025") {
		t.Errorf("audit: %+v", entries[:1])
	}
	_, body = sec.get("/calendar/generate?from=2025")
	if strings.Count(body, "Exists") != 4 || strings.Contains(body, `type="checkbox" name="meetings"`) {
		t.Error("a second review proposes the meetings again")
	}
	_, body = app.as(convene.RoleAnonymous).get("/calendar?from=2025&years=2")
	y25, y26 := yearSection(body, "2025"), yearSection(body, "2026")
	if !strings.Contains(y25, "Chair: Malaysia") || !strings.Contains(y26, "Chair: Philippines") ||
		!strings.Contains(monthSection(y26, "September"), "ADSOM 2026") || !strings.Contains(monthSection(y25, "September"), "ADSOM 2025") {
		t.Errorf("calendar 2025–2026:\n%.3000s", body)
	}
	if resp, _ := sec.get("/calendar/generate?from=abc"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a bad year: %d", resp.StatusCode)
	}
	if resp, _ := app.as(convene.RoleAnonymous).get("/calendar?from=2025&years=9"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("nine years: %d", resp.StatusCode)
	}
}

// TestChairs: 2025-2027 recorded, later years proposed from the rotation;
// a correction is refused for a country that is not a Member State on 1
// January of the year, and the rotation follows a corrected year. A new
// ADSOM of 2027 left without a host is hosted and chaired by Singapore; an
// Experts' Working Group by its Member State co-chair.
func TestChairs(t *testing.T) {
	app := newTestApp(t)
	app.db.Now = func() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }
	ctx := context.Background()
	sec := app.as(convene.RoleOfficer)
	_, body := sec.get("/chairs")
	for year, want := range map[string]string{"2025": "Malaysia", "2026": "Philippines", "2027": "Singapore",
		"2028": "Thailand", "2029": "Timor-Leste", "2030": "Viet Nam"} {
		i := strings.Index(body, `id="chair-`+year+`"`)
		if i < 0 {
			t.Errorf("no row for %s", year)
			continue
		}
		row := body[i : i+strings.Index(body[i:], "</tr>")]
		if !strings.Contains(row, want) {
			t.Errorf("%s is not %s: %s", year, want, row)
		}
		rotation := strings.Contains(row, "Proposed from the rotation")
		if rotation != (year >= "2028") {
			t.Errorf("%s: proposed from the rotation %v", year, rotation)
		}
	}
	for _, tc := range []struct {
		year, country, errID string
	}{
		{"2028", "JPN", "e-country"},
		{"2025", "TLS", "e-country"},
		{"2028", "", "e-country"},
		{"2028", "VNM", ""},
	} {
		sec.get("/chairs/" + tc.year)
		before := app.tableCounts()
		resp, body := sec.post("/chairs/"+tc.year, url.Values{"country": {tc.country}, "status": {"recorded"}, "note": {"Tuyên bố chung"}})
		if tc.errID == "" {
			if resp.StatusCode != http.StatusSeeOther {
				t.Errorf("%s %s: %d", tc.year, tc.country, resp.StatusCode)
			}
			continue
		}
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="`+tc.errID+`"`) ||
			!strings.Contains(body, `value="Tuyên bố chung"`) {
			t.Errorf("%s %s: %d", tc.year, tc.country, resp.StatusCode)
		}
		if after := app.tableCounts(); after["chairs"] != before["chairs"] || after["audit_log"] != before["audit_log"] {
			t.Errorf("%s %s: a refused chair wrote", tc.year, tc.country)
		}
	}
	chairs, _ := app.db.FindChairs(ctx, 2028, 2029)
	if len(chairs) != 2 || chairs[0].Country.ISO3 != "VNM" || chairs[0].Rotation || chairs[1].Country.ISO3 != "BRN" || !chairs[1].Rotation {
		t.Errorf("after correcting 2028: %+v", chairs)
	}
	if entries, _, _ := app.db.FindAuditEntries(ctx, convene.AuditFilter{Entity: "chair", EntityID: 2028}); len(entries) != 1 {
		t.Errorf("chair audit: %+v", entries)
	}

	// Co-chairs: a partner as the Member State is refused; a good pair is kept.
	sec.get("/chairs")
	resp, body := sec.post("/chairs/ewg", url.Values{"kind": {"ewg_cyber"}, "first_year": {"2026"}, "member": {"AUS"}, "partner": {"IND"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-member"`) {
		t.Errorf("a partner as the member: %d", resp.StatusCode)
	}
	if resp, _ := sec.post("/chairs/ewg", url.Values{"kind": {"ewg_cyber"}, "first_year": {"2026"}, "member": {"SGP"},
		"partner": {"IND"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("co-chairs: %d", resp.StatusCode)
	}

	// New meetings take their host and chair from the year.
	for _, tc := range []struct {
		code, kind, month, host, chair string
	}{
		{"adsom-2027", "adsom", "2027-09", "SGP", "Singapore"},
		{"ewg-cyber-2027", "ewg_cyber", "2027-04", "SGP", "Co-chairs: Singapore and India"},
	} {
		resp, body := sec.get("/meetings/new?kind=" + tc.kind + "&month=" + tc.month)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, `<option value="`+tc.host+`" selected`) {
			t.Errorf("%s: the form does not start with the year's chair", tc.code)
		}
		f := url.Values{"code": {tc.code}, "title": {strings.ToUpper(tc.code)}, "kind": {tc.kind}, "host_country": {""},
			"time_zone": {"Asia/Singapore"}, "status": {"proposed"}, "date_precision": {"month"}, "month": {tc.month},
			"length_days": {"2"}, "participants": {"SGP", "MYS", "IND"}, "default_quota": {"4"}}
		if resp, body := sec.post("/meetings/new", f); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d\n%.1500s", tc.code, resp.StatusCode, body)
		}
		m, _ := app.db.FindMeetingByCode(ctx, tc.code)
		if m.HostCountryName != map[string]string{"SGP": "Singapore"}[tc.host] || m.Chair != tc.chair {
			t.Errorf("%s: host %s, chair %q", tc.code, m.HostCountryName, m.Chair)
		}
	}
}

// TestHolidayEdits: the holidays page lists a year of one country; a
// holiday is marked verified, edited (a bad day or a region of another
// country refused next to the field, kept, nothing written) and deleted,
// each in the audit log.
func TestHolidayEdits(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	sec := app.as(convene.RoleOfficer)
	mys, _ := app.db.FindCountryByISO3(ctx, "MYS")
	hs, err := app.db.FindHolidays(ctx, 2026, mys.ID)
	if err != nil || len(hs) < 10 {
		t.Fatalf("Malaysia 2026: %d %v", len(hs), err)
	}
	var day convene.Holiday
	for _, h := range hs {
		if h.Name == "Malaysia Day" {
			day = h
		}
	}
	resp, body := sec.get("/holidays?year=2026&country=MYS")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `id="holiday-`+itoa64(day.ID)+`"`) ||
		strings.Contains(body, "Tet (Lunar New Year)") {
		t.Fatalf("list: %d", resp.StatusCode)
	}
	path := "/holidays/" + itoa64(day.ID)
	if resp, _ := sec.post(path+"/verify", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("verify: %d", resp.StatusCode)
	}
	if h, _ := app.db.FindHolidayByID(ctx, day.ID); !h.Verified {
		t.Error("not verified")
	}
	for _, tc := range []struct{ field, value, errID string }{
		{"date", "16/09/2026", "e-date"},
		{"region", "LA-VT", "e-region"},
		{"name", "", "e-name"},
	} {
		sec.get(path)
		f := url.Values{"date": {"2026-09-16"}, "name": {"Hari Malaysia"}, "region": {""}, "source": {"Warta Kerajaan"}, "verified": {"1"}}
		f.Set(tc.field, tc.value)
		before := app.tableCounts()
		resp, body := sec.post(path, f)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="`+tc.errID+`"`) ||
			!strings.Contains(body, `value="Warta Kerajaan"`) {
			t.Errorf("%s: %d", tc.field, resp.StatusCode)
		}
		if after := app.tableCounts(); after["audit_log"] != before["audit_log"] {
			t.Errorf("%s: a refused edit wrote", tc.field)
		}
	}
	sec.get(path)
	if resp, _ := sec.post(path, url.Values{"date": {"2026-09-16"}, "name": {"Hari Malaysia"}, "region": {"my-07"},
		"source": {"Warta Kerajaan"}, "verified": {"1"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", resp.StatusCode)
	}
	if h, _ := app.db.FindHolidayByID(ctx, day.ID); h.Name != "Hari Malaysia" || h.Region != "MY-07" || h.Source != "Warta Kerajaan" {
		t.Errorf("after the edit: %+v", h)
	}
	if resp, _ := sec.post(path+"/delete", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	if _, err := app.db.FindHolidayByID(ctx, day.ID); convene.ErrorCode(err) != convene.ENOTFOUND {
		t.Errorf("after delete: %v", err)
	}
	entries, _, _ := app.db.FindAuditEntries(ctx, convene.AuditFilter{Entity: "holiday", EntityID: day.ID})
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	if strings.Join(actions, " ") != "delete update verify" {
		t.Errorf("audit: %v", actions)
	}
	if resp, _ := sec.get(path); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a deleted holiday's form: %d", resp.StatusCode)
	}
}

// TestPlannerHolidays2026: the planner of ADSOM 2026 names Malaysia Day
// with Malaysia's name; an ADSOM-Plus counts Japan's holidays, the ADSOM
// does not; a meeting in 2029, a year without holidays, says which
// countries have none, until they are imported.
func TestPlannerHolidays2026(t *testing.T) {
	app := newTestApp(t)
	sec := app.as(convene.RoleOfficer)
	sec.get("/meetings/new")
	f := meetingForm()
	f.Set("participants", "")
	f["participants"] = []string{"BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "TLS", "VNM"}
	if resp, _ := sec.post("/meetings/new", f); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("ADSOM 2026: %d", resp.StatusCode)
	}
	_, body := sec.get("/meetings/adsom-2026/planner?as_of=2026-03-01")
	if !strings.Contains(body, "Public holiday in Malaysia: Malaysia Day (16 September 2026) [unverified]") ||
		strings.Contains(body, `id="missing-holidays"`) {
		t.Errorf("planner 2026 does not name Malaysia Day:\n%.3000s", body)
	}
	// The Plus partners' holidays count for a meeting of the ADMM-Plus
	// track (its delegations include them), not for the ADSOM.
	plus := meetingForm()
	for k, v := range map[string]string{"code": "adsom-plus-2026", "title": "ADSOM-Plus 2026", "kind": "adsom_plus", "month": "2026-11"} {
		plus.Set(k, v)
	}
	plus["participants"] = append(f["participants"], "JPN", "AUS")
	if resp, body := sec.post("/meetings/new", plus); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("ADSOM-Plus 2026: %d\n%.1500s", resp.StatusCode, body)
	}
	_, body = sec.get("/meetings/adsom-plus-2026/planner?as_of=2026-03-01")
	if !strings.Contains(body, "Public holiday in Japan: Culture Day (3 November 2026)") {
		t.Error("the ADSOM-Plus planner does not count Japan's holiday")
	}
	_, body = sec.get("/meetings/adsom-2026/planner?as_of=2026-03-01")
	if strings.Contains(body, "Japan") {
		t.Error("the ADSOM planner counts a partner's holiday")
	}

	f.Set("code", "adsom-2029")
	f.Set("title", "ADSOM 2029")
	f.Set("month", "2029-09")
	if resp, _ := sec.post("/meetings/new", f); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("ADSOM 2029: %d", resp.StatusCode)
	}
	_, body = sec.get("/meetings/adsom-2029/planner")
	if !strings.Contains(body, "No holidays recorded for Brunei Darussalam, Cambodia, Indonesia, Lao PDR, Malaysia, Myanmar, "+
		"Philippines, Singapore, Thailand, Timor-Leste and Viet Nam in 2029: import them.") {
		t.Errorf("2029 without holidays:\n%.2000s", body)
	}
	var csv strings.Builder
	for _, iso := range []string{"BRN", "KHM", "IDN", "LAO", "MYS", "PHL", "SGP", "THA", "TLS", "VNM"} {
		csv.WriteString(iso + ",2029-01-01,New Year's Day,no,expected\n")
	}
	sec.get("/holidays")
	if resp, _ := sec.post("/holidays", url.Values{"csv": {csv.String()}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("import: %d", resp.StatusCode)
	}
	_, body = sec.get("/meetings/adsom-2029/planner")
	if !strings.Contains(body, "No holidays recorded for Myanmar in 2029: import them.") {
		t.Errorf("2029 with holidays but Myanmar's:\n%.2000s", body)
	}
}
