package web

import (
	"os"
	"runtime/debug"
)

// serverMemoryLimit is the soft limit on the Go heap that LimitMemory sets.
// A sign-in hashes with argon2id at 19 MiB a hash, two at a time, and Go's
// default pacing lets the heap grow to twice what is live before it
// collects, so a burst of sign-ins pushed the server past the 100 MB of
// resident memory a small host allows (BENCHMARKS.md) although the live
// heap never reached 50 MB. With a soft limit the collector runs earlier
// instead. 80 MiB leaves room for SQLite's own memory, which is outside the
// Go heap; it is soft, so a heap that truly needs more still gets it.
const serverMemoryLimit = 80 << 20

// LimitMemory sets the server's soft memory limit, unless the operator set
// one with GOMEMLIMIT, which the runtime has then already applied.
func LimitMemory() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(serverMemoryLimit)
}
