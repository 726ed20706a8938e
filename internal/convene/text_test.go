package convene

import (
	"context"
	"fmt"
	"testing"
)

// TestTextHygiene: what single-line and multi-line fields accept and refuse,
// by class, with names in the scripts Convene serves kept as typed.
func TestTextHygiene(t *testing.T) {
	cases := []struct {
		name   string
		in     string
		single string // "" accepted, else the message expected
		multi  string
	}{
		{"empty", "", "", ""},
		{"Vietnamese", "Nguyễn Văn An", "", ""},
		{"Thai", "สมชาย วงศ์สกุล", "", ""},
		{"Lao", "ສົມພອນ ພົມມະຈັນ", "", ""},
		{"Khmer with ZWSP between words", "សុខ\u200bចាន់ធី", "", ""},
		{"Myanmar with ZWSP", "အောင်\u200bကျော်", "", ""},
		{"Hindi with ZWJ", "क्\u200dष", "", ""},
		{"Persian with ZWNJ", "می\u200cخواهم", "", ""},
		{"Malayalam with ZWNJ", "ന്\u200cറ", "", ""},
		{"emoji with variation selector", "Sukarno \u2764\ufe0f", "", ""},
		{"Arabic with RLM inside", "علي\u200f Ahmad", "", ""},
		{"mononym", "Sukarno", "", ""},
		{"spaces only", "   ", "", ""},
		{"leading ZWSP before a name", "\u200bAnan", "", ""},

		{"invalid UTF-8", "Nguy\xe1n", msgNotUTF8, msgNotUTF8},
		{"lone continuation byte", "\x80", msgNotUTF8, msgNotUTF8},
		{"NUL", "An\x00", msgControl, msgControlMulti},
		{"bell", "An\a", msgControl, msgControlMulti},
		{"escape (ANSI)", "\x1b[31mAn", msgControl, msgControlMulti},
		{"DEL", "An\x7f", msgControl, msgControlMulti},
		{"NEL (C1)", "An\u0085Bo", msgControl, msgControlMulti},
		{"CSI (C1)", "An\u009b", msgControl, msgControlMulti},
		{"tab", "An\tBo", msgControl, ""},
		{"LF", "An\nBo", msgControl, ""},
		{"CR LF", "An\r\nBo", msgControl, ""},
		{"line separator", "An\u2028Bo", msgControl, ""},
		{"paragraph separator", "An\u2029Bo", msgControl, ""},
		{"LRE", "An\u202aBo", msgBidi, msgBidi},
		{"RLO", "\u202eoB nA", msgBidi, msgBidi},
		{"PDF", "An\u202c", msgBidi, msgBidi},
		{"LRI", "\u2066An", msgBidi, msgBidi},
		{"FSI", "\u2068An\u2069", msgBidi, msgBidi},
		{"PDI", "An\u2069", msgBidi, msgBidi},
		{"only ZWSP", "\u200b", msgOnlyInvisible, msgOnlyInvisible},
		{"only ZWJ and ZWNJ", "\u200d\u200c", msgOnlyInvisible, msgOnlyInvisible},
		{"only word joiner", "\u2060", msgOnlyInvisible, msgOnlyInvisible},
		{"only BOM", "\ufeff", msgOnlyInvisible, msgOnlyInvisible},
		{"only variation selectors", "\ufe0f\ufe0e", msgOnlyInvisible, msgOnlyInvisible},
		{"only soft hyphen and spaces", " \u00ad ", msgOnlyInvisible, msgOnlyInvisible},
		{"only Hangul filler", "\u3164", msgOnlyInvisible, msgOnlyInvisible},
		{"only tag characters", "\U000e0041\U000e0042", msgOnlyInvisible, msgOnlyInvisible},
		{"only LRM", "\u200e", msgOnlyInvisible, msgOnlyInvisible},
		{"ZWSP and line breaks", "\u200b\n\u200b", msgControl, msgOnlyInvisible},
	}
	refusedSingle, refusedMulti := 0, 0
	for _, tc := range cases {
		if tc.single != "" {
			refusedSingle++
		}
		if tc.multi != "" {
			refusedMulti++
		}
		if got := ErrorMessage(CheckSingleLine(tc.in)); got != tc.single {
			t.Errorf("%s: single line %q: got %q, want %q", tc.name, tc.in, got, tc.single)
		}
		if got := ErrorMessage(CheckMultiLine(tc.in)); got != tc.multi {
			t.Errorf("%s: multi-line %q: got %q, want %q", tc.name, tc.in, got, tc.multi)
		}
		if err := CheckSingleLine(tc.in); err != nil && ErrorCode(err) != EINVALID {
			t.Errorf("%s: code %s", tc.name, ErrorCode(err))
		}
	}
	fmt.Printf("text hygiene rules: %d values; one line refuses %d, multi-line %d; %d accepted by both, names with ZWSP, ZWJ or ZWNJ inside among them\n",
		len(cases), refusedSingle, refusedMulti, len(cases)-refusedSingle)
}

// TestRefusedInputTravelsInContext: the verdict the web layer records is
// what the store reads.
func TestRefusedInputTravelsInContext(t *testing.T) {
	ctx := context.Background()
	if RefusedInput(ctx) != nil {
		t.Fatal("a plain context carries a refusal")
	}
	err := &Error{Code: EINVALID, Message: "x", Fields: map[string]string{"name": "x"}}
	ctx = WithActor(WithRefusedInput(ctx, err), Actor{UserID: 1})
	if RefusedInput(ctx) != err {
		t.Error("the refusal was lost when the actor was added")
	}
}
