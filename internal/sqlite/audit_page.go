package sqlite

import (
	"context"
	"database/sql"

	"convene/internal/convene"
)

// auditPageQuery reads one page of the audit log, newest first, from the
// primary key alone: rows with an id below the cursor, at most limit+1 of
// them (the extra row says whether an older page exists). Its cost does not
// depend on the size of the log, unlike the COUNT(*) over every row and the
// OFFSET that FindAuditEntries uses (BENCHMARKS.md, finding 4).
const auditPageQuery = `SELECT a.id, a.at, coalesce(a.user_id, 0), coalesce(u.name, ''), a.action,
	a.entity, a.entity_id, a.summary, a.client_addr
	FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
	WHERE a.id < ? ORDER BY a.id DESC LIMIT ?`

// FindAuditPage returns up to limit audit rows older than beforeID (0: the
// newest rows), newest first, and whether older rows remain. The caller
// asks for the next page with the id of the last row returned.
func (d *DB) FindAuditPage(ctx context.Context, beforeID int64, limit int) ([]convene.AuditEntry, bool, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	if beforeID <= 0 {
		beforeID = 1<<63 - 1
	}
	var out []convene.AuditEntry
	err := d.view(ctx, func(tx *sql.Tx) error {
		rows, err := d.queryCached(ctx, tx, auditPageQuery, beforeID, limit+1)
		if err != nil {
			return err
		}
		out, err = scanAuditEntries(rows)
		return err
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
