package convene

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
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

// FileType is an accepted kind of file, decided by its content.
type FileType string

// The accepted file types.
const (
	FilePDF  FileType = "pdf"
	FileDOCX FileType = "docx"
	FileXLSX FileType = "xlsx"
	FilePPTX FileType = "pptx"
)

// ContentType is the MIME type a file of the type is served with.
func (t FileType) ContentType() string {
	switch t {
	case FilePDF:
		return "application/pdf"
	case FileDOCX:
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case FileXLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case FilePPTX:
		return "application/vnd.openxmlformats-officedocument.presentationml.presentation"
	}
	return "application/octet-stream"
}

// Label names the type for people.
func (t FileType) Label() string {
	switch t {
	case FilePDF:
		return "PDF"
	case FileDOCX:
		return "Word"
	case FileXLSX:
		return "Excel"
	case FilePPTX:
		return "PowerPoint"
	}
	return string(t)
}

// ooxmlMain is the content type of each OOXML type's main part, as
// [Content_Types].xml declares it (macro-enabled and template variants have
// other types and are refused).
var ooxmlMain = map[FileType]string{
	FileDOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
	FileXLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
	FilePPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}

// acceptedTypes is the sentence every refusal ends with.
const acceptedTypes = "Upload a PDF, Word (.docx), Excel (.xlsx) or PowerPoint (.pptx) file."

// DetectFileType decides a file's type from its bytes, never from its
// name: a PDF starts with %PDF-, an OOXML file is a zip whose
// [Content_Types].xml declares the main part of a document, workbook or
// presentation. The name only has to agree: a file named .pdf whose content
// is something else is refused as not matching its type. field names the
// form field the message is for.
func DetectFileType(field, name string, content []byte) (FileType, error) {
	bad := func(msg string) (FileType, error) {
		p := Problems{}
		p.Add(field, msg)
		return "", p.Err()
	}
	if len(content) == 0 {
		return bad("The file is empty. " + acceptedTypes)
	}
	if isExecutable(content) {
		return bad("This file is a program, not a document. " + acceptedTypes)
	}
	var t FileType
	switch {
	case bytes.HasPrefix(content, []byte("%PDF-")):
		t = FilePDF
	case bytes.HasPrefix(content, []byte("PK\x03\x04")):
		t = ooxmlType(content)
	}
	ext := FileType(strings.TrimPrefix(strings.ToLower(path.Ext(name)), "."))
	_, named := map[FileType]bool{FilePDF: true, FileDOCX: true, FileXLSX: true, FilePPTX: true}[ext]
	switch {
	case t == "" && named:
		return bad(fmt.Sprintf("The file is named .%s but its content is not a %s file. %s", ext, ext.Label(), acceptedTypes))
	case t == "":
		return bad("This kind of file is not accepted. " + acceptedTypes)
	case named && ext != t:
		return bad(fmt.Sprintf("The file is named .%s but its content is a %s file: its content does not match its type. Rename it or upload the right file.", ext, t.Label()))
	}
	return t, nil
}

// isExecutable recognises the programs most likely to be uploaded by
// mistake or on purpose: Windows (MZ), Linux (ELF), macOS (Mach-O) and
// scripts (#!).
func isExecutable(b []byte) bool {
	for _, magic := range [][]byte{[]byte("MZ"), []byte("\x7fELF"), []byte("#!"),
		{0xfe, 0xed, 0xfa, 0xce}, {0xfe, 0xed, 0xfa, 0xcf}, {0xce, 0xfa, 0xed, 0xfe}, {0xcf, 0xfa, 0xed, 0xfe}, {0xca, 0xfe, 0xba, 0xbe}} {
		if bytes.HasPrefix(b, magic) {
			return true
		}
	}
	return false
}

// ooxmlType reads the zip's [Content_Types].xml and returns the type whose
// main part it declares, or "" when it is not a document Convene accepts.
func ooxmlType(content []byte) FileType {
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return ""
	}
	for _, f := range zr.File {
		if f.Name != "[Content_Types].xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return ""
		}
		// [Content_Types].xml is a few kilobytes; 1 MB bounds a zip bomb.
		b, err := io.ReadAll(io.LimitReader(rc, 1<<20))
		rc.Close()
		if err != nil {
			return ""
		}
		for _, t := range []FileType{FileDOCX, FileXLSX, FilePPTX} {
			if bytes.Contains(b, []byte(`ContentType="`+ooxmlMain[t]+`"`)) {
				return t
			}
		}
		return ""
	}
	return ""
}

// Document size limits: the secretariat sets one for every meeting and may
// set another for one meeting; neither may exceed MaxDocumentLimit, which
// the upload route's body limit is built from.
const (
	DefaultDocumentLimit int64 = 20 << 20
	MaxDocumentLimit     int64 = 50 << 20
)

// CheckDocumentSize refuses a file over the limit, with the message for
// the field.
func CheckDocumentSize(field string, size, limit int64) error {
	if size <= limit {
		return nil
	}
	p := Problems{}
	p.Add(field, fmt.Sprintf("This file is %s; files for this meeting may be at most %s. Upload a smaller file (compress the PDF, or split it).",
		FormatBytes(size), FormatBytes(limit)))
	return p.Err()
}

// ValidateDocumentLimit checks a limit given in megabytes.
func ValidateDocumentLimit(field string, mb int64) error {
	if mb >= 1 && mb<<20 <= MaxDocumentLimit {
		return nil
	}
	p := Problems{}
	p.Add(field, fmt.Sprintf("Give a size in megabytes from 1 to %d.", MaxDocumentLimit>>20))
	return p.Err()
}

// FormatBytes writes a size for people: 1.5 MB, 820 KB, 12 bytes.
func FormatBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/(1<<20)), ".0") + " MB"
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+512)>>10)
	}
	return fmt.Sprintf("%d bytes", n)
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

// DocumentLimits are the upload size limits: the one for every meeting and
// a meeting's own, 0 when it has none.
type DocumentLimits struct {
	Default int64
	Meeting int64
}

// Effective is the limit that applies to the meeting's uploads.
func (l DocumentLimits) Effective() int64 {
	if l.Meeting > 0 {
		return l.Meeting
	}
	if l.Default > 0 {
		return l.Default
	}
	return DefaultDocumentLimit
}
