// Package mail sends the outbox: notifications that the store queued in the
// same transaction as the change they report. A message leaves the outbox
// only by being marked sent after the SMTP server accepted it, so nothing
// is lost when Convene stops or the server is down; failed attempts are
// retried with a growing delay that the store decides.
//
// Several workers may run on one database (two processes on one file, by
// mistake or during a switch-over): each claims its messages with a lease
// in one write transaction before sending them, and never sends one after
// its lease ran out (Config.Lease), so no message is sent twice. Across a
// fail-over to a standby restored from the replica, a message sent in the
// last sync interval before the primary died may go again (the standby's
// copy does not know it was sent); it carries the same Message-ID, built
// from its outbox id, so mail programs show it once.
//
// MIME is built by github.com/wneessen/go-mail, a maintained library, not
// by hand: headers with Vietnamese or Thai names must be encoded correctly.
package mail

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"convene/internal/convene"
)

// Store is what the worker needs from the store.
type Store interface {
	ClaimDueMail(ctx context.Context, worker string, lease time.Duration, limit int) ([]convene.OutboxMessage, error)
	MarkMailSent(ctx context.Context, id int64) error
	MarkMailFailed(ctx context.Context, id int64, reason string) error
}

// Config says how to reach the SMTP server.
type Config struct {
	Addr     string // host:port
	Username string // empty: no authentication
	Password string
	From     string // the sender address, e.g. secretariat@mod.gov.my
	// StartTLS requires STARTTLS; off only for a relay on the same host
	// or a test server.
	StartTLS bool
	// Interval is how often the worker looks for due messages.
	Interval time.Duration
	// Worker names this worker in the messages it claims (host and
	// process id); two workers on one database need different names.
	Worker string
	// Lease is how long a claim holds: the worker sends the messages of a
	// claim only while at least SendTimeout of it is left, so it never
	// sends a message another worker may have claimed since. Default ten
	// minutes, far more than a batch takes even on a slow machine.
	Lease time.Duration
	// Batch is how many messages one claim takes; default 20.
	Batch int
	// SendTimeout bounds one message's conversation with the SMTP
	// server; default 30 seconds.
	SendTimeout time.Duration
}

// Worker sends due outbox messages.
type Worker struct {
	store Store
	cfg   Config
	log   *slog.Logger
}

// NewWorker returns a worker for the store and server.
func NewWorker(store Store, cfg Config, log *slog.Logger) *Worker {
	if cfg.Interval == 0 {
		cfg.Interval = 15 * time.Second
	}
	if cfg.Lease == 0 {
		cfg.Lease = 10 * time.Minute
	}
	if cfg.Batch == 0 {
		cfg.Batch = 20
	}
	if cfg.SendTimeout == 0 {
		cfg.SendTimeout = 30 * time.Second
	}
	if cfg.Worker == "" {
		host, _ := os.Hostname()
		cfg.Worker = fmt.Sprintf("%s/%d", host, os.Getpid())
	}
	return &Worker{store: store, cfg: cfg, log: log}
}

// Run sends due messages every Interval until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	t := time.NewTicker(w.cfg.Interval)
	defer t.Stop()
	for {
		if _, err := w.RunOnce(ctx); err != nil && ctx.Err() == nil {
			w.log.Error("mail worker", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunOnce claims the messages that are due now, a batch at a time, sends
// them and answers how many the server accepted. A message the server
// refuses is marked failed with the reason and tried again later; the
// others still go.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	sent := 0
	for {
		n, claimed, err := w.runBatch(ctx)
		sent += n
		if err != nil || claimed < w.cfg.Batch {
			return sent, err
		}
	}
}

// runBatch claims one batch and sends it while the lease allows.
func (w *Worker) runBatch(ctx context.Context) (sent, claimed int, err error) {
	// The lease is counted from before the claim, on this process's
	// monotonic clock: the worker's own idea of its lease never outlasts
	// the one stored.
	claimedAt := time.Now()
	msgs, err := w.store.ClaimDueMail(ctx, w.cfg.Worker, w.cfg.Lease, w.cfg.Batch)
	if err != nil {
		return 0, 0, err
	}
	// Past this point a message could not be sure to finish before the
	// lease runs out: the rest of the claim waits for the lease to expire
	// and goes in a later batch, by whichever worker claims it.
	lastStart := claimedAt.Add(w.cfg.Lease - w.cfg.SendTimeout)
	for _, m := range msgs {
		if ctx.Err() != nil {
			return sent, len(msgs), ctx.Err()
		}
		if time.Now().After(lastStart) {
			w.log.Warn("mail lease running out; the rest of the batch waits for it to expire", "worker", w.cfg.Worker)
			return sent, len(msgs), nil
		}
		sctx, cancel := context.WithTimeout(ctx, w.cfg.SendTimeout)
		err := w.send(sctx, m)
		cancel()
		if err != nil {
			// The address is logged as the message id only: personal data
			// stays out of logs.
			w.log.Warn("mail not sent; will retry", "outbox_id", m.ID, "err", err)
			if err := w.store.MarkMailFailed(ctx, m.ID, err.Error()); err != nil {
				return sent, len(msgs), err
			}
			continue
		}
		if err := w.store.MarkMailSent(ctx, m.ID); err != nil {
			return sent, len(msgs), err
		}
		sent++
	}
	return sent, len(msgs), nil
}

// messageID is a message's Message-ID, made from its outbox id and the time
// it was queued, so that a message sent again (after a fail-over) is known
// by mail programs as the same one.
func messageID(m convene.OutboxMessage, from string) string {
	domain := "convene.invalid"
	if at := strings.LastIndexByte(from, '@'); at >= 0 && at < len(from)-1 {
		domain = strings.Trim(from[at+1:], "<> ")
	}
	return fmt.Sprintf("outbox.%d.%d@%s", m.ID, m.CreatedAt.UnixMilli(), domain)
}

func (w *Worker) send(ctx context.Context, m convene.OutboxMessage) error {
	host, portStr, err := net.SplitHostPort(w.cfg.Addr)
	if err != nil {
		return fmt.Errorf("smtp address %q: %w", w.cfg.Addr, err)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil {
		return fmt.Errorf("smtp port %q: %w", portStr, err)
	}
	msg := gomail.NewMsg()
	if err := msg.From(w.cfg.From); err != nil {
		return err
	}
	if err := msg.To(m.To); err != nil {
		return err
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageIDWithValue(messageID(m, w.cfg.From))
	msg.SetGenHeader("X-Convene-Outbox-Id", strconv.FormatInt(m.ID, 10))
	msg.SetBodyString(gomail.TypeTextPlain, m.Body)

	policy := gomail.NoTLS
	if w.cfg.StartTLS {
		policy = gomail.TLSMandatory
	}
	opts := []gomail.Option{gomail.WithTLSPolicy(policy), gomail.WithPort(port), gomail.WithTimeout(w.cfg.SendTimeout)}
	if w.cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain), gomail.WithUsername(w.cfg.Username),
			gomail.WithPassword(w.cfg.Password))
	}
	c, err := gomail.NewClient(host, opts...)
	if err != nil {
		return err
	}
	return c.DialAndSendWithContext(ctx, msg)
}
