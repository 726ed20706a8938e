package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"convene/internal/convene"
	"convene/internal/photo/phototest"
)

// retreatSession returns the id of a Retreat session by title.
func (a *testApp) retreatSession(title string) int64 {
	a.t.Helper()
	ss, err := a.db.FindSessions(a.t.Context(), convene.SessionFilter{MeetingIDs: []int64{a.retreatID()}})
	if err != nil {
		a.t.Fatal(err)
	}
	for _, s := range ss {
		if s.Title == title {
			return s.ID
		}
	}
	a.t.Fatalf("no Retreat session %q", title)
	return 0
}

// checkInAt types a code at a session's desk, with the override fields
// when form has them, and returns the status and the page it lands on.
func checkInAt(t *testing.T, c *client, sessionID int64, code string, extra url.Values) (int, string) {
	t.Helper()
	c.get(fmt.Sprintf("%s/check-in?session=%d", retreat, sessionID))
	f := url.Values{"code": {code}, "session": {fmt.Sprint(sessionID)}}
	for k, v := range extra {
		f[k] = v
	}
	resp, body := c.post(retreat+"/check-in", f)
	if resp.StatusCode == http.StatusSeeOther {
		_, body = c.get(resp.Header.Get("Location"))
	}
	return resp.StatusCode, body
}

// TestCheckInFollowsTheAttendanceRule: at the family photo (heads of
// delegation only) the desk admits Viet Nam's minister, but warns about the
// alternate head and writes nothing; an override without a reason is
// refused too; with override=1 and a reason she is admitted, and the
// check-in records the organiser's name and the reason, in the answer and
// in the audit log. At the welcome lunch (heads plus one) the desk admits
// exactly the Malaysians the caterer counts, and when the secretariat makes
// the lunch heads-only both the caterer's count and the desk follow.
func TestCheckInFollowsTheAttendanceRule(t *testing.T) {
	app := newTestApp(t)
	org := app.as(convene.RoleOrganiser)
	photo := app.retreatSession("Family photo")
	minister, alternate := app.delegateNamed("Quốc Bình"), app.delegateNamed("Thị Ánh")
	ministerCode, alternateCode := printOne(t, org, minister.ID), printOne(t, org, alternate.ID)

	status, body := checkInAt(t, org, photo, ministerCode, nil)
	if status != http.StatusSeeOther || !strings.Contains(body, "Admitted to “Family photo” (Heads of delegation only).") {
		t.Fatalf("head of delegation at the family photo: status %d\n%.1500s", status, body)
	}

	before := app.tableCounts()
	status, body = checkInAt(t, org, photo, alternateCode, nil)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Not on the list for “Family photo”") ||
		!strings.Contains(body, `id="admit-override"`) || !strings.Contains(body, `name="override_reason"`) {
		t.Fatalf("alternate head at a heads-only session: status %d, want 422 with the warning and the override\n%.2500s", status, body)
	}
	if !strings.Contains(body, `value="`+alternateCode+`"`) {
		t.Error("the warned form lost the typed code")
	}
	status, body = checkInAt(t, org, photo, alternateCode, url.Values{"override": {"1"}, "override_reason": {"  "}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Give the reason for admitting them") {
		t.Errorf("override without a reason: status %d\n%.1500s", status, body)
	}
	if after := app.tableCounts(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("a refused check-in wrote: %v → %v", before, after)
	}
	const reason = "Stands in for the minister, who is with the Prime Minister"
	status, body = checkInAt(t, org, photo, alternateCode, url.Values{"override": {"1"}, "override_reason": {reason}})
	if status != http.StatusSeeOther || !strings.Contains(body, "Checked in by override") {
		t.Fatalf("override with a reason: status %d\n%.1500s", status, body)
	}
	answer := body[strings.Index(body, `id="check-in-answer"`):]
	for _, want := range []string{"Thị Ánh", "Viet Nam", "admitted by Rajesh a/l Muthu", reason} {
		if !strings.Contains(answer, want) {
			t.Errorf("the answer lacks %q:\n%.1500s", want, answer)
		}
	}
	if n, _ := app.db.CountCheckIns(t.Context(), app.retreatID(), photo); n != 2 {
		t.Errorf("family photo has %d check-ins, want 2", n)
	}
	audit, _, err := app.db.FindAuditEntries(t.Context(), convene.AuditFilter{Entity: "delegate", EntityID: alternate.ID, Limit: 5})
	if err != nil || len(audit) == 0 || audit[0].Action != "check_in_override" || !strings.Contains(audit[0].Summary, reason) ||
		audit[0].UserName != "Rajesh a/l Muthu" {
		t.Errorf("audit of the override: %+v %v", audit, err)
	}
	// A second scan is "already checked in", not a second warning.
	if status, body := checkInAt(t, org, photo, alternateCode, nil); status != http.StatusSeeOther || !strings.Contains(body, "Already checked in") {
		t.Errorf("second scan after an override: status %d", status)
	}

	// The welcome lunch: the desk and the caterer apply one rule.
	lunch := app.retreatSession("Welcome lunch hosted by the Minister of Defence Malaysia")
	var codes []string
	for _, given := range []string{"Ahmad Faizal bin Rahman", "Zulkifli bin Hassan", "Siti Mariam binti Yusof", "Kumaran"} {
		codes = append(codes, printOne(t, org, app.delegateNamed(given).ID))
	}
	covers := func() string {
		_, body := org.get(retreat + "/catering")
		i := strings.Index(body, "Welcome lunch hosted by the Minister of Defence Malaysia")
		m := regexp.MustCompile(`<tr><td>Malaysia</td><td class="num">(\d+)</td></tr>`).FindStringSubmatch(body[i:])
		if m == nil {
			t.Fatalf("no Malaysian covers at the welcome lunch:\n%.2000s", body[i:])
		}
		return m[1]
	}
	admitted := func(sessionID int64, codes []string) (n int) {
		for _, code := range codes {
			if status, _ := checkInAt(t, org, sessionID, code, nil); status == http.StatusSeeOther {
				n++
			}
		}
		return n
	}
	if got, want := fmt.Sprint(admitted(lunch, codes)), covers(); got != want || want != "2" {
		t.Errorf("welcome lunch (heads plus one): the desk admits %s Malaysians, the caterer counts %s (want 2)", got, want)
	}
	staff := app.as(convene.RoleOfficer)
	path := fmt.Sprintf("%s/programme/%d", retreat, lunch)
	staff.get(path)
	f := sessionForm("Welcome lunch hosted by the Minister of Defence Malaysia", "2025-02-26", "12:30", "13:30",
		app.roomID("admm-retreat-2025", "Grand Ballroom"))
	f.Set("kind", "meal")
	f.Set("attendance", "heads")
	f.Set("visibility", "delegates")
	if resp, body := staff.post(path, f); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("make the lunch heads-only: %d\n%.1500s", resp.StatusCode, body)
	}
	// Those already admitted stay checked in; the others are now warned too.
	if covers() != "1" {
		t.Errorf("heads-only lunch: the caterer counts %s Malaysians, want 1", covers())
	}
	if n := admitted(lunch, codes[2:]); n != 0 {
		t.Errorf("heads-only lunch: the desk admitted %d of the adviser and the liaison officer", n)
	}
	if status, body := checkInAt(t, org, lunch, codes[1], nil); status != http.StatusSeeOther || !strings.Contains(body, "Already checked in") {
		t.Errorf("the alternate head admitted before the change is no longer checked in: %d", status)
	}
}

// TestCheckInAnswerShowsThePhoto: a delegate's photo uploaded by the
// secretariat is the one the desk shows, large beside the name, after the
// badge is scanned; a person without a photo is shown as such.
func TestCheckInAnswerShowsThePhoto(t *testing.T) {
	app := newTestApp(t)
	staff := app.as(convene.RoleOfficer)
	vn := app.delegateNamed("Quốc Bình")
	uploadPhoto(t, staff, vn.ID)
	org := app.as(convene.RoleOrganiser)
	status, body := checkIn(t, org, printOne(t, org, vn.ID))
	if status != http.StatusSeeOther {
		t.Fatalf("check-in: %d", status)
	}
	src := fmt.Sprintf(`src="/meetings/admm-retreat-2025/delegates/%d/photo"`, vn.ID)
	i := strings.Index(body, `id="check-in-answer"`)
	if i < 0 || !strings.Contains(body[i:], src) || !strings.Contains(body[i:], "Trần Quốc Bình") ||
		!strings.Contains(body[i:], "Admitted to the venue of ADMM Retreat 2025") {
		t.Fatalf("the answer does not show the photo beside the name:\n%.3000s", body)
	}
	resp, img := org.get(fmt.Sprintf("/meetings/admm-retreat-2025/delegates/%d/photo", vn.ID))
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/jpeg" || !strings.HasPrefix(img, "\xff\xd8") {
		t.Errorf("the desk cannot load the photo: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}

	anan := app.delegateNamed("Thị Ánh")
	if _, body := checkIn(t, org, printOne(t, org, anan.ID)); !strings.Contains(body, `id="answer-no-photo"`) {
		t.Error("the answer for a person without a photo does not say so")
	}
}

// uploadPhoto uploads a portrait of a Retreat delegate through the person
// page's photo form, as c.
func uploadPhoto(t *testing.T, c *client, delegateID int64) {
	t.Helper()
	path := fmt.Sprintf("%s/delegates/%d", retreat, delegateID)
	c.get(path)
	if resp, body := c.uploadPhoto(path+"/photo", phototest.Portrait()); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload a photo: %d\n%.600s", resp.StatusCode, body)
	}
	// An accredited person's new photo waits for approval (one record, one
	// truth: the badge shows approved data only); the secretariat approves it.
	ctx := t.Context()
	if ch, err := c.app.db.FindOpenChange(ctx, delegateID); err == nil && ch.ID != 0 {
		if _, err := c.app.db.DecideChange(ctx, c.app.retreatID(), ch.ID, true, ""); err != nil {
			t.Fatalf("approve the photo: %v", err)
		}
	}
}
