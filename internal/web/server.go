// Package web is Convene's HTTP layer, the only package that sees echo and
// gorilla. Where things go:
//
//   - routes.go is the one route table: each route has a name (the name of
//     its path function in internal/paths), a method, a path, the one
//     permission that guards it and its handler; testdata/access.txt says
//     who may use it. errors.go is the one error handler.
//   - One file per resource, named after it, holds that resource's handlers
//     (handleXAction) and the view models they fill: meeting.go, session.go,
//     programme.go, delegation.go, delegate.go, accreditation.go,
//     pending_change.go, registration_link.go, outbox.go, badge.go, check_in.go, hotel.go,
//     transfer.go, bilateral.go and so on. Reading a long form may have a
//     file of its own beside it (meeting_form.go, delegate_form.go). The
//     resource's page is views/<resource>.templ.
//   - Helpers shared by several resources are in files named for what they
//     do: params.go (path and query values), form.go (form values, field
//     problems and the text hygiene of every field), render.go (pages,
//     refused forms, redirects), printable.go
//     (a printable document as its page or its PDF), logistics.go (what the
//     logistics pages load, part by part), zone.go.
//   - The machinery: server.go, auth.go, signin.go, csrf.go, middleware.go,
//     public_cache.go (the public pages as visitors see them, kept in
//     memory by the public version, with ETags and 304s),
//     ratelimit.go, memory.go, disposition.go, and mount.go (how a program
//     such as convene-bench serves endpoints of its own beside the router,
//     outside the route table). Accounts: signin.go (password, then the
//     second factor), two_factor.go and totp.go (the authenticator app and
//     recovery codes), password_reset.go, device.go (known browsers, which
//     the sign-in limits of ratelimit.go spare).
//
// Text hygiene is not a handler's business. register puts checkText
// (form.go) on every route: before the handler runs, every value a POST
// carries is checked with convene.CheckSingleLine, or CheckMultiLine for
// the textareas multiLineFields names for that route. A refused request
// carries the verdict in its context, so the store's one write path writes
// nothing for it; the shared form components of views show each refused
// field's message next to it on whatever page the handler renders, and the
// answer is 422. A new form is covered without a line of its own.
//
// A handler reads the request, calls the store and the rules (pure
// functions of internal/convene), and renders or redirects; it returns its
// errors. Paths are never put together here: internal/paths has one typed
// function per route, held to the route table by
// TestPathsResolveToTheirRoutes, and TestNoPathByConcatenation refuses a
// path built by hand in this package or in views.
package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"convene/internal/browser"
	"convene/internal/convene"
	"convene/internal/sqlite"
)

// Config holds what the server needs from flags and environment.
type Config struct {
	// Secret signs and encrypts cookies; at least 32 bytes.
	Secret []byte
	// SecureCookies marks cookies Secure even on plain HTTP, for a server
	// behind a TLS-terminating proxy. Requests that arrive over TLS always
	// get Secure cookies.
	SecureCookies bool
	// TrustedProxies are the addresses whose X-Forwarded-For is believed.
	// Empty means the client address is the connection's, so a forged
	// X-Forwarded-For cannot dodge the sign-in limits.
	TrustedProxies []netip.Prefix
	// IdleTimeout signs a browser out after this long without a request;
	// AbsoluteTimeout after this long whatever it does.
	IdleTimeout     time.Duration
	AbsoluteTimeout time.Duration
	// BodyLimit caps request bodies; bigger ones answer 413.
	BodyLimit int64
	// SignInFailureDelay slows every failed sign-in after the third for the
	// same account from the same address.
	SignInFailureDelay time.Duration
	// TimeZone shows times that belong to no meeting (the audit log).
	TimeZone *time.Location
	// Replication is continuous replication's status and "sync now" for
	// the administrator's page and /healthz; nil when the server does not
	// replicate.
	Replication Replication
	// Printer prints PDFs: a Chromium service (CONVENE_CHROME_URL) or this
	// machine's Chromium (the default).
	Printer *browser.Printer
	// RequireTwoFactor makes the secretariat's administrators and officers
	// sign in with a second factor (convene.TwoFactorRequired), setting it
	// up at their first sign-in. `convene serve` always sets it; `convene
	// demo` only with -require-2fa.
	RequireTwoFactor bool
	// ReadTimeout is how long Serve waits for a request, body included; a
	// body that has not arrived by then is answered 408.
	ReadTimeout time.Duration
}

// Replication is what the web layer needs of continuous replication
// (internal/replica's Replicator).
type Replication interface {
	Status() convene.ReplicationStatus
	Sync(ctx context.Context) error
}

func (c *Config) setDefaults() error {
	if len(c.Secret) < 32 {
		return errors.New("web: the cookie secret must be at least 32 bytes")
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = 2 * time.Hour
	}
	if c.AbsoluteTimeout == 0 {
		c.AbsoluteTimeout = 12 * time.Hour
	}
	if c.BodyLimit == 0 {
		c.BodyLimit = 1 << 20
	}
	if c.SignInFailureDelay == 0 {
		c.SignInFailureDelay = time.Second
	}
	if c.TimeZone == nil {
		c.TimeZone = time.UTC
	}
	if c.Printer == nil {
		c.Printer = browser.Local()
	}
	if c.ReadTimeout == 0 {
		c.ReadTimeout = 60 * time.Second
	}
	return nil
}

// Server is the Convene web application.
type Server struct {
	cfg     Config
	db      *sqlite.DB
	log     *slog.Logger
	echo    *echo.Echo
	logins  *loginStore
	state   *sessions.CookieStore
	devices securecookie.Codec // known-browser cookies (device.go)
	totpKey []byte             // seals authenticator secrets (totp.go)
	limiter *signInLimiter
	routes  []route
	// cookieless are the paths of the routes that read no cookie.
	cookieless map[string]bool
	// public keeps the public pages as visitors see them (public_cache.go).
	public pageCache
	// front, when Mount has put handlers of another program in front of
	// the router, answers every request; nil in production.
	front http.Handler
	// delegatesPerPage is the page size of the delegates list
	// (defaultDelegatesPerPage); a test sets its own.
	delegatesPerPage int
}

// New builds the server and its router.
func New(cfg Config, db *sqlite.DB, log *slog.Logger) (*Server, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, db: db, log: log, delegatesPerPage: defaultDelegatesPerPage}
	// The limiter runs on the store's clock, which tests set.
	s.limiter = newSignInLimiter(func() time.Time { return db.Now() })
	s.devices = newDeviceCodec(cfg.Secret)
	s.totpKey = deriveKey(cfg.Secret, "totp-secret")

	hashKey, blockKey := deriveKey(cfg.Secret, "cookie-hash"), deriveKey(cfg.Secret, "cookie-block")
	s.state = sessions.NewCookieStore(hashKey, blockKey)
	s.state.Options = &sessions.Options{Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 0}
	s.state.MaxAge(0)
	codec := securecookie.New(hashKey, blockKey)
	codec.MaxAge(0)
	useCookieJSON(s.state, codec)
	s.logins = &loginStore{db: db, codec: codec, idle: cfg.IdleTimeout, absolute: cfg.AbsoluteTimeout,
		now: func() time.Time { return db.Now() }}

	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	if len(cfg.TrustedProxies) > 0 {
		opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
		for _, p := range cfg.TrustedProxies {
			n := &net.IPNet{IP: p.Addr().AsSlice(), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}
			opts = append(opts, echo.TrustIPRange(n))
		}
		e.IPExtractor = echo.ExtractIPFromXFFHeader(opts...)
	} else {
		// The connection's address, whatever headers say.
		e.IPExtractor = echo.ExtractIPDirect()
	}
	s.echo = e
	s.register()
	return s, nil
}

// deriveKey derives a purpose-specific key from the secret, so that the
// signing and the encryption keys are independent.
func deriveKey(secret []byte, purpose string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("convene " + purpose))
	return m.Sum(nil)
}

// Handler returns the HTTP handler; tests drive it through httptest.
func (s *Server) Handler() http.Handler {
	if s.front != nil {
		return s.front
	}
	return s.echo
}

// Serve serves on ln until ctx is done, then stops accepting connections and
// waits up to grace for requests in flight to finish.
func (s *Server) Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       s.cfg.ReadTimeout,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	go s.sweepLogins(ctx)
	go s.maintainSearch(ctx)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "grace", grace.String())
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// sweepLogins deletes expired logins every ten minutes so the table holds
// only browsers that could still be signed in. It is idempotent (a DELETE of
// what has expired), so two servers on one file, or a standby after a
// fail-over, may both run it without harm; unlike the mail worker, it needs
// no lease (issue 21).
func (s *Server) sweepLogins(ctx context.Context) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			now := s.db.Now()
			if _, err := s.db.DeleteExpiredLogins(ctx, now.Add(-s.cfg.IdleTimeout), now.Add(-s.cfg.AbsoluteTimeout)); err != nil {
				s.log.Warn("sweep logins", "err", err)
			}
		}
	}
}
