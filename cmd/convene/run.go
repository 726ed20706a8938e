package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// usageError is a mistake on the command line; it exits with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func exitCode(err error) int {
	var u usageError
	if errors.As(err, &u) {
		return 2
	}
	return 1
}

// env is what every command gets from the outside world; tests pass their
// own, so that the real program runs in-process.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e env, args []string) error
}

func commands() []command {
	return []command{
		{"demo", "Serve Convene with the demo dataset (loaded into an empty database) and print the demo accounts.", runDemo},
		{"serve", "Serve Convene in production. Never loads demo data.", runServe},
		{"migrate", "Apply pending database migrations and exit.", runMigrate},
		{"user", "Manage accounts: `convene user add -email ... -name ... -role ...` (password on stdin); `convene user reset-2fa -email ...`.", runUser},
		{"backup", "Write a consistent copy of the database while the server runs.", runBackup},
		{"restore", "Write the database as the replica holds it (latest, or at -at TIME) to a new file.", runRestore},
		{"purge", "Remove passport, medical and photo data of a meeting that ended long enough ago.", runPurge},
		{"poll", "Availability polls: `convene poll remind -meeting CODE` asks the focal points who have not answered.", runPoll},
		{"healthcheck", "Exit 0 when the local server answers /healthz (for Docker's HEALTHCHECK).", runHealthcheck},
		{"help", "Show this help, or `convene help CMD` for one command's flags.", nil},
	}
}

// run is the whole program. main only calls it, so tests can boot the real
// application in-process with their own arguments, environment and output.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) < 2 {
		printHelp(stderr)
		return usageError{"no command given"}
	}
	name, rest := args[1], args[2:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 {
			return run(ctx, []string{args[0], rest[0], "-h"}, getenv, stdin, stdout, stdout)
		}
		printHelp(stdout)
		return nil
	}
	for _, c := range commands() {
		if c.name == name && c.run != nil {
			err := c.run(ctx, e, rest)
			if errors.Is(err, flag.ErrHelp) {
				return nil
			}
			return err
		}
	}
	printHelp(stderr)
	return usageError{fmt.Sprintf("unknown command %q", name)}
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "Convene hosts the ASEAN Defence Ministers' Meeting cycle: registration, accreditation,")
	fmt.Fprintln(w, "programme, logistics and printing, in one binary and one SQLite file.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "usage: convene COMMAND [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Every flag can also be set with an environment variable: -addr is CONVENE_ADDR,")
	fmt.Fprintln(w, "-db is CONVENE_DB, and so on. `convene COMMAND -h` lists a command's flags.")
}

// newLogger returns the structured logger every command logs to.
func newLogger(w io.Writer, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(level))); err != nil {
		return nil, usageError{fmt.Sprintf("-log-level %q: use debug, info, warn or error", level)}
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l})), nil
}
