package convene

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

// TestCanRead is the audience rule as a table: every audience against the
// secretariat, an organiser, a head of delegation, a delegate or focal point
// of a named and of an unnamed delegation, someone of no delegation of the
// meeting, and a visitor.
func TestCanRead(t *testing.T) {
	const vnm, tha = 7, 9
	named := []int64{vnm}
	readers := []struct {
		name string
		r    DocumentReader
		want map[Audience]bool
	}{
		{"secretariat", DocumentReader{Secretariat: true},
			map[Audience]bool{AudiencePublic: true, AudienceDelegations: true, AudienceHeads: true, AudienceNamed: true, AudienceSecretariat: true}},
		{"organiser", DocumentReader{Organiser: true},
			map[Audience]bool{AudiencePublic: true, AudienceDelegations: true}},
		{"head of a named delegation", DocumentReader{CountryID: vnm, Head: true},
			map[Audience]bool{AudiencePublic: true, AudienceDelegations: true, AudienceHeads: true, AudienceNamed: true}},
		{"delegate of a named delegation", DocumentReader{CountryID: vnm},
			map[Audience]bool{AudiencePublic: true, AudienceDelegations: true, AudienceNamed: true}},
		{"head of another delegation", DocumentReader{CountryID: tha, Head: true},
			map[Audience]bool{AudiencePublic: true, AudienceDelegations: true, AudienceHeads: true}},
		{"delegate of another delegation", DocumentReader{CountryID: tha},
			map[Audience]bool{AudiencePublic: true, AudienceDelegations: true}},
		{"no delegation at this meeting", DocumentReader{Head: true},
			map[Audience]bool{AudiencePublic: true}},
		{"visitor", DocumentReader{}, map[Audience]bool{AudiencePublic: true}},
	}
	for _, tc := range readers {
		for _, a := range append(Audiences, Audience("bogus")) {
			if got := CanRead(tc.r, a, named); got != tc.want[a] {
				t.Errorf("%s reading %s: got %v, want %v", tc.name, a, got, tc.want[a])
			}
		}
	}
}

// ooxml builds a zip with a [Content_Types].xml declaring main as its main
// part's content type.
func ooxml(t *testing.T, main string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	f, err := w.Create("[Content_Types].xml")
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Override PartName="/main.xml" ContentType="` + main + `"/></Types>`))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDetectFileType(t *testing.T) {
	pdf := []byte("%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
	docx := ooxml(t, ooxmlMain[FileDOCX])
	xlsx := ooxml(t, ooxmlMain[FileXLSX])
	pptx := ooxml(t, ooxmlMain[FilePPTX])
	docm := ooxml(t, "application/vnd.ms-word.document.macroEnabled.main+xml")
	var plainZip bytes.Buffer
	zw := zip.NewWriter(&plainZip)
	zw.Create("readme.txt")
	zw.Close()
	cases := []struct {
		name    string
		content []byte
		want    FileType
		err     string // part of the message, "" when accepted
	}{
		{"agenda.pdf", pdf, FilePDF, ""},
		{"AGENDA.PDF", pdf, FilePDF, ""},
		{"agenda", pdf, FilePDF, ""},
		{"concept.docx", docx, FileDOCX, ""},
		{"budget.xlsx", xlsx, FileXLSX, ""},
		{"slides.pptx", pptx, FilePPTX, ""},
		{"slides.pdf", pptx, "", "does not match its type"},
		{"agenda.docx", pdf, "", "does not match its type"},
		{"setup.exe", []byte("MZ\x90\x00\x03"), "", "a program"},
		{"agenda.pdf", []byte("MZ\x90\x00\x03"), "", "a program"},
		{"run.pdf", []byte("\x7fELF\x02\x01"), "", "a program"},
		{"install.sh", []byte("#!/bin/sh\nrm -rf /\n"), "", "a program"},
		{"agenda.pdf", []byte("<html><script>alert(1)</script></html>"), "", "not a PDF file"},
		{"notes.txt", []byte("hello"), "", "not accepted"},
		{"macro.docx", docm, "", "not a Word file"},
		{"archive.zip", plainZip.Bytes(), "", "not accepted"},
		{"broken.xlsx", []byte("PK\x03\x04garbage"), "", "not a Excel file"},
		{"empty.pdf", nil, "", "empty"},
	}
	for _, tc := range cases {
		got, err := DetectFileType("file", tc.name, tc.content)
		if tc.err == "" {
			if err != nil || got != tc.want {
				t.Errorf("%s: got %q, %v; want %q", tc.name, got, err, tc.want)
			}
			continue
		}
		msg := ErrorFields(err)["file"]
		if err == nil || ErrorCode(err) != EINVALID || !strings.Contains(msg, tc.err) {
			t.Errorf("%s: got %q, %v (%q); want a refusal saying %q", tc.name, got, err, msg, tc.err)
		}
	}
}

func TestDocumentSizeAndLimit(t *testing.T) {
	sizes := []struct {
		size, limit int64
		ok          bool
	}{
		{20 << 20, DefaultDocumentLimit, true},
		{20<<20 + 1, DefaultDocumentLimit, false},
		{0, 1 << 20, true},
		{5 << 20, 1 << 20, false},
	}
	for _, tc := range sizes {
		err := CheckDocumentSize("file", tc.size, tc.limit)
		if (err == nil) != tc.ok {
			t.Errorf("size %d limit %d: %v", tc.size, tc.limit, err)
		}
		if err != nil && !strings.Contains(ErrorFields(err)["file"], FormatBytes(tc.limit)) {
			t.Errorf("size %d: message %q does not name the limit", tc.size, ErrorFields(err)["file"])
		}
	}
	for mb, ok := range map[int64]bool{0: false, 1: true, 20: true, 50: true, 51: false, -3: false} {
		if err := ValidateDocumentLimit("limit", mb); (err == nil) != ok {
			t.Errorf("limit %d MB: %v", mb, err)
		}
	}
	for n, want := range map[int64]string{12: "12 bytes", 2048: "2 KB", 20 << 20: "20 MB", 3 << 19: "1.5 MB"} {
		if got := FormatBytes(n); got != want {
			t.Errorf("FormatBytes(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestValidateDocument(t *testing.T) {
	ok := Document{Title: "Draft Joint Declaration", Kind: DocDraftDeclaration, Audience: AudienceHeads}
	cases := []struct {
		change func(*Document)
		field  string
	}{
		{func(*Document) {}, ""},
		{func(d *Document) { d.Title = "  " }, "title"},
		{func(d *Document) { d.Title = strings.Repeat("ẞ", 201) }, "title"},
		{func(d *Document) { d.Reference = strings.Repeat("x", 81) }, "reference"},
		{func(d *Document) { d.Kind = "memo" }, "kind"},
		{func(d *Document) { d.Audience = "friends" }, "audience"},
		{func(d *Document) { d.Audience = AudienceNamed }, "named"},
		{func(d *Document) { d.Audience, d.Named = AudienceNamed, []int64{3} }, ""},
	}
	for i, tc := range cases {
		d := ok
		tc.change(&d)
		err := ValidateDocument(d)
		if tc.field == "" {
			if err != nil {
				t.Errorf("case %d: %v", i, err)
			}
		} else if ErrorFields(err)[tc.field] == "" {
			t.Errorf("case %d: no message for %s: %v", i, tc.field, err)
		}
	}
}

func TestDownloadNameAndNoteVerbale(t *testing.T) {
	v := DocVersion{FileName: "../../etc/Agenda (final).PDF", Number: 3, Type: FilePDF}
	if got := v.DownloadName(); got != "Agenda (final)-v3.pdf" {
		t.Errorf("DownloadName = %q", got)
	}
	pdf := []byte("%PDF-1.4\n%%EOF\n")
	if err := CheckNoteVerbale("file", "nv.pdf", pdf, 1<<20); err != nil {
		t.Errorf("a PDF Note Verbale: %v", err)
	}
	if err := CheckNoteVerbale("file", "nv.docx", ooxml(t, ooxmlMain[FileDOCX]), 1<<20); ErrorFields(err)["file"] == "" {
		t.Errorf("a Word Note Verbale was accepted: %v", err)
	}
	if err := CheckNoteVerbale("file", "nv.pdf", pdf, 4); ErrorFields(err)["file"] == "" {
		t.Errorf("an oversized Note Verbale was accepted: %v", err)
	}
}
