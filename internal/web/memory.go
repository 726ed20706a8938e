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
// 40 MB together, so 64 MiB keeps the server's peak near 90 MB (80 MiB let
// it reach 105 MB in the benchmark's warm-up after the sign-ins). The live
// heap under the heaviest load measured stays under 20 MB, two hashes
// included under 60: the limit is soft, so a heap that truly needs more
// still gets it.
const serverMemoryLimit = 64 << 20

// LimitMemory sets the server's soft memory limit, unless the operator set
// one with GOMEMLIMIT, which the runtime has then already applied.
func LimitMemory() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(serverMemoryLimit)
}
