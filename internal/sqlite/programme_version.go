package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"convene/internal/convene"
)

// PublishProgramme records a new version of a meeting's programme, numbered
// one after the last, with a copy of every session of the working draft as
// it is now: from then on visitors, delegates and the feeds read that copy.
// It runs inside the writer's immediate transaction, so two secretaries
// publishing at once get two numbers, not one twice, and no edit slips in
// between the number and the copy.
func (d *DB) PublishProgramme(ctx context.Context, meetingID int64, note string) (convene.ProgrammeVersion, error) {
	var v convene.ProgrammeVersion
	err := d.update(ctx, func(tx *Tx) (err error) {
		v, err = publishProgramme(ctx, tx, meetingID, note)
		return err
	})
	return v, err
}

// publishedColumns read a published session in the order of sessionColumns,
// so that scanSession reads both; the published copy has no clash override.
var publishedColumns = `ps.session_id, v.meeting_id, m.title, ps.title, ps.kind, ps.starts_at, ps.ends_at,
	coalesce(ps.room_id, 0), ps.room_name, ps.layout, ` + seatsSQL("ps.room_id", "ps.layout") + `, ps.attendance,
	ps.heads_plus, ps.visibility, ps.public_notes, ps.internal_notes, '', ps.sequence, ps.cancelled, ps.created_at,
	ps.updated_at`

const publishedFrom = ` FROM published_sessions ps JOIN programme_versions v ON v.id = ps.version_id
	JOIN meetings m ON m.id = v.meeting_id`

// latestVersionOnly keeps the rows of each meeting's latest version; the
// unique index on (meeting_id, version) answers the subquery.
const latestVersionOnly = `v.version = (SELECT max(x.version) FROM programme_versions x WHERE x.meeting_id = v.meeting_id)`

const insertPublishedQuery = `INSERT INTO published_sessions (version_id, session_id, title, kind, starts_at, ends_at,
	room_id, room_name, layout, attendance, heads_plus, visibility, public_notes, internal_notes, cancelled, sequence,
	created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// publishProgramme is PublishProgramme inside tx; the demo and the
// benchmark's generator publish through it too.
func publishProgramme(ctx context.Context, tx *Tx, meetingID int64, note string) (convene.ProgrammeVersion, error) {
	var v convene.ProgrammeVersion
	if _, err := findMeeting(ctx, tx, meetingID); err != nil {
		return v, err
	}
	prev, err := findPublishedSessions(ctx, tx, convene.SessionFilter{MeetingIDs: []int64{meetingID}})
	if err != nil {
		return v, err
	}
	draft, err := findSessions(ctx, tx, convene.SessionFilter{MeetingIDs: []int64{meetingID}})
	if err != nil {
		return v, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) + 1 FROM programme_versions WHERE meeting_id = ?`,
		meetingID).Scan(&v.Version); err != nil {
		return v, err
	}
	v.PublishedAt, v.Note = tx.now, note
	res, err := tx.ExecContext(ctx, `INSERT INTO programme_versions (meeting_id, version, published_at, published_by, note)
		VALUES (?, ?, ?, ?, ?)`, meetingID, v.Version, formatTime(tx.now), nullID(tx.actor.UserID), note)
	if err != nil {
		return v, fmt.Errorf("insert programme version: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return v, err
	}
	before := make(map[int64]*convene.Session, len(prev))
	for i := range prev {
		before[prev[i].ID] = &prev[i]
	}
	st, err := tx.PrepareContext(ctx, insertPublishedQuery)
	if err != nil {
		return v, err
	}
	defer st.Close()
	changed := 0
	for _, s := range draft {
		seq := convene.PublishedSequence(before[s.ID], s)
		if p := before[s.ID]; p == nil || seq != p.Sequence {
			changed++
		}
		if _, err := st.ExecContext(ctx, id, s.ID, s.Title, s.Kind, formatTime(s.StartsAt), formatTime(s.EndsAt),
			nullID(s.RoomID), s.RoomName, s.Layout, s.Attendance, s.HeadsPlus, s.Visibility, s.PublicNotes, s.InternalNotes,
			boolInt(s.Cancelled), seq, formatTime(s.CreatedAt), formatTime(s.UpdatedAt)); err != nil {
			return v, fmt.Errorf("publish session %d: %w", s.ID, err)
		}
	}
	removed := len(prev) - (len(draft) - countNew(before, draft))
	return v, tx.audit(ctx, "publish", "programme_version", id,
		summarize(nil, fields{"meeting_id": fmt.Sprint(meetingID), "version": fmt.Sprint(v.Version), "note": note,
			"sessions": fmt.Sprint(len(draft)), "new or changed": fmt.Sprint(changed), "removed": fmt.Sprint(removed)}))
}

// countNew counts the draft's sessions the previous version did not have.
func countNew(before map[int64]*convene.Session, draft []convene.Session) int {
	n := 0
	for _, s := range draft {
		if before[s.ID] == nil {
			n++
		}
	}
	return n
}

// findPublishedSessions is findSessions over the latest published version
// of each meeting instead of the working draft.
func findPublishedSessions(ctx context.Context, q querier, f convene.SessionFilter) ([]convene.Session, error) {
	where := []string{latestVersionOnly}
	var args []any
	if len(f.MeetingIDs) > 0 {
		where = append(where, "v.meeting_id IN ("+placeholders(len(f.MeetingIDs))+")")
		args = append(args, int64sAny(f.MeetingIDs)...)
	}
	if f.Visibilities != nil {
		if len(f.Visibilities) == 0 {
			return nil, nil
		}
		where = append(where, "ps.visibility IN ("+placeholders(len(f.Visibilities))+")")
		for _, v := range f.Visibilities {
			args = append(args, string(v))
		}
	}
	// #nosec G202 -- constant fragments; the conditions hold only ? placeholders.
	return queryAll(ctx, q, scanSession, `SELECT `+publishedColumns+publishedFrom+` WHERE `+strings.Join(where, " AND ")+
		` ORDER BY ps.starts_at, ps.ends_at, ps.session_id`, args...)
}

// LatestProgrammeVersion returns the meeting's latest published version,
// or the zero version (Version 0) if it was never published.
func (d *DB) LatestProgrammeVersion(ctx context.Context, meetingID int64) (convene.ProgrammeVersion, error) {
	var v convene.ProgrammeVersion
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		v, err = latestProgrammeVersion(ctx, tx, meetingID)
		return err
	})
	return v, err
}

func latestProgrammeVersion(ctx context.Context, q querier, meetingID int64) (convene.ProgrammeVersion, error) {
	var v convene.ProgrammeVersion
	var at string
	err := q.QueryRowContext(ctx, `SELECT version, published_at, note FROM programme_versions WHERE meeting_id = ?
		ORDER BY version DESC LIMIT 1`, meetingID).Scan(&v.Version, &at, &v.Note)
	if err == sql.ErrNoRows {
		return v, nil
	}
	v.PublishedAt = parseTime(at)
	return v, err
}
