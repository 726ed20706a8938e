package web

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"convene/internal/browser"
	"convene/internal/convene"
)

// pdfInfo returns a PDF's page count and its first page's size in points,
// as poppler's pdfinfo reads them.
func pdfInfo(t *testing.T, pdf []byte, name string) (int, string) {
	t.Helper()
	dir := os.Getenv("CONVENE_PDF_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatalf("pdfinfo (poppler-utils): %v", err)
	}
	pages := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
	size := regexp.MustCompile(`(?m)^Page size:\s+([\d.]+ x [\d.]+) pts`).FindSubmatch(out)
	if pages == nil || size == nil {
		t.Fatalf("pdfinfo says:\n%s", out)
	}
	n, _ := strconv.Atoi(string(pages[1]))
	return n, string(size[1])
}

// TestBadgeLayoutsInPDF prints every accredited Retreat delegate's badge
// choosing A6 for the run, then renders the run in each layout to PDF:
// ID-1 eight to an A4 sheet, ID-1 one card-sized page each, A6 four to an
// A4 sheet with its two cut lines; the page counts follow from the number
// of badges, and every badge's name is in the PDF.
func TestBadgeLayoutsInPDF(t *testing.T) {
	needChromium(t)
	app := newTestApp(t)
	ctx := t.Context()
	if _, err := browser.PrintHTML(ctx, []byte("<p>warm up</p>")); err != nil {
		t.Fatalf("start the print browser: %v", err)
	}
	c := app.as(convene.RoleOrganiser)
	_, page := c.get(retreatPath + "/badges")
	if !strings.Contains(page, `name="layout"`) || !strings.Contains(page, `value="a6"`) {
		t.Fatalf("the badges page offers no layout for the print run")
	}
	resp, _ := c.post(retreatPath+"/badges/print", url.Values{"scope": {"unprinted"}, "layout": {"a6"}})
	if resp.StatusCode != http.StatusSeeOther || !strings.HasSuffix(resp.Header.Get("Location"), "/badges/sheet?layout=a6") {
		t.Fatalf("print the run as A6: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, sheet := c.get(retreatPath + "/badges/sheet?layout=a6")
	n := strings.Count(sheet, `<article class="badge-a6"`)
	if n < 9 {
		t.Fatalf("the A6 run has %d badges, want the Retreat's accredited people", n)
	}
	if got := strings.Count(sheet, `class="cut-line`); got != 2*((n+3)/4) {
		t.Errorf("%d cut lines for %d A6 sheets, want two a sheet", got, (n+3)/4)
	}
	for _, tc := range []struct {
		layout string
		pages  int
		w, h   float64 // the page in points: A4, or the ID-1 card itself
	}{
		{"id1", (n + 7) / 8, 595.28, 841.89},
		{"id1-card", n, 242.65, 153.07},
		{"a6", (n + 3) / 4, 595.28, 841.89},
	} {
		resp, pdf := c.get(retreatPath + "/badges/sheet.pdf?layout=" + tc.layout)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", tc.layout, resp.StatusCode)
		}
		pages, size := pdfInfo(t, []byte(pdf), "badges-"+tc.layout+".pdf")
		var w, h float64
		if _, err := fmt.Sscanf(size, "%g x %g", &w, &h); err != nil || pages != tc.pages ||
			math.Abs(w-tc.w) > 1.5 || math.Abs(h-tc.h) > 1.5 {
			t.Errorf("%s: %d pages of %s pt, want %d of %.2f x %.2f", tc.layout, pages, size, tc.pages, tc.w, tc.h)
		}
		text, _ := pdfText(t, []byte(pdf), "badges-"+tc.layout+".pdf")
		for _, want := range []string{"Yang Berhormat Pehin Mohd Yusof bin Haji Ahmad", "Trần Quốc Bình", "สมชาย ใจดี"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the PDF lacks %q", tc.layout, want)
			}
		}
	}
}
