package sqlite

import (
	"context"
	"fmt"
	"time"

	"convene/internal/convene"
)

// meetingClone is what the steps of one clone share: the source, the new
// meeting, the days between their first days, the choices, the new
// delegation of each source delegation (by id) and what was copied.
type meetingClone struct {
	src, dst    convene.Meeting
	days        int
	opts        convene.CloneOptions
	delegations map[int64]int64 // source delegation id -> new delegation id
	result      convene.CloneResult
}

// cloneSteps copy the source's records into the new meeting, in this order
// (delegations first: later steps map the source's delegations to the new
// ones). Each step is one small helper inside the clone's transaction.
var cloneSteps = []func(context.Context, *Tx, *meetingClone) error{
	cloneDelegations,
	cloneSessions,
	cloneRoomBlocks,
	cloneLiaisonOfficers,
	cloneHolds,
}

// CloneMeeting creates m from the meeting srcID, a year on or at any other
// date, in one transaction: m keeps what the form gave it (code, title,
// dates, host, venue: the venue's rooms come with it) and takes the
// source's focus areas, participants (one delegation each, with its quota
// and focal point, and the default quota), programme (every session moved
// by the days between the two first days, at the same venue-local time),
// hotel room blocks (nights moved by the same days) and, when asked, its
// liaison officers. The host must be one of the participants carried over,
// or nothing is written.
func (d *DB) CloneMeeting(ctx context.Context, srcID int64, m *convene.Meeting, opts convene.CloneOptions) (convene.CloneResult, error) {
	var res convene.CloneResult
	err := d.update(ctx, func(tx *Tx) error {
		src, err := findMeeting(ctx, tx, srcID)
		if err != nil {
			return err
		}
		if m.FocusAreas == nil {
			if m.FocusAreas, err = findMeetingFocusAreas(ctx, tx, srcID); err != nil {
				return err
			}
		}
		if err := createMeeting(ctx, tx, m); err != nil {
			return err
		}
		c := &meetingClone{src: src, dst: *m, days: convene.CloneOffset(src, *m), opts: opts,
			delegations: map[int64]int64{}}
		for _, step := range cloneSteps {
			if err := step(ctx, tx, c); err != nil {
				return err
			}
		}
		res = c.result
		return tx.audit(ctx, "clone", "meeting", m.ID, fmt.Sprintf(
			"from %q; %d sessions and %d room holds moved by %d days; %d delegations; %d hotel blocks; %d liaison officers",
			src.Code, res.Sessions, res.RoomHolds, c.days, res.Delegations, res.RoomBlocks, res.LiaisonOfficers))
	})
	return res, err
}

// cloneDelegations gives the new meeting the source's participants: one
// delegation each with the same quota and focal point (unless that account
// is disabled), starting afresh with nobody in it, and the source's
// default quota. The host must be among them.
func cloneDelegations(ctx context.Context, tx *Tx, c *meetingClone) error {
	quota, err := findDefaultQuota(ctx, tx, c.src.ID)
	if err != nil {
		return err
	}
	if err := setDefaultQuota(ctx, tx, c.dst.ID, quota); err != nil {
		return err
	}
	type source struct {
		id   int64
		copy convene.Delegation
	}
	gs, err := queryAll(ctx, tx, func(row scanner) (s source, err error) {
		return s, row.Scan(&s.id, &s.copy.CountryID, &s.copy.Quota, &s.copy.FocalUserID)
	}, `SELECT g.id, g.country_id, g.quota, coalesce(u.id, 0) FROM delegations g
		LEFT JOIN users u ON u.id = g.focal_user_id AND u.disabled = 0
		WHERE g.meeting_id = ? ORDER BY g.id`, c.src.ID)
	if err != nil {
		return err
	}
	for _, s := range gs {
		g := s.copy
		g.MeetingID = c.dst.ID
		if err := createDelegation(ctx, tx, &g); err != nil {
			return err
		}
		c.delegations[s.id] = g.ID
	}
	c.result.Delegations = len(gs)
	p := convene.Problems{}
	if err := checkHostTakesPart(ctx, tx, c.dst.ID, c.dst.HostCountryID, p); err != nil {
		return err
	}
	return p.Err()
}

// cloneSessions copies the source's programme as a skeleton: every session
// moved by the days between the two first days and kept at the same
// venue-local time of day, starting afresh at sequence 0 and without clash
// overrides; rooms are kept only at the same venue.
func cloneSessions(ctx context.Context, tx *Tx, c *meetingClone) error {
	ss, err := findSessions(ctx, tx, convene.SessionFilter{MeetingIDs: []int64{c.src.ID}})
	if err != nil {
		return err
	}
	srcLoc, dstLoc := c.src.Location(), c.dst.Location()
	for _, s := range ss {
		// Shift in venue-local wall time, so 09:00 stays 09:00 even if a
		// zone's offset differs between the two dates (or venues).
		move := func(t time.Time) time.Time {
			l := t.In(srcLoc).AddDate(0, 0, c.days)
			return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), 0, 0, dstLoc).UTC()
		}
		s.MeetingID, s.StartsAt, s.EndsAt, s.ClashOverride = c.dst.ID, move(s.StartsAt), move(s.EndsAt), ""
		if c.dst.VenueID != c.src.VenueID {
			s.RoomID, s.Layout = 0, "" // the rooms belong to the old venue
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO sessions (meeting_id, title, kind, starts_at, ends_at, room_id,
			layout, attendance, heads_plus, visibility, public_notes, internal_notes, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			s.MeetingID, s.Title, s.Kind, formatTime(s.StartsAt), formatTime(s.EndsAt), nullID(s.RoomID), s.Layout, s.Attendance,
			s.HeadsPlus, s.Visibility, s.PublicNotes, s.InternalNotes, formatTime(tx.now), formatTime(tx.now))
		if err != nil {
			return fmt.Errorf("copy session: %w", err)
		}
		newID, err := res.LastInsertId()
		if err != nil {
			return err
		}
		if err := tx.audit(ctx, "create", "session", newID, summarize(nil, sessionFields(&s))); err != nil {
			return err
		}
		c.result.Sessions++
	}
	return nil
}

// cloneRoomBlocks copies the source's hotel room blocks, their nights
// moved by the days between the two first days; nobody is assigned yet.
func cloneRoomBlocks(ctx context.Context, tx *Tx, c *meetingClone) error {
	bs, err := findRoomBlocks(ctx, tx, c.src.ID)
	if err != nil {
		return err
	}
	for _, b := range bs {
		b.ID, b.MeetingID = 0, c.dst.ID
		b.FirstNight, b.LastNight = b.FirstNight.AddDays(c.days), b.LastNight.AddDays(c.days)
		if err := createRoomBlock(ctx, tx, &b); err != nil {
			return err
		}
		c.result.RoomBlocks++
	}
	return nil
}

// cloneLiaisonOfficers copies the source's liaison officers when the
// secretariat asks for it, each assigned to the new delegation of the
// country they looked after (or unassigned, as they were).
func cloneLiaisonOfficers(ctx context.Context, tx *Tx, c *meetingClone) error {
	if !c.opts.LiaisonOfficers {
		return nil
	}
	officers, err := queryAll(ctx, tx, func(row scanner) (o convene.LiaisonOfficer, err error) {
		return o, row.Scan(&o.DelegationID, &o.Name, &o.Mobile, &o.Email, &o.Languages, &o.Notes)
	}, `SELECT coalesce(delegation_id, 0), name, mobile, email, languages, notes FROM liaison_officers
		WHERE meeting_id = ? ORDER BY id`, c.src.ID)
	if err != nil {
		return err
	}
	for _, o := range officers {
		o.MeetingID, o.DelegationID = c.dst.ID, c.delegations[o.DelegationID]
		if err := createLiaisonOfficer(ctx, tx, &o); err != nil {
			return err
		}
		c.result.LiaisonOfficers++
	}
	return nil
}

// cloneHolds copies the source's room holds at the same venue, moved by the
// same days; a delegation office goes to the same country's new delegation
// (which cloneDelegations made first).
func cloneHolds(ctx context.Context, tx *Tx, c *meetingClone) (err error) {
	c.result.RoomHolds, err = cloneRoomHolds(ctx, tx, c.src, c.dst, c.days)
	return err
}
