package views

import (
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/a-h/templ"

	"convene/internal/convene"
)

// Rendering benchmarks, the regression guard for the pages the load
// benchmark (cmd/convene-bench) measures end to end. Each runs the empty
// layout as its baseline first and reports x_baseline, the page's time
// divided by the layout's in the same run; compare runs with benchstat.

func ratioBench(b *testing.B, page templ.Component) {
	ctx := WithPage(context.Background(), &PageContext{
		Actor: convene.Actor{Role: convene.RoleOrganiser}, Path: "/",
		Nav:   []NavItem{{Label: "Meetings", Href: "/"}, {Label: "Audit", Href: "/audit"}},
		Asset: func(s string) string { return "/static/" + s }, CSRFToken: "token"})
	render := func(b *testing.B, c templ.Component) {
		b.ReportAllocs()
		for range b.N {
			if err := c.Render(ctx, io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	}
	var baseNs float64
	b.Run("baseline", func(b *testing.B) {
		render(b, Layout("Convene"))
		baseNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	b.Run("page", func(b *testing.B) {
		render(b, page)
		if baseNs > 0 {
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/baseNs, "x_baseline")
		}
	})
}

func benchMeeting(i int) convene.Meeting {
	return convene.Meeting{ID: int64(i), Code: fmt.Sprintf("bench-%03d", i), Title: fmt.Sprintf("ADMM-Plus Experts' Working Group %d", i),
		Kind: convene.KindADMMPlus, HostCountryName: "Malaysia", City: "George Town, Pulau Pinang",
		VenueName: "Shangri-La Hotel, Pulau Pinang", TimeZone: "Asia/Kuala_Lumpur", Theme: "Inclusivity and Sustainability",
		Status: convene.StatusRegistrationOpen, DatePrecision: convene.PrecisionDay,
		StartDate: convene.Date{Year: 2026, Month: 2, Day: 26}, EndDate: convene.Date{Year: 2026, Month: 2, Day: 27},
		FocusAreas: []convene.FocusArea{{Code: "ai", Title: "Cooperation in artificial intelligence (AI) in the defence sector"},
			{Code: "hadr", Title: "Civil-military coordination in HADR"}}}
}

// BenchmarkMeetingPage renders the meeting page with its 11 delegations as
// the secretariat sees it: what /bench/render serves.
func BenchmarkMeetingPage(b *testing.B) {
	names := []string{"Brunei Darussalam", "Cambodia", "Indonesia", "Lao PDR", "Malaysia", "Myanmar",
		"Philippines", "Singapore", "Thailand", "Viet Nam", "Timor-Leste"}
	heads := []string{"Nguyễn Thị Ánh", "สมชาย ใจดี", "ພອນສະຫວັນ ສີຫາລາດ", "ហេង សុភា", "မောင်မောင်", "Darmawan"}
	var ds []convene.Delegation
	for i, n := range names {
		ds = append(ds, convene.Delegation{ID: int64(i + 1), Country: convene.Country{Name: n, Observer: n == "Timor-Leste"},
			Quota: 45, Status: convene.DelegationNominating, FocalName: heads[(i+1)%len(heads)],
			HeadName: heads[i%len(heads)], Delegates: 40})
	}
	ratioBench(b, MeetingPage(benchMeeting(1), ds, true, MeetingPoll{}, nil))
}

// BenchmarkHomePage renders a full page of the landing page (24 meetings,
// with links to the next pages): what GET / serves on the benchmark's
// 200-meeting dataset since it pages (it rendered all 200 before).
func BenchmarkHomePage(b *testing.B) {
	ms := make([]convene.Meeting, 24)
	for i := range ms {
		ms[i] = benchMeeting(i)
	}
	ratioBench(b, HomePage(HomeList{Upcoming: ms, Links: []PageLink{
		{Label: "More upcoming meetings", Href: "/?page=2", Rel: "next"}, {Label: "Earlier meetings", Href: "/?past=1"}}}))
}
