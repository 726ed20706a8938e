package convene

import (
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// The fuzz targets below run their seeds (f.Add and testdata/fuzz) as
// ordinary tests with every `go test`, so ./test.sh is deterministic;
// .ci/fuzz.sh explores beyond them, and what it finds is committed under
// testdata/fuzz as a seed. They check the properties the rest of Convene
// relies on, not only the absence of panics.

// FuzzParseDate: a date that parses prints back as exactly the text given
// (so no two spellings mean one stored value) and parses again to itself.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-02-26", "2024-02-29", "2025-02-29", "0000-01-01", "9999-12-31", "2025-2-26",
		"2025-02-26T00:00:00Z", " 2025-02-26", "2025-13-01", "", "२०२५-०२-२६", "+2025-02-26"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !d.IsZero() {
				t.Errorf("ParseDate(%q) failed but returned %v", s, d)
			}
			return
		}
		if d.String() != s {
			t.Errorf("ParseDate(%q) prints as %q", s, d.String())
		}
		again, err := ParseDate(d.String())
		if err != nil || again != d {
			t.Errorf("ParseDate(%q) = %v does not round-trip: %v %v", s, d, again, err)
		}
		if d.AddDays(1).Compare(d) != 1 || d.DaysUntil(d.AddDays(7)) != 7 {
			t.Errorf("day arithmetic on %v is wrong", d)
		}
	})
}

// FuzzMeetingValidate: whatever the form sends, Validate does not panic, and
// a meeting it accepts has a well-formed code, a title of at most 200
// characters, a real time zone, and 1 to 14 days with the end not before the
// start.
func FuzzMeetingValidate(f *testing.F) {
	f.Add("admm-retreat-2025", "ADMM Retreat 2025", "Asia/Kuala_Lumpur", "retreat", "confirmed", "day", "2025-02-26", "2025-02-27", 0)
	f.Add("adsom-2025", "ADSOM", "Asia/Kuala_Lumpur", "adsom", "proposed", "month", "2025-09-01", "", 3)
	f.Add("-bad-", "", "Local", "x", "y", "z", "2025-02-30", "2024-01-01", -1)
	f.Add("a", strings.Repeat("ก", 201), "../../etc/passwd", "admm", "confirmed", "day", "2025-01-01", "2025-12-31", 99)
	f.Fuzz(func(t *testing.T, code, title, zone, kind, status, precision, start, end string, length int) {
		m := Meeting{Code: code, Title: title, TimeZone: zone, Kind: MeetingKind(kind), Status: MeetingStatus(status),
			DatePrecision: DatePrecision(precision), LengthDays: length, HostCountryID: 1}
		m.StartDate, _ = ParseDate(start)
		m.EndDate, _ = ParseDate(end)
		if err := m.Validate(); err != nil {
			if ErrorCode(err) != EINVALID || len(ErrorFields(err)) == 0 {
				t.Errorf("Validate refused without field messages: %v", err)
			}
			return
		}
		if !meetingCodePattern.MatchString(m.Code) {
			t.Errorf("accepted code %q", m.Code)
		}
		if m.Title == "" || utf8.RuneCountInString(m.Title) > 200 || !utf8.ValidString(m.Title) && utf8.ValidString(title) {
			t.Errorf("accepted title %q", m.Title)
		}
		if _, err := time.LoadLocation(m.TimeZone); err != nil || m.TimeZone == "" {
			t.Errorf("accepted time zone %q", m.TimeZone)
		}
		if m.EndDate.Before(m.StartDate) || m.LengthDays < 1 || m.LengthDays > 14 {
			t.Errorf("accepted dates %v..%v, %d days", m.StartDate, m.EndDate, m.LengthDays)
		}
	})
}

// FuzzValidEmail: an address that passes is one plain address that cannot
// split a header or a log line, and normalising it is idempotent.
func FuzzValidEmail(f *testing.F) {
	for _, s := range []string{"focal.vnm@demo.test", "a@b.c", "Name <a@b.c>", "a@b", "a@b.c\r\nBcc: x@y.z", "\"a b\"@c.d",
		"a@@b.c", "ánh@ví.vn", "a@b.c ", "@b.c", strings.Repeat("a", 250) + "@b.cd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !ValidEmail(s) {
			return
		}
		if len(s) > 254 || strings.ContainsAny(s, " \t\r\n<>,;") || strings.Count(s, "@") < 1 {
			t.Errorf("ValidEmail accepted %q", s)
		}
		at := strings.LastIndexByte(s, '@')
		if at <= 0 || !strings.Contains(s[at+1:], ".") {
			t.Errorf("ValidEmail accepted %q without a local part or a dotted domain", s)
		}
		n := NormalizeEmail(s)
		if NormalizeEmail(n) != n {
			t.Errorf("NormalizeEmail is not idempotent on %q", s)
		}
	})
}

// site is where the fuzz targets pretend Convene is served.
var site, _ = url.Parse("https://convene.example/sign-in")

// leavesSite reports whether a browser that follows a redirect to loc ends
// up somewhere else than Convene. Browsers drop tabs and newlines anywhere in
// a URL and read a backslash as a slash, so loc is first cleaned as the
// WHATWG URL parser would.
func leavesSite(loc string) bool {
	cleaned := strings.NewReplacer("\t", "", "\n", "", "\r", "", `\`, "/").Replace(loc)
	cleaned = strings.TrimLeft(cleaned, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	if strings.HasPrefix(cleaned, "//") {
		return true
	}
	u, err := url.Parse(cleaned)
	if err != nil {
		return true
	}
	r := site.ResolveReference(u)
	return r.Scheme != site.Scheme || r.Host != site.Host || r.User != nil
}

// FuzzSafeRedirectTarget: the "next" parameter of the sign-in form never sends the
// browser off the site, however it is spelled.
func FuzzSafeRedirectTarget(f *testing.F) {
	for _, s := range []string{"/", "/meetings/admm-retreat-2025", "//evil.example", `/\evil.example`, "/\t/evil.example",
		"https://evil.example/", "javascript:alert(1)", "/%2F%2Fevil.example", "/@evil.example", "http:/evil.example",
		" /x", "/x?next=//evil.example#frag", "\\\\evil.example", "/.//evil.example", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := SafeRedirectTarget(next)
		if !strings.HasPrefix(got, "/") || leavesSite(got) {
			t.Errorf("SafeRedirectTarget(%q) = %q leaves the site", next, got)
		}
	})
}
