package convene

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"time"
)

// Meeting documents (issue 18): the papers the secretariat circulates
// (agenda, concept paper, draft declaration...), each to one audience, in
// numbered versions. Who may read which audience, which files are accepted
// and how large they may be are decided here, by pure functions.

// DocumentKind is what a meeting paper is.
type DocumentKind string

// The kinds of meeting papers.
const (
	DocAgenda           DocumentKind = "agenda"
	DocConceptPaper     DocumentKind = "concept_paper"
	DocDraftDeclaration DocumentKind = "draft_declaration"
	DocPresentation     DocumentKind = "presentation"
	DocReport           DocumentKind = "report"
	DocInformationNote  DocumentKind = "information_note"
)

// DocumentKinds lists the kinds in the order forms offer them.
var DocumentKinds = []DocumentKind{DocAgenda, DocConceptPaper, DocDraftDeclaration, DocPresentation, DocReport, DocInformationNote}

// Label is the kind as people read it.
func (k DocumentKind) Label() string {
	switch k {
	case DocAgenda:
		return "Agenda"
	case DocConceptPaper:
		return "Concept paper"
	case DocDraftDeclaration:
		return "Draft declaration"
	case DocPresentation:
		return "Presentation"
	case DocReport:
		return "Report"
	case DocInformationNote:
		return "Information note"
	}
	return string(k)
}

// Audience says who may read a document.
type Audience string

// The audiences, from the widest to the narrowest.
const (
	AudiencePublic      Audience = "public"
	AudienceDelegations Audience = "delegations" // every delegation of the meeting
	AudienceHeads       Audience = "heads"       // heads of delegation only
	AudienceNamed       Audience = "named"       // the delegations named on the document
	AudienceSecretariat Audience = "secretariat"
)

// Audiences lists the audiences in the order forms offer them.
var Audiences = []Audience{AudiencePublic, AudienceDelegations, AudienceHeads, AudienceNamed, AudienceSecretariat}

// Label is the audience as people read it.
func (a Audience) Label() string {
	switch a {
	case AudiencePublic:
		return "Public"
	case AudienceDelegations:
		return "All delegations"
	case AudienceHeads:
		return "Heads of delegation only"
	case AudienceNamed:
		return "Named delegations"
	case AudienceSecretariat:
		return "Secretariat only"
	}
	return string(a)
}

// Restricted reports whether the audience is narrower than the public: a
// restricted PDF is stamped with its reader on every download.
func (a Audience) Restricted() bool { return a != AudiencePublic }

// DocumentReader is who asks for a meeting's documents, as far as the
// audience rule needs to know: the store builds it from the actor and the
// meeting (a focal point's or a delegate's delegation at that meeting).
type DocumentReader struct {
	Secretariat bool   // administrators and officers: every document
	Organiser   bool   // organisers: public and all-delegations papers (they print them)
	CountryID   int64  // the delegation of this meeting the reader belongs to, 0 for none
	Head        bool   // the reader is that delegation's head of delegation
	Delegation  string // the delegation's name, for the stamp and the download record
}

// Stamp is who a restricted PDF names as its reader.
func (r DocumentReader) Stamp() string {
	switch {
	case r.Secretariat:
		return "Secretariat"
	case r.CountryID != 0:
		return r.Delegation
	case r.Organiser:
		return "Organiser"
	}
	return "Public"
}

// CanRead reports whether a reader may see a document of the audience;
// named are the countries a named-delegations document names. Focal points
// are not heads of delegation: a heads-only paper reaches the head's own
// account (decision of issue 18). Anything the reader may not read answers
// ENOTFOUND, exactly like a missing document.
func CanRead(r DocumentReader, a Audience, named []int64) bool {
	switch a {
	case AudiencePublic:
		return true
	case AudienceSecretariat:
		return r.Secretariat
	case AudienceDelegations:
		return r.Secretariat || r.Organiser || r.CountryID != 0
	case AudienceHeads:
		return r.Secretariat || (r.CountryID != 0 && r.Head)
	case AudienceNamed:
		return r.Secretariat || (r.CountryID != 0 && slices.Contains(named, r.CountryID))
	}
	return false // an unknown audience fails closed
}

// Document is one meeting paper with its versions, newest first.
type Document struct {
	ID        int64
	MeetingID int64
	Title     string
	Reference string // the secretariat's reference number, e.g. ADMM/RET/2025/01
	Kind      DocumentKind
	Audience  Audience
	Named     []int64 // the countries of a named-delegations document
	NamedList string  // filled on read: their names, for pages
	Versions  []DocVersion
	Current   DocVersion // the newest version (filled on read)
}

// DocVersion is one uploaded file of a document.
type DocVersion struct {
	ID         int64
	DocumentID int64
	Number     int
	FileName   string
	Type       FileType
	Size       int64
	SHA256     string
	Changes    string // what changed since the previous version
	UploadedBy string // filled on read
	UploadedAt time.Time
}

// DownloadName is the file name a version is served under: the stored name
// with the extension of its real type.
func (v DocVersion) DownloadName() string {
	base := strings.TrimSuffix(path.Base(v.FileName), path.Ext(v.FileName))
	if base == "" || base == "." || base == "/" {
		base = "document"
	}
	return fmt.Sprintf("%s-v%d.%s", base, v.Number, v.Type)
}

// ValidateDocument checks a document's fields before it is stored.
func ValidateDocument(d Document) error {
	p := Problems{}
	if strings.TrimSpace(d.Title) == "" {
		p.Add("title", "Give the document a title.")
	} else if len([]rune(d.Title)) > 200 {
		p.Add("title", "Keep the title under 200 characters.")
	}
	if len([]rune(d.Reference)) > 80 {
		p.Add("reference", "Keep the reference number under 80 characters.")
	}
	if !slices.Contains(DocumentKinds, d.Kind) {
		p.Add("kind", "Choose what kind of paper this is.")
	}
	if !slices.Contains(Audiences, d.Audience) {
		p.Add("audience", "Choose who may read it.")
	} else if d.Audience == AudienceNamed && len(d.Named) == 0 {
		p.Add("named", "Tick the delegations that may read it.")
	}
	return p.Err()
}

// DocumentOpening is one delegation's (or the secretariat's) reading of a
// document: the versions it downloaded, first and last time.
type DocumentOpening struct {
	Reader   string // the delegation's name, "Secretariat" or "Visitors"
	Versions string // "1, 2"
	Count    int
	First    time.Time
	Last     time.Time
}

// NoteVerbale is the metadata of a delegation's Note Verbale confirming its
// composition (the file itself is read only to be served).
type NoteVerbale struct {
	DelegationID int64
	CountryID    int64
	FileName     string
	Size         int64
	UploadedBy   string
	UploadedAt   time.Time
}

// CheckNoteVerbale accepts a Note Verbale: a PDF (by content) within the
// limit.
func CheckNoteVerbale(field, name string, content []byte, limit int64) error {
	if err := CheckDocumentSize(field, int64(len(content)), limit); err != nil {
		return err
	}
	t, err := DetectFileType(field, name, content)
	if err != nil {
		return err
	}
	if t != FilePDF {
		p := Problems{}
		p.Add(field, "A Note Verbale is uploaded as a PDF (scan or export the signed note to PDF).")
		return p.Err()
	}
	return nil
}
