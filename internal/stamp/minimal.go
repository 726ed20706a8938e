package stamp

import (
	"bytes"
	"fmt"
	"strings"
)

// Minimal writes a small valid PDF of one A4 page per entry of pages, each
// a title and lines of text in Helvetica: the demo's meeting papers and the
// tests' uploads. The bytes depend only on the arguments (no date, no id),
// so the demo is the same on every run. Text is Latin-1 (WinAnsi); other
// characters are written as '?'.
func Minimal(title string, pages ...[]string) []byte {
	if len(pages) == 0 {
		pages = [][]string{nil}
	}
	var objs []string
	// 1 catalog, 2 pages, 3 font, then a page and its content per page.
	kids := make([]string, len(pages))
	for i := range pages {
		kids[i] = fmt.Sprintf("%d 0 R", 4+2*i)
	}
	objs = append(objs, "<< /Type /Catalog /Pages 2 0 R >>",
		fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pages)),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	for i, lines := range pages {
		var s strings.Builder
		fmt.Fprintf(&s, "BT /F1 16 Tf 72 770 Td (%s) Tj ET\n", pdfString(title))
		for j, l := range lines {
			fmt.Fprintf(&s, "BT /F1 11 Tf 72 %d Td (%s) Tj ET\n", 740-16*j, pdfString(l))
		}
		fmt.Fprintf(&s, "BT /F1 9 Tf 500 40 Td (Page %d of %d) Tj ET\n", i+1, len(pages))
		objs = append(objs,
			fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", 5+2*i),
			fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", s.Len(), s.String()))
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// pdfString escapes text for a PDF literal string in WinAnsi encoding.
func pdfString(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '(' || r == ')' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r >= 32 && r < 127:
			b.WriteRune(r)
		case r >= 160 && r <= 255:
			b.WriteByte(byte(r))
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}
