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
	"passport_number": true, "passport_expiry": true, "passport_name": true, "medical": true, "date_of_birth": true,
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
// store's writes and the benchmark's bulk writer (bench_seed.go) share both
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

// auditColumns are an audit row with the name of the user who made the
// change; auditFrom joins that user. The record the row is about is named
// afterwards, a page at a time (nameAuditRecords).
const (
	auditColumns = `a.id, a.at, coalesce(a.user_id, 0), coalesce(u.name, ''), a.action,
	a.entity, a.entity_id, a.summary, a.client_addr`
	auditFrom = ` FROM audit_log a LEFT JOIN users u ON u.id = a.user_id`
)

// auditRecordName is the name of the record an audit row is about, as
// nameAuditRecords reads it, for the person filter to match.
const auditRecordName = `coalesce(CASE a.entity
	WHEN 'delegate' THEN (SELECT trim(CASE WHEN d.family_name_first THEN d.family_name || ' ' || d.given_name
		ELSE d.given_name || ' ' || d.family_name END) FROM delegates d WHERE d.id = a.entity_id)
	WHEN 'user' THEN (SELECT name FROM users WHERE id = a.entity_id)
	WHEN 'meeting' THEN (SELECT title FROM meetings WHERE id = a.entity_id)
	WHEN 'session' THEN (SELECT title FROM sessions WHERE id = a.entity_id)
	WHEN 'delegation' THEN (SELECT c.name || ', ' || m.title FROM delegations g JOIN countries c ON c.id = g.country_id
		JOIN meetings m ON m.id = g.meeting_id WHERE g.id = a.entity_id)
	WHEN 'venue' THEN (SELECT name FROM venues WHERE id = a.entity_id)
	WHEN 'room' THEN (SELECT name FROM rooms WHERE id = a.entity_id)
	END, '')`

func scanAuditEntry(row scanner) (convene.AuditEntry, error) {
	var e convene.AuditEntry
	var at string
	err := row.Scan(&e.ID, &at, &e.UserID, &e.UserName, &e.Action, &e.Entity, &e.EntityID, &e.Summary, &e.ClientAddr)
	e.At = parseTime(at)
	return e, err
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
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM audit_log a "+cond, args...).Scan(&total); err != nil {
			return err
		}
		out, err = queryAll(ctx, tx, scanAuditEntry, `SELECT `+auditColumns+auditFrom+` `+cond+`
			ORDER BY a.id DESC LIMIT ? OFFSET ?`, append(args, limit, f.Offset)...)
		if err != nil {
			return err
		}
		return d.nameAuditRecords(ctx, tx, out)
	})
	return out, total, err
}

// auditPageQuery reads one page of the audit log, newest first, from the
// primary key alone: rows with an id below the cursor, at most limit+1 of
// them (the extra row says whether an older page exists). Its cost does not
// depend on the size of the log, unlike the COUNT(*) over every row and the
// OFFSET that FindAuditEntries uses (BENCHMARKS.md, finding 4). A filter
// adds its conditions (auditConditions); the walk down the primary key
// stops as soon as the page is full.
const auditPageQuery = `SELECT ` + auditColumns + auditFrom + `
	WHERE a.id < ? ORDER BY a.id DESC LIMIT ?`

// auditOfMeeting is true for the rows about a meeting or one of its
// delegations, people or sessions.
const auditOfMeeting = `((a.entity = 'meeting' AND a.entity_id = ?1)
	OR (a.entity = 'delegation' AND a.entity_id IN (SELECT id FROM delegations WHERE meeting_id = ?1))
	OR (a.entity = 'delegate' AND a.entity_id IN (SELECT d.id FROM delegates d JOIN delegations g ON g.id = d.delegation_id
		WHERE g.meeting_id = ?1))
	OR (a.entity = 'session' AND a.entity_id IN (SELECT id FROM sessions WHERE meeting_id = ?1)))`

// auditConditions turns a query's filters into SQL conditions and their
// arguments; each condition is constant text with placeholders.
func auditConditions(q convene.AuditQuery) (string, []any) {
	var where []string
	var args []any
	if q.MeetingID != 0 {
		where = append(where, strings.ReplaceAll(auditOfMeeting, "?1", "?"))
		args = append(args, q.MeetingID, q.MeetingID, q.MeetingID, q.MeetingID)
	}
	if q.Action != "" {
		where, args = append(where, "a.action = ?"), append(args, q.Action)
	}
	if !q.From.IsZero() {
		where, args = append(where, "a.at >= ?"), append(args, formatTime(q.From))
	}
	if !q.To.IsZero() {
		where, args = append(where, "a.at < ?"), append(args, formatTime(q.To))
	}
	if p := strings.TrimSpace(q.Person); p != "" {
		like := "%" + escapeLike(p) + "%"
		where = append(where, `(coalesce(u.name, '') LIKE ? ESCAPE '\' OR `+auditRecordName+` LIKE ? ESCAPE '\')`)
		args = append(args, like, like)
	}
	return strings.Join(where, " AND "), args
}

// FindAuditPage returns up to q.Limit audit rows older than q.Before (0:
// the newest rows) that match the query's filters, newest first, and
// whether older matching rows remain. The caller asks for the next page
// with the id of the last row returned.
func (d *DB) FindAuditPage(ctx context.Context, q convene.AuditQuery) ([]convene.AuditEntry, bool, error) {
	limit, beforeID := q.Limit, q.Before
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	if beforeID <= 0 {
		beforeID = 1<<63 - 1
	}
	cond, args := auditConditions(q)
	var out []convene.AuditEntry
	err := d.view(ctx, func(tx *sql.Tx) error {
		var rows *sql.Rows
		var err error
		if cond == "" {
			rows, err = tx.QueryContext(ctx, auditPageQuery, beforeID, limit+1)
		} else {
			// #nosec G202 -- constant fragments; cond holds only ? placeholders.
			rows, err = tx.QueryContext(ctx, `SELECT `+auditColumns+auditFrom+`
				WHERE a.id < ? AND `+cond+` ORDER BY a.id DESC LIMIT ?`, append(append([]any{beforeID}, args...), limit+1)...)
		}
		if err != nil {
			return err
		}
		if out, err = scanAll(rows, scanAuditEntry); err != nil {
			return err
		}
		// The extra row only says that an older page exists: not named.
		return d.nameAuditRecords(ctx, tx, out[:min(len(out), limit)])
	})
	if err != nil {
		return nil, false, err
	}
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	return out, more, nil
}

// escapeLike makes s match itself in a LIKE pattern with ESCAPE '\'.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
