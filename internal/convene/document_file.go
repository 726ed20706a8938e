package convene

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"
)

// The files of meeting documents and Note Verbales: their type, decided
// from their content, and their size limits.

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
