package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"time"

	chromium "convene/internal/browser" // aliased: the tests of this package have a type named browser
	"convene/internal/convene"
	"convene/internal/demo"
	"convene/internal/password"
	"convene/internal/replica"
	"convene/internal/sqlite"
	"convene/internal/web"
)

// serverFlags are the flags demo and serve share.
type serverFlags struct {
	fs                  *flagSet
	addr                *string
	db                  *string
	secretFile          *string
	secureCookies       *bool
	trustedProxy        *string
	idleTimeout         *time.Duration
	absoluteTimeout     *time.Duration
	timeZone            *string
	logLevel            *string
	shutdownGrace       *time.Duration
	baseURL             *string
	replica             *string
	replicaSyncInterval *time.Duration
	chromeURL           *string
}

func newServerFlags(name, summary, defAddr, defDB string, e env) *serverFlags {
	fs := newFlagSet(name, summary, e.getenv, e.stderr)
	return &serverFlags{
		fs:              fs,
		addr:            fs.String("addr", defAddr, "address to listen on, host:port"),
		db:              fs.String("db", defDB, "SQLite database file (created if missing)"),
		secretFile:      fs.String("secret-file", "", "file holding the cookie secret; default convene.secret beside the database (generated on first start). CONVENE_SECRET, if set, is used instead"),
		secureCookies:   fs.Bool("secure-cookies", false, "mark cookies Secure: set this behind a TLS-terminating proxy"),
		trustedProxy:    fs.String("trusted-proxy", "", "comma-separated addresses or CIDRs of reverse proxies whose X-Forwarded-For is believed"),
		idleTimeout:     fs.Duration("idle-timeout", 2*time.Hour, "sign a browser out after this long without a request"),
		absoluteTimeout: fs.Duration("absolute-timeout", 12*time.Hour, "sign a browser out this long after sign-in, whatever it does"),
		timeZone:        fs.String("time-zone", "Asia/Kuala_Lumpur", "IANA zone for times that belong to no meeting (audit log)"),
		logLevel:        fs.String("log-level", "info", "debug, info, warn or error"),
		shutdownGrace:   fs.Duration("shutdown-grace", 30*time.Second, "how long to let requests in flight finish on SIGINT/SIGTERM"),
		baseURL:         fs.String("base-url", "", "public address of Convene, e.g. https://convene.example.gov: links in e-mails, feeds and printouts start with it (serve: required; demo: its own address)"),
		replica: fs.String("replica", "", "copy the database continuously to s3://bucket/path?endpoint=https://host:port (credentials in AWS_ACCESS_KEY_ID, "+
			"AWS_SECRET_ACCESS_KEY) or file:///dir; a missing or empty -db is restored from it first"),
		replicaSyncInterval: fs.Duration("replica-sync-interval", time.Second, "how often changes are shipped to the replica (the most a lost machine can lose)"),
		chromeURL:           fs.String("chrome-url", "", "DevTools address of a Chromium service that renders PDFs, e.g. ws://chrome:9222 (default: start the Chromium installed here)"),
	}
}

func runDemo(ctx context.Context, e env, args []string) error {
	sf := newServerFlags("demo", "Serve Convene with the demo dataset. The database is created and filled with the 2025\n"+
		"ADMM cycle when empty; all demo accounts share one password (random unless -password is given).",
		"127.0.0.1:8080", filepath.Join("data", "convene-demo.db"), e)
	pw := sf.fs.String("password", "", "password for every demo account (default: a random one, printed at start)")
	require2FA := sf.fs.Bool("require-2fa", false, "make the administrator and the officer set up and use two-factor sign-in, as `serve` always does")
	if err := sf.fs.parse(args); err != nil {
		return err
	}
	return serve(ctx, e, sf, true, *pw, *require2FA)
}

func runServe(ctx context.Context, e env, args []string) error {
	sf := newServerFlags("serve", "Serve Convene in production. Never loads demo data. Needs a cookie secret:\n"+
		"CONVENE_SECRET (at least 32 characters) or -secret-file.",
		":8080", filepath.Join("data", "convene.db"), e)
	if err := sf.fs.parse(args); err != nil {
		return err
	}
	// In production the secretariat's administrators and officers always
	// sign in with a second factor; there is no flag to turn that off. The
	// first administrator (`convene user add ... -role admin`) sets it up at
	// their first sign-in; `convene user reset-2fa` is the way back for an
	// operator whose last administrator lost their phone.
	return serve(ctx, e, sf, false, "", true)
}

// serve opens the database, loads the demo if asked, and serves until ctx
// is cancelled (SIGINT or SIGTERM), letting requests in flight finish.
// require2FA makes the secretariat sign in with a second factor.
func serve(ctx context.Context, e env, sf *serverFlags, isDemo bool, demoPassword string, require2FA bool) error {
	log, err := newLogger(e.stderr, *sf.logLevel)
	if err != nil {
		return err
	}
	loc, err := time.LoadLocation(*sf.timeZone)
	if err != nil {
		return usageError{fmt.Sprintf("-time-zone %q is not an IANA time zone", *sf.timeZone)}
	}
	proxies, err := parsePrefixes(*sf.trustedProxy)
	if err != nil {
		return usageError{fmt.Sprintf("-trusted-proxy: %v", err)}
	}
	if isDemo && demoPassword != "" && len(demoPassword) < 10 {
		return usageError{"-password must be at least 10 characters"}
	}
	printer := chromium.Local()
	if *sf.chromeURL != "" {
		if printer, err = chromium.NewPrinter(*sf.chromeURL); err != nil {
			return usageError{fmt.Sprintf("-chrome-url (CONVENE_CHROME_URL): %v", err)}
		}
		defer printer.Close()
	}

	var base string
	if *sf.baseURL != "" || !isDemo {
		if base, err = convene.ParseBaseURL(*sf.baseURL); err != nil {
			return usageError{fmt.Sprintf("-base-url (CONVENE_BASE_URL): %v. Give the address people open Convene at, "+
				"e.g. -base-url https://convene.example.gov: links in e-mails are built from it", err)}
		}
	}

	// Listen first, so that the demo's links can name the port it got.
	ln, err := net.Listen("tcp", *sf.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *sf.addr, err)
	}
	defer ln.Close()
	url := "http://" + displayAddr(ln.Addr().String())
	if base == "" {
		base = url
	}

	web.LimitMemory()
	if *sf.replica != "" {
		if err := restoreBeforeServing(ctx, e, sf, log); err != nil {
			return err
		}
	}
	db, err := sqlite.Open(ctx, *sf.db, sqlite.WithBaseURL(base))
	if err != nil {
		return err
	}
	// On the way out the application's connections close before
	// Litestream's: closing its file handle first would drop their locks.
	var rep *replica.Replicator
	defer func() {
		db.Close()
		if rep != nil {
			stopReplica(ctx, rep, log)
		}
	}()

	if isDemo {
		if demoPassword == "" {
			demoPassword = randomPassword()
		}
		if err := loadDemo(ctx, db, demoPassword); err != nil {
			return err
		}
	} else if err := logFirstAdmin(ctx, db, log); err != nil {
		return err
	}

	secret, err := loadSecret(e, *sf.secretFile, *sf.db, log.Info)
	if err != nil {
		return err
	}
	cfg := web.Config{
		Secret: secret, SecureCookies: *sf.secureCookies, TrustedProxies: proxies,
		IdleTimeout: *sf.idleTimeout, AbsoluteTimeout: *sf.absoluteTimeout, TimeZone: loc, Printer: printer,
		RequireTwoFactor: require2FA,
	}
	if *sf.replica != "" {
		if rep, err = startReplica(ctx, sf, log); err != nil {
			return err
		}
		cfg.Replication = rep
		defer watchPurges(ctx, db, rep, log)()
	}
	srv, err := web.New(cfg, db, log)
	if err != nil {
		return err
	}
	if isDemo {
		printDemoBanner(e, url, *sf.db, demoPassword, require2FA)
	} else {
		fmt.Fprintf(e.stdout, "Convene is serving at %s (database %s; public address %s)\n", url, *sf.db, base)
	}
	log.Info("serving", "addr", ln.Addr().String(), "db", *sf.db)
	defer startMailWorker(ctx, e, db, log)()
	return srv.Serve(ctx, ln, *sf.shutdownGrace)
}

// loadDemo fills an empty database with the demo dataset in one transaction
// and sets the demo password on every demo account, so the printed password
// is the one in force even when the database already existed.
func loadDemo(ctx context.Context, db *sqlite.DB, pw string) error {
	hash, err := password.Hash(ctx, pw)
	if err != nil {
		return err
	}
	n, err := db.CountUsers(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		if err := db.Seed(ctx, func(s *sqlite.Seeder) error {
			if err := demo.Load(ctx, s, hash); err != nil {
				return err
			}
			return demo.LoadNextCycle(ctx, s)
		}); err != nil {
			return fmt.Errorf("load demo data into %s: %w", db.Path(), err)
		}
	}
	_, err = db.SetPasswordHashForDomain(ctx, demo.EmailDomain, hash)
	return err
}

func printDemoBanner(e env, url, dbPath, pw string, require2FA bool) {
	w := e.stdout
	fmt.Fprintf(w, "\nConvene demo is running at %s\n", url)
	fmt.Fprintf(w, "Database: %s\n\n", dbPath)
	fmt.Fprintf(w, "Sign in with any of these accounts; they all use the password: %s\n", pw)
	if require2FA {
		fmt.Fprintf(w, "Two-factor sign-in is required (-require-2fa): the administrator and the officer set up an\n"+
			"authenticator app at their first sign-in, as under `convene serve`.\n")
	}
	fmt.Fprintln(w)
	for _, a := range demo.Accounts() {
		fmt.Fprintf(w, "  %-28s %s\n", a.Email, a.Note)
	}
	fmt.Fprintf(w, "\nStop with Ctrl-C.\n\n")
}

// displayAddr turns a listen address into one a browser can open:
// "[::]:8080" and "0.0.0.0:8080" become "127.0.0.1:8080".
func displayAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

func parsePrefixes(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !strings.Contains(part, "/") {
			a, err := netip.ParseAddr(part)
			if err != nil {
				return nil, err
			}
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// loadSecret returns the cookie secret: CONVENE_SECRET if set, else the
// secret file, generated (0600) on first start. The secret is never logged.
func loadSecret(e env, file, dbPath string, info func(string, ...any)) ([]byte, error) {
	if s := e.getenv("CONVENE_SECRET"); s != "" {
		if len(s) < 32 {
			return nil, usageError{"CONVENE_SECRET must be at least 32 characters"}
		}
		return []byte(s), nil
	}
	if file == "" {
		file = filepath.Join(filepath.Dir(dbPath), "convene.secret")
	}
	b, err := os.ReadFile(file) // #nosec G304 -- the secret file the operator configured, or the one beside the database.
	if err == nil {
		s := strings.TrimSpace(string(b))
		if len(s) < 32 {
			return nil, fmt.Errorf("secret file %s holds fewer than 32 characters", file)
		}
		return []byte(s), nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("read secret file: %w", err)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	s := hex.EncodeToString(raw)
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600) // #nosec G304 -- as above; created 0600, never overwritten.
	if err != nil {
		return nil, fmt.Errorf("create secret file: %w", err)
	}
	if _, err := f.WriteString(s + "\n"); err != nil {
		f.Close()
		return nil, fmt.Errorf("write secret file: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	info("generated a new cookie secret", "file", file)
	return []byte(s), nil
}

// randomPassword returns a 16-character password for the demo accounts.
func randomPassword() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
