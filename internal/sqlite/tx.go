package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"convene/internal/convene"
)

// Tx is a write transaction with what every use case needs: the time the
// change happens, the actor, for the audit log, and the public address the
// links of the e-mails it queues start with.
type Tx struct {
	*sql.Tx
	// ctx is what the transaction's statements run under: the request's
	// context without its cancellation (see group_commit.go). The
	// statements of a Tx use it whatever context their caller passes.
	ctx   context.Context
	now   time.Time
	actor convene.Actor
	base  string
	stmts *stmtCache // the writer's prepared hot writes; see write_stmt.go
}

// link is the absolute address of a path from internal/paths, as DB.Link.
func (tx *Tx) link(path string) string { return tx.base + path }

// view runs fn in one read-only transaction, so that a page's queries see one
// consistent snapshot.
func (d *DB) view(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := d.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return translate(err)
	}
	defer func() { _ = tx.Rollback() }()
	return translate(fn(tx))
}

// translate turns driver errors into domain errors where the meaning is
// clear (a UNIQUE violation is a conflict) and leaves the rest as they are.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &convene.Error{Code: convene.ECONFLICT, Message: "That record already exists."}
		}
	}
	return err
}
