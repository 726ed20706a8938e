package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"slices"

	"convene/internal/convene"
)

// MeetingClashes runs every clash rule over a meeting's programme and the
// programmes of the meetings held together with it, and returns the clashes
// that involve the meeting's own sessions.
func (d *DB) MeetingClashes(ctx context.Context, meetingID int64) ([]convene.Clash, error) {
	var out []convene.Clash
	err := d.view(ctx, func(tx *sql.Tx) error {
		m, err := findMeeting(ctx, tx, meetingID)
		if err != nil {
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
func clashInput(ctx context.Context, q querier, m convene.Meeting, exceptID int64) (convene.ClashInput, error) {
	in := convene.ClashInput{Meetings: map[int64]convene.Meeting{m.ID: m}, Delegations: map[int64]int{}}
	if m.Cluster != "" {
		cluster, err := queryAll(ctx, q, scanMeeting, `SELECT `+meetingColumns+meetingFrom+` WHERE m.cluster = ? AND m.id <> ?`,
			m.Cluster, m.ID)
		if err != nil {
			return in, err
		}
		for _, o := range cluster {
			in.Meetings[o.ID] = o
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
		venue, err := queryAll(ctx, q, scanSession, `SELECT `+sessionColumns+sessionFrom+` WHERE r.venue_id = ?
			AND s.meeting_id NOT IN (`+placeholders(len(ids))+`)`, append([]any{m.VenueID}, int64sAny(ids)...)...)
		if err != nil {
			return in, err
		}
		for _, s := range venue {
			if s.ID != exceptID && !seen[s.ID] {
				in.Sessions = append(in.Sessions, s)
				if _, ok := in.Meetings[s.MeetingID]; !ok {
					in.Meetings[s.MeetingID] = convene.Meeting{ID: s.MeetingID, Title: s.MeetingTitle, TimeZone: m.TimeZone}
				}
			}
		}
	}
	if in.Attendees, err = queryAll(ctx, q, scanAttendee, `SELECT g.meeting_id, g.country_id, c.name, p.honorific,
		p.given_name, p.family_name, p.family_name_first FROM delegates p JOIN delegations g ON g.id = p.delegation_id
		JOIN countries c ON c.id = g.country_id
		WHERE g.meeting_id IN (`+placeholders(len(ids))+`) AND p.status NOT IN ('withdrawn', 'rejected')
		ORDER BY g.meeting_id, p.precedence, p.sort_name`, int64sAny(ids)...); err != nil {
		return in, err
	}
	// Each meeting's people in its own protocol order (meetings held
	// together usually share a day, but need not).
	ps, err := meetingProtocols(ctx, q, ids)
	if err != nil {
		return in, err
	}
	slices.SortStableFunc(in.Attendees, func(a, b convene.Attendee) int {
		return cmp.Or(cmp.Compare(a.MeetingID, b.MeetingID), ps[a.MeetingID].compare(a.CountryID, b.CountryID))
	})
	type count struct {
		meetingID int64
		n         int
	}
	counts, err := queryAll(ctx, q, func(row scanner) (c count, err error) { return c, row.Scan(&c.meetingID, &c.n) },
		`SELECT meeting_id, count(*) FROM delegations WHERE meeting_id IN (`+placeholders(len(ids))+`)
		GROUP BY meeting_id`, int64sAny(ids)...)
	for _, c := range counts {
		in.Delegations[c.meetingID] = c.n
	}
	return in, err
}

// scanAttendee reads a person the clash rules may need somewhere, with the
// names they are matched and shown by.
func scanAttendee(row scanner) (convene.Attendee, error) {
	var a convene.Attendee
	var p convene.Delegate
	err := row.Scan(&a.MeetingID, &a.CountryID, &a.Country, &p.Honorific, &p.GivenName, &p.FamilyName, &p.FamilyNameFirst)
	a.Name, a.Display = p.FullName(), p.DisplayName()
	return a, err
}
