package password

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkHash shows what the hashing semaphore does under a burst of
// sign-ins: "baseline" hashes one password at a time; "burst" hashes from 8
// goroutines per CPU at once and reports x_baseline (wall time per hash
// over the baseline's: below 1 when the cores are free to run the slots in
// parallel, above 1 when the machine is busy) and max_concurrent, the most
// hashes seen running at once, which must not exceed cap(slots): that bound
// is what keeps a burst from taking 19 MiB per attempt.
func BenchmarkHash(b *testing.B) {
	ctx := context.Background()
	var baseNs float64
	b.Run("baseline", func(b *testing.B) {
		for range b.N {
			if _, err := Hash(ctx, "correct horse battery"); err != nil {
				b.Fatal(err)
			}
		}
		baseNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	b.Run("burst", func(b *testing.B) {
		var peak atomic.Int64
		done := make(chan struct{})
		go func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				if n := int64(len(slots)); n > peak.Load() {
					peak.Store(n)
				}
				time.Sleep(100 * time.Microsecond)
			}
		}()
		b.SetParallelism(8)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := Hash(ctx, "correct horse battery"); err != nil {
					b.Error(err)
					return
				}
			}
		})
		close(done)
		if baseNs > 0 {
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/baseNs, "x_baseline")
		}
		b.ReportMetric(float64(peak.Load()), "max_concurrent")
		if peak.Load() > int64(cap(slots)) {
			b.Errorf("%d hashes ran at once; the semaphore allows %d", peak.Load(), cap(slots))
		}
	})
}
