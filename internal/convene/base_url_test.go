package convene

import "testing"

func TestParseBaseURL(t *testing.T) {
	good := map[string]string{
		"https://convene.example.gov":  "https://convene.example.gov",
		"https://convene.example.gov/": "https://convene.example.gov",
		"http://127.0.0.1:8080":        "http://127.0.0.1:8080",
		" https://mod.gov.ph:8443/ ":   "https://mod.gov.ph:8443",
		"https://[2001:db8::1]:8443":   "https://[2001:db8::1]:8443",
	}
	for in, want := range good {
		got, err := ParseBaseURL(in)
		if err != nil || got != want {
			t.Errorf("ParseBaseURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "convene.example.gov", "ftp://convene.example.gov", "https://", "https://u:p@host",
		"https://host/convene", "https://host/?a=1", "https://host/#x", "/relative"} {
		if got, err := ParseBaseURL(in); err == nil {
			t.Errorf("ParseBaseURL(%q) = %q, want an error", in, got)
		}
	}
}
