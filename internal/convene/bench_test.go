package convene

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// The benchmarks here guard the protocol order against regressions. Each
// runs a baseline doing the same amount of plain work first, then the work,
// which reports x_baseline: its time per operation divided by the
// baseline's, measured in the same run, so that figures from a noisy shared
// machine stay comparable (benchstat compares runs; x_baseline compares the
// work with the machine).

// ratioBench runs the sub-benchmarks "baseline" and "work" in that order.
func ratioBench(b *testing.B, baseline, work func(b *testing.B)) {
	var baseNs float64
	b.Run("baseline", func(b *testing.B) {
		baseline(b)
		baseNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	b.Run("work", func(b *testing.B) {
		b.ReportAllocs()
		work(b)
		if baseNs > 0 {
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/baseNs, "x_baseline")
		}
	})
}

// benchDelegates are n delegates of 11 countries in random order, with names
// in the region's scripts.
func benchDelegates(n int) []Delegate {
	var countries []Country
	for _, n := range []string{"Brunei Darussalam", "Cambodia", "Indonesia", "Lao PDR", "Malaysia", "Myanmar",
		"Philippines", "Singapore", "Thailand", "Viet Nam"} {
		countries = append(countries, Country{Name: n}.WithStanding(StandingMember))
	}
	countries = append(countries, Country{Name: "Timor-Leste"}.WithStanding(StandingObserver))
	names := []string{"Nguyễn Thị Ánh", "สมชาย ใจดี", "ພອນສະຫວັນ ສີຫາລາດ", "ហេង សុភា", "မောင်မောင်", "Darmawan"}
	roles := []DelegateRole{RoleHead, RoleAlternate, RoleMember, RoleAdviser, RoleInterpreter}
	rng := rand.New(rand.NewPCG(9, 9))
	out := make([]Delegate, n)
	for i := range out {
		out[i] = Delegate{ID: int64(i), GivenName: fmt.Sprint(names[rng.IntN(len(names))], " ", i),
			Role: roles[rng.IntN(len(roles))], Country: countries[rng.IntN(len(countries))]}
	}
	return out
}

// BenchmarkSortByProtocol1000 sorts a meeting's 1,000 delegates (a large
// meeting's list) into protocol order. Baseline: the same stable sort of the
// same slice by a plain integer.
func BenchmarkSortByProtocol1000(b *testing.B) {
	in := benchDelegates(1000)
	work := make([]Delegate, len(in))
	ratioBench(b, func(b *testing.B) {
		for range b.N {
			copy(work, in)
			slices.SortStableFunc(work, func(x, y Delegate) int { return int(x.ID%97 - y.ID%97) })
		}
	}, func(b *testing.B) {
		for range b.N {
			copy(work, in)
			SortByProtocol(work, Delegate.Key)
		}
	})
}

// BenchmarkFormatInZone formats a session time in the meeting's zone, which
// every programme row does. Baseline: formatting the same time in UTC.
func BenchmarkFormatInZone(b *testing.B) {
	kl, err := time.LoadLocation("Asia/Kuala_Lumpur")
	if err != nil {
		b.Fatal(err)
	}
	t := time.Date(2025, 2, 26, 1, 0, 0, 0, time.UTC)
	ratioBench(b, func(b *testing.B) {
		for range b.N {
			_ = t.Format("15:04")
		}
	}, func(b *testing.B) {
		for range b.N {
			_ = FormatInZone(t, kl, "15:04")
		}
	})
}
