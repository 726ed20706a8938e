package convene

import "testing"

func TestScriptLang(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"สมชาย ใจดี", "th"},
		{"ມະນີວັນ ພົມມະຈັນ", "lo"},
		{"ហេង សុភា", "km"},
		{"အောင်ကျော်", "my"},
		{"Lt Gen. ហេង សុភា", "km"}, // an honorific in Latin letters first
		{"Nguyễn Thị Ánh", ""},
		{"Hajah Siti Aminah binti Haji Osman", ""},
		{"Suharto", ""}, // a mononym
		{"", ""},
		{"王小明", ""},
	} {
		if got := ScriptLang(tc.text); got != tc.want {
			t.Errorf("ScriptLang(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}
