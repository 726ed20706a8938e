//go:build bench

// The benchmark's bulk writer. It is built only with -tags bench, which
// cmd/convene-bench (the one user) requires, so that the production binary
// carries no benchmark code and the store exports nothing for it.

package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"convene/internal/convene"
)

// Bulk writes the benchmark generator's large volumes (88,000 delegates,
// 12,000 sessions, 88,000 hotel stays, 160,000 travel legs) inside a
// Seeder's transaction. It runs the same validation as the forms and writes
// the same rows, audit rows included, but prepares each statement once per
// transaction instead of once per row: database/sql with modernc prepares on
// every ExecContext, and that alone made the generator too slow for the
// benchmark's 3-minute run. Only cmd/convene-bench uses it.
type Bulk struct {
	tx    *Tx
	stmts map[string]*sql.Stmt
}

// Bulk returns a bulk writer on the seeding transaction. Close it before
// the Seed function returns.
func (s *Seeder) Bulk() *Bulk { return &Bulk{tx: s.tx, stmts: map[string]*sql.Stmt{}} }

// Close releases the prepared statements.
func (b *Bulk) Close() {
	for _, st := range b.stmts {
		_ = st.Close()
	}
}

func (b *Bulk) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st := b.stmts[query]
	if st == nil {
		var err error
		if st, err = b.tx.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
		b.stmts[query] = st
	}
	return st.ExecContext(ctx, args...)
}

// audit is Tx.audit through a prepared statement: the same row.
func (b *Bulk) audit(ctx context.Context, action, entity string, id int64, summary string) error {
	_, err := b.exec(ctx, insertAuditQuery, b.tx.auditArgs(action, entity, id, summary)...)
	if err != nil {
		return fmt.Errorf("write audit log: %w", err)
	}
	return nil
}

// Delegate adds a delegate exactly as createDelegate does, with its audit row.
func (b *Bulk) Delegate(ctx context.Context, p *convene.Delegate) error {
	setDelegateDefaults(p)
	res, err := b.exec(ctx, insertDelegateQuery, insertDelegateArgs(p, b.tx.now)...)
	if err != nil {
		return fmt.Errorf("insert delegate: %w", err)
	}
	if p.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	p.CreatedAt, p.UpdatedAt = b.tx.now, b.tx.now
	return b.audit(ctx, "create", "delegate", p.ID, summarize(nil, delegateFields(p)))
}

// Programme adds a meeting's whole programme and publishes it. Each session is validated as
// the secretariat's form validates it, its room must be one of the venue's,
// and the clash rules run once over the whole programme (the form runs them
// per session against the others): a hard clash refuses the programme.
// Sessions of other meetings in the same venue are not consulted; the
// generator gives meetings disjoint dates.
func (b *Bulk) Programme(ctx context.Context, m convene.Meeting, sessions []convene.Session) error {
	venue, err := venueRooms(ctx, b.tx, m.VenueID)
	if err != nil {
		return err
	}
	rooms := make(map[int64]convene.Room, len(venue))
	for _, r := range venue {
		rooms[r.ID] = r
	}
	var delegations int
	if err := b.tx.QueryRowContext(ctx, `SELECT count(*) FROM delegations WHERE meeting_id = ?`, m.ID).Scan(&delegations); err != nil {
		return err
	}
	for i := range sessions {
		s := &sessions[i]
		s.MeetingID, s.MeetingTitle = m.ID, m.Title
		if err := s.Validate(m); err != nil {
			return fmt.Errorf("session %q: %w", s.Title, err)
		}
		if s.RoomID != 0 {
			r, ok := rooms[s.RoomID]
			if !ok {
				return fmt.Errorf("session %q: room %d is not in the venue", s.Title, s.RoomID)
			}
			s.RoomName, s.RoomCapacity = r.Name, r.SeatsIn(s.Layout)
		}
		s.ID = -int64(i + 1) // told apart by the clash rules until stored
	}
	in := convene.ClashInput{Meetings: map[int64]convene.Meeting{m.ID: m}, Delegations: map[int64]int{m.ID: delegations}}
	for _, s := range sessions {
		in.Bookings = append(in.Bookings, s.Booking(m.Code))
	}
	var hard []string
	for _, c := range convene.DetectClashes(in) {
		if c.Hard {
			hard = append(hard, c.Message)
		}
	}
	if len(hard) > 0 {
		return fmt.Errorf("programme of %s: %s", m.Code, strings.Join(hard, " "))
	}
	for i := range sessions {
		s := &sessions[i]
		res, err := b.exec(ctx, insertSessionQuery, insertSessionArgs(s, b.tx.now)...)
		if err != nil {
			return fmt.Errorf("insert session: %w", err)
		}
		if s.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		s.CreatedAt, s.UpdatedAt = b.tx.now, b.tx.now
		if err := b.audit(ctx, "create", "session", s.ID, summarize(nil, sessionFields(s))); err != nil {
			return err
		}
	}
	// Published as version 1, as a programme is by registration week: the
	// focal points and the feeds the benchmark reads see the published copy.
	_, err = publishProgramme(ctx, b.tx, m.ID, "")
	return err
}

// Stays houses delegates in a meeting's room blocks with the checks of
// DB.AssignRooms: each stay inside its block's nights, and no block holding
// more rooms or more guests per room than it has. The delegates must be the
// meeting's (the generator passes the ones it just created).
func (b *Bulk) Stays(ctx context.Context, blocks []convene.RoomBlock, stays []convene.Stay) error {
	byID := map[int64]convene.RoomBlock{}
	for _, bl := range blocks {
		byID[bl.ID] = bl
	}
	perBlock := map[int64][]convene.Stay{}
	for i := range stays {
		s := &stays[i]
		bl, ok := byID[s.BlockID]
		if !ok {
			return fmt.Errorf("stay of delegate %d: block %d is not the meeting's", s.DelegateID, s.BlockID)
		}
		if err := s.Validate(bl); err != nil {
			return err
		}
		perBlock[s.BlockID] = append(perBlock[s.BlockID], *s)
	}
	for id, ss := range perBlock {
		if msg := convene.CheckBlock(byID[id], ss); msg != "" {
			return fmt.Errorf("room block %d: %s", id, msg)
		}
	}
	for i := range stays {
		s := &stays[i]
		res, err := b.exec(ctx, insertStayQuery, insertStayArgs(s)...)
		if err != nil {
			return fmt.Errorf("insert room assignment: %w", err)
		}
		if s.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if err := b.audit(ctx, "assign", "room_assignment", s.ID, summarize(nil, stayFields(s))); err != nil {
			return err
		}
	}
	return nil
}

// TravelLegs stores new arrivals and departures, validated as the travel
// form validates them, each with its audit row.
func (b *Bulk) TravelLegs(ctx context.Context, legs []convene.TravelLeg) error {
	for i := range legs {
		l := &legs[i]
		if err := l.Validate(); err != nil {
			return err
		}
		res, err := b.exec(ctx, `INSERT INTO travel_legs (delegate_id, direction, at, flight, airport, terminal, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`,
			l.DelegateID, l.Direction, formatTime(l.At), l.Flight, l.Airport, l.Terminal, formatTime(b.tx.now))
		if err != nil {
			return fmt.Errorf("save travel leg: %w", err)
		}
		if l.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if err := b.audit(ctx, "save", "travel_leg", l.ID, summarize(nil, fields{"flight": l.Flight,
			"at": formatTime(l.At), "airport": l.Airport})); err != nil {
			return err
		}
	}
	return nil
}
