package convene

import (
	"fmt"
	"net/url"
	"path"
	"strings"
	"time"
)

// PurgeAfterDays is the purge window for personal data: `convene purge`
// removes the passport, date-of-birth, medical and photo data of a meeting
// that ended this many days ago (its -days default), and the continuous
// replica keeps no history longer than this (ReplicaRetention), so that
// purged data does not live on in old snapshots.
const PurgeAfterDays = 90

// ReplicaRetention returns how often the replica takes a full snapshot and
// how long snapshots are kept so that anything deleted from the database
// (a purge, a withdrawal) is gone from the replica within days days.
//
// Litestream checks retention only when it takes a snapshot: it deletes the
// snapshots older than retention (always keeping the newest) and the history
// older than the oldest snapshot it keeps. A deleted page therefore outlives
// its deletion by at most retention plus two snapshot intervals (measured in
// /work/notes/litestream.md, "retain"). With days of 3 or more: one snapshot
// a day, kept days-2 days; below that, thirds of the window.
func ReplicaRetention(days int) (interval, retention time.Duration) {
	days = max(days, 1)
	window := time.Duration(days) * 24 * time.Hour
	if days < 3 {
		return window / 3, window / 3
	}
	return 24 * time.Hour, window - 48*time.Hour
}

// ReplicationStatus is what the administrator's status page and /healthz
// say about continuous replication. The positions are Litestream's
// transaction ids (one per sync, not per write), shown in hexadecimal.
type ReplicationStatus struct {
	Enabled          bool
	Replica          string // the replica's address, without credentials (ParseReplicaURL)
	SyncInterval     time.Duration
	SnapshotInterval time.Duration
	Retention        time.Duration
	Started          time.Time // when replication started in this process
	LastSync         time.Time // when the replica last caught up; zero: not since start
	LocalTXID        string    // the newest position captured from the WAL; "" unknown
	ReplicatedTXID   string    // the newest position the replica holds; "" unknown (after an error)
	LastError        string    // Litestream's last sync error, if any
}

// Lag is how long the replica may be behind at now: the time since it last
// caught up, or since replication started if it never has.
func (s ReplicationStatus) Lag(now time.Time) time.Duration {
	if !s.Enabled {
		return 0
	}
	since := s.LastSync
	if since.IsZero() {
		since = s.Started
	}
	return max(now.Sub(since), 0)
}

// Stale says the replica is further behind than a few sync intervals (and
// at least a minute, so a slow upload of a big change is not an alarm):
// the status page shows it as a problem.
func (s ReplicationStatus) Stale(now time.Time) bool {
	return s.Enabled && s.Lag(now) > max(10*s.SyncInterval, time.Minute)
}

// secretQuery are query keys of Litestream's replica URLs that carry a
// secret; credentials come from the environment only, never from a flag
// that shows in a process listing.
var secretQuery = []string{"ssecustomerkey", "sse-customer-key", "ssecustomerkeymd5", "sse-customer-key-md5",
	"access-key-id", "accesskeyid", "secret-access-key", "secretaccesskey", "token", "session-token"}

// shownQuery are the query keys ParseReplicaURL keeps in the address it shows.
var shownQuery = []string{"endpoint", "region", "forcePathStyle", "force-path-style"}

// ParseReplicaURL checks a -replica address and returns it as it may be
// shown (on the status page, in logs): s3://bucket/path with the endpoint
// and region it names, or file:///absolute/dir. It refuses credentials in
// the address (user:password@, or a key in the query): they come from the
// environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).
func ParseReplicaURL(s string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || s == "" {
		return "", fmt.Errorf("%q is not an address", s)
	}
	if u.User != nil {
		return "", fmt.Errorf("the replica address must not hold credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment")
	}
	q := u.Query()
	for k := range q {
		for _, secret := range secretQuery {
			if strings.EqualFold(k, secret) {
				return "", fmt.Errorf("the replica address must not hold %q: secrets come from the environment", k)
			}
		}
	}
	switch u.Scheme {
	case "file":
		if u.Host != "" && u.Host != "localhost" || !path.IsAbs(u.Path) || u.RawQuery != "" {
			return "", fmt.Errorf("%q: a file replica is file:///absolute/directory", s)
		}
		return "file://" + path.Clean(u.Path), nil
	case "s3":
		if u.Host == "" {
			return "", fmt.Errorf("%q: an S3 replica is s3://bucket/path?endpoint=https://host:port", s)
		}
		var shown []string
		for _, k := range shownQuery {
			if v := q.Get(k); v != "" {
				if e, err := url.Parse(v); err == nil && e.User != nil {
					return "", fmt.Errorf("the endpoint must not hold credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment")
				}
				shown = append(shown, k+"="+v)
			}
		}
		out := "s3://" + u.Host + "/" + strings.TrimPrefix(path.Clean("/"+u.Path), "/")
		if len(shown) > 0 {
			out += "?" + strings.Join(shown, "&")
		}
		return out, nil
	}
	return "", fmt.Errorf("%q: the replica must be s3://bucket/path?endpoint=... or file:///directory", s)
}
