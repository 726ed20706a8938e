package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"

	"convene/internal/convene"
)

// MeetingClashes runs every clash rule over a meeting's bookings (its
// programme, room holds and scheduled bilaterals) and those of the meetings
// held together with it or in its venue's rooms, and returns the clashes
// that involve the meeting's own bookings.
func (d *DB) MeetingClashes(ctx context.Context, meetingID int64) ([]convene.Clash, error) {
	var out []convene.Clash
	err := d.view(ctx, func(tx *sql.Tx) error {
		m, err := findMeeting(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		in, err := clashInput(ctx, tx, m, convene.BookingRef{})
		if err != nil {
			return err
		}
		for _, c := range convene.DetectClashes(in) {
			if c.On.Meeting == m.Code || c.With.Meeting == m.Code {
				out = append(out, c)
			}
		}
		return nil
	})
	return out, err
}

// clashInput loads what the clash rules need around meeting m: the
// bookings (findBookings) except the one being saved, the named delegates
// and the number of delegations of each meeting involved.
func clashInput(ctx context.Context, q querier, m convene.Meeting, except convene.BookingRef) (convene.ClashInput, error) {
	in := convene.ClashInput{Delegations: map[int64]int{}}
	meetings, bookings, err := findBookings(ctx, q, m)
	if err != nil {
		return in, err
	}
	in.Meetings = meetings
	for _, b := range bookings {
		if except.Kind == "" || !b.Ref.Is(except) {
			in.Bookings = append(in.Bookings, b)
		}
	}
	var ids []int64
	for id := range meetings {
		ids = append(ids, id)
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

// bookingClashes runs the clash rules with b as it is being saved in place
// of its stored self, inside the caller's transaction, and returns the hard
// and the soft clashes that involve it.
func bookingClashes(ctx context.Context, q querier, m convene.Meeting, b convene.Booking) (hard, soft []convene.Clash, err error) {
	in, err := clashInput(ctx, q, m, b.Ref)
	if err != nil {
		return nil, nil, err
	}
	in.Bookings = append(in.Bookings, b)
	for _, c := range convene.ClashesOf(convene.DetectClashes(in), b.Ref) {
		if c.Hard {
			hard = append(hard, c)
		} else {
			soft = append(soft, c)
		}
	}
	return hard, soft, nil
}

// roomBooked is the answer to a booking saved into a room already booked
// at that time without a reason for keeping both: the clashes next to the
// room, and a request for the reason next to the override field.
func roomBooked(hard []convene.Clash) error {
	msgs := make([]string, len(hard))
	for i, c := range hard {
		msgs[i] = c.Message
	}
	return &convene.Error{Code: convene.EINVALID, Message: "The room is already booked at that time.",
		Fields: map[string]string{
			"room":            strings.Join(msgs, " "),
			"override_reason": "Choose another room or time, or give the reason for keeping both bookings.",
		}}
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
