package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"convene/internal/convene"
)

// holdWriter runs a write that keeps the writer until want other writes
// wait in the queue behind it, so that the next transaction deterministically
// carries all of them. It returns once that write has committed.
func holdWriter(t *testing.T, d *DB, want int, first func(tx *Tx) error) <-chan error {
	t.Helper()
	done := make(chan error, 1)
	started := make(chan struct{})
	go func() {
		done <- d.update(context.Background(), func(tx *Tx) error {
			close(started)
			deadline := time.Now().Add(20 * time.Second)
			for len(d.commits.queue) < want {
				if time.Now().After(deadline) {
					return fmt.Errorf("only %d of %d writes queued", len(d.commits.queue), want)
				}
				time.Sleep(time.Millisecond)
			}
			return first(tx)
		})
	}()
	<-started
	return done
}

func createScratch(t *testing.T, d *DB, ddl ...string) {
	t.Helper()
	if err := d.update(context.Background(), func(tx *Tx) error {
		for _, q := range ddl {
			if _, err := tx.ExecContext(context.Background(), q); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

func scratchNames(t *testing.T, d *DB) []string {
	t.Helper()
	var names []string
	err := d.view(context.Background(), func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(context.Background(), `SELECT name FROM scratch ORDER BY name`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				return err
			}
			names = append(names, n)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// TestGroupCommitKeepsEachWriteAtomic queues six writes behind a seventh
// that holds the writer, so that the next transaction carries all six:
// three that succeed, one whose function fails after writing, one refused by
// a UNIQUE index, and one that panics after writing. The three commit, the
// failed one's row and the panicking one's row are rolled back to their
// savepoints, the refusal is a conflict, the panic is raised again on its
// own goroutine, and every one of the six ran in the same transaction (the
// control: the test is looking at a batch, not six lone writes).
func TestGroupCommitKeepsEachWriteAtomic(t *testing.T) {
	d := openTest(t)
	createScratch(t, d, `CREATE TABLE scratch (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)`)
	insert := func(tx *Tx, name string) error {
		_, err := tx.ExecContext(context.Background(), `INSERT INTO scratch (name) VALUES (?)`, name)
		return err
	}
	held := holdWriter(t, d, 6, func(tx *Tx) error { return insert(tx, "held") })

	var mu sync.Mutex
	txs := map[string]*sql.Tx{}
	type outcome struct {
		err error
		p   any
	}
	write := func(name string, fn func(tx *Tx) error) func() outcome {
		return func() (o outcome) {
			defer func() { o.p = recover() }()
			o.err = d.update(context.Background(), func(tx *Tx) error {
				mu.Lock()
				txs[name] = tx.Tx
				mu.Unlock()
				return fn(tx)
			})
			return o
		}
	}
	boom := errors.New("the use case failed after writing")
	cases := map[string]func() outcome{
		"ok-1":     write("ok-1", func(tx *Tx) error { return insert(tx, "ok-1") }),
		"ok-2":     write("ok-2", func(tx *Tx) error { return insert(tx, "ok-2") }),
		"ok-3":     write("ok-3", func(tx *Tx) error { return insert(tx, "ok-3") }),
		"failed":   write("failed", func(tx *Tx) error { _ = insert(tx, "failed"); return boom }),
		"conflict": write("conflict", func(tx *Tx) error { return insert(tx, "held") }),
		"panicked": write("panicked", func(tx *Tx) error { _ = insert(tx, "panicked"); panic("the use case panicked") }),
	}
	got := map[string]outcome{}
	var wg sync.WaitGroup
	for name, run := range cases {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o := run()
			mu.Lock()
			got[name] = o
			mu.Unlock()
		}()
	}
	wg.Wait()
	if err := <-held; err != nil {
		t.Fatal(err)
	}

	for _, name := range []string{"ok-1", "ok-2", "ok-3"} {
		if o := got[name]; o.err != nil || o.p != nil {
			t.Errorf("%s: %v, panic %v; want it committed", name, o.err, o.p)
		}
	}
	if o := got["failed"]; !errors.Is(o.err, boom) {
		t.Errorf("failed: %v; want its own error", o.err)
	}
	var ce *convene.Error
	if o := got["conflict"]; !errors.As(o.err, &ce) || ce.Code != convene.ECONFLICT {
		t.Errorf("conflict: %v; want a conflict", o.err)
	}
	if o := got["panicked"]; fmt.Sprint(o.p) != "the use case panicked" {
		t.Errorf("panicked: %v, panic %v; want the panic raised again on its goroutine", o.err, o.p)
	}
	if names, want := scratchNames(t, d), []string{"held", "ok-1", "ok-2", "ok-3"}; !slices.Equal(names, want) {
		t.Errorf("rows %v; want %v (the failed and panicking writes rolled back, the others committed)", names, want)
	}
	first := txs["ok-1"]
	for name, tx := range txs {
		if tx != first {
			t.Errorf("%s ran in another transaction than ok-1: the six were not one batch", name)
		}
	}
	if len(txs) != 6 {
		t.Errorf("%d of the 6 writes ran", len(txs))
	}
}

// TestGroupCommitAcknowledgesOnlyWhatCommitted makes the batch's COMMIT
// fail (a deferred foreign key that one write leaves dangling): every write
// of the batch gets the error, not only the one at fault, and none of their
// rows is in the database, so no write is acknowledged that was not
// committed. A lone write afterwards commits as usual (the connection was
// left clean).
func TestGroupCommitAcknowledgesOnlyWhatCommitted(t *testing.T) {
	d := openTest(t)
	createScratch(t, d, `CREATE TABLE scratch_parent (id INTEGER PRIMARY KEY)`,
		`CREATE TABLE scratch (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
			parent_id INTEGER REFERENCES scratch_parent(id) DEFERRABLE INITIALLY DEFERRED)`)
	insert := func(name string, parent any) func(tx *Tx) error {
		return func(tx *Tx) error {
			_, err := tx.ExecContext(context.Background(), `INSERT INTO scratch (name, parent_id) VALUES (?, ?)`, name, parent)
			return err
		}
	}
	held := holdWriter(t, d, 3, insert("held", nil))
	errs := make([]error, 3)
	var wg sync.WaitGroup
	for i, fn := range []func(tx *Tx) error{insert("a", nil), insert("dangling", 99), insert("b", nil)} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = d.update(context.Background(), fn)
		}()
	}
	wg.Wait()
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	for i, err := range errs {
		if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
			t.Errorf("write %d: %v; want the failed COMMIT's error", i, err)
		}
	}
	if names := scratchNames(t, d); !slices.Equal(names, []string{"held"}) {
		t.Errorf("rows %v; want only the held write's (the failed batch wrote nothing)", names)
	}
	if err := d.update(context.Background(), insert("after", nil)); err != nil {
		t.Fatalf("a write after the failed batch: %v", err)
	}
}

// TestGroupCommitSkipsCancelledWrites: a write whose request was cancelled
// while it waited is not begun, and the writes around it commit.
func TestGroupCommitSkipsCancelledWrites(t *testing.T) {
	d := openTest(t)
	createScratch(t, d, `CREATE TABLE scratch (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)`)
	insert := func(name string) func(tx *Tx) error {
		return func(tx *Tx) error {
			_, err := tx.ExecContext(context.Background(), `INSERT INTO scratch (name) VALUES (?)`, name)
			return err
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	queued := make(chan struct{})
	held := holdWriter(t, d, 2, func(tx *Tx) error {
		cancel()
		close(queued)
		return insert("held")(tx)
	})
	errs := make(chan error, 2)
	go func() { errs <- d.update(ctx, insert("cancelled")) }()
	for len(d.commits.queue) < 1 {
		time.Sleep(time.Millisecond)
	}
	go func() { errs <- d.update(context.Background(), insert("kept")) }()
	<-queued
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	var cancelled, kept int
	for range 2 {
		switch err := <-errs; {
		case errors.Is(err, context.Canceled):
			cancelled++
		case err == nil:
			kept++
		default:
			t.Errorf("unexpected error %v", err)
		}
	}
	if cancelled != 1 || kept != 1 {
		t.Errorf("%d cancelled and %d kept; want one of each", cancelled, kept)
	}
	if names := scratchNames(t, d); !slices.Equal(names, []string{"held", "kept"}) {
		t.Errorf("rows %v; want the cancelled write not begun", names)
	}
}
