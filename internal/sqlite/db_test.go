package sqlite

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"convene/internal/convene"
)

func openTest(t *testing.T) *DB {
	t.Helper()
	d, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// TestPragmasOnEveryConnection opens more reader connections than one and
// checks each one's settings: the DSN, not a one-off PRAGMA, must set them.
func TestPragmasOnEveryConnection(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	check := func(name string, conn *sql.Conn, wantQueryOnly int) {
		t.Helper()
		var fk, busy, qo int
		var mode, syncMode string
		for q, dst := range map[string]any{"PRAGMA foreign_keys": &fk, "PRAGMA busy_timeout": &busy,
			"PRAGMA journal_mode": &mode, "PRAGMA synchronous": &syncMode, "PRAGMA query_only": &qo} {
			if err := conn.QueryRowContext(ctx, q).Scan(dst); err != nil {
				t.Fatalf("%s: %s: %v", name, q, err)
			}
		}
		if fk != 1 || busy != int(BusyTimeout.Milliseconds()) || mode != "wal" || syncMode != "2" || qo != wantQueryOnly {
			t.Errorf("%s: foreign_keys=%d busy_timeout=%d journal_mode=%s synchronous=%s query_only=%d",
				name, fk, busy, mode, syncMode, qo)
		}
	}
	var conns []*sql.Conn
	for i := range 4 {
		c, err := d.read.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		check("reader "+string(rune('0'+i)), c, 1)
	}
	for _, c := range conns {
		c.Close()
	}
	w, err := d.write.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	check("writer", w, 0)
	w.Close()
}

// TestReadersCannotWrite: the read pool refuses writes even if a bug sends one.
func TestReadersCannotWrite(t *testing.T) {
	d := openTest(t)
	_, err := d.read.ExecContext(context.Background(), `INSERT INTO focus_areas (code, title) VALUES ('x', 'y')`)
	if err == nil {
		t.Fatal("a write through the read pool succeeded")
	}
}

// TestOpenFailsClearly: a file that is not a database stops start-up with
// a message that names the file.
func TestOpenFailsClearly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "not-a-db.db")
	if err := os.WriteFile(path, []byte(strings.Repeat("this is not sqlite ", 400)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("Open(garbage) = %v, want an error naming %s", err, path)
	}
}

// TestConcurrentWritesDoNotLock: many goroutines writing at once through
// the single writer never see "database is locked".
func TestConcurrentWritesDoNotLock(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- d.CreateFocusAreas(ctx, []convene.FocusArea{{Code: "c" + string(rune('A'+i%26)) + string(rune('a'+i/26)), Title: "t"}})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	counts, err := d.TableCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts["focus_areas"] != 64 || counts["audit_log"] != 64 {
		t.Errorf("rows: %d focus areas, %d audit rows; want 64 and 64", counts["focus_areas"], counts["audit_log"])
	}
}

// TestAuditInSameTransaction: a failed write leaves neither the row nor its audit entry.
func TestAuditInSameTransaction(t *testing.T) {
	d := openTest(t)
	ctx := convene.WithActor(context.Background(), convene.Actor{ClientAddr: "192.0.2.1"})
	if err := d.CreateFocusAreas(ctx, []convene.FocusArea{{Code: "ai", Title: "AI"}}); err != nil {
		t.Fatal(err)
	}
	// The second item collides with the first: the whole call must roll back.
	err := d.CreateFocusAreas(ctx, []convene.FocusArea{{Code: "cyber", Title: "Cyber"}, {Code: "ai", Title: "again"}})
	if convene.ErrorCode(err) != convene.ECONFLICT {
		t.Fatalf("duplicate code: %v, want a conflict", err)
	}
	entries, total, err := d.FindAuditEntries(ctx, convene.AuditFilter{Entity: "focus_area"})
	if err != nil {
		t.Fatal(err)
	}
	if total != 1 || entries[0].ClientAddr != "192.0.2.1" {
		t.Errorf("audit rows: %d (%v), want exactly the one committed change", total, entries)
	}
	counts, _ := d.TableCounts(ctx)
	if counts["focus_areas"] != 1 {
		t.Errorf("focus areas: %d, want 1", counts["focus_areas"])
	}
}

// TestBackup copies a live database and checks the copy.
func TestBackup(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	if err := d.CreateFocusAreas(ctx, []convene.FocusArea{{Code: "hadr", Title: "HADR"}}); err != nil {
		t.Fatal(err)
	}
	to := filepath.Join(t.TempDir(), "copy.db")
	if err := d.Backup(ctx, to); err != nil {
		t.Fatal(err)
	}
	if res, err := IntegrityCheck(ctx, to); err != nil || res != "ok" {
		t.Fatalf("integrity of the copy: %q %v", res, err)
	}
	c, err := Open(ctx, to)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	counts, _ := c.TableCounts(ctx)
	if counts["focus_areas"] != 1 {
		t.Errorf("copy holds %d focus areas, want 1", counts["focus_areas"])
	}
	if err := d.Backup(ctx, to); err == nil {
		t.Error("a backup overwrote an existing file")
	}
}

// TestSummarizeMasksPersonalData: the audit log never holds a passport number.
func TestSummarizeMasksPersonalData(t *testing.T) {
	s := summarize(fields{"passport_number": "K1234567", "name": "A"}, fields{"passport_number": "K7654321", "name": "B"})
	if strings.Contains(s, "K1234567") || strings.Contains(s, "K7654321") || !strings.Contains(s, "passport_number: changed") {
		t.Errorf("summary %q", s)
	}
	s = summarize(nil, fields{"passport_number": "K1234567", "medical": "diabetic"})
	if strings.Contains(s, "K1234567") || strings.Contains(s, "diabetic") {
		t.Errorf("summary %q", s)
	}
}
