package sqlite

import (
	"context"
	"slices"
	"testing"
)

// TestPackedRow: values packed by SQLite come back whole, whatever they
// hold (the separator, digits, other scripts, nothing), and a damaged
// packed text is an error, not a wrong value.
func TestPackedRow(t *testing.T) {
	d, _, _ := cacheDB(t)
	want := []string{"", "1:2", "::", "12", "ສົມ:ພອນ", "Nguyễn\nThị", "0:", "42"}
	var packed string
	err := d.read.QueryRowContext(context.Background(), `SELECT `+packedColumns("?1", "?2", "?3", "?4", "?5", "?6", "?7", "?8"),
		want[0], want[1], want[2], want[3], want[4], want[5], want[6], 42).Scan(&packed)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]string, len(want))
	if err := unpack(packed, got); err != nil || !slices.Equal(got, want) {
		t.Errorf("unpack(%q) = %q, %v; want %q", packed, got, err, want)
	}
	var e error
	if n := packedInt(got[7], &e); n != 42 || e != nil {
		t.Errorf("packedInt(%q) = %d, %v", got[7], n, e)
	}
	if packedInt("4x", &e); e == nil {
		t.Error("packedInt of 4x: no error")
	}
	for _, bad := range []string{packed[:len(packed)-1], packed + "0:", "x:", "9:short", "-1:", "2"} {
		if err := unpack(bad, make([]string, len(want))); err == nil {
			t.Errorf("unpack(%q): no error", bad)
		}
	}
}
