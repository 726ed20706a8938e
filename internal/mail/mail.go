// Package mail sends the outbox: notifications that the store queued in the
// same transaction as the change they report. A message leaves the outbox
// only by being marked sent after the SMTP server accepted it, so nothing
// is lost when Convene stops or the server is down; failed attempts are
// retried with a growing delay that the store decides.
//
// MIME is built by github.com/wneessen/go-mail, a maintained library, not
// by hand: headers with Vietnamese or Thai names must be encoded correctly.
package mail

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"

	"convene/internal/convene"
)

// Store is what the worker needs from the store.
type Store interface {
	DueMail(ctx context.Context, limit int) ([]convene.OutboxMessage, error)
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

// RunOnce sends every message that is due now and answers how many the
// server accepted. A message the server refuses is marked failed with the
// reason and tried again later; the others still go.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	msgs, err := w.store.DueMail(ctx, 50)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, m := range msgs {
		if err := w.send(ctx, m); err != nil {
			// The address is logged as the message id only: personal data
			// stays out of logs.
			w.log.Warn("mail not sent; will retry", "outbox_id", m.ID, "err", err)
			if err := w.store.MarkMailFailed(ctx, m.ID, err.Error()); err != nil {
				return sent, err
			}
			continue
		}
		if err := w.store.MarkMailSent(ctx, m.ID); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
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
	msg.SetMessageID()
	msg.SetGenHeader("X-Convene-Outbox-Id", strconv.FormatInt(m.ID, 10))
	msg.SetBodyString(gomail.TypeTextPlain, m.Body)

	policy := gomail.NoTLS
	if w.cfg.StartTLS {
		policy = gomail.TLSMandatory
	}
	opts := []gomail.Option{gomail.WithTLSPolicy(policy), gomail.WithPort(port), gomail.WithTimeout(30 * time.Second)}
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
