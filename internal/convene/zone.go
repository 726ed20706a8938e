package convene

import (
	"sync"
	"time"
)

// zone returns the time zone called name, or UTC if the zone database lacks
// it (Validate refuses unknown zones, so that only guards against old data).
// Meetings and airports both read their zones through it.
func zone(name string) *time.Location {
	if loc, ok := locations.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC
	}
	locations.Store(name, loc)
	return loc
}

// locations caches the zones zone has loaded, by name: time.LoadLocation
// reads and parses the zone file on every call, and pages ask once per row
// (convene-bench: 38% of the delegates list's CPU for the meeting's zone,
// then 22% of the search's for the flights' airport zones). A
// *time.Location is safe for concurrent use; only names that loaded are kept.
var locations sync.Map
