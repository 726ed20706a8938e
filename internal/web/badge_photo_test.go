package web

import (
	"fmt"
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

// TestBadgeSheetCarriesThePhoto: the secretariat uploads Viet Nam's
// minister's photo; the organiser prints Viet Nam's badges. On the sheet's
// page the minister's badge shows the photo (from the photo route, which
// the page's policy allows) and the alternate head's badge is marked "No
// photo", with her listed at the top of the preview and counted; the PDF
// Chromium prints carries the photo as its one image (pdfimages) and never
// prints the "No photo" mark.
func TestBadgeSheetCarriesThePhoto(t *testing.T) {
	app := newTestApp(t)
	minister, alternate := app.delegateNamed("Quốc Bình"), app.delegateNamed("Thị Ánh")
	uploadPhoto(t, app.as(convene.RoleOfficer), minister.ID)

	org := app.as(convene.RoleOrganiser)
	org.get(retreat + "/badges")
	resp, _ := org.post(retreat+"/badges/print", url.Values{"scope": {"delegation"}, "delegation": {"VNM"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("print Viet Nam's badges: %d", resp.StatusCode)
	}
	sheetPath := resp.Header.Get("Location")
	_, sheet := org.get(sheetPath)
	badges := sheet[max(strings.Index(sheet, `<section class="sheet"`), 0):]
	card := func(name string) string {
		i := strings.Index(badges, name)
		j := strings.LastIndex(badges[:max(i, 0)], `<article class="badge"`)
		if i < 0 || j < 0 {
			t.Fatalf("no badge of %s on the sheet", name)
		}
		return badges[j:i]
	}
	if c := card("Trần Quốc Bình"); !strings.Contains(c, fmt.Sprintf(`<img class="photo" src="/meetings/admm-retreat-2025/delegates/%d/photo"`, minister.ID)) {
		t.Errorf("the minister's badge does not show his photo:\n%s", c)
	}
	if c := card("Nguyễn Thị Ánh"); !strings.Contains(c, "data-no-photo") || !strings.Contains(c, "No photo") {
		t.Errorf("the alternate head's badge is not marked as without a photo:\n%s", c)
	}
	i := strings.Index(sheet, `id="missing-photos"`)
	if i < 0 || !strings.Contains(sheet[i:], "1 of 2 badges have no photo") ||
		!strings.Contains(sheet[i:], fmt.Sprintf(`href="/meetings/admm-retreat-2025/delegates/%d"`, alternate.ID)) {
		t.Errorf("the preview does not list the badge without a photo at the top:\n%.3000s", sheet)
	}
	if resp, _ := org.get(fmt.Sprintf("/meetings/admm-retreat-2025/delegates/%d/photo", minister.ID)); resp.StatusCode != http.StatusOK {
		t.Errorf("the sheet's photo does not load for the organiser: %d", resp.StatusCode)
	}

	needChromium(t)
	if _, err := exec.LookPath("pdfimages"); err != nil {
		t.Skip("pdfimages (poppler-utils) is not installed")
	}
	if _, err := browser.PrintHTML(t.Context(), []byte("<p>warm up</p>")); err != nil {
		t.Fatalf("start the print browser: %v", err)
	}
	resp, pdf := org.get(strings.Replace(sheetPath, "/badges/sheet", "/badges/sheet.pdf", 1))
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("sheet.pdf: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	text, _ := pdfText(t, []byte(pdf), "badges-with-photo.pdf")
	if !strings.Contains(text, "Trần Quốc Bình") || !strings.Contains(text, "Nguyễn Thị Ánh") || strings.Contains(text, "No photo") {
		t.Errorf("PDF text: want both names and no \"No photo\" mark:\n%s", text)
	}
	path := filepath.Join(t.TempDir(), "sheet.pdf")
	if err := os.WriteFile(path, []byte(pdf), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdfimages", "-list", path).Output()
	if err != nil {
		t.Fatalf("pdfimages: %v", err)
	}
	// page num type width height ...: the photo (300×400 as uploaded) is
	// the sheet's one raster image; the QR codes are vector.
	images := regexp.MustCompile(`(?m)^\s*1\s+\d+\s+image\s+(\d+)\s+(\d+)\s`).FindAllStringSubmatch(string(out), -1)
	if len(images) != 1 || images[0][1] != "300" || images[0][2] != "400" {
		t.Errorf("the badge PDF's images are not the one photo:\n%s", out)
	}
	t.Logf("badge PDF images:\n%s", out)
}
