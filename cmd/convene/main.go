// Command convene runs Convene, the meeting-hosting application for the
// ASEAN Defence Ministers' Meeting cycle. See `convene help`.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // the runtime image has no zoneinfo; meetings need their IANA zones
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args, os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "convene:", err)
		os.Exit(exitCode(err))
	}
}
