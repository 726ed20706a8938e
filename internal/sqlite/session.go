package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"convene/internal/convene"
)

// queryer is what the read helpers need; both a read transaction and the
// writer's Tx satisfy it, so a save can run the same clash rules as a report.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

const sessionColumns = `s.id, s.meeting_id, m.title, s.title, s.kind, s.starts_at, s.ends_at, coalesce(s.room_id, 0),
	coalesce(r.name, ''), coalesce(r.capacity, 0), s.attendance, s.heads_plus, s.visibility, s.public_notes,
	s.internal_notes, s.clash_override, s.sequence, s.cancelled, s.created_at, s.updated_at`

const sessionFrom = ` FROM sessions s JOIN meetings m ON m.id = s.meeting_id LEFT JOIN rooms r ON r.id = s.room_id`

func scanSession(row interface{ Scan(...any) error }) (convene.Session, error) {
	var s convene.Session
	var starts, ends, created, updated string
	err := row.Scan(&s.ID, &s.MeetingID, &s.MeetingTitle, &s.Title, &s.Kind, &starts, &ends, &s.RoomID, &s.RoomName,
		&s.RoomCapacity, &s.Attendance, &s.HeadsPlus, &s.Visibility, &s.PublicNotes, &s.InternalNotes,
		&s.ClashOverride, &s.Sequence, &s.Cancelled, &created, &updated)
	s.StartsAt, s.EndsAt = parseTime(starts), parseTime(ends)
	s.CreatedAt, s.UpdatedAt = parseTime(created), parseTime(updated)
	return s, err
}

func sessionFields(s *convene.Session) fields {
	return fields{"meeting_id": fmt.Sprint(s.MeetingID), "title": s.Title, "kind": string(s.Kind),
		"starts_at": formatTime(s.StartsAt), "ends_at": formatTime(s.EndsAt), "room_id": fmt.Sprint(s.RoomID),
		"attendance": string(s.Attendance), "heads_plus": fmt.Sprint(s.HeadsPlus), "visibility": string(s.Visibility),
		"public_notes": s.PublicNotes, "internal_notes": s.InternalNotes, "clash_override": s.ClashOverride,
		"cancelled": fmt.Sprint(s.Cancelled)}
}

// FindSessions returns sessions in start order.
func (d *DB) FindSessions(ctx context.Context, f convene.SessionFilter) ([]convene.Session, error) {
	var out []convene.Session
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = findSessions(ctx, tx, f)
		return err
	})
	return out, err
}

func findSessions(ctx context.Context, q queryer, f convene.SessionFilter) ([]convene.Session, error) {
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
	rows, err := q.QueryContext(ctx, `SELECT `+sessionColumns+sessionFrom+cond+` ORDER BY s.starts_at, s.ends_at, s.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []convene.Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// FindSessionByID returns one session.
func (d *DB) FindSessionByID(ctx context.Context, id int64) (convene.Session, error) {
	var s convene.Session
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		s, err = scanSession(tx.QueryRowContext(ctx, `SELECT `+sessionColumns+sessionFrom+` WHERE s.id = ?`, id))
		if err == sql.ErrNoRows {
			return convene.NotFound("Session")
		}
		return err
	})
	return s, err
}

// FindMeetingRooms returns the rooms of the meeting's venue, by name.
func (d *DB) FindMeetingRooms(ctx context.Context, meetingID int64) ([]convene.Room, error) {
	var out []convene.Room
	err := d.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT r.id, r.venue_id, r.name, r.capacity, r.notes FROM rooms r
			JOIN meetings m ON m.venue_id = r.venue_id WHERE m.id = ? ORDER BY r.name`, meetingID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r convene.Room
			if err := rows.Scan(&r.ID, &r.VenueID, &r.Name, &r.Capacity, &r.Notes); err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
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
	m, err := scanMeeting(tx.QueryRowContext(ctx, `SELECT `+meetingColumns+meetingFrom+` WHERE m.id = ?`, s.MeetingID))
	if err == sql.ErrNoRows {
		return nil, convene.NotFound("Meeting")
	} else if err != nil {
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
		err := tx.QueryRowContext(ctx, `SELECT name, capacity FROM rooms WHERE id = ? AND venue_id = ?`,
			s.RoomID, m.VenueID).Scan(&s.RoomName, &s.RoomCapacity)
		if err == sql.ErrNoRows {
			p.Add("room", "Choose one of the rooms of "+orDefault(m.VenueName, "the meeting's venue")+".")
		} else if err != nil {
			return nil, err
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	s.ClashOverride = strings.TrimSpace(s.ClashOverride)

	// The clash rules see the saved session under id -1 while it is new, so
	// that its clashes can be told apart from other sessions'.
	s.ID = id
	if id == 0 {
		s.ID = -1
	}
	in, err := clashInput(ctx, tx, m, s.ID)
	if err != nil {
		return nil, err
	}
	s.MeetingTitle = m.Title
	in.Sessions = append(in.Sessions, *s)
	var hard, soft []convene.Clash
	for _, c := range convene.ClashesOf(convene.DetectClashes(in), s.ID) {
		if c.Hard {
			hard = append(hard, c)
		} else {
			soft = append(soft, c)
		}
	}
	if len(hard) > 0 && s.ClashOverride == "" {
		msgs := make([]string, len(hard))
		for i, c := range hard {
			msgs[i] = c.Message
		}
		s.ID = id
		return nil, &convene.Error{Code: convene.EINVALID, Message: "The room is already booked at that time.",
			Fields: map[string]string{
				"room":            strings.Join(msgs, " "),
				"override_reason": "Choose another room or time, or give the reason for keeping both bookings.",
			}}
	}
	if len(hard) == 0 {
		s.ClashOverride = ""
	}

	if id == 0 {
		res, err := tx.ExecContext(ctx, `INSERT INTO sessions (meeting_id, title, kind, starts_at, ends_at, room_id,
			attendance, heads_plus, visibility, public_notes, internal_notes, clash_override, sequence, cancelled,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
			s.MeetingID, s.Title, s.Kind, formatTime(s.StartsAt), formatTime(s.EndsAt), nullID(s.RoomID), s.Attendance,
			s.HeadsPlus, s.Visibility, s.PublicNotes, s.InternalNotes, s.ClashOverride, boolInt(s.Cancelled),
			formatTime(tx.now), formatTime(tx.now))
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
			attendance = ?, heads_plus = ?, visibility = ?, public_notes = ?, internal_notes = ?, clash_override = ?,
			sequence = ?, cancelled = ?, updated_at = ? WHERE id = ?`,
			s.Title, s.Kind, formatTime(s.StartsAt), formatTime(s.EndsAt), nullID(s.RoomID), s.Attendance, s.HeadsPlus,
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
		if soft[i].SessionID == -1 {
			soft[i].SessionID = s.ID
		}
		if soft[i].OtherID == -1 {
			soft[i].OtherID = s.ID
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

// MeetingClashes runs every clash rule over a meeting's programme and the
// programmes of the meetings held together with it, and returns the clashes
// that involve the meeting's own sessions.
func (d *DB) MeetingClashes(ctx context.Context, meetingID int64) ([]convene.Clash, error) {
	var out []convene.Clash
	err := d.view(ctx, func(tx *sql.Tx) error {
		m, err := scanMeeting(tx.QueryRowContext(ctx, `SELECT `+meetingColumns+meetingFrom+` WHERE m.id = ?`, meetingID))
		if err == sql.ErrNoRows {
			return convene.NotFound("Meeting")
		} else if err != nil {
			return err
		}
		in, err := clashInput(ctx, tx, m, 0)
		if err != nil {
			return err
		}
		for _, c := range convene.DetectClashes(in) {
			if sessionMeeting(in.Sessions, c.SessionID) == meetingID ||
				(c.OtherID != 0 && sessionMeeting(in.Sessions, c.OtherID) == meetingID) {
				out = append(out, c)
			}
		}
		return nil
	})
	return out, err
}

func sessionMeeting(ss []convene.Session, id int64) int64 {
	for _, s := range ss {
		if s.ID == id {
			return s.MeetingID
		}
	}
	return 0
}

// clashInput loads what the clash rules need around meeting m: m and the
// meetings of its cluster, their sessions (except the one being saved), any
// other sessions in the same venue's rooms, the named delegates and the
// number of delegations of each meeting.
func clashInput(ctx context.Context, q queryer, m convene.Meeting, exceptID int64) (convene.ClashInput, error) {
	in := convene.ClashInput{Meetings: map[int64]convene.Meeting{m.ID: m}, Delegations: map[int64]int{}}
	if m.Cluster != "" {
		rows, err := q.QueryContext(ctx, `SELECT `+meetingColumns+meetingFrom+` WHERE m.cluster = ? AND m.id <> ?`, m.Cluster, m.ID)
		if err != nil {
			return in, err
		}
		for rows.Next() {
			o, err := scanMeeting(rows)
			if err != nil {
				rows.Close()
				return in, err
			}
			in.Meetings[o.ID] = o
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return in, err
		}
	}
	ids := make([]int64, 0, len(in.Meetings))
	for id := range in.Meetings {
		ids = append(ids, id)
	}
	ss, err := findSessions(ctx, q, convene.SessionFilter{MeetingIDs: ids})
	if err != nil {
		return in, err
	}
	seen := map[int64]bool{}
	for _, s := range ss {
		if s.ID != exceptID {
			in.Sessions = append(in.Sessions, s)
			seen[s.ID] = true
		}
	}
	// Sessions of other meetings in the same venue's rooms: a room is booked
	// twice whichever meeting booked it.
	if m.VenueID != 0 {
		rows, err := q.QueryContext(ctx, `SELECT `+sessionColumns+sessionFrom+` WHERE r.venue_id = ? AND s.meeting_id NOT IN (`+
			placeholders(len(ids))+`)`, append([]any{m.VenueID}, int64sAny(ids)...)...)
		if err != nil {
			return in, err
		}
		for rows.Next() {
			s, err := scanSession(rows)
			if err != nil {
				rows.Close()
				return in, err
			}
			if s.ID != exceptID && !seen[s.ID] {
				in.Sessions = append(in.Sessions, s)
				if _, ok := in.Meetings[s.MeetingID]; !ok {
					in.Meetings[s.MeetingID] = convene.Meeting{ID: s.MeetingID, Title: s.MeetingTitle, TimeZone: m.TimeZone}
				}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return in, err
		}
	}
	rows, err := q.QueryContext(ctx, `SELECT g.meeting_id, g.country_id, c.name, p.honorific, p.given_name, p.family_name,
		p.family_name_first FROM delegates p JOIN delegations g ON g.id = p.delegation_id
		JOIN countries c ON c.id = g.country_id
		WHERE g.meeting_id IN (`+placeholders(len(ids))+`) AND p.status NOT IN ('withdrawn', 'rejected')
		ORDER BY g.meeting_id, c.protocol_rank, p.precedence, p.sort_name`, int64sAny(ids)...)
	if err != nil {
		return in, err
	}
	for rows.Next() {
		var a convene.Attendee
		var p convene.Delegate
		if err := rows.Scan(&a.MeetingID, &a.CountryID, &a.Country, &p.Honorific, &p.GivenName, &p.FamilyName,
			&p.FamilyNameFirst); err != nil {
			rows.Close()
			return in, err
		}
		a.Name, a.Display = p.FullName(), p.DisplayName()
		in.Attendees = append(in.Attendees, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return in, err
	}
	rows, err = q.QueryContext(ctx, `SELECT meeting_id, count(*) FROM delegations WHERE meeting_id IN (`+
		placeholders(len(ids))+`) GROUP BY meeting_id`, int64sAny(ids)...)
	if err != nil {
		return in, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return in, err
		}
		in.Delegations[id] = n
	}
	return in, rows.Err()
}

func int64sAny(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// MyProgramme returns the sessions a delegate attends, with their meetings:
// of the delegate's meeting and those held together with it, the sessions
// delegates may see whose attendance takes in this person (the head only,
// the head and the next n, or everyone). The same person in another
// meeting of the cluster is recognised by country and full name.
func (d *DB) MyProgramme(ctx context.Context, delegateID int64) (map[int64]convene.Meeting, []convene.Session, error) {
	var meetings map[int64]convene.Meeting
	var out []convene.Session
	err := d.view(ctx, func(tx *sql.Tx) error {
		var meetingID, countryID int64
		var p convene.Delegate
		err := tx.QueryRowContext(ctx, `SELECT g.meeting_id, g.country_id, p.given_name, p.family_name, p.family_name_first
			FROM delegates p JOIN delegations g ON g.id = p.delegation_id WHERE p.id = ?
			AND p.status NOT IN ('withdrawn', 'rejected')`, delegateID).
			Scan(&meetingID, &countryID, &p.GivenName, &p.FamilyName, &p.FamilyNameFirst)
		if err == sql.ErrNoRows {
			meetings = map[int64]convene.Meeting{}
			return nil
		} else if err != nil {
			return err
		}
		m, err := scanMeeting(tx.QueryRowContext(ctx, `SELECT `+meetingColumns+meetingFrom+` WHERE m.id = ?`, meetingID))
		if err != nil {
			return err
		}
		in, err := clashInput(ctx, tx, m, 0)
		if err != nil {
			return err
		}
		meetings = in.Meetings
		name := p.FullName()
		for _, s := range in.Sessions {
			if _, ours := in.Meetings[s.MeetingID]; !ours || s.Visibility == convene.VisibleInternal {
				continue
			}
			if in.Meetings[s.MeetingID].Cluster != m.Cluster && s.MeetingID != m.ID {
				continue
			}
			for _, a := range in.Needed(s) {
				if a.CountryID == countryID && a.Name == name {
					out = append(out, s)
					break
				}
			}
		}
		return nil
	})
	return meetings, out, err
}
