package web

import (
	"os"
	"runtime/debug"
)

// serverMemoryLimit is the soft limit on the Go runtime's memory that
// LimitMemory sets. A sign-in hashes with argon2id at 19 MiB a hash, two at
// a time, and Go's default pacing lets the heap grow to twice what is live
// before it collects and returns freed pages to the system only slowly, so
// a burst of sign-ins pushed the server past the 100 MB of resident memory
// a small host allows (BENCHMARKS.md) although the live heap never reached
// 50 MB. With a soft limit the collector runs earlier and the scavenger
// returns what is above the limit at once. The rest of the resident set is
// outside the Go runtime: the binary's pages and SQLite's page caches, about
// 40 MB together. With 80 MiB the benchmark's server peaked at 105 MB after
// its sign-ins, with 64 MiB at 92-100 MB, and replicating added 10 MB more;
// with 48 MiB it peaks at 82 MB, 85 MB replicating. Under the heaviest load
// measured the live heap stays under 20 MB, so the limit binds only while
// argon2's blocks are live (two hashes: 38 MiB), when the collector runs
// more often for those milliseconds. The limit is soft: a heap that truly
// needs more still gets it.
const serverMemoryLimit = 48 << 20

// LimitMemory sets the server's soft memory limit, unless the operator set
// one with GOMEMLIMIT, which the runtime has then already applied.
func LimitMemory() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(serverMemoryLimit)
}
