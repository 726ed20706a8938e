package convene

import (
	"strings"
	"testing"
)

func TestLetterTemplateValidate(t *testing.T) {
	cases := []struct {
		name, body string
		kind       LetterKind
		wantErr    string // part of the body field's message; "" for none
	}{
		{"default visa", DefaultLetterBody(LetterVisa), LetterVisa, ""},
		{"default invitation", DefaultLetterBody(LetterInvitation), LetterInvitation, ""},
		{"spaces inside braces", "Dear {{ name_in_passport }}", LetterVisa, ""},
		{"unknown placeholder", "Dear {{nmae}},", LetterVisa, "{{nmae}} is not a placeholder"},
		{"person placeholder in an invitation", "{{passport_number}}", LetterInvitation, "{{passport_number}} is not a placeholder"},
		{"unclosed", "Dear {{name", LetterVisa, "not closed"},
		{"empty", "  ", LetterVisa, "Write the letter"},
		{"too long", strings.Repeat("a", MaxLetterBody+1), LetterVisa, "at most"},
		{"single braces are text", "Cost {not a placeholder}", LetterVisa, ""},
	}
	for _, c := range cases {
		tpl := LetterTemplate{Kind: c.kind, Body: c.body}
		err := tpl.Validate()
		got := ErrorFields(err)["body"]
		if c.wantErr == "" && err != nil {
			t.Errorf("%s: unexpected error %v", c.name, err)
		}
		if c.wantErr != "" && !strings.Contains(got, c.wantErr) {
			t.Errorf("%s: body message %q, want it to contain %q", c.name, got, c.wantErr)
		}
	}
}

func TestFillLetter(t *testing.T) {
	v := LetterValues{"name_in_passport": "NGUYEN VAN AN", "reference": "X/VISA/0001", "meeting": "ADMM Retreat"}
	cases := []struct {
		body, want string
	}{
		{"Dear {{name_in_passport}}.", "Dear NGUYEN VAN AN."},
		{"{{reference}}{{ meeting }}", "X/VISA/0001ADMM Retreat"},
		{"No placeholder", "No placeholder"},
		{"{{position}} empty", " empty"},
	}
	for _, c := range cases {
		got, err := FillLetter(LetterVisa, c.body, v)
		if err != nil || got != c.want {
			t.Errorf("FillLetter(%q) = %q, %v; want %q", c.body, got, err, c.want)
		}
	}
	if _, err := FillLetter(LetterVisa, "{{bogus}}", v); err == nil {
		t.Errorf("FillLetter accepted an unknown placeholder")
	}
}

func TestLetterReferenceAndDates(t *testing.T) {
	if got := LetterReference("admm-retreat-2025", LetterVisa, 7); got != "ADMM-RETREAT-2025/VISA/0007" {
		t.Errorf("reference %q", got)
	}
	if got := LetterReference("admm-2025", LetterInvitation, 12); got != "ADMM-2025/INV/0012" {
		t.Errorf("reference %q", got)
	}
	for _, c := range []struct {
		m    Meeting
		want string
	}{
		{Meeting{DatePrecision: PrecisionDay, StartDate: Date{2025, 2, 25}, EndDate: Date{2025, 2, 27}}, "25–27 February 2025"},
		{Meeting{DatePrecision: PrecisionDay, StartDate: Date{2025, 2, 28}, EndDate: Date{2025, 3, 1}}, "28 February – 1 March 2025"},
		{Meeting{DatePrecision: PrecisionDay, StartDate: Date{2025, 2, 26}, EndDate: Date{2025, 2, 26}}, "26 February 2025"},
		{Meeting{DatePrecision: PrecisionMonth, StartDate: Date{2026, 9, 1}, EndDate: Date{2026, 9, 30}}, "September 2026"},
	} {
		if got := MeetingDates(c.m); got != c.want {
			t.Errorf("MeetingDates = %q, want %q", got, c.want)
		}
	}
	if got := Paragraphs("a\nb\n\n\n c \r\n\r\nd"); len(got) != 3 || got[0] != "a\nb" || got[1] != "c" || got[2] != "d" {
		t.Errorf("Paragraphs = %q", got)
	}
}

func TestCanIssueVisaLetter(t *testing.T) {
	ok := Delegate{GivenName: "Dara", Status: RegAccredited, Nationality: "AUS", PassportType: PassportOrdinary,
		PassportNumber: "PA1234567", PassportExpiry: Date{Year: 2030, Month: 1, Day: 1}}
	cases := []struct {
		name string
		edit func(*Delegate)
		want string // part of the message; "" for allowed
	}{
		{"accredited, needs a visa", func(*Delegate) {}, ""},
		{"not accredited", func(p *Delegate) { p.Status = RegSubmitted }, "only for an accredited person"},
		{"exempt nationality", func(p *Delegate) { p.Nationality = "VNM" }, "needs no visa"},
		{"no passport number", func(p *Delegate) { p.PassportNumber = "" }, "passport number"},
	}
	for _, c := range cases {
		p := ok
		c.edit(&p)
		err := CanIssueVisaLetter(p, VisaRules{}, "MYS")
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(ErrorMessage(err), c.want)) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

func TestLetterValues(t *testing.T) {
	x := LetterContext{Meeting: Meeting{Title: "ADMM Retreat", City: "Pulau Pinang", VenueName: "Eastern & Oriental Hotel",
		DatePrecision: PrecisionDay, StartDate: Date{2025, 2, 25}, EndDate: Date{2025, 2, 27}},
		Country: Country{ISO3: "KHM", Name: "Cambodia"}, Person: SampleLetterPerson, Reference: "R/1",
		Date: Date{2025, 1, 10}, Signatory: "A\nB"}
	x.Nationalities = map[string]string{"VNM": "Viet Nam"}
	v := x.Values(LetterVisa)
	if v["nationality"] != "Viet Nam" {
		t.Errorf("nationality %q", v["nationality"])
	}
	if got := LetterVenue(Meeting{VenueName: "Shangri-La Hotel, Pulau Pinang", City: "George Town, Pulau Pinang"}); got != "Shangri-La Hotel, Pulau Pinang, George Town" {
		t.Errorf("LetterVenue = %q", got)
	}
	for k, want := range map[string]string{"venue": "Eastern & Oriental Hotel, Pulau Pinang", "ministry": "Ministry of National Defence of Cambodia",
		"name_in_passport": "NGUYEN VAN AN", "signatory": "A, B", "addressee": "The Head of Delegation", "date": "10 January 2025"} {
		if v[k] != want {
			t.Errorf("%s = %q, want %q", k, v[k], want)
		}
	}
	if _, ok := x.Values(LetterInvitation)["passport_number"]; ok {
		t.Errorf("an invitation letter carries a passport number")
	}
}
