package convene

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func ids(ds []Delegate) (out []int64) {
	for _, d := range ds {
		out = append(out, d.ID)
	}
	return out
}

func TestAttendeesFollowTheSessionsRule(t *testing.T) {
	people := []Delegate{
		{ID: 1, DelegationID: 10, Role: RoleHead}, {ID: 2, DelegationID: 10, Role: RoleAlternate},
		{ID: 3, DelegationID: 10, Role: RoleMember}, {ID: 4, DelegationID: 20, Role: RoleHead},
		{ID: 5, DelegationID: 30, Role: RoleMember}, // a delegation without a head yet: 5 leads it
		{ID: 6, DelegationID: 30, Role: RoleAdviser},
	}
	for _, c := range []struct {
		s    Session
		want []int64
	}{
		{Session{Attendance: AttendHeads}, []int64{1, 4, 5}},
		{Session{Attendance: AttendHeadsPlus, HeadsPlus: 1}, []int64{1, 2, 4, 5, 6}},
		{Session{Attendance: AttendDelegations}, []int64{1, 2, 3, 4, 5, 6}},
		{Session{Attendance: AttendSecretariat}, nil},
	} {
		if got := ids(Attendees(c.s, people)); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s: got %v, want %v", c.s.Attendance, got, c.want)
		}
	}
}

// TestMayAttendAsksAttendees: the desk's question about one person has the
// caterer's answer for every person and every rule.
func TestMayAttendAsksAttendees(t *testing.T) {
	vnm := Country{Name: "Viet Nam"}
	delegation := []Delegate{
		{ID: 1, DelegationID: 10, Role: RoleHead, GivenName: "Quốc Bình", FamilyName: "Trần", FamilyNameFirst: true, Country: vnm},
		{ID: 2, DelegationID: 10, Role: RoleAlternate, GivenName: "Văn Nam", FamilyName: "Phạm", Country: vnm},
		{ID: 3, DelegationID: 10, Role: RoleAdviser, GivenName: "Thị Hoa", FamilyName: "Lê", Country: vnm},
	}
	for _, c := range []struct {
		s    Session
		want []bool // for people 1, 2, 3
	}{
		{Session{Title: "Family photo", Attendance: AttendHeads}, []bool{true, false, false}},
		{Session{Title: "Retreat", Attendance: AttendHeadsPlus, HeadsPlus: 1}, []bool{true, true, false}},
		{Session{Title: "Dinner", Attendance: AttendDelegations}, []bool{true, true, true}},
		{Session{Title: "Debrief", Attendance: AttendSecretariat}, []bool{false, false, false}},
	} {
		catered := map[int64]bool{}
		for _, p := range Attendees(c.s, delegation) {
			catered[p.ID] = true
		}
		for i, p := range delegation {
			got := MayAttend(c.s, p, delegation)
			if got != c.want[i] || got != catered[p.ID] {
				t.Errorf("%s, %s: may attend %v, want %v (caterer counts %v)", c.s.Title, p.Role, got, c.want[i], catered[p.ID])
			}
			w := AttendanceWarning(c.s, p, delegation)
			if (w == "") != got {
				t.Errorf("%s, %s: warning %q while may attend is %v", c.s.Title, p.Role, w, got)
			}
			if w != "" && (!strings.Contains(w, c.s.Title) || !strings.Contains(w, p.DisplayName()) || !strings.Contains(w, "Viet Nam")) {
				t.Errorf("warning does not name the session, the person and the delegation: %q", w)
			}
		}
	}
	w := AttendanceWarning(Session{Title: "Retreat", Attendance: AttendHeadsPlus, HeadsPlus: 1}, delegation[2], delegation)
	if !strings.Contains(w, "Heads of delegation plus 1") {
		t.Errorf("heads-plus warning does not say how many: %q", w)
	}
}

func TestBilateralAttendees(t *testing.T) {
	people := []Delegate{
		{ID: 1, DelegationID: 10, Role: RoleHead}, {ID: 2, DelegationID: 10, Role: RoleAlternate},
		{ID: 3, DelegationID: 10, Role: RoleAdviser}, {ID: 4, DelegationID: 10, Role: RoleInterpreter},
		{ID: 5, DelegationID: 10, Role: RoleLiaison},
		{ID: 6, DelegationID: 20, Role: RoleMember}, {ID: 7, DelegationID: 20, Role: RoleMember}, // no head: 6 leads
		{ID: 8, DelegationID: 30, Role: RoleHead}, // a third delegation
	}
	for _, c := range []struct {
		name string
		b    Bilateral
		want []int64
	}{
		{"ministers", Bilateral{RequesterID: 10, CounterpartID: 20, Level: LevelMinisters}, []int64{1, 2, 6}},
		{"heads with interpretation", Bilateral{RequesterID: 20, CounterpartID: 10, Level: LevelHeads, Interpretation: "Thai"},
			[]int64{1, 2, 4, 6}},
		{"senior officials", Bilateral{RequesterID: 10, CounterpartID: 20, Level: LevelSeniorOfficials}, []int64{2, 3, 7}},
		{"other pair", Bilateral{RequesterID: 20, CounterpartID: 30, Level: LevelMinisters}, []int64{6, 8}},
	} {
		if got := ids(BilateralAttendees(c.b, people)); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

func TestBilateralsInProgramme(t *testing.T) {
	at := time.Date(2025, 2, 26, 9, 45, 0, 0, time.UTC)
	vnm, tha, khm := Delegation{ID: 10, CountryID: 1}, Delegation{ID: 20, CountryID: 2}, Delegation{ID: 30, CountryID: 3}
	mk := func(id int64, st BilateralStatus, timed bool) Bilateral {
		b := Bilateral{ID: id, RequesterID: 10, CounterpartID: 20, Requester: vnm, Counterpart: tha, Status: st}
		if timed {
			b.StartsAt, b.EndsAt = at, at.Add(30*time.Minute)
		}
		return b
	}
	bs := []Bilateral{mk(1, BilateralScheduled, true), mk(2, BilateralHeld, true), mk(3, BilateralCancelled, true),
		mk(4, BilateralCancelled, false), mk(5, BilateralAccepted, false), mk(6, BilateralRequested, false),
		{ID: 7, RequesterID: 30, CounterpartID: 20, Requester: khm, Counterpart: tha, Status: BilateralScheduled,
			StartsAt: at, EndsAt: at.Add(time.Hour)}}
	for _, c := range []struct {
		a    Actor
		want []int64
	}{
		{Actor{UserID: 1, Role: RoleFocal, CountryID: 1}, []int64{1, 2, 3}},
		{Actor{UserID: 1, Role: RoleDelegate, CountryID: 2}, []int64{1, 2, 3, 7}},
		{Actor{UserID: 1, Role: RoleFocal, CountryID: 3}, []int64{7}},
		{Actor{UserID: 1, Role: RoleFocal, CountryID: 4}, nil},
		{Actor{UserID: 1, Role: RoleFocal}, nil},
		{Actor{}, nil},
		{Actor{UserID: 1, Role: RoleOfficer, CountryID: 1}, nil},
		{Actor{UserID: 1, Role: RoleOrganiser}, nil},
	} {
		var got []int64
		for _, b := range BilateralsInProgramme(c.a, bs) {
			got = append(got, b.ID)
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%+v: got %v, want %v", c.a, got, c.want)
		}
	}
}

// TestAttending: a person is recognised by country and name in each meeting
// of the cluster, and attends what the attendance rules give them there.
func TestAttending(t *testing.T) {
	at := time.Date(2025, 2, 26, 1, 0, 0, 0, time.UTC)
	idn := Country{ID: 1, Name: "Indonesia"}
	retreat := []Delegate{
		{ID: 1, DelegationID: 10, Role: RoleHead, GivenName: "Darmawan", Country: idn},
		{ID: 2, DelegationID: 10, Role: RoleAlternate, GivenName: "Bambang", FamilyName: "Hartono", Country: idn},
	}
	wg := []Delegate{{ID: 3, DelegationID: 30, Role: RoleHead, GivenName: "Bambang", FamilyName: "Hartono", Country: idn}}
	people := map[int64][]Delegate{100: retreat, 200: wg}
	s := func(id, meeting int64, a Attendance, v Visibility) Session {
		return Session{ID: id, MeetingID: meeting, Attendance: a, HeadsPlus: 1, Visibility: v, StartsAt: at, EndsAt: at.Add(time.Hour)}
	}
	sessions := []Session{s(1, 100, AttendHeads, VisiblePublic), s(2, 100, AttendHeadsPlus, VisibleDelegates),
		s(3, 200, AttendHeads, VisiblePublic), s(4, 200, AttendDelegations, VisibleInternal)}
	bilaterals := []Bilateral{
		{ID: 1, MeetingID: 100, RequesterID: 10, CounterpartID: 11, Level: LevelMinisters, Status: BilateralScheduled, StartsAt: at, EndsAt: at.Add(time.Hour)},
		{ID: 2, MeetingID: 100, RequesterID: 10, CounterpartID: 11, Level: LevelMinisters, Status: BilateralAccepted},
		{ID: 3, MeetingID: 100, RequesterID: 12, CounterpartID: 11, Level: LevelMinisters, Status: BilateralScheduled, StartsAt: at, EndsAt: at.Add(time.Hour)},
	}
	ss, bs := Attending(1, "Bambang Hartono", people, sessions, bilaterals)
	var got []int64
	for _, x := range ss {
		got = append(got, x.ID)
	}
	for _, b := range bs {
		got = append(got, -b.ID)
	}
	if want := []int64{2, 3, -1}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Bambang Hartono attends %v, want %v (sessions, then bilaterals negated)", got, want)
	}
	if ss, bs := Attending(2, "Bambang Hartono", people, sessions, bilaterals); len(ss)+len(bs) != 0 {
		t.Errorf("the same name in another country attends %v %v", ss, bs)
	}
}

func TestAttendanceOverrideCheck(t *testing.T) {
	const warning = "Not on the list for “Retreat session” (Heads of delegation only): ..."
	for _, c := range []struct {
		name     string
		warning  string
		o        AttendanceOverride
		admitted bool
		field    string // a word of the reason field's message; "" for no error
	}{
		{"within the rule", "", AttendanceOverride{}, false, ""},
		{"within the rule, override ignored", "", AttendanceOverride{Admit: true, Reason: "x"}, false, ""},
		{"outside, first scan", warning, AttendanceOverride{}, false, "To admit them anyway"},
		{"outside, reason typed but no override", warning, AttendanceOverride{Reason: "Minister's request"}, false, "To admit them anyway"},
		{"outside, override without reason", warning, AttendanceOverride{Admit: true, Reason: "  "}, false, "Give the reason"},
		{"outside, reason too long", warning, AttendanceOverride{Admit: true, Reason: strings.Repeat("ສ", 301)}, false, "300"},
		{"outside, override with reason", warning, AttendanceOverride{Admit: true, Reason: "Replaces the head, who is ill"}, true, ""},
	} {
		admitted, err := c.o.Check(c.warning)
		if admitted != c.admitted {
			t.Errorf("%s: admitted by override %v, want %v", c.name, admitted, c.admitted)
		}
		msg := ErrorFields(err)[OverrideField]
		if (c.field == "") != (err == nil) || !strings.Contains(msg, c.field) {
			t.Errorf("%s: error %v (%q), want one with %q", c.name, err, msg, c.field)
		}
		if err != nil && (ErrorCode(err) != EINVALID || ErrorMessage(err) != warning) {
			t.Errorf("%s: %v is not the warning as an EINVALID", c.name, err)
		}
	}
}

// TestAttendanceRule: every rule is printed in full; "heads plus" carries
// its number (the feed and the catering page once printed "plus" alone).
func TestAttendanceRule(t *testing.T) {
	for _, tc := range []struct {
		s    Session
		want string
	}{
		{Session{Attendance: AttendHeads}, "Heads of delegation only"},
		{Session{Attendance: AttendHeadsPlus, HeadsPlus: 1}, "Heads of delegation plus 1"},
		{Session{Attendance: AttendHeadsPlus, HeadsPlus: 12}, "Heads of delegation plus 12"},
		{Session{Attendance: AttendDelegations}, "Whole delegations"},
		{Session{Attendance: AttendSecretariat}, "Secretariat only"},
	} {
		if got := tc.s.AttendanceRule(); got != tc.want {
			t.Errorf("%+v: AttendanceRule() = %q, want %q", tc.s.Attendance, got, tc.want)
		}
	}
}
