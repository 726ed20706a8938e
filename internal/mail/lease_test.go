package mail_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	netmail "net/mail"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"convene/internal/convene"
	"convene/internal/demo"
	"convene/internal/mail"
	"convene/internal/sqlite"
)

// queueMessages fills the outbox of a demo database to n messages with
// personal-link e-mails, through the store method the focal point's page
// calls, and returns the meeting ids that have mail.
func queueMessages(t *testing.T, db *sqlite.DB, n int) []int64 {
	t.Helper()
	ctx := context.Background()
	if err := db.Seed(ctx, func(s *sqlite.Seeder) error { return demo.Load(ctx, s, "hash") }); err != nil {
		t.Fatal(err)
	}
	var people []convene.Registration
	var meetings []int64
	for _, code := range []string{"admm-retreat-2025", "adsom-wg-2025", "adsom-2025", "admm-2025"} {
		m, err := db.FindMeetingByCode(ctx, code)
		if err != nil {
			continue
		}
		meetings = append(meetings, m.ID)
		rs, _, err := db.FindRegistrations(ctx, convene.RegistrationFilter{MeetingID: m.ID, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if r.Email != "" && (r.Status.HoldsPlace() || r.Status == convene.RegWaitlisted) {
				people = append(people, r)
			}
		}
	}
	if len(people) == 0 {
		t.Fatal("the demo has nobody with an e-mail address to send a link to")
	}
	counts, err := db.TableCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := counts["outbox"]; i < n; i++ {
		if _, err := db.CreateRegistrationLink(ctx, people[i%len(people)].ID); err != nil {
			t.Fatal(err)
		}
	}
	if counts, _ = db.TableCounts(ctx); counts["outbox"] != n {
		t.Fatalf("outbox holds %d messages, want %d", counts["outbox"], n)
	}
	return meetings
}

// messageIDs counts what the SMTP server received by Message-ID.
func messageIDs(t *testing.T, in *inbox) (total int, byID map[string]int) {
	t.Helper()
	byID = map[string]int{}
	for _, x := range in.all() {
		msg, err := netmail.ReadMessage(strings.NewReader(string(x.data)))
		if err != nil {
			t.Fatal(err)
		}
		byID[msg.Header.Get("Message-Id")]++
		total++
	}
	return total, byID
}

// TestTwoWorkersSendEachMessageOnce runs two outbox workers, each with its
// own store on one database file (as two processes would be: each has its
// own writer connection and SQLite's file lock orders their claims), until
// the outbox is empty, and counts what reached the SMTP server by
// Message-ID: each of the 500 messages exactly once. The lease is the
// production default (ten minutes), far longer than the run takes even under
// the race detector, so no claim can expire mid-run.
//
// Control: two workers that read due messages without claiming them (the
// worker before issue 21), both reading before either sends, deliver every
// message twice, and the same count reports it: the check can fail.
func TestTwoWorkersSendEachMessageOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "convene.db")
	seed := openDB(t, path)
	meetings := queueMessages(t, seed, 500)
	seed.Close()

	in, addr := startSMTP(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	sent := make([]int, 2)
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for i := range 2 {
		db := openDB(t, path)
		defer db.Close()
		w := mail.NewWorker(db, mail.Config{Addr: addr, From: "secretariat@mod.example.my", Worker: fmt.Sprintf("worker-%d", i+1),
			Batch: 5}, log)
		wg.Go(func() {
			for {
				n, err := w.RunOnce(ctx)
				if err != nil {
					errs <- err
					return
				}
				if n == 0 {
					return // nothing left that is due and unclaimed
				}
				sent[i] += n
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	total, byID := messageIDs(t, in)
	dups := 0
	for id, n := range byID {
		if n > 1 {
			dups += n - 1
			if dups < 5 {
				t.Errorf("message %s delivered %d times", id, n)
			}
		}
	}
	db := openDB(t, path)
	defer db.Close()
	unsent := 0
	for _, mid := range meetings {
		msgs, err := db.FindOutbox(ctx, mid)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			if m.SentAt.IsZero() {
				unsent++
			}
		}
	}
	if total != 500 || len(byID) != 500 || unsent != 0 {
		t.Errorf("delivered %d messages with %d distinct Message-IDs, %d left unsent; want 500, 500, 0", total, len(byID), unsent)
	}

	control := controlDuplicates(t)
	fmt.Printf("outbox leases: 2 workers on one database, 500 messages, %d delivered, %d distinct Message-IDs, %d duplicates, %d unsent (worker 1 sent %d, worker 2 sent %d); control: 2 workers without leases delivered %d messages for %d\n",
		total, len(byID), dups, unsent, sent[0], sent[1], control, 20)
}

// unleased is the outbox as the worker read it before issue 21: due
// messages read without claiming them. Both workers wait at the barrier
// until each has read, so both hold every message when they start sending.
type unleased struct {
	*sqlite.DB
	meetings []int64
	barrier  *sync.WaitGroup
	once     sync.Once
}

func (u *unleased) ClaimDueMail(ctx context.Context, _ string, _ time.Duration, limit int) ([]convene.OutboxMessage, error) {
	var due []convene.OutboxMessage
	for _, mid := range u.meetings {
		msgs, err := u.FindOutbox(ctx, mid)
		if err != nil {
			return nil, err
		}
		for _, m := range msgs {
			if m.SentAt.IsZero() && len(due) < limit {
				due = append(due, m)
			}
		}
	}
	u.once.Do(func() { u.barrier.Done(); u.barrier.Wait() })
	return due, nil
}

// controlDuplicates runs two unleased workers over 20 messages and answers
// how many deliveries the SMTP server counted.
func controlDuplicates(t *testing.T) int {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "control.db")
	seed := openDB(t, path)
	meetings := queueMessages(t, seed, 20)
	seed.Close()
	in, addr := startSMTP(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var barrier, wg sync.WaitGroup
	barrier.Add(2)
	for i := range 2 {
		db := openDB(t, path)
		defer db.Close()
		w := mail.NewWorker(&unleased{DB: db, meetings: meetings, barrier: &barrier},
			mail.Config{Addr: addr, From: "secretariat@mod.example.my", Worker: fmt.Sprintf("old-%d", i+1), Batch: 50}, log)
		wg.Go(func() {
			if _, err := w.RunOnce(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	total, byID := messageIDs(t, in)
	if len(byID) != 20 || total != 40 {
		t.Errorf("control: unleased workers delivered %d messages with %d Message-IDs; want 40 and 20", total, len(byID))
	}
	return total
}
