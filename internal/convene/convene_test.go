package convene

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestProtocolOrder: Member States by English short name, then observers;
// the order of the input does not matter.
func TestProtocolOrder(t *testing.T) {
	member := func(n string) Country { return Country{Name: n}.WithStanding(StandingMember) }
	cs := []Country{
		Country{Name: "Timor-Leste"}.WithStanding(StandingObserver), member("Viet Nam"), member("Thailand"),
		member("Singapore"), member("Philippines"), member("Myanmar"), member("Malaysia"), member("Lao PDR"),
		member("Indonesia"), member("Cambodia"), member("Brunei Darussalam"),
	}
	SortByProtocol(cs, Country.Key)
	var got []string
	for _, c := range cs {
		got = append(got, c.Name)
	}
	want := []string{"Brunei Darussalam", "Cambodia", "Indonesia", "Lao PDR", "Malaysia", "Myanmar",
		"Philippines", "Singapore", "Thailand", "Viet Nam", "Timor-Leste"}
	if !slices.Equal(got, want) {
		t.Errorf("protocol order:\n got %v\nwant %v", got, want)
	}
}

// TestProtocolOrderInsideDelegation: head first, then precedence, then name,
// for names in any script.
func TestProtocolOrderInsideDelegation(t *testing.T) {
	vn := Country{Name: "Viet Nam"}.WithStanding(StandingMember)
	people := []Delegate{
		{GivenName: "Đức Thắng", FamilyName: "Lê", FamilyNameFirst: true, Role: RoleMember, Country: vn},
		{GivenName: "Thị Ánh", FamilyName: "Nguyễn", FamilyNameFirst: true, Role: RoleAlternate, Country: vn},
		{GivenName: "Anh", FamilyName: "Bùi", FamilyNameFirst: true, Role: RoleMember, Country: vn},
		{GivenName: "Quốc Bình", FamilyName: "Trần", FamilyNameFirst: true, Role: RoleHead, Country: vn},
		{GivenName: "Somchai", Role: RoleHead, Country: Country{Name: "Thailand"}.WithStanding(StandingMember)},
	}
	SortByProtocol(people, Delegate.Key)
	var got []string
	for _, p := range people {
		got = append(got, p.FullName())
	}
	want := []string{"Somchai", "Trần Quốc Bình", "Nguyễn Thị Ánh", "Bùi Anh", "Lê Đức Thắng"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestNames(t *testing.T) {
	cases := []struct {
		d    Delegate
		full string
		disp string
	}{
		{Delegate{Honorific: "Gen.", GivenName: "สมชาย", FamilyName: "ใจดี"}, "สมชาย ใจดี", "Gen. สมชาย ใจดี"},
		{Delegate{Honorific: "Col.", GivenName: "မောင်မောင်"}, "မောင်မောင်", "Col. မောင်မောင်"},
		{Delegate{GivenName: "Thị Ánh", FamilyName: "Nguyễn", FamilyNameFirst: true}, "Nguyễn Thị Ánh", "Nguyễn Thị Ánh"},
		{Delegate{Honorific: "Dato' Seri", GivenName: "Ahmad Faizal bin Rahman", BadgeName: "Ahmad Faizal"}, "Ahmad Faizal bin Rahman", "Dato' Seri Ahmad Faizal"},
	}
	for _, c := range cases {
		if got := c.d.FullName(); got != c.full {
			t.Errorf("FullName = %q, want %q", got, c.full)
		}
		if got := c.d.DisplayName(); got != c.disp {
			t.Errorf("DisplayName = %q, want %q", got, c.disp)
		}
	}
	if got := MaskPassport("K1234567"); got != "•••••567" {
		t.Errorf("MaskPassport = %q", got)
	}
}

func TestDatesLabel(t *testing.T) {
	d := func(y, m, day int) Date { return Date{y, time.Month(m), day} }
	cases := []struct {
		m    Meeting
		want string
	}{
		{Meeting{DatePrecision: PrecisionDay, StartDate: d(2025, 2, 26), EndDate: d(2025, 2, 26)}, "26 February 2025"},
		{Meeting{DatePrecision: PrecisionDay, StartDate: d(2025, 2, 25), EndDate: d(2025, 2, 26)}, "25–26 February 2025"},
		{Meeting{DatePrecision: PrecisionDay, StartDate: d(2025, 2, 28), EndDate: d(2025, 3, 1)}, "28 February – 1 March 2025"},
		{Meeting{DatePrecision: PrecisionMonth, StartDate: d(2025, 9, 1), EndDate: d(2025, 9, 30)}, "September 2025 (dates to be confirmed)"},
	}
	for _, c := range cases {
		if got := c.m.DatesLabel(); got != c.want {
			t.Errorf("DatesLabel = %q, want %q", got, c.want)
		}
	}
}

func TestMeetingValidate(t *testing.T) {
	good := func() Meeting {
		return Meeting{Code: "ADSOM-2025", Title: "ADSOM 2025", Kind: KindADSOM, HostCountryID: 1,
			TimeZone: "Asia/Kuala_Lumpur", Status: StatusProposed, DatePrecision: PrecisionMonth,
			StartDate: Date{2025, 9, 17}, LengthDays: 2}
	}
	m := good()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	if m.Code != "adsom-2025" || m.StartDate != (Date{2025, 9, 1}) || m.EndDate != (Date{2025, 9, 30}) {
		t.Errorf("normalised: code %q, %v–%v", m.Code, m.StartDate, m.EndDate)
	}
	bad := good()
	bad.TimeZone = "Asia/Penang"
	bad.Code = "no spaces please"
	bad.Status = StatusRegistrationOpen
	err := bad.Validate()
	f := ErrorFields(err)
	for _, field := range []string{"time_zone", "code", "status"} {
		if f[field] == "" {
			t.Errorf("no message for %s in %v", field, f)
		}
	}
	day := good()
	day.DatePrecision, day.StartDate, day.EndDate = PrecisionDay, Date{2025, 2, 26}, Date{2025, 2, 25}
	if ErrorFields(day.Validate())["end_date"] == "" {
		t.Error("a meeting ending before it starts was accepted")
	}
}

func TestPolicyFailsClosed(t *testing.T) {
	if Allow(RoleAdmin, Permission("no_such_permission")) {
		t.Error("an unknown permission was allowed")
	}
	if CanSeeCountry(Actor{Role: RoleFocal}, 0) {
		t.Error("a focal point without a country sees country 0")
	}
	if !CanSeeCountry(Actor{Role: RoleFocal, CountryID: 7}, 7) || CanSeeCountry(Actor{Role: RoleFocal, CountryID: 7}, 8) {
		t.Error("focal point scoping")
	}
	if CanSeePersonalData(Actor{Role: RoleOrganiser}, 1) {
		t.Error("organisers must not see personal data")
	}
}

func TestValidEmail(t *testing.T) {
	for _, s := range []string{"a@b.co", "focal.mys@demo.test"} {
		if !ValidEmail(s) {
			t.Errorf("%q refused", s)
		}
	}
	for _, s := range []string{"", "a@b", "A <a@b.co>", "a b@c.co", "a@b.co\r\nBcc: x@y.z", strings.Repeat("a", 250) + "@b.co"} {
		if ValidEmail(s) {
			t.Errorf("%q accepted", s)
		}
	}
}

func TestZoneAbbrev(t *testing.T) {
	kl, _ := time.LoadLocation("Asia/Kuala_Lumpur")
	ts := time.Date(2025, 2, 26, 1, 0, 0, 0, time.UTC)
	if got := FormatInZone(ts, kl, "15:04"); got != "09:00 MYT" {
		t.Errorf("FormatInZone = %q, want 09:00 MYT", got)
	}
}
