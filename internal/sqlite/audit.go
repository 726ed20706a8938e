package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"convene/internal/convene"
)

// sensitiveFields are never written to the audit log in clear: the log says
// that they changed, not what they changed from or to.
var sensitiveFields = map[string]bool{
	"passport_number": true, "passport_expiry": true, "medical": true, "date_of_birth": true,
	"password": true, "password_hash": true, "photo": true, "mobile": true,
}

// fields is a record's auditable values by column name.
type fields map[string]string

// summarize describes a change for the audit log: for a new record its
// values, for an update only what changed ("title: \"A\" → \"B\""). Sensitive
// fields show as "changed" or "set" only.
func summarize(before, after fields) string {
	keys := make([]string, 0, len(after))
	for k := range after {
		keys = append(keys, k)
	}
	for k := range before {
		if _, ok := after[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		old, had := before[k]
		nw := after[k]
		if before != nil && had && old == nw {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("; ")
		}
		switch {
		case sensitiveFields[k] && before == nil:
			if nw != "" {
				fmt.Fprintf(&b, "%s: set", k)
			} else {
				fmt.Fprintf(&b, "%s: empty", k)
			}
		case sensitiveFields[k]:
			fmt.Fprintf(&b, "%s: changed", k)
		case before == nil:
			fmt.Fprintf(&b, "%s: %q", k, nw)
		default:
			fmt.Fprintf(&b, "%s: %q → %q", k, old, nw)
		}
	}
	return b.String()
}

// insertAuditQuery writes one audit row; auditArgs are its values. The
// store's writes and the benchmark's bulk writer (seed_bench.go) share both
// so that their rows cannot drift apart.
const insertAuditQuery = `INSERT INTO audit_log (at, user_id, action, entity, entity_id, summary, client_addr)
	VALUES (?, ?, ?, ?, ?, ?, ?)`

func (tx *Tx) auditArgs(action, entity string, entityID int64, summary string) []any {
	return []any{formatTime(tx.now), nullID(tx.actor.UserID), action, entity, entityID, summary, tx.actor.ClientAddr}
}

// audit writes one audit_log row inside the caller's transaction, so the row
// exists if and only if the change it describes was committed (rule 4).
func (tx *Tx) audit(ctx context.Context, action, entity string, entityID int64, summary string) error {
	_, err := tx.ExecContext(ctx, insertAuditQuery, tx.auditArgs(action, entity, entityID, summary)...)
	if err != nil {
		return fmt.Errorf("write audit log: %w", err)
	}
	return nil
}

// FindAuditEntries returns audit rows, newest first, and how many match.
func (d *DB) FindAuditEntries(ctx context.Context, f convene.AuditFilter) ([]convene.AuditEntry, int, error) {
	var where []string
	var args []any
	if f.Entity != "" {
		where, args = append(where, "a.entity = ?"), append(args, f.Entity)
	}
	if f.EntityID != 0 {
		where, args = append(where, "a.entity_id = ?"), append(args, f.EntityID)
	}
	if f.UserID != 0 {
		where, args = append(where, "a.user_id = ?"), append(args, f.UserID)
	}
	cond := ""
	if len(where) > 0 {
		cond = "WHERE " + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	var out []convene.AuditEntry
	var total int
	err := d.view(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM audit_log a "+cond, args...).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT a.id, a.at, coalesce(a.user_id, 0), coalesce(u.name, ''), a.action,
			a.entity, a.entity_id, a.summary, a.client_addr
			FROM audit_log a LEFT JOIN users u ON u.id = a.user_id `+cond+`
			ORDER BY a.id DESC LIMIT ? OFFSET ?`, append(args, limit, f.Offset)...)
		if err != nil {
			return err
		}
		out, err = scanAuditEntries(rows)
		return err
	})
	return out, total, err
}

// scanAuditEntries reads the rows of an audit query that selects, in order,
// id, at, user id, user name, action, entity, entity id, summary and client
// address, and closes them.
func scanAuditEntries(rows *sql.Rows) ([]convene.AuditEntry, error) {
	defer rows.Close()
	var out []convene.AuditEntry
	for rows.Next() {
		var e convene.AuditEntry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.UserID, &e.UserName, &e.Action, &e.Entity, &e.EntityID,
			&e.Summary, &e.ClientAddr); err != nil {
			return nil, err
		}
		e.At = parseTime(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
