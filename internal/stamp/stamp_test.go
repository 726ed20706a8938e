package stamp

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// pdfText extracts a PDF's text with poppler's pdftotext (test.sh installs
// poppler-utils); whitespace is removed, as text extraction may split words.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext is missing (poppler-utils)")
		}
		t.Skip("pdftotext is missing (poppler-utils): ./test.sh installs it")
	}
	path := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), "")
}

func TestMinimalIsValidAndDeterministic(t *testing.T) {
	a := Minimal("Agenda", []string{"Item 1: Opening"}, []string{"Item 2: Closing"})
	if !bytes.Equal(a, Minimal("Agenda", []string{"Item 1: Opening"}, []string{"Item 2: Closing"})) {
		t.Error("Minimal gives different bytes for the same arguments")
	}
	if err := Check(a); err != nil {
		t.Fatalf("Check: %v", err)
	}
	if got := pdfText(t, a); !strings.Contains(got, "Item2:Closing") || !strings.Contains(got, "Page2of2") {
		t.Errorf("text of the minimal PDF: %q", got)
	}
}

// TestStampEveryPage stamps a two-page paper and reads the stamp back from
// each page.
func TestStampEveryPage(t *testing.T) {
	in := Minimal("Draft Joint Declaration", []string{"Page one"}, []string{"Page two"})
	out, err := Stamp(in, "Downloaded by Viet Nam on 4 February 2025 10:15 (Asia/Kuala_Lumpur)")
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(out); err != nil {
		t.Fatalf("stamped PDF does not read back: %v", err)
	}
	text := pdfText(t, out)
	if n := strings.Count(text, "DownloadedbyVietNamon4February202510:15"); n != 2 {
		t.Errorf("stamp found on %d pages, want 2: %q", n, text)
	}
}

func TestCheckRefusesBrokenPDF(t *testing.T) {
	if err := Check([]byte("%PDF-1.4\nnot really a pdf\n")); err == nil {
		t.Error("a broken PDF passed the check")
	}
}
