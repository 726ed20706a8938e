package web

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"convene/internal/convene"
)

func TestRosterExportsByRole(t *testing.T) {
	app := newTestApp(t)
	// A focal point's own person with a passport, and a hostile name.
	focal := app.as(convene.RoleFocal)
	f := nominee("=cmd|' /C calc'!A0", "Trần")
	f.Set("passport_number", "N11122233")
	if resp, body := focal.post(retreat+"/delegations/vnm/delegates/new", f); resp.StatusCode != 303 {
		t.Fatalf("nominate: %d %.2000s", resp.StatusCode, body)
	}

	resp, csvBody := app.as(convene.RoleOfficer).get(retreat + "/delegates.csv")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if !strings.Contains(csvBody, "N11122233") || !strings.Contains(csvBody, "'=cmd") {
		t.Error("the secretariat's CSV lacks the passport or the neutralised cell")
	}
	if i, j := strings.Index(csvBody, "Brunei Darussalam"), strings.Index(csvBody, "Viet Nam"); i < 0 || j < i {
		t.Error("CSV not in protocol order")
	}
	_, orgBody := app.as(convene.RoleOrganiser).get(retreat + "/delegates.csv")
	if strings.Contains(orgBody, "N11122233") || strings.Contains(orgBody, "Passport") || !strings.Contains(orgBody, "Thailand") {
		t.Error("the organiser's CSV carries personal data or lacks other countries")
	}
	_, focalBody := focal.get(retreat + "/delegates.csv")
	if strings.Contains(focalBody, "Thailand") || !strings.Contains(focalBody, "Viet Nam") || strings.Contains(focalBody, "N11122233") {
		t.Error("the focal point's CSV shows another country or the full passport")
	}
	resp, xlsx := app.as(convene.RoleOfficer).get(retreat + "/delegates.xlsx")
	if resp.StatusCode != 200 {
		t.Fatalf("xlsx: %d", resp.StatusCode)
	}
	x, err := excelize.OpenReader(strings.NewReader(xlsx))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows("Delegates")
	x.Close()
	if len(rows) < 20 || rows[0][0] != "Delegation" {
		t.Errorf("xlsx has %d rows", len(rows))
	}
	// Every export is in the audit log.
	entries, _, _ := app.db.FindAuditEntries(context.Background(), convene.AuditFilter{Entity: "meeting"})
	exports := 0
	for _, e := range entries {
		if e.Action == "export" {
			exports++
		}
	}
	if exports != 4 {
		t.Errorf("%d export rows in the audit log for 4 exports", exports)
	}
}

// upload posts a file as the import form does.
func (c *client) upload(path string, data []byte) (*http.Response, string) {
	c.app.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("_csrf", c.csrf)
	fw, _ := w.CreateFormFile("file", "nominations.xlsx")
	_, _ = fw.Write(data)
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, c.app.ts.URL+path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.do(req)
}

// fillTemplate downloads the template as the focal point and fills rows from row 3.
func fillTemplate(t *testing.T, c *client, rows [][]string) []byte {
	t.Helper()
	resp, body := c.get(retreat + "/delegations/vnm/template.xlsx")
	if resp.StatusCode != 200 {
		t.Fatalf("template: %d", resp.StatusCode)
	}
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i, row := range rows {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+3)
			_ = f.SetCellStr("Nominations", cell, v)
		}
	}
	var out bytes.Buffer
	if _, err := f.WriteTo(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestImportTemplateAllOrNothing(t *testing.T) {
	app := newTestApp(t)
	focal := app.as(convene.RoleFocal)
	focal.get(retreat + "/delegations/vnm/import")
	good := []string{"Col.", "Thị Lan", "Nguyễn", "yes", "", "Deputy Director", "delegate", "", "VNM", "C7654321", "2031-05-31"}
	mono := []string{"", "သန္တာ", "", "", "", "Interpreter", "interpreter", "", "MMR"}
	bad := []string{"", "สุดา", "ศรีสุข", "", "", "", "delegate", "", "THA", "X1", "2031-05-31", "", "not-mail"}
	before := app.tableCounts()
	resp, body := focal.upload(retreat+"/delegations/vnm/import", fillTemplate(t, focal, [][]string{good, mono, bad}))
	if resp.StatusCode != 422 {
		t.Fatalf("bad import: %d", resp.StatusCode)
	}
	for _, want := range []string{"Row 5, Passport number:", "Row 5, E-mail:", "Nothing was imported"} {
		if !strings.Contains(body, want) {
			t.Errorf("import errors lack %q", want)
		}
	}
	if fmt.Sprint(app.tableCounts()) != fmt.Sprint(before) {
		t.Error("an import with a bad row wrote something")
	}
	resp, body = focal.upload(retreat+"/delegations/vnm/import", fillTemplate(t, focal, [][]string{good, mono}))
	if resp.StatusCode != 303 {
		t.Fatalf("good import: %d %.2000s", resp.StatusCode, body)
	}
	if p := app.findPerson("admm-retreat-2025", "Thị Lan"); p.FullName() != "Nguyễn Thị Lan" || p.Status != convene.RegNominated {
		t.Errorf("imported %q %s", p.FullName(), p.Status)
	}
	// A second upload of the same rows: the passport is a probable duplicate in
	// the meeting, so nothing at all is written.
	before = app.tableCounts()
	resp, body = focal.upload(retreat+"/delegations/vnm/import", fillTemplate(t, focal, [][]string{mono, good}))
	if resp.StatusCode != 422 || !strings.Contains(body, "Row 4, Passport number: Probable duplicate") {
		t.Errorf("duplicate import: %d", resp.StatusCode)
	}
	if fmt.Sprint(app.tableCounts()) != fmt.Sprint(before) {
		t.Error("a refused import wrote something")
	}
	if resp, _ := focal.upload(retreat+"/delegations/vnm/import", []byte("GIF89a not a spreadsheet")); resp.StatusCode != 422 {
		t.Errorf("not a spreadsheet: %d", resp.StatusCode)
	}
	if resp, _ := focal.upload(retreat+"/delegations/vnm/import", bytes.Repeat([]byte("x"), 3<<20)); resp.StatusCode != 413 {
		t.Errorf("3 MB upload: %d, want 413", resp.StatusCode)
	}
	// Another country's import answers 404.
	if resp, _ := focal.upload(retreat+"/delegations/tha/import", fillTemplate(t, focal, [][]string{good})); resp.StatusCode != 404 {
		t.Errorf("import into Thailand: %d", resp.StatusCode)
	}
}
