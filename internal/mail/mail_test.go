package mail_test

import (
	"context"
	"io"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"convene/internal/convene"
	"convene/internal/demo"
	"convene/internal/mail"
	"convene/internal/sqlite"
)

// inbox is an in-process SMTP server that keeps what it receives.
type inbox struct {
	mu   sync.Mutex
	msgs []received
}

type received struct {
	from string
	to   []string
	data []byte
}

type session struct {
	in  *inbox
	cur received
}

func (b *inbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{in: b}, nil }

func (s *session) Reset()        { s.cur = received{} }
func (s *session) Logout() error { return nil }
func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.cur.from = from
	return nil
}
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.cur.to = append(s.cur.to, to)
	return nil
}
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.data = b
	s.in.mu.Lock()
	s.in.msgs = append(s.in.msgs, s.cur)
	s.in.mu.Unlock()
	return nil
}

func (b *inbox) all() []received {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]received(nil), b.msgs...)
}

func startSMTP(t *testing.T) (*inbox, string) {
	t.Helper()
	in := &inbox{}
	srv := smtp.NewServer(in)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return in, l.Addr().String()
}

func openDB(t *testing.T, path string) *sqlite.DB {
	t.Helper()
	// Links in e-mails start with the configured public address.
	db, err := sqlite.Open(context.Background(), path, sqlite.WithBaseURL("https://convene.example"))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// TestOutboxSurvivesRestartAndRetries queues a personal-link e-mail, stops
// the store, fails once against a server that is down, then delivers after
// the back-off to an in-process SMTP server and checks what arrived.
func TestOutboxSurvivesRestartAndRetries(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "convene.db")
	// The store's clock stands still, and moves only when the test moves it
	// past the back-off: what is due never depends on how fast the machine is.
	now := time.Now().UTC().Truncate(time.Second)
	clock := func() time.Time { return now }
	db := openDB(t, path)
	db.Now = clock
	if err := db.Seed(ctx, func(s *sqlite.Seeder) error { return demo.Load(ctx, s, "hash") }); err != nil {
		t.Fatal(err)
	}
	m, _ := db.FindMeetingByCode(ctx, "admm-retreat-2025")
	gs, _ := db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
	vnm := gs[9]
	r := convene.Registration{Delegate: convene.Delegate{GivenName: "Thị Lan", FamilyName: "Nguyễn", FamilyNameFirst: true,
		Role: convene.RoleMember, Email: "lan@example.org", DelegationID: vnm.ID, Country: vnm.Country}}
	if err := db.Nominate(ctx, &r); err != nil {
		t.Fatal(err)
	}
	token, err := db.CreateRegistrationLink(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	db.Close() // Convene stops before the worker ran.

	db = openDB(t, path)
	defer db.Close()
	db.Now = clock
	log := slog.New(slog.NewTextHandler(io.Discard, nil))

	// The server is broken: it hangs up on every connection, so the attempt
	// fails and the message stays queued. (A port closed again could be
	// taken by another process before the worker dials it.)
	dead, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer dead.Close()
	go func() {
		for {
			c, err := dead.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	w := mail.NewWorker(db, mail.Config{Addr: dead.Addr().String(), From: "secretariat@mod.example.my"}, log)
	if n, err := w.RunOnce(ctx); err != nil || n != 0 {
		t.Fatalf("against a dead server: sent %d, %v", n, err)
	}
	// Every message queued for the meeting (the link, and whatever the demo
	// queued at load time: notices to focal points and the secretariat)
	// was tried once, failed, and waits.
	msgs, _ := db.FindOutbox(ctx, m.ID)
	if len(msgs) == 0 {
		t.Fatal("nothing queued")
	}
	for _, x := range msgs {
		if !x.SentAt.IsZero() || x.Attempts != 1 || x.LastError == "" {
			t.Fatalf("after a failure: message %d to %s sent %v, %d attempts, error %q", x.ID, x.To, x.SentAt, x.Attempts, x.LastError)
		}
	}
	// Not due again until the back-off has passed.
	in, addr := startSMTP(t)
	w = mail.NewWorker(db, mail.Config{Addr: addr, From: "secretariat@mod.example.my"}, log)
	if n, _ := w.RunOnce(ctx); n != 0 {
		t.Fatalf("sent %d before the back-off passed", n)
	}
	now = now.Add(2 * time.Minute) // the first back-off is one minute
	// Everything that failed is due again: at least the meeting's messages
	// (the link among them); the demo's notices of other meetings waited
	// through the restart too.
	if n, err := w.RunOnce(ctx); err != nil || n < len(msgs) {
		t.Fatalf("after the back-off: sent %d of the meeting's %d, %v", n, len(msgs), err)
	}
	if n, _ := w.RunOnce(ctx); n != 0 {
		t.Errorf("a sent message went again (%d)", n)
	}

	var got []received
	for _, x := range in.all() {
		if x.to[0] == "lan@example.org" {
			got = append(got, x)
		}
	}
	if len(got) != 1 || got[0].to[0] != "lan@example.org" || got[0].from != "secretariat@mod.example.my" {
		t.Fatalf("received: %+v", got)
	}
	msg, err := netmail.ReadMessage(strings.NewReader(string(got[0].data)))
	if err != nil {
		t.Fatal(err)
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if subject != "ADMM Retreat 2025: please complete your registration" {
		t.Errorf("subject %q", subject)
	}
	var body []byte
	if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		body, _ = io.ReadAll(quotedprintable.NewReader(msg.Body))
	} else {
		body, _ = io.ReadAll(msg.Body)
	}
	if !strings.Contains(string(body), "https://convene.example/register/"+token) || !strings.Contains(string(body), "Nguyễn Thị Lan") {
		t.Errorf("body lacks the link or the Vietnamese name:\n%s", body)
	}
	msgs, _ = db.FindOutbox(ctx, m.ID)
	if msgs[0].SentAt.IsZero() {
		t.Error("the message is not marked sent")
	}
	if strings.Contains(msgs[0].Body, token) {
		t.Error("the sent message still holds the working link in the database")
	}
}
