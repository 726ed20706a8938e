package sqlite

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"convene/internal/convene"
)

// auditRecordsQuery names the records a page of audit rows is about, for
// people to read (issue 23): each record's name, and the meeting code and
// country code its page is under, one kind of record per part, each given
// the JSON array of its ids (numbered arguments, in auditRecordKinds'
// order). One query a page, by primary keys, rather than up to three
// sub-queries a row; a record deleted since is not found and reads as
// empty. Delegates' names follow the stored name order (family name first
// or last) as convene.Delegate.FullName does; auditRecordName (the person
// filter) must name them the same way.
const auditRecordsQuery = `SELECT 'delegate', d.id, trim(CASE WHEN d.family_name_first THEN d.family_name || ' ' || d.given_name
		ELSE d.given_name || ' ' || d.family_name END), m.code, ''
	FROM delegates d JOIN delegations g ON g.id = d.delegation_id JOIN meetings m ON m.id = g.meeting_id
	WHERE d.id IN (SELECT value FROM json_each(?1))
	UNION ALL SELECT 'user', id, name, '', '' FROM users WHERE id IN (SELECT value FROM json_each(?2))
	UNION ALL SELECT 'meeting', id, title, code, '' FROM meetings WHERE id IN (SELECT value FROM json_each(?3))
	UNION ALL SELECT 'session', x.id, x.title, m.code, '' FROM sessions x JOIN meetings m ON m.id = x.meeting_id
	WHERE x.id IN (SELECT value FROM json_each(?4))
	UNION ALL SELECT 'delegation', g.id, c.name || ', ' || m.title, m.code, c.iso3
	FROM delegations g JOIN countries c ON c.id = g.country_id JOIN meetings m ON m.id = g.meeting_id
	WHERE g.id IN (SELECT value FROM json_each(?5))
	UNION ALL SELECT 'venue', id, name, '', '' FROM venues WHERE id IN (SELECT value FROM json_each(?6))
	UNION ALL SELECT 'room', id, name, '', '' FROM rooms WHERE id IN (SELECT value FROM json_each(?7))`

// auditRecordKinds are the entities auditRecordsQuery names, in the order
// of its arguments.
var auditRecordKinds = []string{"delegate", "user", "meeting", "session", "delegation", "venue", "room"}

// nameAuditRecords fills in the record name, meeting code and country code
// of each entry (see auditRecordsQuery) in the caller's read transaction.
func (d *DB) nameAuditRecords(ctx context.Context, tx *sql.Tx, entries []convene.AuditEntry) error {
	ids := make(map[string]*strings.Builder, len(auditRecordKinds))
	for _, k := range auditRecordKinds {
		ids[k] = &strings.Builder{}
	}
	some := false
	for _, e := range entries {
		b, ok := ids[e.Entity]
		if !ok {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(e.EntityID, 10))
		some = true
	}
	if !some {
		return nil
	}
	args := make([]any, len(auditRecordKinds))
	for i, k := range auditRecordKinds {
		args[i] = "[" + ids[k].String() + "]"
	}
	rows, err := tx.QueryContext(ctx, auditRecordsQuery, args...)
	if err != nil {
		return err
	}
	type key struct {
		entity string
		id     int64
	}
	type record struct{ name, meeting, country string }
	found, err := scanAll(rows, func(row scanner) (struct {
		key
		record
	}, error) {
		var r struct {
			key
			record
		}
		return r, row.Scan(&r.entity, &r.id, &r.name, &r.meeting, &r.country)
	})
	if err != nil {
		return err
	}
	byKey := make(map[key]record, len(found))
	for _, f := range found {
		byKey[f.key] = f.record
	}
	for i := range entries {
		e := &entries[i]
		r := byKey[key{e.Entity, e.EntityID}]
		e.RecordName, e.RecordMeeting, e.RecordCountry = r.name, r.meeting, r.country
	}
	return nil
}
