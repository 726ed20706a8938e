package main

import (
	"context"
	"log/slog"
	"sync"

	"convene/internal/mail"
	"convene/internal/sqlite"
)

// startMailWorker starts the outbox worker when CONVENE_SMTP_ADDR names an
// SMTP server, and returns a function that stops it and waits (call it before the
// database closes). Without a server the outbox
// simply fills and the secretariat reads it in the console.
//
// Settings come from the environment, like the cookie secret, so that the
// SMTP password never appears in a process listing:
// CONVENE_SMTP_ADDR (host:port), CONVENE_SMTP_FROM, CONVENE_SMTP_USERNAME,
// CONVENE_SMTP_PASSWORD, CONVENE_SMTP_STARTTLS ("0" turns STARTTLS off, for
// a relay on the same host only).
func startMailWorker(ctx context.Context, e env, db *sqlite.DB, log *slog.Logger) (wait func()) {
	addr := e.getenv("CONVENE_SMTP_ADDR")
	if addr == "" {
		log.Info("no SMTP server configured; notifications stay in the outbox")
		return func() {}
	}
	from := e.getenv("CONVENE_SMTP_FROM")
	if from == "" {
		from = "secretariat@localhost"
	}
	w := mail.NewWorker(db, mail.Config{Addr: addr, From: from, Username: e.getenv("CONVENE_SMTP_USERNAME"),
		Password: e.getenv("CONVENE_SMTP_PASSWORD"), StartTLS: e.getenv("CONVENE_SMTP_STARTTLS") != "0"}, log)
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		w.Run(ctx)
	}()
	log.Info("mail worker started", "smtp", addr)
	return func() { cancel(); wg.Wait() }
}
