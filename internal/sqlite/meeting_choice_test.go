package sqlite

import (
	"context"
	"testing"

	"convene/internal/convene"
)

// TestMeetingChoicesFollowChanges: the kept list of meetings to choose
// from shows a renamed meeting and a new one on the very next call, in
// date order, and what a caller does to its copy does not reach the next.
func TestMeetingChoicesFollowChanges(t *testing.T) {
	d, m, _ := cacheDB(t)
	ctx := context.Background()
	titles := func() []string {
		t.Helper()
		ms, err := d.FindMeetingChoices(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, x := range ms {
			out = append(out, x.Code+" "+x.Title)
		}
		if len(ms) > 0 {
			ms[0].Title = "changed by the caller"
		}
		return out
	}
	want := func(got []string, w ...string) {
		t.Helper()
		if len(got) != len(w) {
			t.Fatalf("choices %q, want %q", got, w)
		}
		for i := range w {
			if got[i] != w[i] {
				t.Fatalf("choices %q, want %q", got, w)
			}
		}
	}
	want(titles(), "admm "+m.Title)
	want(titles(), "admm "+m.Title) // from the kept list, unchanged by the caller
	m.Title = "ADMM Retreat"
	if err := d.UpdateMeeting(ctx, m.ID, &m); err != nil {
		t.Fatal(err)
	}
	want(titles(), "admm ADMM Retreat")
	early := convene.Meeting{Code: "adsom", Title: "ADSOM", Kind: m.Kind, HostCountryID: m.HostCountryID,
		TimeZone: m.TimeZone, Status: convene.StatusProposed, DatePrecision: convene.PrecisionDay,
		StartDate: convene.Date{Year: 2025, Month: 10, Day: 1}}
	if err := d.Seed(ctx, func(se *Seeder) error { return se.CreateMeeting(ctx, &early) }); err != nil {
		t.Fatal(err)
	}
	want(titles(), "adsom ADSOM", "admm ADMM Retreat")
}
