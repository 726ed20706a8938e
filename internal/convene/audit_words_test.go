package convene

import (
	"reflect"
	"strconv"
	"testing"
	"time"
)

func TestAuditActionWords(t *testing.T) {
	for _, tc := range []struct{ action, want string }{
		{"self_register", "registered through a personal link:"},
		{"create", "created"},
		{"check_in_override", "admitted, with an override,"},
		{"some_new_code", "some new code"},
	} {
		if got := AuditActionWords(tc.action); got != tc.want {
			t.Errorf("AuditActionWords(%q) = %q, want %q", tc.action, got, tc.want)
		}
	}
	for _, tc := range []struct{ entity, want string }{
		{"delegate", "person"}, {"travel_leg", "flight"}, {"meeting", "meeting"}, {"odd_thing", "odd thing"},
	} {
		if got := AuditRecordKind(tc.entity); got != tc.want {
			t.Errorf("AuditRecordKind(%q) = %q, want %q", tc.entity, got, tc.want)
		}
	}
}

func TestAuditChanges(t *testing.T) {
	myt, err := time.LoadLocation("Asia/Kuala_Lumpur")
	if err != nil {
		t.Fatal(err)
	}
	names := func(field, v string) (string, bool) {
		if field == "country_id" && v == "7" {
			return "Viet Nam", true
		}
		return "", false
	}
	for _, tc := range []struct {
		name, summary string
		want          []string
	}{
		{"a change of name", `family_name: "Lestari" → "Lestari Wibowo"`, []string{"Family name: “Lestari” → “Lestari Wibowo”"}},
		{"a time in the venue's zone", `starts_at: "2025-02-25T00:40:00.000Z" → "2025-02-25T01:40:00Z"`,
			[]string{"Starts: “25 Feb 2025 08:40 MYT” → “25 Feb 2025 09:40 MYT”"}},
		{"a new record: empty fields left out, codes in words, ids by name or not at all",
			`attendance: "heads_plus"; badge_name: ""; counterpart_id: "1"; country_id: "7"; title: "Plenary"`,
			[]string{"Attendance: “heads plus”", "Country: “Viet Nam”", "Title: “Plenary”"}},
		{"a changed reference not known by name", `counterpart_id: "1" → "2"`, []string{"Counterpart: changed"}},
		{"sensitive fields", `passport_number: set; medical: changed`, []string{"Passport number: set", "Medical: changed"}},
		{"a value with a semicolon and a quote", `notes: "a; b \"c\""`, []string{"Notes: “a; b \"c\"”"}},
		{"booleans and dates", `media: "false"; preferred_day: "2025-02-26"`, []string{"Media: “no”", "Preferred day: “26 Feb 2025”"}},
		{"text shaped almost like a date stays as typed", `reference: "2025-W9-26"; code: "20250226 x"`,
			[]string{"Reference: “2025-W9-26”", "Code: “20250226 x”"}},
		{"nothing", ``, nil},
		{"free text", `change 1 (link): family_name changed at 2025-02-25T00:40:00Z`,
			[]string{"change (link): family name changed at 25 Feb 2025 08:40 MYT"}},
	} {
		if got := AuditChanges(tc.summary, myt, names); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: AuditChanges(%q) =\n%q, want\n%q", tc.name, tc.summary, got, tc.want)
		}
	}
}

func TestAuditCodesAndLabels(t *testing.T) {
	for v, want := range map[string]bool{"heads_plus": true, "a_b_c": true, "heads": false, "_heads": false,
		"heads_": false, "heads__plus": false, "Heads_plus": false, "heads plus": false, "": false, "x_1": false} {
		if got := isCode(v); got != want {
			t.Errorf("isCode(%q) = %v, want %v", v, got, want)
		}
	}
	for field, want := range map[string]string{"family_name": "Family name", "counterpart_id": "Counterpart",
		"starts_at": "Starts", "ชื่อ": "ชื่อ", "élan": "Élan", "_id": "_id"} {
		if got := AuditFieldLabel(field); got != want {
			t.Errorf("AuditFieldLabel(%q) = %q, want %q", field, got, want)
		}
	}
}

// TestUnquote: the quick path (no escapes) and strconv's agree on every
// kind of value a summary quotes.
func TestUnquote(t *testing.T) {
	for _, v := range []string{"", "Trần Quốc Bình", `say "hi"`, "tab\there", `back\slash`, "ສົມສັກ", "line\nbreak", "\x00"} {
		if got := unquote(strconv.Quote(v)); got != v {
			t.Errorf("unquote(%s) = %q; want %q", strconv.Quote(v), got, v)
		}
	}
}
