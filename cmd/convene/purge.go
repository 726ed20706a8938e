package main

import (
	"context"
	"fmt"
	"path/filepath"

	"convene/internal/convene"
	"convene/internal/sqlite"
)

// runPurge handles `convene purge -meeting CODE [-days 90]`: it removes the
// passport, date-of-birth, medical and photo data of a meeting that ended
// more than -days days ago, and records that in the audit log.
func runPurge(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("purge", "Remove passport, date of birth, medical and photo data of a meeting that ended\n"+
		"more than -days days ago. Names and accreditation history stay.", e.getenv, e.stderr)
	db := fs.String("db", filepath.Join("data", "convene.db"), "SQLite database file")
	meeting := fs.String("meeting", "", "code of the meeting, e.g. admm-retreat-2025")
	days := fs.Int("days", convene.PurgeAfterDays, "only purge a meeting that ended more than this many days ago")
	if err := fs.parse(args); err != nil {
		return err
	}
	if *meeting == "" {
		return usageError{"usage: convene purge -meeting CODE [-days 90]"}
	}
	d, err := sqlite.Open(ctx, *db, sqlite.ExistingOnly())
	if err != nil {
		return err
	}
	defer d.Close()
	res, err := d.PurgePersonalData(ctx, *meeting, *days)
	if err != nil {
		return err
	}
	by := "this command"
	if res.ScrubbedBy == sqlite.ScrubReplicator {
		by = "the replicating server"
	}
	fmt.Fprintf(e.stdout, "purged %s: personal data of %d people, %d photos, %d letters, %d Note Verbales, %d document download records (the meeting papers are kept); the -wal file was emptied of the old pages by %s\n",
		*meeting, res.People, res.Photos, res.Letters, res.NoteVerbales, res.Downloads, by)
	return nil
}
