package convene

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

var myt = time.FixedZone("MYT", 8*3600)

func at(hm string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", "2025-02-26 "+hm, myt)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func penang() ClashInput {
	retreat := Meeting{ID: 1, Title: "ADMM Retreat 2025", TimeZone: "Asia/Kuala_Lumpur", Cluster: "penang",
		DatePrecision: PrecisionDay, StartDate: Date{2025, 2, 26}, EndDate: Date{2025, 2, 26}}
	wg := Meeting{ID: 2, Title: "ADSOM Working Group 2025", TimeZone: "Asia/Kuala_Lumpur", Cluster: "penang",
		DatePrecision: PrecisionDay, StartDate: Date{2025, 2, 26}, EndDate: Date{2025, 2, 26}}
	return ClashInput{
		Meetings: map[int64]Meeting{1: retreat, 2: wg},
		Attendees: []Attendee{
			{MeetingID: 1, CountryID: 10, Country: "Viet Nam", Name: "Trần Quốc Bình", Display: "Sen. Lt Gen. Trần Quốc Bình"},
			{MeetingID: 1, CountryID: 10, Country: "Viet Nam", Name: "Nguyễn Thị Ánh", Display: "Maj. Gen. Nguyễn Thị Ánh"},
			{MeetingID: 1, CountryID: 11, Country: "Thailand", Name: "สมชาย ใจดี", Display: "Gen. สมชาย ใจดี"},
			{MeetingID: 2, CountryID: 10, Country: "Viet Nam", Name: "Nguyễn Thị Ánh", Display: "Maj. Gen. Nguyễn Thị Ánh"},
			{MeetingID: 2, CountryID: 12, Country: "Lao PDR", Name: "ພອນສະຫວັນ ສີຫາລາດ", Display: "Col. ພອນສະຫວັນ ສີຫາລາດ"},
		},
		Delegations: map[int64]int{1: 11, 2: 11},
	}
}

// book turns sessions into the bookings the clash rules read, as the
// store does; their meeting's code is "m" followed by its id.
func book(ss ...Session) []Booking {
	out := make([]Booking, len(ss))
	for i, s := range ss {
		out[i] = s.Booking(fmt.Sprint("m", s.MeetingID))
	}
	return out
}

func kinds(cs []Clash) map[ClashKind]int {
	m := map[ClashKind]int{}
	for _, c := range cs {
		m[c.Kind]++
	}
	return m
}

func TestClashRoomDoubleBooked(t *testing.T) {
	in := penang()
	in.Bookings = book(
		Session{ID: 1, MeetingID: 1, Title: "Opening", StartsAt: at("09:00"), EndsAt: at("10:00"), RoomID: 5, RoomName: "Straits Room",
			RoomCapacity: 60, Attendance: AttendSecretariat},
		Session{ID: 2, MeetingID: 2, Title: "WG Session 1", StartsAt: at("09:30"), EndsAt: at("11:00"), RoomID: 5, RoomName: "Straits Room",
			RoomCapacity: 60, Attendance: AttendSecretariat},
		// Touching is not overlapping.
		Session{ID: 3, MeetingID: 2, Title: "WG Session 2", StartsAt: at("11:00"), EndsAt: at("12:00"), RoomID: 5, RoomName: "Straits Room",
			RoomCapacity: 60, Attendance: AttendSecretariat},
	)
	cs := DetectClashes(in)
	if len(cs) != 1 || cs[0].Kind != ClashRoom || !cs[0].Hard || cs[0].On.ID != 2 || cs[0].With.ID != 1 {
		t.Fatalf("clashes: %+v", cs)
	}
	if !strings.Contains(cs[0].Message, "“Opening” (26 Feb 09:00–10:00 MYT)") || !strings.Contains(cs[0].Message, "“WG Session 1”") {
		t.Errorf("message does not name both sides in venue time: %s", cs[0].Message)
	}
}

func TestClashRoomTooSmall(t *testing.T) {
	in := penang()
	in.Bookings = book(Session{ID: 1, MeetingID: 1, Title: "Retreat", StartsAt: at("14:00"), EndsAt: at("15:00"),
		RoomID: 2, RoomName: "Bilateral Room 2", RoomCapacity: 8, Attendance: AttendHeadsPlus, HeadsPlus: 1})
	cs := DetectClashes(in)
	if k := kinds(cs); k[ClashCapacity] != 1 || len(cs) != 1 {
		t.Fatalf("clashes: %+v", cs)
	}
	if !strings.Contains(cs[0].Message, "about 22 people") || !strings.Contains(cs[0].Message, "seats 8") {
		t.Errorf("message: %s", cs[0].Message)
	}
	// Control: the same session in a room that seats 30 does not clash.
	in.Bookings[0].RoomCapacity = 30
	if cs := DetectClashes(in); len(cs) != 0 {
		t.Errorf("control clashes: %+v", cs)
	}
}

func TestClashOutsideMeetingDates(t *testing.T) {
	in := penang()
	late := at("09:00").AddDate(0, 0, 1)
	in.Bookings = book(Session{ID: 1, MeetingID: 1, Title: "Day two", StartsAt: late, EndsAt: late.Add(time.Hour),
		Attendance: AttendHeads})
	cs := DetectClashes(in)
	if k := kinds(cs); k[ClashOutside] != 1 || len(cs) != 1 {
		t.Fatalf("clashes: %+v", cs)
	}
	if !strings.Contains(cs[0].Message, "27 February 2025") || !strings.Contains(cs[0].Message, "26 February 2025") {
		t.Errorf("message: %s", cs[0].Message)
	}
	// Just before midnight venue time is still the 26th, though in UTC it is the 26th 15:59.
	in.Bookings[0].StartsAt, in.Bookings[0].EndsAt = at("23:00"), at("23:59")
	if cs := DetectClashes(in); len(cs) != 0 {
		t.Errorf("23:00 MYT flagged: %+v", cs)
	}
}

func TestClashSameMeetingHeadsDoubleBooked(t *testing.T) {
	in := penang()
	in.Bookings = book(
		Session{ID: 1, MeetingID: 1, Title: "Retreat session", StartsAt: at("14:00"), EndsAt: at("16:00"), Attendance: AttendHeads},
		Session{ID: 2, MeetingID: 1, Title: "Working lunch", StartsAt: at("15:30"), EndsAt: at("16:30"), Attendance: AttendDelegations},
		Session{ID: 3, MeetingID: 1, Title: "Secretariat huddle", StartsAt: at("15:00"), EndsAt: at("15:30"), Attendance: AttendSecretariat},
		Session{ID: 4, MeetingID: 1, Title: "Bilateral A", Kind: SessionBilateral, StartsAt: at("17:00"), EndsAt: at("17:30"), Attendance: AttendHeads},
		Session{ID: 5, MeetingID: 1, Title: "Bilateral B", Kind: SessionBilateral, StartsAt: at("17:00"), EndsAt: at("17:30"), Attendance: AttendHeads},
	)
	cs := DetectClashes(in)
	if len(cs) != 1 || cs[0].Kind != ClashPeople || cs[0].On.ID != 2 || cs[0].With.ID != 1 {
		t.Fatalf("clashes: %+v", cs)
	}
	if !strings.Contains(cs[0].Message, "Heads of delegation") {
		t.Errorf("message: %s", cs[0].Message)
	}
}

// TestClashAcrossMeetingsHeldTogether: Maj. Gen. Nguyễn Thị Ánh is the
// Retreat's alternate and the Working Group's head; a Retreat session for
// heads plus one overlapping a Working Group session needs her twice.
func TestClashAcrossMeetingsHeldTogether(t *testing.T) {
	in := penang()
	in.Bookings = book(
		Session{ID: 1, MeetingID: 1, Title: "Retreat session", StartsAt: at("10:00"), EndsAt: at("12:00"), Attendance: AttendHeadsPlus, HeadsPlus: 1},
		Session{ID: 2, MeetingID: 2, Title: "WG Session 2", StartsAt: at("11:00"), EndsAt: at("12:30"), Attendance: AttendHeads},
	)
	cs := DetectClashes(in)
	if len(cs) != 1 || cs[0].Kind != ClashPeople {
		t.Fatalf("clashes: %+v", cs)
	}
	for _, want := range []string{"Maj. Gen. Nguyễn Thị Ánh (Viet Nam)", "ADMM Retreat 2025", "ADSOM Working Group 2025"} {
		if !strings.Contains(cs[0].Message, want) {
			t.Errorf("message lacks %q: %s", want, cs[0].Message)
		}
	}
	// Control: heads only in the Retreat needs the Ministers, not her.
	in.Bookings[0].Attendance = AttendHeads
	if cs := DetectClashes(in); len(cs) != 0 {
		t.Errorf("control clashes: %+v", cs)
	}
	// Control: meetings not held together never share people.
	in.Bookings[0].Attendance = AttendHeadsPlus
	wg := in.Meetings[2]
	wg.Cluster = ""
	in.Meetings[2] = wg
	if cs := DetectClashes(in); len(cs) != 0 {
		t.Errorf("unclustered clashes: %+v", cs)
	}
}

func TestSessionValidate(t *testing.T) {
	m := penang().Meetings[1]
	p := Problems{}
	start, end := ParseSessionTimes("2025-02-26", "10:00", "09:00", m.Location(), p)
	s := Session{Title: "ການປະຊຸມ", Kind: SessionPlenary, Attendance: AttendHeads, Visibility: VisiblePublic,
		StartsAt: start, EndsAt: end}
	err := s.Validate(m)
	if ErrorFields(err)["end"] == "" || len(p) != 0 {
		t.Errorf("end before start: %v %v", err, p)
	}
	p = Problems{}
	ParseSessionTimes("2025-02-30", "9h", "25:00", m.Location(), p)
	if p["day"] == "" || p["start"] == "" || p["end"] == "" {
		t.Errorf("malformed: %v", p)
	}
	p = Problems{}
	s.StartsAt, s.EndsAt = ParseSessionTimes("2025-02-27", "09:00", "10:00", m.Location(), p)
	if f := ErrorFields(s.Validate(m)); !strings.Contains(f["day"], "26 February 2025") {
		t.Errorf("outside dates: %v", f)
	}
	s.StartsAt, s.EndsAt = ParseSessionTimes("2025-02-26", "09:00", "10:00", m.Location(), p)
	if err := s.Validate(m); err != nil {
		t.Errorf("valid session refused: %v", err)
	}
}
