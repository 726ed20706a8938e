package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"convene/internal/convene"
	"convene/internal/password"
	"convene/internal/sqlite"
)

func runMigrate(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("migrate", "Apply pending migrations to the database and exit.", e.getenv, e.stderr)
	db := fs.String("db", filepath.Join("data", "convene.db"), "SQLite database file")
	if err := fs.parse(args); err != nil {
		return err
	}
	d, err := sqlite.Open(ctx, *db)
	if err != nil {
		return err
	}
	if err := d.Close(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "database %s is up to date\n", *db)
	return nil
}

// runUser handles `convene user add` and `convene user reset-2fa`. The
// password is read from the first line of standard input, never from a flag
// (flags show in `ps` and shell history).
func runUser(ctx context.Context, e env, args []string) error {
	if len(args) > 0 && args[0] == "reset-2fa" {
		return runUserReset2FA(ctx, e, args[1:])
	}
	if len(args) == 0 || args[0] != "add" {
		return usageError{"usage: convene user add -email ADDRESS -name NAME -role ROLE [-country ISO3] < password\n" +
			"       convene user reset-2fa -email ADDRESS"}
	}
	fs := newFlagSet("user add", "Add an account. The password is read from standard input.", e.getenv, e.stderr)
	db := fs.String("db", filepath.Join("data", "convene.db"), "SQLite database file")
	email := fs.String("email", "", "e-mail address (the sign-in name)")
	name := fs.String("name", "", "the person's name")
	role := fs.String("role", "", "admin, officer, organiser, focal or delegate")
	country := fs.String("country", "", "ISO 3166 alpha-3 code of the country (focal points)")
	if err := fs.parse(args[1:]); err != nil {
		return err
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return usageError{"no password on standard input"}
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == firstAdminPlaceholder {
		return usageError{"password: replace " + firstAdminPlaceholder + " with a passphrase of your own"}
	}
	if err := convene.ValidatePassword(pw); err != nil {
		return usageError{"password: " + convene.ErrorFields(err)["password"]}
	}
	d, err := sqlite.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer d.Close()
	u := convene.User{Email: *email, Name: *name, Role: convene.Role(*role)}
	if *country != "" {
		c, err := d.FindCountryByISO3(ctx, strings.ToUpper(*country))
		if err != nil {
			return usageError{fmt.Sprintf("-country %q: no such country in the database", *country)}
		}
		u.CountryID = c.ID
	}
	if u.PasswordHash, err = password.Hash(ctx, pw); err != nil {
		return err
	}
	if err := d.CreateUser(ctx, &u); err != nil {
		if fields := convene.ErrorFields(err); len(fields) > 0 {
			var msgs []string
			for k, v := range fields {
				msgs = append(msgs, "-"+k+": "+v)
			}
			return usageError{strings.Join(msgs, "; ")}
		}
		return err
	}
	fmt.Fprintf(e.stdout, "added %s (%s)\n", u.Email, u.Role.Label())
	return nil
}

// firstAdminPlaceholder stands for the passphrase in the command serve
// logs on a database without accounts. user add refuses it, so that pasting
// the command unchanged cannot leave a known password behind: outside the
// demo, Convene has no default password and prints none.
const firstAdminPlaceholder = "YOUR-OWN-LONG-PASSPHRASE"

// logFirstAdmin logs, while the database has no account at all, the exact
// command that creates the first administrator of this database. serve
// never creates an account itself. The command pipes the passphrase with
// printf '%s' (no newline needed: user add reads up to the end of input),
// so that it holds no backslash that the log's quoting would double.
func logFirstAdmin(ctx context.Context, d *sqlite.DB, log *slog.Logger) error {
	n, err := d.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	path, err := filepath.Abs(d.Path())
	if err != nil {
		return err
	}
	log.Warn("no accounts yet: create the first administrator with this command (your passphrase, e-mail and name), then sign in",
		"command", fmt.Sprintf("printf '%%s' '%s' | convene user add -db %s -email you@example.org -name 'Your Name' -role admin",
			firstAdminPlaceholder, shellQuote(path)))
	return nil
}

// shellQuote returns s as one word for a POSIX shell: as it is when it holds
// only characters no shell treats specially, else in single quotes.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-+:@,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'"'"'`) + "'"
}

// runUserReset2FA turns an account's second factor off from the server's
// shell, for the one case the web cannot handle: the last administrator lost
// their phone and their recovery codes (another administrator would use the
// user page). It signs the account out everywhere; at the next sign-in it
// sets the second factor up again. The audit row has no user: the shell did
// it. Whoever can run this can read the database file anyway.
func runUserReset2FA(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("user reset-2fa", "Turn off an account's two-factor sign-in (it sets it up again at its next sign-in).",
		e.getenv, e.stderr)
	db := fs.String("db", filepath.Join("data", "convene.db"), "SQLite database file")
	email := fs.String("email", "", "e-mail address of the account")
	if err := fs.parse(args); err != nil {
		return err
	}
	if *email == "" {
		return usageError{"user reset-2fa needs -email"}
	}
	d, err := sqlite.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer d.Close()
	u, err := d.FindUserByEmail(ctx, *email)
	if err != nil {
		return usageError{fmt.Sprintf("-email %q: no such account", *email)}
	}
	if !u.TwoFactorOn() {
		fmt.Fprintf(e.stdout, "%s has no second factor; nothing to do\n", u.Email)
		return nil
	}
	if err := d.DisableTwoFactor(ctx, u.ID, true); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "second factor of %s turned off; signed out everywhere; it is set up again at the next sign-in\n", u.Email)
	return nil
}

func runBackup(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("backup", "Write a consistent copy of the database (VACUUM INTO, fsynced) while the server runs.\n"+
		"Uploaded photos are in the database, so they are in the copy.", e.getenv, e.stderr)
	db := fs.String("db", filepath.Join("data", "convene.db"), "SQLite database file")
	to := fs.String("to", "", "file to write the copy to (must not exist)")
	if err := fs.parse(args); err != nil {
		return err
	}
	if *to == "" {
		return usageError{"backup needs -to FILE"}
	}
	// Read-only on -db: a mistyped name fails and creates nothing, and an
	// older server's file is not migrated by a newer binary's backup.
	start := time.Now()
	if err := sqlite.BackupFile(ctx, *db, *to); err != nil {
		return err
	}
	res, err := sqlite.IntegrityCheck(ctx, *to)
	if err != nil {
		return fmt.Errorf("check backup: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("backup %s failed its integrity check: %s", *to, res)
	}
	fmt.Fprintf(e.stdout, "backed up %s to %s in %s (integrity ok)\n", *db, *to, time.Since(start).Round(time.Millisecond))
	return nil
}

func runHealthcheck(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("healthcheck", "Exit 0 when the server at -addr answers GET /healthz with 200.", e.getenv, e.stderr)
	addr := fs.String("addr", ":8080", "address the server listens on")
	if err := fs.parse(args); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	host, port, err := net.SplitHostPort(*addr)
	if err != nil {
		return usageError{fmt.Sprintf("-addr %q: %v", *addr, err)}
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/healthz", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return errors.New("healthcheck: server answered " + resp.Status)
	}
	fmt.Fprintln(e.stdout, "ok")
	return nil
}
