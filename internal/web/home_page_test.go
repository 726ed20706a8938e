package web

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"convene/internal/convene"
)

var (
	cardLink = regexp.MustCompile(`<h2><a href="/meetings/([^"]+)">`)
	pageLink = regexp.MustCompile(`<a href="(/[^"]*)"(?: rel="(?:prev|next)")?>([^<]+)</a>`)
)

// homeLinks returns the landing page's pager links by label.
func homeLinks(body string) map[string]string {
	out := map[string]string{}
	i := strings.Index(body, `class="pager"`)
	if i < 0 {
		return out
	}
	nav := body[i:]
	nav = nav[:strings.Index(nav, "</nav>")]
	for _, m := range pageLink.FindAllStringSubmatch(nav, -1) {
		out[m[2]] = strings.ReplaceAll(m[1], "&amp;", "&")
	}
	return out
}

// manyMeetings adds up and past meetings around today: one every 3 days
// after it, one every 3 days before it.
func manyMeetings(t *testing.T, app *testApp, today time.Time, up, past int) {
	t.Helper()
	ctx := context.Background()
	mys, err := app.db.FindCountryByISO3(ctx, "MYS")
	if err != nil {
		t.Fatal(err)
	}
	add := func(code string, day time.Time) {
		m := convene.Meeting{Code: code, Title: "Hội nghị " + code, Kind: convene.KindADMMPlus, HostCountryID: mys.ID,
			City: "George Town", TimeZone: "Asia/Kuala_Lumpur", Status: convene.StatusDatesConfirmed,
			DatePrecision: convene.PrecisionDay, StartDate: convene.DateOf(day), EndDate: convene.DateOf(day.AddDate(0, 0, 1)),
			LengthDays: 2}
		if err := app.db.CreateMeeting(ctx, &m); err != nil {
			t.Fatal(err)
		}
	}
	for i := range up {
		add(fmt.Sprintf("up-%02d", i), today.AddDate(0, 0, 3*i))
	}
	for i := range past {
		add(fmt.Sprintf("past-%02d", i), today.AddDate(0, 0, -3*(i+1)))
	}
}

// TestHomePagesListEveryMeetingOnce walks the landing page's pages: the
// upcoming meetings soonest first, 24 a page, then the earlier ones latest
// first; every meeting in the file appears exactly once, and no page lists
// more than a page's worth.
func TestHomePagesListEveryMeetingOnce(t *testing.T) {
	app := newTestApp(t)
	today := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	app.db.Now = func() time.Time { return today }
	manyMeetings(t, app, today, 30, 40)
	_, total, err := app.db.FindMeetings(context.Background(), convene.MeetingFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	visitor := app.client()

	seen := map[string]int{}
	var order []string
	walk := func(path string) (links map[string]string) {
		t.Helper()
		resp, body := visitor.get(path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		cards := cardLink.FindAllStringSubmatch(body, -1)
		if len(cards) == 0 || len(cards) > homePageSize {
			t.Fatalf("%s lists %d meetings", path, len(cards))
		}
		for _, c := range cards {
			seen[c[1]]++
			order = append(order, c[1])
		}
		return homeLinks(body)
	}

	links := walk("/")
	if order[0] != "up-00" || order[homePageSize-1] != fmt.Sprintf("up-%02d", homePageSize-1) {
		t.Errorf("first page starts %s, ends %s: want the soonest upcoming meetings in order", order[0], order[len(order)-1])
	}
	if links["More upcoming meetings"] != "/?page=2" || links["Earlier meetings"] != "/?past=1" {
		t.Fatalf("first page links: %v", links)
	}
	links = walk(links["More upcoming meetings"])
	if _, ok := links["More upcoming meetings"]; ok || links["Sooner meetings"] != "/" {
		t.Errorf("last upcoming page links: %v", links)
	}
	pastStart := len(order)
	for path, pages := links["Earlier meetings"], 0; path != ""; pages++ {
		if pages > 10 {
			t.Fatal("the earlier pages do not end")
		}
		links = walk(path)
		path = links["Earlier meetings"]
	}
	if order[pastStart] != "past-00" {
		t.Errorf("earlier meetings start with %s, want the latest (past-00)", order[pastStart])
	}
	for code, n := range seen {
		if n != 1 {
			t.Errorf("%s listed %d times", code, n)
		}
	}
	if len(seen) != total {
		t.Errorf("the pages list %d meetings; the file has %d", len(seen), total)
	}
}

// TestHomePageBetweenCycles: with nothing upcoming the first page shows the
// latest past meetings, so the landing page is never empty while the file
// has meetings (the demo's 2025 cycle, seen from 2026).
func TestHomePageBetweenCycles(t *testing.T) {
	app := newTestApp(t)
	app.db.Now = func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) }
	resp, body := app.client().get("/")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/: %d", resp.StatusCode)
	}
	for _, want := range []string{"Recent meetings", "ADMM Retreat 2025", "ADMM 2025", "All meetings by year"} {
		if !strings.Contains(body, want) {
			t.Errorf("landing page lacks %q", want)
		}
	}
	if strings.Contains(body, "Upcoming and current meetings") || len(homeLinks(body)) != 0 {
		t.Errorf("nothing is upcoming and everything fits one page, yet: links %v", homeLinks(body))
	}
}

// TestHomePageQueryIsChecked: malformed paging is a bad request, a page
// past the end is not found.
func TestHomePageQueryIsChecked(t *testing.T) {
	app := newTestApp(t)
	c := app.client()
	for path, want := range map[string]int{"/?page=0": 400, "/?page=x": 400, "/?past=yes": 400,
		"/?page=99": 404, "/?past=1&page=99": 404, "/?past=1": 200} {
		if resp, _ := c.get(path); resp.StatusCode != want {
			t.Errorf("%s: %d, want %d", path, resp.StatusCode, want)
		}
	}
}
