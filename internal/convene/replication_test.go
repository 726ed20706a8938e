package convene

import (
	"strings"
	"testing"
	"time"
)

func TestReplicaRetention(t *testing.T) {
	day := 24 * time.Hour
	for _, tc := range []struct {
		days                int
		interval, retention time.Duration
	}{
		{90, day, 88 * day},
		{30, day, 28 * day},
		{3, day, day},
		{2, 16 * time.Hour, 16 * time.Hour},
		{1, 8 * time.Hour, 8 * time.Hour},
		{0, 8 * time.Hour, 8 * time.Hour},
	} {
		interval, retention := ReplicaRetention(tc.days)
		if interval != tc.interval || retention != tc.retention {
			t.Errorf("ReplicaRetention(%d) = %v, %v; want %v, %v", tc.days, interval, retention, tc.interval, tc.retention)
		}
		// The bound the rule promises: a deleted page leaves the replica
		// within the window (retention + 2 snapshot intervals).
		if bound := retention + 2*interval; bound > time.Duration(max(tc.days, 1))*day {
			t.Errorf("ReplicaRetention(%d): deleted data may live %v, longer than the window", tc.days, bound)
		}
	}
}

func TestReplicationLag(t *testing.T) {
	start := time.Date(2025, 2, 24, 8, 0, 0, 0, time.UTC)
	s := ReplicationStatus{Enabled: true, SyncInterval: time.Second, Started: start}
	if got := s.Lag(start.Add(5 * time.Second)); got != 5*time.Second {
		t.Errorf("never synced: lag %v, want 5s (since start)", got)
	}
	s.LastSync = start.Add(4 * time.Second)
	if got := s.Lag(start.Add(5 * time.Second)); got != time.Second {
		t.Errorf("lag %v, want 1s", got)
	}
	if s.Stale(start.Add(30 * time.Second)) {
		t.Error("26 s behind with a 1 s interval is not stale (a minute at least)")
	}
	if !s.Stale(start.Add(2 * time.Minute)) {
		t.Error("2 minutes behind is stale")
	}
	if (ReplicationStatus{}).Stale(start) || (ReplicationStatus{}).Lag(start) != 0 {
		t.Error("replication off: no lag, not stale")
	}
}

func TestParseReplicaURL(t *testing.T) {
	for _, tc := range []struct {
		in, want, err string
	}{
		{in: "file:///var/backups/convene", want: "file:///var/backups/convene"},
		{in: "file:///var/backups/convene/", want: "file:///var/backups/convene"},
		{in: "s3://convene-replica/prod?endpoint=http://minio:9000&region=us-east-1",
			want: "s3://convene-replica/prod?endpoint=http://minio:9000&region=us-east-1"},
		{in: "s3://convene-replica/prod?endpoint=https://s3.example&concurrency=4",
			want: "s3://convene-replica/prod?endpoint=https://s3.example"},
		{in: "s3://bucket", want: "s3://bucket/"},
		{in: "s3://AKIA:secret@bucket/db", err: "must not hold credentials"},
		{in: "s3://bucket/db?endpoint=http://user:pw@minio:9000", err: "endpoint must not hold credentials"},
		{in: "s3://bucket/db?sseCustomerKey=abc", err: "must not hold"},
		{in: "s3:///db", err: "s3://bucket/path"},
		{in: "file://relative/dir", err: "file:///absolute"},
		{in: "file:relative", err: "file:///absolute"},
		{in: "gs://bucket/db", err: "must be s3://"},
		{in: "/var/backups", err: "must be s3://"},
		{in: "", err: "not an address"},
	} {
		got, err := ParseReplicaURL(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseReplicaURL(%q) = %q, %v; want error with %q", tc.in, got, err, tc.err)
			}
			if err != nil && strings.Contains(err.Error(), "secret@") {
				t.Errorf("ParseReplicaURL(%q): the error repeats the credentials: %v", tc.in, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseReplicaURL(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}
