package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"convene/internal/convene"
)

var sessionColumns = `s.id, s.meeting_id, m.title, s.title, s.kind, s.starts_at, s.ends_at, coalesce(s.room_id, 0),
	coalesce(r.name, ''), s.layout, ` + seatsSQL("s.room_id", "s.layout") + `, s.attendance, s.heads_plus, s.visibility,
	s.public_notes, s.internal_notes, s.clash_override, s.sequence, s.cancelled, s.created_at, s.updated_at`

const sessionFrom = ` FROM sessions s JOIN meetings m ON m.id = s.meeting_id LEFT JOIN rooms r ON r.id = s.room_id`

func scanSession(row scanner) (convene.Session, error) {
	var s convene.Session
	var starts, ends, created, updated string
	err := row.Scan(&s.ID, &s.MeetingID, &s.MeetingTitle, &s.Title, &s.Kind, &starts, &ends, &s.RoomID, &s.RoomName,
		&s.Layout, &s.RoomCapacity, &s.Attendance, &s.HeadsPlus, &s.Visibility, &s.PublicNotes, &s.InternalNotes,
		&s.ClashOverride, &s.Sequence, &s.Cancelled, &created, &updated)
	s.StartsAt, s.EndsAt = parseTime(starts), parseTime(ends)
	s.CreatedAt, s.UpdatedAt = parseTime(created), parseTime(updated)
	return s, err
}

func sessionFields(s *convene.Session) fields {
	return fields{"meeting_id": fmt.Sprint(s.MeetingID), "title": s.Title, "kind": string(s.Kind),
		"starts_at": formatTime(s.StartsAt), "ends_at": formatTime(s.EndsAt), "room_id": fmt.Sprint(s.RoomID),
		"layout": string(s.Layout), "attendance": string(s.Attendance), "heads_plus": fmt.Sprint(s.HeadsPlus), "visibility": string(s.Visibility),
		"public_notes": s.PublicNotes, "internal_notes": s.InternalNotes, "clash_override": s.ClashOverride,
		"cancelled": fmt.Sprint(s.Cancelled)}
}

// insertSessionQuery adds one session at sequence 0; insertSessionArgs are
// its values. The secretariat's form and the benchmark's bulk writer share
// both so that their rows cannot drift apart.
const insertSessionQuery = `INSERT INTO sessions (meeting_id, title, kind, starts_at, ends_at, room_id, layout,
	attendance, heads_plus, visibility, public_notes, internal_notes, clash_override, sequence, cancelled,
	created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`

func insertSessionArgs(s *convene.Session, now time.Time) []any {
	return []any{s.MeetingID, s.Title, s.Kind, formatTime(s.StartsAt), formatTime(s.EndsAt), nullID(s.RoomID), s.Layout,
		s.Attendance, s.HeadsPlus, s.Visibility, s.PublicNotes, s.InternalNotes, s.ClashOverride, boolInt(s.Cancelled),
		formatTime(now), formatTime(now)}
}

// FindSessions returns sessions in start order: the working draft, or with
// f.Published each meeting's last published version.
func (d *DB) FindSessions(ctx context.Context, f convene.SessionFilter) ([]convene.Session, error) {
	var out []convene.Session
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = findSessions(ctx, tx, f)
		return err
	})
	return out, err
}

func findSessions(ctx context.Context, q querier, f convene.SessionFilter) ([]convene.Session, error) {
	if f.Published {
		return findPublishedSessions(ctx, q, f)
	}
	var where []string
	var args []any
	if len(f.MeetingIDs) > 0 {
		where = append(where, "s.meeting_id IN ("+placeholders(len(f.MeetingIDs))+")")
		for _, id := range f.MeetingIDs {
			args = append(args, id)
		}
	}
	if f.Visibilities != nil {
		if len(f.Visibilities) == 0 {
			return nil, nil
		}
		where = append(where, "s.visibility IN ("+placeholders(len(f.Visibilities))+")")
		for _, v := range f.Visibilities {
			args = append(args, string(v))
		}
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	return queryAll(ctx, q, scanSession, `SELECT `+sessionColumns+sessionFrom+cond+` ORDER BY s.starts_at, s.ends_at, s.id`, args...)
}

// FindSessionByID returns one session.
func (d *DB) FindSessionByID(ctx context.Context, id int64) (convene.Session, error) {
	var s convene.Session
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		s, err = queryOne(ctx, tx, "Session", scanSession, `SELECT `+sessionColumns+sessionFrom+` WHERE s.id = ?`, id)
		return err
	})
	return s, err
}

// CreateSession adds a session to its meeting's programme. It refuses a room
// that is already booked at that time unless s.ClashOverride gives a reason;
// the check and the insert run in one immediate transaction on the single
// writer connection, so two secretaries booking the same room at once cannot
// both succeed. It returns the soft clashes (warnings) the session has.
func (d *DB) CreateSession(ctx context.Context, s *convene.Session) ([]convene.Clash, error) {
	var warnings []convene.Clash
	err := d.update(ctx, func(tx *Tx) (err error) {
		warnings, err = saveSession(ctx, tx, 0, s)
		return err
	})
	return warnings, err
}

// UpdateSession changes a session; the same checks as CreateSession apply.
// The session's sequence goes up by one so that calendar clients notice.
func (d *DB) UpdateSession(ctx context.Context, id int64, s *convene.Session) ([]convene.Clash, error) {
	var warnings []convene.Clash
	err := d.update(ctx, func(tx *Tx) (err error) {
		warnings, err = saveSession(ctx, tx, id, s)
		return err
	})
	return warnings, err
}

func saveSession(ctx context.Context, tx *Tx, id int64, s *convene.Session) ([]convene.Clash, error) {
	var before convene.Session
	if id != 0 {
		var err error
		before, err = scanSession(tx.QueryRowContext(ctx, `SELECT `+sessionColumns+sessionFrom+` WHERE s.id = ?`, id))
		if err == sql.ErrNoRows || (err == nil && before.MeetingID != s.MeetingID) {
			return nil, convene.NotFound("Session")
		} else if err != nil {
			return nil, err
		}
	}
	m, err := findMeeting(ctx, tx, s.MeetingID)
	if err != nil {
		return nil, err
	}
	p := convene.Problems{}
	if err := s.Validate(m); err != nil {
		for k, v := range convene.ErrorFields(err) {
			p.Add(k, v)
		}
	}
	s.RoomName, s.RoomCapacity = "", 0
	if s.RoomID != 0 {
		room, err := findRoom(ctx, tx, m.VenueID, s.RoomID)
		if convene.ErrorCode(err) == convene.ENOTFOUND {
			p.Add("room", "Choose one of the rooms of "+orDefault(m.VenueName, "the meeting's venue")+".")
		} else if err != nil {
			return nil, err
		}
		s.RoomName, s.RoomCapacity = room.Name, room.SeatsIn(s.Layout)
		if err == nil && s.Layout != "" && s.RoomCapacity == 0 {
			p.Add("layout", room.Name+" is not set up as "+strings.ToLower(s.Layout.Label())+"; choose a layout it offers, or none.")
		}
	} else if s.Layout != "" {
		p.Add("layout", "Choose a room for the layout, or no layout.")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	s.ClashOverride = strings.TrimSpace(s.ClashOverride)

	// The clash rules see the saved session under id -1 while it is new, so
	// that its clashes can be told apart from other bookings'.
	s.ID = id
	if id == 0 {
		s.ID = -1
	}
	s.MeetingTitle = m.Title
	hard, soft, err := bookingClashes(ctx, tx, m, s.Booking(m.Code))
	if err != nil {
		return nil, err
	}
	if len(hard) > 0 && s.ClashOverride == "" {
		s.ID = id
		return nil, roomBooked(hard)
	}
	if len(hard) == 0 {
		s.ClashOverride = ""
	}

	if id == 0 {
		res, err := tx.ExecContext(ctx, insertSessionQuery, insertSessionArgs(s, tx.now)...)
		if err != nil {
			return nil, fmt.Errorf("insert session: %w", err)
		}
		if s.ID, err = res.LastInsertId(); err != nil {
			return nil, err
		}
		s.CreatedAt, s.UpdatedAt = tx.now, tx.now
		if err := tx.audit(ctx, "create", "session", s.ID, summarize(nil, sessionFields(s))); err != nil {
			return nil, err
		}
	} else {
		s.Sequence = before.Sequence + 1
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET title = ?, kind = ?, starts_at = ?, ends_at = ?, room_id = ?,
			layout = ?, attendance = ?, heads_plus = ?, visibility = ?, public_notes = ?, internal_notes = ?, clash_override = ?,
			sequence = ?, cancelled = ?, updated_at = ? WHERE id = ?`,
			s.Title, s.Kind, formatTime(s.StartsAt), formatTime(s.EndsAt), nullID(s.RoomID), s.Layout, s.Attendance, s.HeadsPlus,
			s.Visibility, s.PublicNotes, s.InternalNotes, s.ClashOverride, s.Sequence, boolInt(s.Cancelled),
			formatTime(tx.now), id); err != nil {
			return nil, fmt.Errorf("update session: %w", err)
		}
		s.CreatedAt, s.UpdatedAt = before.CreatedAt, tx.now
		if err := tx.audit(ctx, "update", "session", id, summarize(sessionFields(&before), sessionFields(s))); err != nil {
			return nil, err
		}
	}
	for i := range soft {
		for _, r := range []*convene.BookingRef{&soft[i].On, &soft[i].With} {
			if r.Is(convene.SessionRef(-1)) {
				r.ID = s.ID
			}
		}
	}
	return soft, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// DeleteSession removes a session from its meeting's programme.
func (d *DB) DeleteSession(ctx context.Context, meetingID, id int64) error {
	return d.update(ctx, func(tx *Tx) error {
		s, err := scanSession(tx.QueryRowContext(ctx, `SELECT `+sessionColumns+sessionFrom+` WHERE s.id = ?`, id))
		if err == sql.ErrNoRows || (err == nil && s.MeetingID != meetingID) {
			return convene.NotFound("Session")
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = ?`, id); err != nil {
			return fmt.Errorf("delete session: %w", err)
		}
		return tx.audit(ctx, "delete", "session", id, summarize(nil, fields{"title": s.Title,
			"starts_at": formatTime(s.StartsAt), "meeting_id": fmt.Sprint(s.MeetingID)}))
	})
}
