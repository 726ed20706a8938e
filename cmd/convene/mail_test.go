package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"convene/internal/sqlite"
)

// smtpSink is an in-process SMTP server that records recipients.
type smtpSink struct {
	mu sync.Mutex
	to []string
}

func (s *smtpSink) NewSession(*smtp.Conn) (smtp.Session, error) { return &sinkSession{s: s}, nil }

type sinkSession struct {
	s  *smtpSink
	to []string
}

func (x *sinkSession) Reset()                                    { x.to = nil }
func (x *sinkSession) Logout() error                             { return nil }
func (x *sinkSession) Mail(string, *smtp.MailOptions) error      { return nil }
func (x *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error { x.to = append(x.to, to); return nil }
func (x *sinkSession) Data(r io.Reader) error {
	_, _ = io.Copy(io.Discard, r)
	x.s.mu.Lock()
	x.s.to = append(x.s.to, x.to...)
	x.s.mu.Unlock()
	return nil
}

// TestMailWorkerWiring starts the worker the way serve does, from
// CONVENE_SMTP_* settings, and sees the demo's queued notice arrive.
func TestMailWorkerWiring(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := loadDemo(ctx, db, "demo password for tests"); err != nil {
		t.Fatal(err)
	}
	sink := &smtpSink{}
	srv := smtp.NewServer(sink)
	srv.Domain = "localhost"
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(l) }()
	defer srv.Close()

	e := env{getenv: environ(map[string]string{"CONVENE_SMTP_ADDR": l.Addr().String(),
		"CONVENE_SMTP_STARTTLS": "0", "CONVENE_SMTP_FROM": "secretariat@mod.example.my"}),
		stdout: io.Discard, stderr: io.Discard}
	wait := startMailWorker(ctx, e, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer wait()
	// The worker sends at once on start; wait for the message, never longer than 30 s.
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		sink.mu.Lock()
		got := strings.Join(sink.to, ",")
		sink.mu.Unlock()
		if strings.Contains(got, "mai.vo@mod.example.vn") {
			return
		}
	}
	t.Fatal("the demo's accreditation notice never reached the SMTP server")
}
