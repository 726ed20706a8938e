package sqlite

import (
	"context"
	"database/sql"
	"slices"
	"testing"

	"convene/internal/convene"
)

// TestMailKindsMatchTheDomain: the mail_kinds table, which the outbox's kind
// refers to, holds exactly convene.MailKinds, so that every notification the
// domain writes can be queued and nothing else can.
func TestMailKindsMatchTheDomain(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	var stored []string
	if err := d.view(ctx, func(tx *sql.Tx) (err error) {
		stored, err = queryAll(ctx, tx, func(row scanner) (k string, err error) { return k, row.Scan(&k) },
			`SELECT kind FROM mail_kinds ORDER BY kind`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	want := slices.Clone(convene.MailKinds)
	slices.Sort(want)
	if !slices.Equal(stored, want) {
		t.Errorf("mail_kinds holds %v, the domain knows %v", stored, want)
	}
	// A kind that is not in the table cannot be queued.
	err := d.update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO outbox (kind, to_addr, subject, body, created_at, next_attempt_at)
			VALUES ('no_such_kind', 'a@example.org', 's', 'b', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')`)
		return err
	})
	if err == nil {
		t.Error("an unknown kind was queued")
	}
}
