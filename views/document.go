package views

import (
	"time"

	"convene/internal/convene"
)

// DocumentsData is what a meeting's Documents page shows: the papers the
// reader may read, and for the secretariat the way to upload more.
type DocumentsData struct {
	Meeting   convene.Meeting
	Documents []convene.Document
	Reader    string // "Secretariat", the delegation's name, ...
	CanManage bool
	Limit     string // the meeting's upload limit, "20 MB"
}

// DocumentData is one paper's page: its versions, newest first, and for
// the secretariat who opened it.
type DocumentData struct {
	Meeting   convene.Meeting
	Document  convene.Document
	Openings  []convene.DocumentOpening
	CanManage bool
}

// DocumentFormData is the upload form of a new paper or of a new version
// (Document set).
type DocumentFormData struct {
	Meeting     convene.Meeting
	Document    convene.Document // zero for a new paper
	Delegations []convene.Delegation
	Limit       string
	Form        Form
}

// DocumentSettingsData is the size limits' form.
type DocumentSettingsData struct {
	Meeting convene.Meeting
	Form    Form
}

// NoteVerbaleData is a delegation's Note Verbale page.
type NoteVerbaleData struct {
	Meeting    convene.Meeting
	Delegation convene.Delegation
	Note       convene.NoteVerbale // zero when none was uploaded
	Limit      string
	Form       Form
}

// inZone writes a time in the meeting's zone, the zone named (FormatInZone
// adds its abbreviation).
func inZone(m convene.Meeting, t time.Time) string {
	return convene.FormatInZone(t, m.Location(), "2 Jan 2006 15:04")
}

// namedIn reports whether a country's id is among the ticked ones of a
// refused form ("named" holds them comma-separated).
func namedIn(f Form, id int64) bool {
	for _, s := range splitComma(f.Get("named")) {
		if s == idString(id) {
			return true
		}
	}
	return false
}

func splitComma(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			if i > start {
				out = append(out, s[start:i])
			}
			start = i + 1
		}
	}
	return out
}

// audienceLabel names a paper's audience, with the delegations of a
// named-delegations one.
func audienceLabel(d convene.Document) string {
	if d.Audience == convene.AudienceNamed && d.NamedList != "" {
		return d.Audience.Label() + ": " + d.NamedList
	}
	return d.Audience.Label()
}

func kindOptions() []Option {
	out := []Option{{Value: "", Label: "Choose…"}}
	for _, k := range convene.DocumentKinds {
		out = append(out, Option{Value: string(k), Label: k.Label()})
	}
	return out
}
