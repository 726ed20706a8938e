package sqlite

import (
	"context"
	"database/sql"

	"convene/internal/convene"
)

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
		m, err := findMeeting(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		in, err := clashInput(ctx, tx, m, convene.BookingRef{})
		if err != nil {
			return err
		}
		meetings = in.Meetings
		var ids []int64
		for id, o := range in.Meetings {
			if id == m.ID || (m.Cluster != "" && o.Cluster == m.Cluster) {
				ids = append(ids, id)
			}
		}
		ss, err := findSessions(ctx, tx, convene.SessionFilter{MeetingIDs: ids})
		if err != nil {
			return err
		}
		name := p.FullName()
		for _, s := range ss {
			if s.Visibility == convene.VisibleInternal {
				continue
			}
			for _, a := range in.Needed(s.Booking("")) {
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
