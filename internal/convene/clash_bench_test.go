package convene

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// benchClashInput is two meetings held together in one venue (the Penang
// pattern at scale): 500 sessions over 5 days in 8 rooms, from 08:00 to
// 18:00 MYT, half of them the delegations' and half the secretariat's, with
// the heads of 11 delegations named in both meetings. Sessions of one room
// follow each other, so most pairs do not overlap; rooms run in parallel, so
// many pairs do, as on a busy real programme.
func benchClashInput() ClashInput {
	in := penang()
	for id, m := range in.Meetings {
		m.EndDate = Date{2025, 3, 2}
		in.Meetings[id] = m
	}
	names := []string{"Nguyễn Thị Ánh", "สมชาย ใจดี", "ພອນສະຫວັນ ສີຫາລາດ", "ហេង សុភា", "မောင်မောင်", "Darmawan"}
	in.Attendees = nil
	for mid := int64(1); mid <= 2; mid++ {
		for c := int64(0); c < 11; c++ {
			for k := range 3 {
				n := fmt.Sprintf("%s %d", names[int(c)%len(names)], k)
				in.Attendees = append(in.Attendees, Attendee{MeetingID: mid, CountryID: c, Country: fmt.Sprint("Country ", c),
					Name: n, Display: n})
			}
		}
	}
	attend := []Attendance{AttendHeads, AttendHeadsPlus, AttendDelegations, AttendSecretariat, AttendSecretariat, AttendSecretariat}
	start := at("08:00")
	for i := range 500 {
		room := int64(i%8 + 1)
		slot := i / 8 // 0..62: about 12 slots a day in each room
		day, hour := slot/13, slot%13
		s := start.AddDate(0, 0, day).Add(time.Duration(hour) * 45 * time.Minute)
		in.Bookings = append(in.Bookings, book(Session{ID: int64(i + 1), MeetingID: int64(i%2 + 1), Title: fmt.Sprint("Session ", i),
			StartsAt: s, EndsAt: s.Add(50 * time.Minute), RoomID: room, RoomName: fmt.Sprint("Room ", room), RoomCapacity: 40,
			Attendance: attend[i%len(attend)], HeadsPlus: 1})...)
	}
	return in
}

// BenchmarkDetectClashes500 runs every clash rule over a 500-session
// programme of two meetings held together, as the programme page and the
// clash report do on each view by the secretariat. Baseline: the plain part
// of the same work, sorting the sessions by start and testing every pair
// for overlap.
func BenchmarkDetectClashes500(b *testing.B) {
	in := benchClashInput()
	if n := len(DetectClashes(in)); n == 0 {
		b.Fatal("the benchmark programme has no clashes: it would not exercise the rules")
	}
	ss := make([]Booking, len(in.Bookings))
	ratioBench(b, func(b *testing.B) {
		overlaps := 0
		for range b.N {
			copy(ss, in.Bookings)
			slices.SortStableFunc(ss, func(x, y Booking) int { return x.StartsAt.Compare(y.StartsAt) })
			for i := range ss {
				for j := range i {
					if overlap(ss[i], ss[j]) {
						overlaps++
					}
				}
			}
		}
		if overlaps == 0 {
			b.Fatal("no overlaps")
		}
	}, func(b *testing.B) {
		for range b.N {
			DetectClashes(in)
		}
	})
}
