package sqlite

import (
	"context"
	"database/sql"

	"convene/internal/convene"
)

// MyProgramme returns what a delegate attends, with the meetings it belongs
// to: of the delegate's meeting and those held together with it, the
// sessions of each one's published programme that the attendance rule
// gives them, and the bilaterals of their delegation they take part in
// (convene.Attending decides both). A withdrawn or rejected delegate, or an
// unknown one, attends nothing.
func (d *DB) MyProgramme(ctx context.Context, delegateID int64) (convene.PersonalProgramme, error) {
	pp := convene.PersonalProgramme{Meetings: map[int64]convene.Meeting{}}
	err := d.view(ctx, func(tx *sql.Tx) error {
		var meetingID, countryID int64
		var p convene.Delegate
		err := tx.QueryRowContext(ctx, `SELECT g.meeting_id, g.country_id, p.given_name, p.family_name, p.family_name_first
			FROM delegates p JOIN delegations g ON g.id = p.delegation_id WHERE p.id = ?
			AND p.status NOT IN ('withdrawn', 'rejected')`, delegateID).
			Scan(&meetingID, &countryID, &p.GivenName, &p.FamilyName, &p.FamilyNameFirst)
		if err == sql.ErrNoRows {
			return nil
		} else if err != nil {
			return err
		}
		m, err := findMeeting(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		pp.Meetings[m.ID] = m
		if m.Cluster != "" {
			cluster, err := queryAll(ctx, tx, scanMeeting, `SELECT `+meetingColumns+meetingFrom+` WHERE m.cluster = ? AND m.id <> ?`,
				m.Cluster, m.ID)
			if err != nil {
				return err
			}
			for _, o := range cluster {
				pp.Meetings[o.ID] = o
			}
		}
		ids := make([]int64, 0, len(pp.Meetings))
		for id := range pp.Meetings {
			ids = append(ids, id)
		}
		sessions, err := findSessions(ctx, tx, convene.SessionFilter{MeetingIDs: ids, Published: true,
			Visibilities: convene.VisibleTo(convene.RoleDelegate)})
		if err != nil {
			return err
		}
		bilaterals, err := programmeBilaterals(ctx, tx, ids)
		if err != nil {
			return err
		}
		people, err := expectedPeople(ctx, tx, ids, 0)
		if err != nil {
			return err
		}
		byMeeting := map[int64][]convene.Delegate{}
		for _, x := range people {
			byMeeting[x.meetingID] = append(byMeeting[x.meetingID], x.Delegate)
		}
		pp.Sessions, pp.Bilaterals = convene.Attending(countryID, p.FullName(), byMeeting, sessions, bilaterals)
		return nil
	})
	return pp, err
}

// expected is a delegate expected at a meeting, with the meeting's id.
type expected struct {
	convene.Delegate
	meetingID int64
}

// expectedPeople returns the people expected at the meetings (those who
// hold a place: convene.PlaceHoldingStatuses), or only one delegation's
// when delegationID is not 0, each delegation's people in protocol order
// (precedence, then name): what convene.Attendees ranks "heads plus n" by.
// Their passport, contact and medical data are dropped at once.
func expectedPeople(ctx context.Context, q querier, meetingIDs []int64, delegationID int64) ([]expected, error) {
	if len(meetingIDs) == 0 {
		return nil, nil
	}
	args := int64sAny(meetingIDs)
	cond := "g.meeting_id IN (" + placeholders(len(meetingIDs)) + ")"
	if delegationID != 0 {
		cond += " AND p.delegation_id = ?"
		args = append(args, delegationID)
	}
	cond += " AND p.status IN (" + placeholders(len(convene.PlaceHoldingStatuses)) + ")"
	for _, s := range convene.PlaceHoldingStatuses {
		args = append(args, string(s))
	}
	// #nosec G202 -- constant fragments; cond holds only ? placeholders.
	return queryAll(ctx, q, func(row scanner) (expected, error) {
		var x expected
		var expiry, created, updated string
		err := row.Scan(append([]any{&x.meetingID}, delegateDest(&x.Delegate, &expiry, &created, &updated)...)...)
		x.PassportNumber, x.Medical, x.Mobile, x.Email = "", "", "", ""
		return x, err
	}, `SELECT g.meeting_id, `+delegateColumns+delegateFrom+` WHERE `+cond+`
		ORDER BY g.id, p.precedence, p.sort_name, p.id`, args...)
}

// ProgrammeBilaterals returns the bilaterals of the meetings that belong in
// programmes and calendar feeds (convene.Bilateral.InProgramme), each with
// both delegations and its change counter, in order of time. One meeting's
// (its programme page's) come from memory while nothing they show has
// changed (page_cache.go).
func (d *DB) ProgrammeBilaterals(ctx context.Context, meetingIDs []int64) ([]convene.Bilateral, error) {
	if len(meetingIDs) == 1 {
		return d.programmeBilateralsKept(ctx, meetingIDs[0])
	}
	var out []convene.Bilateral
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = programmeBilaterals(ctx, tx, meetingIDs)
		return err
	})
	return out, err
}

// programmeBilaterals is the one place programmes, "My programme", the
// feeds and the programme book read bilaterals from. It reads the
// bilateral store; the programme's clash check reads bilaterals as bookings
// through its own function (issue 16, item 7), and this one can be pointed
// at that shared store without its callers changing.
func programmeBilaterals(ctx context.Context, q querier, meetingIDs []int64) ([]convene.Bilateral, error) {
	if len(meetingIDs) == 0 {
		return nil, nil
	}
	// #nosec G202 -- constant fragments; the condition holds only ? placeholders.
	all, err := queryAll(ctx, q, func(row scanner) (convene.Bilateral, error) {
		var seq int
		b, err := scanBilateral(alsoScan{row, []any{&seq}})
		b.Sequence = seq
		return b, err
	}, `SELECT `+bilateralColumns+`, b.sequence`+bilateralFrom+` WHERE b.meeting_id IN (`+placeholders(len(meetingIDs))+`)
		AND b.starts_at <> '' ORDER BY b.starts_at, r.name, b.id`, int64sAny(meetingIDs)...)
	if err != nil {
		return nil, err
	}
	sides := map[int64]map[int64]convene.Delegation{}
	var out []convene.Bilateral
	for _, b := range all {
		if !b.InProgramme() {
			continue
		}
		gs, ok := sides[b.MeetingID]
		if !ok {
			if gs, err = meetingDelegations(ctx, q, b.MeetingID); err != nil {
				return nil, err
			}
			sides[b.MeetingID] = gs
		}
		b.Requester, b.Counterpart = gs[b.RequesterID], gs[b.CounterpartID]
		out = append(out, b)
	}
	return out, nil
}

// alsoScan reads a row's extra columns, after those its scanner knows.
type alsoScan struct {
	scanner
	extra []any
}

func (s alsoScan) Scan(dest ...any) error { return s.scanner.Scan(append(dest, s.extra...)...) }
