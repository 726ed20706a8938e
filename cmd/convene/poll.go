package main

import (
	"context"
	"fmt"
	"path/filepath"

	"convene/internal/convene"
	"convene/internal/sqlite"
)

// runPoll handles `convene poll remind -meeting CODE`: it queues, in the
// outbox, one reminder to the focal point of each delegation that has not
// answered every date of the meeting's open availability poll, exactly as
// the poll page's button does (one run, one reminder each), so that a
// cron job or a person can send them without a browser. Links in the
// messages start with -base-url.
func runPoll(ctx context.Context, e env, args []string) error {
	const usage = "usage: convene poll remind -meeting CODE [-base-url URL]"
	if len(args) == 0 || args[0] != "remind" {
		return usageError{usage}
	}
	fs := newFlagSet("poll remind", "Queue one reminder to each focal point who has not answered the meeting's\n"+
		"availability poll (the poll page's button, from the command line).", e.getenv, e.stderr)
	db := fs.String("db", filepath.Join("data", "convene.db"), "SQLite database file")
	meeting := fs.String("meeting", "", "code of the meeting, e.g. adsom-2025")
	baseURL := fs.String("base-url", "", "public address of Convene, e.g. https://convene.example.gov: the reminders' links start with it")
	if err := fs.parse(args[1:]); err != nil {
		return err
	}
	if *meeting == "" {
		return usageError{usage}
	}
	base, err := convene.ParseBaseURL(*baseURL)
	if err != nil {
		return usageError{fmt.Sprintf("-base-url (CONVENE_BASE_URL): %v", err)}
	}
	d, err := sqlite.Open(ctx, *db, sqlite.WithBaseURL(base))
	if err != nil {
		return err
	}
	defer d.Close()
	m, err := d.FindMeetingByCode(ctx, *meeting)
	if err != nil {
		return usageError{fmt.Sprintf("-meeting %q: no such meeting", *meeting)}
	}
	n, err := d.RemindPoll(ctx, m.ID)
	if err != nil {
		if convene.ErrorCode(err) == convene.ENOTFOUND || convene.ErrorCode(err) == convene.EINVALID {
			return fmt.Errorf("%s: %s", m.Title, convene.ErrorMessage(err))
		}
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %d reminders queued\n", m.Title, n)
	return nil
}
