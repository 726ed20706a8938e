package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"convene/internal/convene"
	"convene/internal/paths"
)

// TestTooLargeImportKeepsTheForm: a 3 MB file (over the route's body limit)
// and a 1.5 MB one (under it, over the template's limit) both come back as
// the import form with the message next to the file field and in the error
// summary as a link to the field, the signed-in header and status 413, and
// nothing is written. The control: an upload without a file is refused at
// the field with 422, and another country's delegation stays a 404.
func TestTooLargeImportKeepsTheForm(t *testing.T) {
	app := newTestApp(t)
	focal := app.as(convene.RoleFocal)
	code := "adsom-wg-2025"
	form := paths.Import(code, "VNM")
	before := app.tableCounts()
	for _, tc := range []struct {
		name string
		size int
	}{
		{"3 MB, over the route's body limit", 3 << 20},
		{"1.5 MB, over the template limit", 3 << 19},
	} {
		focal.get(form)
		resp, page := focal.uploadFile(form, "file", "roster.xlsx",
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bytes.Repeat([]byte{'x'}, tc.size))
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("%s: %d, want 413", tc.name, resp.StatusCode)
		}
		for _, want := range []string{`<span class="error" id="e-file">This file is larger than 1 MB.`,
			`aria-describedby="e-file"`, `<a href="#f-file">This file is larger than 1 MB.`, `enctype="multipart/form-data"`} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: the answer lacks %q\n%.1500s", tc.name, want, page)
			}
		}
		if strings.Contains(page, `class="error-page"`) || !signedInHeader(page) {
			t.Errorf("%s: a full-page error or no signed-in header", tc.name)
		}
	}
	focal.get(form)
	resp, page := focal.uploadFile(form, "other", "x.txt", "text/plain", []byte("x"))
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, `id="e-file"`) {
		t.Errorf("no file: %d, or no message at the field", resp.StatusCode)
	}
	if resp, _ := focal.uploadFile(paths.Import(code, "IDN"), "file", "roster.xlsx", "application/octet-stream",
		bytes.Repeat([]byte{'x'}, 3<<20)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another country's delegation, too large: %d, want 404", resp.StatusCode)
	}
	if fmt.Sprint(app.tableCounts()) != fmt.Sprint(before) {
		t.Error("a refused import changed the database")
	}
}
