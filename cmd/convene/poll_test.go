package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"convene/internal/convene"
	"convene/internal/sqlite"
)

// TestPollRemindCommand: `convene poll remind -meeting adsom-2025` queues
// one reminder to each focal point whose delegation has not answered the
// demo's poll (seven of eleven; the four who answered get none), one per
// run, with links from -base-url and an audit row per run; a meeting
// without a poll, a missing -meeting and a missing -base-url are refused,
// writing nothing. The demo database also holds the generated 2026 cycle.
func TestPollRemindCommand(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := loadDemo(ctx, db, "demo password for tests"); err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"admm-retreat-2026", "adsom-wg-2026", "adsom-2026", "admm-2026"} {
		if m, err := db.FindMeetingByCode(ctx, code); err != nil || !m.Tentative() || m.HostCountryName != "Philippines" {
			t.Errorf("the demo's 2026 cycle: %s %+v %v", code, m, err)
		}
	}
	db.Close()
	runCmd := func(args ...string) (string, error) {
		out := &syncBuffer{}
		err := run(ctx, append([]string{"convene"}, args...), environ(nil), strings.NewReader(""), out, out)
		return out.String(), err
	}
	reminders := func() (map[string]int, int) {
		t.Helper()
		d, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		m, _ := d.FindMeetingByCode(ctx, "adsom-2025")
		msgs, _ := d.FindOutbox(ctx, m.ID)
		out := map[string]int{}
		for _, x := range msgs {
			if x.Kind == convene.MailPollReminder {
				out[x.To]++
				if !strings.Contains(x.Body, "https://convene.test/meetings/adsom-2025/poll/") {
					t.Errorf("reminder without its absolute link:\n%s", x.Body)
				}
			}
		}
		n, _ := d.TableCounts(ctx)
		return out, n["audit_log"]
	}
	_, audit := reminders()
	for run := 1; run <= 2; run++ {
		out, err := runCmd("poll", "remind", "-db", path, "-meeting", "adsom-2025", "-base-url", "https://convene.test")
		if err != nil || !strings.Contains(out, "ADSOM 2025: 7 reminders queued") {
			t.Fatalf("run %d: %v %s", run, err, out)
		}
		got, a := reminders()
		if len(got) != 7 || got["focal.mys@demo.test"] != run || got["focal.vnm@demo.test"] != 0 || a != audit+run {
			t.Errorf("after run %d: %v, %d audit rows (was %d)", run, got, a, audit)
		}
	}
	_, audit = reminders()
	for _, bad := range [][]string{
		{"poll", "remind", "-db", path, "-meeting", "admm-2025", "-base-url", "https://convene.test"},
		{"poll", "remind", "-db", path, "-meeting", "no-such-meeting", "-base-url", "https://convene.test"},
		{"poll", "remind", "-db", path, "-base-url", "https://convene.test"},
		{"poll", "remind", "-db", path, "-meeting", "adsom-2025"},
		{"poll", "-db", path},
	} {
		if out, err := runCmd(bad...); err == nil {
			t.Errorf("%v: accepted: %s", bad, out)
		}
	}
	if got, a := reminders(); a != audit || got["focal.mys@demo.test"] != 2 {
		t.Errorf("a refused command wrote: %v, %d audit rows (was %d)", got, a, audit)
	}
}
