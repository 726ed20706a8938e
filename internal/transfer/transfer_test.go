package transfer

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

var kl = func() *time.Location { l, _ := time.LoadLocation("Asia/Kuala_Lumpur"); return l }()

func at(day, hh, mm int) time.Time { return time.Date(2025, 2, day, hh, mm, 0, 0, kl).UTC() }

func names(r Run) []string {
	var out []string
	for _, p := range r.Passengers {
		out = append(out, p.Name)
	}
	return out
}

// TestPlanFixedArrivals is the fixed set: a head of delegation who
// rides alone, a group inside the window, a flight at 23:50 and one after
// midnight sharing a van, and a second airport.
func TestPlanFixedArrivals(t *testing.T) {
	arrivals := []Arrival{
		{Name: "Gen. สมชาย ใจดี", Head: true, Airport: "PEN", Flight: "TG 431", At: at(25, 10, 5)},
		{Name: "Col. Wanchai", Airport: "PEN", Flight: "TG 431", At: at(25, 10, 5)},
		{Name: "Lt Col. Niran", Airport: "PEN", Flight: "TG 431", At: at(25, 10, 5)},
		{Name: "Maj. Gen. Nguyễn Thị Ánh", Airport: "PEN", Flight: "VN 6231", At: at(25, 10, 40)},
		{Name: "Col. မောင်မောင်", Airport: "PEN", Flight: "8M 501", At: at(25, 11, 0)}, // 55 min after 10:05: next group
		{Name: "ພອນສະຫວັນ ສີຫາລາດ", Airport: "PEN", Flight: "QV 921", At: at(25, 23, 50)},
		{Name: "Darmawan", Airport: "PEN", Flight: "ID 6890", At: at(26, 0, 20)},
		{Name: "Ana Reyes", Airport: "KUL", Flight: "PR 527", At: at(25, 10, 10)},
	}
	runs, err := Plan(arrivals, DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	var head Run
	for _, r := range runs {
		key := fmt.Sprintf("%s %s %s", r.Airport, r.Vehicle.Kind, r.Departs.In(kl).Format("02 15:04"))
		got[key] = names(r)
		if r.Dedicated {
			head = r
		}
	}
	want := map[string][]string{
		"PEN car 25 10:35": {"Gen. สมชาย ใจดี"},
		"PEN car 25 11:10": {"Col. Wanchai", "Lt Col. Niran", "Maj. Gen. Nguyễn Thị Ánh"},
		"PEN car 25 11:30": {"Col. မောင်မောင်"},
		"PEN car 26 00:50": {"ພອນສະຫວັນ ສີຫາລາດ", "Darmawan"},
		"KUL car 25 10:40": {"Ana Reyes"},
	}
	if len(got) != len(want) {
		t.Errorf("got %d runs %v, want %d", len(got), got, len(want))
	}
	for k, w := range want {
		if !slices.Equal(got[k], w) {
			t.Errorf("run %s: %v, want %v", k, got[k], w)
		}
	}
	if len(head.Passengers) != 1 || !head.Passengers[0].Head {
		t.Errorf("the head of delegation must ride alone, got %v", names(head))
	}
	for i := 1; i < len(runs); i++ {
		if runs[i].Departs.Before(runs[i-1].Departs) {
			t.Error("runs are not in departure order")
		}
	}
}

// TestPlanSplitsLargeGroups: 45 people in one window take a full bus and a car.
func TestPlanSplitsLargeGroups(t *testing.T) {
	var arrivals []Arrival
	for i := range 43 {
		arrivals = append(arrivals, Arrival{Name: fmt.Sprint("p", i), Airport: "PEN", At: at(25, 9, i%40)})
	}
	runs, err := Plan(arrivals, DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || runs[0].Vehicle.Kind != "bus" || len(runs[0].Passengers) != 40 ||
		runs[1].Vehicle.Kind != "car" || len(runs[1].Passengers) != 3 {
		for _, r := range runs {
			t.Logf("%s %d", r.Vehicle.Kind, len(r.Passengers))
		}
		t.Fatal("43 people should ride one bus of 40 and one car of 3")
	}
	for _, r := range runs {
		if err := CheckCapacity(r); err != nil {
			t.Error(err)
		}
	}
	over := runs[1]
	over.Passengers = append(over.Passengers, Arrival{Name: "one too many"})
	if CheckCapacity(over) == nil {
		t.Error("an overfull car passed the capacity check")
	}
}

// TestPlanKeepsEveryone: whatever the input, every arrival rides exactly once
// and no vehicle is over capacity.
func TestPlanKeepsEveryone(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	arrivals := randomArrivals(rng, 500)
	runs, err := Plan(arrivals, DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int64]int{}
	for _, r := range runs {
		if err := CheckCapacity(r); err != nil {
			t.Fatal(err)
		}
		for _, p := range r.Passengers {
			seen[p.DelegateID]++
			if p.Airport != r.Airport {
				t.Fatalf("%s landing at %s rides from %s", p.Name, p.Airport, r.Airport)
			}
			if d := r.Departs.Sub(p.At); d < 0 {
				t.Fatalf("run leaves before %s lands", p.Name)
			}
		}
	}
	if len(seen) != len(arrivals) {
		t.Fatalf("%d of %d arrivals placed", len(seen), len(arrivals))
	}
	for id, n := range seen {
		if n != 1 {
			t.Fatalf("delegate %d rides %d times", id, n)
		}
	}
}

func randomArrivals(rng *rand.Rand, n int) []Arrival {
	airports := []string{"PEN", "KUL"}
	out := make([]Arrival, n)
	for i := range out {
		out[i] = Arrival{DelegateID: int64(i + 1), Name: fmt.Sprint("delegate ", i), Head: rng.IntN(20) == 0,
			Airport: airports[rng.IntN(len(airports))], At: at(24+rng.IntN(3), rng.IntN(24), rng.IntN(60))}
	}
	return out
}

// BenchmarkPlan500 is the regression guard for transfer grouping on 500
// arrivals (compare runs with benchstat).
func BenchmarkPlan500(b *testing.B) {
	arrivals := randomArrivals(rand.New(rand.NewPCG(3, 4)), 500)
	cfg := DefaultConfig()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Plan(arrivals, cfg); err != nil {
			b.Fatal(err)
		}
	}
}
