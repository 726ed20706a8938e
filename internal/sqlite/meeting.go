package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"convene/internal/convene"
)

// CreateFocusAreas adds the cycle's focus areas.
func (d *DB) CreateFocusAreas(ctx context.Context, fas []convene.FocusArea) error {
	return d.update(ctx, func(tx *Tx) error { return createFocusAreas(ctx, tx, fas) })
}

func createFocusAreas(ctx context.Context, tx *Tx, fas []convene.FocusArea) error {
	for i := range fas {
		res, err := tx.ExecContext(ctx, `INSERT INTO focus_areas (code, title) VALUES (?, ?)`, fas[i].Code, fas[i].Title)
		if err != nil {
			return fmt.Errorf("insert focus area: %w", err)
		}
		if fas[i].ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if err := tx.audit(ctx, "create", "focus_area", fas[i].ID,
			summarize(nil, fields{"code": fas[i].Code, "title": fas[i].Title})); err != nil {
			return err
		}
	}
	return nil
}

const meetingColumns = `m.id, m.code, m.title, m.kind, m.host_country_id, c.name, m.city, coalesce(m.venue_id, 0),
	coalesce(v.name, ''), m.time_zone, m.theme, m.chair, m.status, m.date_precision, m.start_date, m.end_date,
	m.length_days, m.cluster, m.created_at, m.updated_at`

const meetingFrom = ` FROM meetings m JOIN countries c ON c.id = m.host_country_id LEFT JOIN venues v ON v.id = m.venue_id`

func scanMeeting(row interface{ Scan(...any) error }) (convene.Meeting, error) {
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

// FindMeetingByCode returns the meeting with that code, with its focus areas.
func (d *DB) FindMeetingByCode(ctx context.Context, code string) (convene.Meeting, error) {
	var m convene.Meeting
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		m, err = scanMeeting(d.queryRowCached(ctx, tx, meetingByCodeQuery, code))
		if err == sql.ErrNoRows {
			return convene.NotFound("Meeting")
		} else if err != nil {
			return err
		}
		rows, err := d.queryCached(ctx, tx, meetingFocusAreasQuery, m.ID)
		if err != nil {
			return err
		}
		m.FocusAreas, err = scanFocusAreas(rows)
		return err
	})
	return m, err
}

// meetingByCodeQuery and meetingFocusAreasQuery run on every meeting page;
// they are prepared once per read connection (stmtcache.go).
const meetingByCodeQuery = `SELECT ` + meetingColumns + meetingFrom + ` WHERE m.code = ?`

const meetingFocusAreasQuery = `SELECT f.id, f.code, f.title FROM focus_areas f
		JOIN meeting_focus_areas mf ON mf.focus_area_id = f.id WHERE mf.meeting_id = ? ORDER BY f.id`

func findMeetingFocusAreas(ctx context.Context, tx *sql.Tx, meetingID int64) ([]convene.FocusArea, error) {
	rows, err := tx.QueryContext(ctx, meetingFocusAreasQuery, meetingID)
	if err != nil {
		return nil, err
	}
	return scanFocusAreas(rows)
}

// scanFocusAreas reads a meeting's focus areas and closes rows.
func scanFocusAreas(rows *sql.Rows) ([]convene.FocusArea, error) {
	defer rows.Close()
	var out []convene.FocusArea
	for rows.Next() {
		var f convene.FocusArea
		if err := rows.Scan(&f.ID, &f.Code, &f.Title); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
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
	err := d.view(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM meetings m`+cond, args...).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+meetingColumns+meetingFrom+cond+
			` ORDER BY m.start_date, m.date_precision, m.code LIMIT ? OFFSET ?`, append(args, limit, f.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scanMeeting(rows)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return rows.Err()
	})
	return out, total, err
}
