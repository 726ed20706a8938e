package icalfeed_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"convene/internal/convene"
	"convene/internal/icalfeed"
)

// khmerTitle is long enough (well over 75 octets: each Khmer letter is three
// in UTF-8) that its SUMMARY line must be folded, and folding must not cut
// a character in two.
const khmerTitle = "កិច្ចប្រជុំពិសេសរបស់រដ្ឋមន្ត្រីការពារជាតិអាស៊ាន ស្តីពីសន្តិសុខដែនសមុទ្រ និងការឆ្លើយតបនឹងគ្រោះមហន្តរាយ"

func sampleFeed() icalfeed.Feed {
	start := time.Date(2025, 2, 25, 1, 0, 0, 0, time.UTC)
	return icalfeed.Feed{
		Name: "ADMM Retreat 2025 programme",
		Host: "convene.example",
		Meetings: map[int64]convene.Meeting{7: {
			ID: 7, Title: "ADMM Retreat 2025", TimeZone: "Asia/Kuala_Lumpur", VenueName: "Eastern & Oriental Hotel",
		}},
		Sessions: []convene.Session{{
			ID: 3, MeetingID: 7, Title: khmerTitle, Kind: convene.SessionPlenary,
			StartsAt: start, EndsAt: start.Add(90 * time.Minute), RoomName: "Ballroom",
			Attendance: convene.AttendHeadsPlus, HeadsPlus: 1, Visibility: convene.VisiblePublic,
			PublicNotes: "Interpretation: English, Khmer. Seating by protocol order, name plates on the table.",
			Sequence:    2, UpdatedAt: start.Add(-time.Hour),
		}},
		Now: start.Add(-2 * time.Hour),
	}
}

// TestFeedLinesAreCRLFAndFolded checks RFC 5545 section 3.1 on the writer's
// bytes: every line ends in CRLF, none is longer than 75 octets, every
// continuation starts with one space, and no fold cuts a UTF-8 character.
func TestFeedLinesAreCRLFAndFolded(t *testing.T) {
	var buf bytes.Buffer
	if err := icalfeed.Write(&buf, sampleFeed()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasSuffix(out, "\r\n") {
		t.Fatalf("the feed does not end in CRLF: %q", out[max(0, len(out)-20):])
	}
	lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
	folded := 0
	for i, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d is %d octets (RFC 5545 allows 75): %q", i+1, len(l), l)
		}
		if strings.HasPrefix(l, " ") {
			folded++
			if len(l) < 2 {
				t.Errorf("line %d: empty continuation", i+1)
			}
		}
		if !isValidUTF8Start(l) {
			t.Errorf("line %d starts inside a UTF-8 character: %q", i+1, l)
		}
	}
	if folded == 0 {
		t.Error("no line was folded, yet the Khmer title is longer than 75 octets")
	}
	// Unfolded, the title and the rule come back whole.
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	if !strings.Contains(unfolded, "SUMMARY:"+khmerTitle+"\r\n") {
		t.Error("the unfolded feed does not hold the Khmer title intact")
	}
	if !strings.Contains(unfolded, "Heads of delegation plus 1") {
		t.Error(`the description does not print the rule in full ("Heads of delegation plus 1")`)
	}
}

func isValidUTF8Start(l string) bool {
	s := strings.TrimPrefix(l, " ")
	return s == "" || s[0]&0xC0 != 0x80
}

// parseScript reads an .ics on stdin with python3-icalendar, a parser
// written independently of the Go library that writes the feed, and prints
// each event's summary and description as JSON.
const parseScript = `
import sys, json
from icalendar import Calendar
cal = Calendar.from_ical(sys.stdin.buffer.read())
out = []
for e in cal.walk('VEVENT'):
    out.append({"summary": str(e.get('summary')), "description": str(e.get('description')),
                "start": e.decoded('dtstart').isoformat()})
print(json.dumps(out))
`

// pythonWithICalendar finds a python3 that imports icalendar: Debian's
// /usr/bin/python3 (where apt puts python3-icalendar) first, then the one
// on PATH (which may be a pyenv shim without the package); "" when none.
func pythonWithICalendar() string {
	candidates := []string{"/usr/bin/python3"}
	if p, err := exec.LookPath("python3"); err == nil {
		candidates = append(candidates, p)
	}
	for _, p := range candidates {
		if exec.Command(p, "-c", "import icalendar").Run() == nil {
			return p
		}
	}
	return ""
}

// TestFeedParsesWithPythonICalendar: python3-icalendar (Debian package,
// installed by test.sh) reads the feed back with the long Khmer title and
// the attendance rule intact.
func TestFeedParsesWithPythonICalendar(t *testing.T) {
	py := pythonWithICalendar()
	if py == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3-icalendar is not installed and CI=true: the feed must be checked by an independent parser")
		}
		t.Skip("python3-icalendar is not installed (test.sh installs it with apt-get)")
	}
	var buf bytes.Buffer
	if err := icalfeed.Write(&buf, sampleFeed()); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, "-c", parseScript)
	cmd.Stdin = &buf
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	got, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3-icalendar could not parse the feed: %v\n%s", err, stderr.String())
	}
	var events []struct{ Summary, Description, Start string }
	if err := json.Unmarshal(got, &events); err != nil {
		t.Fatalf("%v: %s", err, got)
	}
	if len(events) != 1 {
		t.Fatalf("parsed %d events, want 1", len(events))
	}
	e := events[0]
	if e.Summary != khmerTitle {
		t.Errorf("summary parsed back as %q, want %q", e.Summary, khmerTitle)
	}
	if !strings.Contains(e.Description, "Heads of delegation plus 1") {
		t.Errorf("description %q does not carry the full rule", e.Description)
	}
	if e.Start != "2025-02-25T01:00:00+00:00" {
		t.Errorf("start parsed back as %s", e.Start)
	}
}
