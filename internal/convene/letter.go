package convene

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Letters the secretariat issues from the data it approved (issue 18): a
// visa-support letter for one accredited person who needs a visa, and an
// invitation letter for a delegation. Each is made from the meeting's
// template of its kind: text with named placeholders such as
// {{name_in_passport}}, which FillLetter replaces with the approved values.

// LetterKind is which letter a template or an issued letter is.
type LetterKind string

// The kinds of letter.
const (
	LetterVisa       LetterKind = "visa"
	LetterInvitation LetterKind = "invitation"
)

// LetterKinds are the kinds in the order pages list them.
var LetterKinds = []LetterKind{LetterVisa, LetterInvitation}

// Label is the kind in plain words.
func (k LetterKind) Label() string {
	switch k {
	case LetterVisa:
		return "Visa-support letter"
	case LetterInvitation:
		return "Invitation letter"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k LetterKind) Valid() bool { return k == LetterVisa || k == LetterInvitation }

// referenceWord is the kind's part of a reference: ADMM-RETREAT-2025/VISA/0007.
func (k LetterKind) referenceWord() string {
	if k == LetterVisa {
		return "VISA"
	}
	return "INV"
}

// LetterReference is the numbered reference of the seq-th letter of a kind
// of a meeting: the meeting's code in capitals, the kind and the number.
func LetterReference(meetingCode string, k LetterKind, seq int) string {
	return fmt.Sprintf("%s/%s/%04d", strings.ToUpper(meetingCode), k.referenceWord(), seq)
}

// Placeholders each kind of letter may use, with what they stand for (the
// template page lists them). Person placeholders make no sense in a letter
// to a whole delegation, so the invitation refuses them.
var letterPlaceholders = map[LetterKind]map[string]string{
	LetterVisa: {
		"name":               "the person's name as written, with honorific",
		"name_in_passport":   "the name exactly as printed in the passport (the name as written if the same)",
		"nationality":        "the nationality (the passport's country code)",
		"passport_type":      "ordinary, official or diplomatic",
		"passport_number":    "the passport number",
		"passport_expiry":    "the passport's expiry date",
		"position":           "the person's position",
		"delegation":         "the delegation's country or organisation",
		"meeting":            "the meeting's title",
		"dates":              "the meeting's dates",
		"venue":              "the venue and city",
		"reference":          "the letter's numbered reference",
		"date":               "the date of issue",
		"signatory":          "who signs the letter",
		"head_of_delegation": "the head of delegation's name",
		"ministry":           "the delegation's ministry",
	},
	LetterInvitation: {
		"delegation":         "the delegation's country or organisation",
		"meeting":            "the meeting's title",
		"dates":              "the meeting's dates",
		"venue":              "the venue and city",
		"reference":          "the letter's numbered reference",
		"date":               "the date of issue",
		"signatory":          "who signs the letter",
		"head_of_delegation": "the head of delegation's name",
		"ministry":           "the delegation's ministry",
		"addressee":          "the head of delegation if named, else the ministry",
	},
}

// Placeholder is one placeholder a template may use.
type Placeholder struct{ Name, Meaning string }

// LetterPlaceholders lists the placeholders of a kind, by name.
func LetterPlaceholders(k LetterKind) []Placeholder {
	var out []Placeholder
	for n, m := range letterPlaceholders[k] {
		out = append(out, Placeholder{n, m})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// MaxLetterBody is the longest template text accepted: a letter is a page.
const MaxLetterBody = 8000

// LetterTemplate is a meeting's template of one kind.
type LetterTemplate struct {
	MeetingID      int64
	Kind           LetterKind
	Body           string
	Signatory      string // name and title, one per line
	Letterhead     []byte // PNG or JPEG, checked by content; nil for none
	LetterheadType string // image/png or image/jpeg
	FocalMayIssue  bool   // visa template: focal points may issue their own people's letters
	Default        bool   // filled on read: no row, the shipped default
}

// templatePart is a piece of a parsed template: text, or a placeholder.
type templatePart struct {
	text        string
	placeholder string
}

// parseLetter splits a template into text and placeholders, refusing an
// unknown placeholder or an unclosed "{{" with a message for the body field.
func parseLetter(k LetterKind, body string) ([]templatePart, error) {
	known := letterPlaceholders[k]
	var parts []templatePart
	rest := body
	for {
		i := strings.Index(rest, "{{")
		if i < 0 {
			parts = append(parts, templatePart{text: rest})
			return parts, nil
		}
		parts = append(parts, templatePart{text: rest[:i]})
		j := strings.Index(rest[i:], "}}")
		if j < 0 {
			return nil, Problems{"body": "A placeholder opened with {{ is not closed with }}."}.Err()
		}
		name := strings.TrimSpace(rest[i+2 : i+j])
		if _, ok := known[name]; !ok {
			var names []string
			for _, p := range LetterPlaceholders(k) {
				names = append(names, "{{"+p.Name+"}}")
			}
			return nil, Problems{"body": fmt.Sprintf("{{%s}} is not a placeholder of the %s. Use only: %s.",
				name, strings.ToLower(k.Label()), strings.Join(names, ", "))}.Err()
		}
		parts = append(parts, templatePart{placeholder: name})
		rest = rest[i+j+2:]
	}
}

// Validate checks a template before it is saved: a known kind, a body that
// is not empty and not too long, and only the kind's placeholders.
func (t *LetterTemplate) Validate() error {
	t.Body = strings.TrimSpace(strings.ReplaceAll(t.Body, "\r\n", "\n"))
	t.Signatory = strings.TrimSpace(strings.ReplaceAll(t.Signatory, "\r\n", "\n"))
	if !t.Kind.Valid() {
		return Errorf(EINVALID, "Unknown kind of letter.")
	}
	p := Problems{}
	switch {
	case t.Body == "":
		p.Add("body", "Write the letter's text.")
	case len([]rune(t.Body)) > MaxLetterBody:
		p.Add("body", fmt.Sprintf("Use at most %d characters: a letter is one page.", MaxLetterBody))
	default:
		if _, err := parseLetter(t.Kind, t.Body); err != nil {
			mergeFields(p, err)
		}
	}
	if len([]rune(t.Signatory)) > 300 {
		p.Add("signatory", "Use at most 300 characters.")
	}
	return p.Err()
}

// mergeFields adds the field messages of err to p.
func mergeFields(p Problems, err error) {
	for f, m := range ErrorFields(err) {
		p.Add(f, m)
	}
}

// LetterValues are the values a letter's placeholders take, by name.
type LetterValues map[string]string

// FillLetter replaces the placeholders of a template body with values; the
// result is plain text whose blank lines separate paragraphs. A template
// that does not parse (never saved: Validate refuses it) is an error.
func FillLetter(k LetterKind, body string, v LetterValues) (string, error) {
	parts, err := parseLetter(k, body)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, p := range parts {
		if p.placeholder != "" {
			b.WriteString(v[p.placeholder])
		} else {
			b.WriteString(p.text)
		}
	}
	return b.String(), nil
}

// Paragraphs splits a filled letter into paragraphs at blank lines.
func Paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// MeetingDates are a meeting's dates as a letter writes them after "on":
// "25–27 February 2025", "28 February – 1 March 2025", "26 February 2025",
// or "February 2025" for a meeting whose dates are not fixed.
func MeetingDates(m Meeting) string {
	s, e := m.StartDate.In(time.UTC), m.EndDate.In(time.UTC)
	switch {
	case m.Tentative():
		return s.Format("January 2006")
	case m.EndDate.IsZero() || m.EndDate == m.StartDate:
		return s.Format("2 January 2006")
	case s.Year() != e.Year():
		return s.Format("2 January 2006") + " – " + e.Format("2 January 2006")
	case s.Month() != e.Month():
		return s.Format("2 January") + " – " + e.Format("2 January 2006")
	}
	return s.Format("2") + "–" + e.Format("2 January 2006")
}

// ministries are the defence ministries of the ASEAN participants by their
// own names, in the form a sentence can carry ("presents its compliments
// to the Ministry of National Defence of Cambodia").
var ministries = map[string]string{
	"BRN": "Ministry of Defence of Brunei Darussalam", "KHM": "Ministry of National Defence of Cambodia",
	"IDN": "Ministry of Defence of the Republic of Indonesia", "LAO": "Ministry of National Defence of the Lao PDR",
	"MYS": "Ministry of Defence of Malaysia", "MMR": "Ministry of Defence of Myanmar",
	"PHL": "Department of National Defense of the Philippines", "SGP": "Ministry of Defence of Singapore",
	"THA": "Ministry of Defence of Thailand", "VNM": "Ministry of National Defence of Viet Nam",
	"TLS": "Ministry of Defence of Timor-Leste",
}

// LetterVenue is the venue and city, each part once ("Shangri-La Hotel,
// Pulau Pinang" in "George Town, Pulau Pinang": "Shangri-La Hotel, Pulau
// Pinang, George Town").
func LetterVenue(m Meeting) string {
	parts := []string{}
	seen := map[string]bool{}
	for _, p := range strings.Split(m.VenueName+","+m.City, ",") {
		if p = strings.TrimSpace(p); p != "" && !seen[strings.ToLower(p)] {
			parts, seen[strings.ToLower(p)] = append(parts, p), true
		}
	}
	return strings.Join(parts, ", ")
}

// MinistryOf is how a letter names a delegation's ministry: the ministry
// of defence of its country, or an organisation by its own name.
func MinistryOf(c Country) string {
	// Organisations take a code from the user-assigned range XAA-XZZ.
	if c.Standing == StandingOrganisation || strings.HasPrefix(c.ISO3, "X") {
		return c.Name
	}
	if n, ok := ministries[c.ISO3]; ok {
		return n
	}
	return "Ministry of Defence of " + c.Name
}

// Letter is one issued letter, with its PDF stored as issued.
type Letter struct {
	ID           int64
	MeetingID    int64
	Kind         LetterKind
	Seq          int
	Reference    string
	DelegationID int64
	DelegateID   int64 // visa letters only
	Addressee    string
	IssuedAt     time.Time
	IssuedBy     int64
	IssuedByName string // filled on read
	PDF          []byte // filled by FindLetter only
	Country      Country
}

// LetterFilter selects issued letters of a meeting.
type LetterFilter struct {
	MeetingID    int64
	Kind         LetterKind
	DelegationID int64
	DelegateID   int64
}

// DefaultLetterBody is the text a meeting's template of a kind starts
// with, written as a host secretariat writes such letters; the secretariat
// edits it per meeting.
func DefaultLetterBody(k LetterKind) string {
	if k == LetterInvitation {
		return defaultInvitation
	}
	return defaultVisa
}

// DefaultSignatory signs a letter until the secretariat names someone.
const DefaultSignatory = "Head of the Secretariat\nASEAN Defence Ministers' Meeting Secretariat"

const defaultVisa = `Ref.: {{reference}}
Date: {{date}}

To: The Embassy, High Commission or Consulate concerned

VISA SUPPORT LETTER

The Secretariat of the {{meeting}} presents its compliments and has the honour to confirm that the person named below is an accredited member of the delegation of {{delegation}} to the {{meeting}}, to be held at {{venue}} on {{dates}}.

Name: {{name}}
Name as in passport: {{name_in_passport}}
Nationality: {{nationality}}
Passport: {{passport_type}}, No. {{passport_number}}, valid until {{passport_expiry}}
Position: {{position}}

The Secretariat would be grateful if the competent authorities could extend every assistance in the issuance of the appropriate entry visa to the above-named delegate for the duration of the meeting.

This letter is issued at the request of the {{ministry}} solely to support a visa application. It does not by itself authorise entry, and it is valid only with the passport named above.

The Secretariat avails itself of this opportunity to renew the assurances of its highest consideration.`

const defaultInvitation = `Ref.: {{reference}}
Date: {{date}}

{{addressee}}
{{ministry}}

LETTER OF INVITATION

The Secretariat of the {{meeting}} presents its compliments to the {{ministry}} and has the honour to invite the delegation of {{delegation}} to attend the {{meeting}}, to be held at {{venue}} on {{dates}}.

The Secretariat would be grateful to receive the composition of the delegation, confirmed by Note Verbale, and the registration of each delegate through the online registration system at the earliest convenience. The host will extend courtesies to the head of delegation and provide local transport and security for the delegation during the meeting.

The Secretariat looks forward to welcoming the delegation of {{delegation}} and avails itself of this opportunity to renew to the {{ministry}} the assurances of its highest consideration.`

// LetterContext is what a letter's values are made of: the meeting, the
// delegation's country, its head, the reference and date of issue, and the
// signatory. Person is the approved record (visa letters only).
type LetterContext struct {
	Meeting   Meeting
	Country   Country
	Head      string // the head of delegation's display name; empty if not named
	Person    Delegate
	Reference string
	Date      Date
	Signatory string
	// Nationalities names nationality codes ("KHM": "Cambodia"); a code
	// without a name prints as the code.
	Nationalities map[string]string
}

// Values are the placeholders' values of a letter of kind k.
func (x LetterContext) Values(k LetterKind) LetterValues {
	venue := LetterVenue(x.Meeting)
	head := x.Head
	addressee := head
	if addressee == "" {
		addressee = "The Head of Delegation"
	}
	v := LetterValues{"delegation": x.Country.Name, "meeting": x.Meeting.Title, "dates": MeetingDates(x.Meeting),
		"venue": venue, "reference": x.Reference, "date": x.Date.Long(), "head_of_delegation": head,
		"ministry": MinistryOf(x.Country), "addressee": addressee,
		"signatory": strings.Join(strings.Split(x.Signatory, "\n"), ", ")}
	if k == LetterVisa {
		p := x.Person
		v["name"] = p.DisplayName()
		v["name_in_passport"] = p.NameInPassport()
		v["nationality"] = p.Nationality
		if n := x.Nationalities[p.Nationality]; n != "" {
			v["nationality"] = n
		}
		v["passport_type"] = p.PassportType.Label()
		if p.PassportType == "" {
			v["passport_type"] = PassportOrdinary.Label()
		}
		v["passport_number"] = p.PassportNumber
		v["passport_expiry"] = p.PassportExpiry.Long()
		v["position"] = p.Position
	}
	return v
}

// SampleLetterPerson is the made-up person a template's preview shows
// when no real person is chosen; the passport number is visibly fake.
var SampleLetterPerson = Delegate{Honorific: "Col.", GivenName: "Văn An", FamilyName: "Nguyễn", FamilyNameFirst: true,
	PassportName: "NGUYEN VAN AN", Nationality: "VNM", PassportType: PassportOfficial, PassportNumber: "X0000000",
	PassportExpiry: Date{Year: 2031, Month: 12, Day: 31}, Position: "Deputy Director, Department of Defence Policy"}

// CanIssueVisaLetter decides whether a person may have a visa-support
// letter, in plain words for the page when not: only an accredited person
// whose nationality and passport need a visa for the host country, with a
// passport number on file.
func CanIssueVisaLetter(p Delegate, rules VisaRules, hostISO3 string) error {
	switch {
	case p.Status != RegAccredited:
		return Errorf(ECONFLICT, "A visa-support letter is issued only for an accredited person; %s is %s.",
			p.FullName(), strings.ToLower(p.Status.Label()))
	case !NeedsVisa(rules, hostISO3, p.Nationality, p.PassportType):
		return Errorf(ECONFLICT, "%s needs no visa: by the visa rules of the host country, nationality %s with a %s passport is exempt.",
			p.FullName(), p.Nationality, strings.ToLower(p.PassportType.Label()))
	case p.PassportNumber == "" || p.PassportExpiry.IsZero():
		return Errorf(ECONFLICT, "Record %s's passport number and expiry date first: the letter prints them.", p.FullName())
	}
	return nil
}
