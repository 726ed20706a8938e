package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"convene/internal/convene"
)

const meetingColumns = `m.id, m.code, m.title, m.kind, m.host_country_id, c.name, m.city, coalesce(m.venue_id, 0),
	coalesce(v.name, ''), m.time_zone, m.theme, m.chair, m.status, m.date_precision, m.start_date, m.end_date,
	m.length_days, m.cluster, m.created_at, m.updated_at`

const meetingFrom = ` FROM meetings m JOIN countries c ON c.id = m.host_country_id LEFT JOIN venues v ON v.id = m.venue_id`

func scanMeeting(row scanner) (convene.Meeting, error) {
	var m convene.Meeting
	var start, end, created, updated string
	err := row.Scan(&m.ID, &m.Code, &m.Title, &m.Kind, &m.HostCountryID, &m.HostCountryName, &m.City, &m.VenueID,
		&m.VenueName, &m.TimeZone, &m.Theme, &m.Chair, &m.Status, &m.DatePrecision, &start, &end, &m.LengthDays,
		&m.Cluster, &created, &updated)
	m.StartDate, m.EndDate = parseDate(start), parseDate(end)
	m.CreatedAt, m.UpdatedAt = parseTime(created), parseTime(updated)
	return m, err
}

func meetingFields(m *convene.Meeting) fields {
	ids := make([]string, len(m.FocusAreas))
	for i, fa := range m.FocusAreas {
		ids[i] = fmt.Sprint(fa.ID)
	}
	return fields{"code": m.Code, "title": m.Title, "kind": string(m.Kind), "host_country_id": fmt.Sprint(m.HostCountryID),
		"city": m.City, "venue_id": fmt.Sprint(m.VenueID), "time_zone": m.TimeZone, "theme": m.Theme, "chair": m.Chair,
		"status": string(m.Status), "date_precision": string(m.DatePrecision), "start_date": m.StartDate.String(),
		"end_date": m.EndDate.String(), "length_days": fmt.Sprint(m.LengthDays), "cluster": m.Cluster,
		"focus_areas": strings.Join(ids, ",")}
}

// CreateMeeting adds a meeting with its focus areas.
func (d *DB) CreateMeeting(ctx context.Context, m *convene.Meeting) error {
	return d.update(ctx, func(tx *Tx) error { return createMeeting(ctx, tx, m) })
}

func createMeeting(ctx context.Context, tx *Tx, m *convene.Meeting) error {
	if err := m.Validate(); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM meetings WHERE code = ?`, m.Code).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
			Fields: map[string]string{"code": "Another meeting already uses this code."}}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO meetings (code, title, kind, host_country_id, city, venue_id,
		time_zone, theme, chair, status, date_precision, start_date, end_date, length_days, cluster, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.Code, m.Title, m.Kind, m.HostCountryID, m.City, nullID(m.VenueID), m.TimeZone, m.Theme, m.Chair, m.Status,
		m.DatePrecision, formatDate(m.StartDate), formatDate(m.EndDate), m.LengthDays, m.Cluster,
		formatTime(tx.now), formatTime(tx.now))
	if err != nil {
		return fmt.Errorf("insert meeting: %w", err)
	}
	if m.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	m.CreatedAt, m.UpdatedAt = tx.now, tx.now
	for _, fa := range m.FocusAreas {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_focus_areas (meeting_id, focus_area_id) VALUES (?, ?)`,
			m.ID, fa.ID); err != nil {
			return fmt.Errorf("insert meeting focus area: %w", err)
		}
	}
	return tx.audit(ctx, "create", "meeting", m.ID, summarize(nil, meetingFields(m)))
}

// FindMeetingByCode returns the meeting with that code, with its focus
// areas: from memory while nothing it shows has changed (page_cache.go).
func (d *DB) FindMeetingByCode(ctx context.Context, code string) (convene.Meeting, error) {
	m, err := kept(ctx, d, keptMeetings, code, func(tx *sql.Tx) (convene.Meeting, error) {
		m, err := scanMeeting(tx.QueryRowContext(ctx, meetingByCodeQuery, code))
		if err == sql.ErrNoRows {
			return m, convene.NotFound("Meeting")
		} else if err != nil {
			return m, err
		}
		rows, err := tx.QueryContext(ctx, meetingFocusAreasQuery, m.ID)
		if err != nil {
			return m, err
		}
		m.FocusAreas, err = scanAll(rows, scanFocusArea)
		return m, err
	})
	m.FocusAreas = slices.Clone(m.FocusAreas)
	return m, err
}

// meetingByCodeQuery runs on every meeting page; it is prepared once per
// read connection (read_conn.go).
const meetingByCodeQuery = `SELECT ` + meetingColumns + meetingFrom + ` WHERE m.code = ?`

const meetingByIDQuery = `SELECT ` + meetingColumns + meetingFrom + ` WHERE m.id = ?`

// findMeeting returns the meeting with that id, without its focus areas.
func findMeeting(ctx context.Context, q querier, id int64) (convene.Meeting, error) {
	return queryOne(ctx, q, "Meeting", scanMeeting, meetingByIDQuery, id)
}

// FindMeetings returns meetings in date order, and how many match.
func (d *DB) FindMeetings(ctx context.Context, f convene.MeetingFilter) ([]convene.Meeting, int, error) {
	var where []string
	var args []any
	if f.Year != 0 {
		where = append(where, "m.start_date >= ? AND m.start_date < ?")
		args = append(args, fmt.Sprintf("%04d-01-01", f.Year), fmt.Sprintf("%04d-01-01", f.Year+1))
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	var out []convene.Meeting
	var total int
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM meetings m`+cond, args...).Scan(&total); err != nil {
			return err
		}
		out, err = queryAll(ctx, tx, scanMeeting, `SELECT `+meetingColumns+meetingFrom+cond+
			` ORDER BY m.start_date, m.date_precision, m.code LIMIT ? OFFSET ?`, append(args, limit, f.Offset)...)
		return err
	})
	return out, total, err
}

// UpdateMeeting changes a meeting's facts, dates and status. The status may
// only move as convene.NextStatuses allows; the code stays unique; the host
// stays one of the participants.
func (d *DB) UpdateMeeting(ctx context.Context, id int64, m *convene.Meeting) error {
	return d.update(ctx, func(tx *Tx) error { return updateMeeting(ctx, tx, id, m) })
}

// updateMeeting is UpdateMeeting in the caller's transaction.
func updateMeeting(ctx context.Context, tx *Tx, id int64, m *convene.Meeting) error {
	before, err := findMeeting(ctx, tx, id)
	if err != nil {
		return err
	}
	p := convene.Problems{}
	if err := m.Validate(); err != nil {
		for k, v := range convene.ErrorFields(err) {
			p.Add(k, v)
		}
	}
	convene.CheckStatusChange(before.Status, m.Status, p)
	if err := checkHostTakesPart(ctx, tx, id, m.HostCountryID, p); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM meetings WHERE code = ? AND id <> ?`, m.Code, id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		p.Add("code", "Another meeting already uses this code.")
	}
	if err := p.Err(); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE meetings SET code = ?, title = ?, kind = ?, host_country_id = ?, city = ?,
		venue_id = ?, time_zone = ?, theme = ?, chair = ?, status = ?, date_precision = ?, start_date = ?, end_date = ?,
		length_days = ?, cluster = ?, updated_at = ? WHERE id = ?`,
		m.Code, m.Title, m.Kind, m.HostCountryID, m.City, nullID(m.VenueID), m.TimeZone, m.Theme, m.Chair, m.Status,
		m.DatePrecision, formatDate(m.StartDate), formatDate(m.EndDate), m.LengthDays, m.Cluster, formatTime(tx.now), id); err != nil {
		return fmt.Errorf("update meeting: %w", err)
	}
	m.ID, m.CreatedAt, m.UpdatedAt, m.FocusAreas = id, before.CreatedAt, tx.now, nil
	bf := meetingFields(&before)
	delete(bf, "focus_areas")
	af := meetingFields(m)
	delete(af, "focus_areas")
	action := "update"
	if before.Status != m.Status {
		action = "status"
	}
	return tx.audit(ctx, action, "meeting", id, summarize(bf, af))
}

// FindMeetingCodeByID returns a meeting's code, for pages that reach a
// meeting through one of its records (a personal registration link).
func (d *DB) FindMeetingCodeByID(ctx context.Context, id int64) (string, error) {
	var code string
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		code, err = queryOne(ctx, tx, "Meeting", func(row scanner) (c string, err error) { return c, row.Scan(&c) },
			`SELECT code FROM meetings WHERE id = ?`, id)
		return err
	})
	return code, err
}
