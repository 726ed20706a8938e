package web

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"

	"convene/internal/browser"
	"convene/internal/convene"
)

// downloadRoute tells whether a route serves a file rather than a page:
// an export, a PDF, a calendar, or an uploaded photo.
func downloadRoute(r RouteInfo) bool {
	if r.Method != http.MethodGet {
		return false
	}
	for _, suffix := range []string{".csv", ".xlsx", ".pdf", ".ics", "/photo", "/feeds/:token"} {
		if strings.HasSuffix(r.Path, suffix) {
			return true
		}
	}
	return false
}

// downloadType is the Content-Type each kind of file must carry.
func downloadType(path string) string {
	switch {
	case strings.HasSuffix(path, ".csv"):
		return "text/csv"
	case strings.HasSuffix(path, ".xlsx"):
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case strings.HasSuffix(path, ".pdf"):
		return "application/pdf"
	case strings.HasSuffix(path, "/photo"):
		return "image/jpeg"
	}
	return "text/calendar"
}

// TestDownloadHeaders requests every route of the route table that serves a
// file (found by its path, so a new export is checked without being listed
// here) with real records, as the secretariat administrator, and checks the
// headers that keep a file from acting as a page and from being kept:
// Content-Disposition attachment (calendars inline: see below),
// X-Content-Type-Options nosniff, a Content-Security-Policy with the
// sandbox directive, Cache-Control no-store, and the right Content-Type.
//
// Calendars are served inline on purpose: a calendar feed is subscribed to
// by URL, and a browser hands an inline text/calendar to the calendar
// application instead of saving a file; the sandbox policy and nosniff
// still apply, so the browser never renders it as a page.
func TestDownloadHeaders(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	m, err := app.db.FindMeetingByCode(ctx, "admm-retreat-2025")
	if err != nil {
		t.Fatal(err)
	}
	p := app.findPerson("admm-retreat-2025", "Quốc Bình")
	var jpg bytes.Buffer
	_ = jpeg.Encode(&jpg, image.NewGray(image.Rect(0, 0, 4, 4)), nil)
	if err := app.db.SetDelegatePhoto(ctx, p.ID, jpg.Bytes(), 4, 4); err != nil {
		t.Fatal(err)
	}
	// A second photo waits for approval: the pending change's photo route
	// serves it (that route's :id is the change's).
	change, err := app.db.UploadDelegatePhoto(ctx, p.ID, jpg.Bytes(), 4, 4)
	if err != nil || change.ID == 0 {
		t.Fatalf("pending photo: %v %+v", err, change)
	}
	blocks, err := app.db.FindRoomBlocks(ctx, m.ID)
	if err != nil || len(blocks) == 0 {
		t.Fatalf("no room block in the Retreat: %v", err)
	}
	admin, err := app.db.FindUserByEmail(ctx, roleEmails[convene.RoleAdmin])
	if err != nil {
		t.Fatal(err)
	}
	token, err := app.db.CreateCalendarFeed(ctx, admin.ID)
	if err != nil {
		t.Fatal(err)
	}
	fill := strings.NewReplacer(":code", m.Code, ":country", "vnm", ":id", fmt.Sprint(p.ID),
		":hotel", fmt.Sprint(blocks[0].HotelID), ":token", token)
	pdfs := browser.ExecPath() != ""
	if !pdfs && os.Getenv("CI") == "true" {
		t.Fatal("Chromium is not installed and CI=true: the PDF downloads must be checked")
	}
	c := app.as(convene.RoleAdmin)
	checked, skipped := 0, 0
	for _, r := range app.srv.Routes() {
		if !downloadRoute(r) {
			continue
		}
		if strings.HasSuffix(r.Path, ".pdf") && !pdfs {
			skipped++
			continue
		}
		path := fill.Replace(strings.Replace(r.Path, "/pending-changes/:id", fmt.Sprintf("/pending-changes/%d", change.ID), 1))
		resp, body := c.get(path)
		checked++
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d\n%.300s", path, resp.StatusCode, body)
			continue
		}
		h := resp.Header
		cd := h.Get("Content-Disposition")
		wantCD := "attachment;"
		if strings.HasSuffix(r.Path, ".ics") || strings.HasSuffix(r.Path, "/feeds/:token") {
			wantCD = "inline;"
		}
		if !strings.HasPrefix(cd, wantCD) || !strings.Contains(cd, "filename=") {
			t.Errorf("GET %s: Content-Disposition %q, want %s with a filename", path, cd, wantCD)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options %q", path, h.Get("X-Content-Type-Options"))
		}
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "sandbox") || !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("GET %s: Content-Security-Policy %q, want sandbox and default-src 'none'", path, csp)
		}
		if cc := h.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("GET %s: Cache-Control %q, want no-store", path, cc)
		}
		if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, downloadType(r.Path)) {
			t.Errorf("GET %s: Content-Type %q, want %s", path, ct, downloadType(r.Path))
		}
	}
	if checked < 14 {
		t.Errorf("only %d downloads checked: the route filter is wrong", checked)
	}
	// Pages keep the page policy: the download policy must not leak onto them.
	resp, _ := c.get(fmt.Sprintf("/meetings/%s/delegates/%d", m.Code, p.ID))
	if csp := resp.Header.Get("Content-Security-Policy"); strings.Contains(csp, "sandbox") || resp.Header.Get("Content-Disposition") != "" {
		t.Errorf("a page got the download headers: %q", csp)
	}
	fmt.Printf("downloads: %d file routes checked (%d PDFs skipped without Chromium): attachment (calendars inline), nosniff, sandbox CSP, no-store on %d/%d\n",
		checked, skipped, checked, checked)
}

// TestNoStoreOnEveryAnswer requests every GET route of the route table as
// every role and checks that every answer but the static files says
// Cache-Control: no-store, so that no page, export or photo with personal
// data stays in a browser's or a proxy's cache (issue 8, item 15). The
// public pages as a visitor sees them are the exception (issue 20): the
// same for every visitor, they may be kept briefly.
func TestNoStoreOnEveryAnswer(t *testing.T) {
	app := newTestApp(t)
	checked, kept := 0, 0
	for _, role := range accessRoles {
		c := app.as(role)
		for _, r := range app.srv.Routes() {
			if r.Method != http.MethodGet || strings.HasPrefix(r.Path, "/static/") {
				continue
			}
			path := concretePath(r.Path)
			resp, _ := c.get(path)
			checked++
			cc := resp.Header.Get("Cache-Control")
			if role == convene.RoleAnonymous && r.Public && resp.StatusCode == http.StatusOK {
				if cc != publicCacheControl {
					t.Errorf("GET %s as a visitor: Cache-Control %q, want %q", path, cc, publicCacheControl)
				}
				kept++
				continue
			}
			if !strings.Contains(cc, "no-store") {
				t.Errorf("GET %s as %s: %d with Cache-Control %q, want no-store", path, roleName(role), resp.StatusCode, cc)
			}
		}
	}
	fmt.Printf("cache: %d answers (every GET route x 6 roles), no-store on %d/%d; %d public pages as a visitor sees them kept briefly\n",
		checked, checked-kept, checked-kept, kept)
}

// uploadFile posts one file in a multipart form, with the file name and
// Content-Type the client claims.
func (c *client) uploadFile(path, field, name, contentType string, data []byte) (*http.Response, string) {
	c.app.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("_csrf", c.csrf)
	hdr := make(map[string][]string)
	hdr["Content-Disposition"] = []string{fmt.Sprintf(`form-data; name=%q; filename=%q`, field, name)}
	hdr["Content-Type"] = []string{contentType}
	fw, _ := w.CreatePart(hdr)
	_, _ = fw.Write(data)
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, c.app.ts.URL+path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.do(req)
}

// TestUploadsRefused sends the badge photo and the roster import files
// that must be refused: too large for the route (413 from the body limit),
// too large for the kind of file but under the route's limit (413 from the
// handler), and content that is not what the name and Content-Type claim
// (HTML and SVG claimed as images, HTML and a CSV claimed as the XLSX
// template). Nothing may be written by any of them. A JPEG with HTML
// appended (a polyglot) is accepted as an image but served re-encoded,
// without the HTML.
func TestUploadsRefused(t *testing.T) {
	app := newTestApp(t)
	focal := app.as(convene.RoleFocal)
	p := app.findPerson("admm-retreat-2025", "Quốc Bình")
	person := fmt.Sprintf("%s/delegates/%d", retreat, p.ID)
	importPath := retreat + "/delegations/vnm/import"
	focal.get(person)

	var jpg bytes.Buffer
	_ = jpeg.Encode(&jpg, image.NewGray(image.Rect(0, 0, 8, 8)), nil)
	bigJPEG := append(append([]byte{}, jpg.Bytes()...), bytes.Repeat([]byte{0}, 5<<20+1024)...)
	html := []byte("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>")
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>`)
	cases := []struct {
		name, path, field, file, ctype string
		data                           []byte
		want                           int
	}{
		{"photo over the route's 6 MB", person + "/photo", "photo", "me.jpg", "image/jpeg", bytes.Repeat([]byte{0xff}, 7<<20), 413},
		{"photo over 5 MB, under the route's limit", person + "/photo", "photo", "me.jpg", "image/jpeg", bigJPEG, 413},
		{"HTML claimed as a JPEG", person + "/photo", "photo", "me.jpg", "image/jpeg", html, 422},
		{"SVG with script claimed as a PNG", person + "/photo", "photo", "me.png", "image/png", svg, 422},
		{"SVG as itself", person + "/photo", "photo", "me.svg", "image/svg+xml", svg, 422},
		{"template over the route's 2 MB", importPath, "file", "team.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bytes.Repeat([]byte{'a'}, 3<<20), 413},
		{"template over 1 MB, under the route's limit", importPath, "file", "team.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bytes.Repeat([]byte{'a'}, 1<<20+1024), 413},
		{"HTML claimed as the template", importPath, "file", "team.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", html, 422},
		{"CSV claimed as the template", importPath, "file", "team.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", []byte("given_name,family_name\nThắng,Đức\n"), 422},
	}
	before := dbState(t, app)
	refused := 0
	for _, tc := range cases {
		focal.get(person)
		resp, body := focal.uploadFile(tc.path, tc.field, tc.file, tc.ctype, tc.data)
		if resp.StatusCode != tc.want {
			t.Errorf("%s: %d, want %d\n%.300s", tc.name, resp.StatusCode, tc.want, body)
			continue
		}
		refused++
	}
	after := dbState(t, app)
	for k, v := range after {
		if before[k] != v {
			t.Errorf("a refused upload changed table %s", k)
		}
	}

	// A polyglot: a real PNG with an HTML document appended. Accepted as an
	// image, stored re-encoded as a JPEG: the HTML is gone.
	var pngBuf bytes.Buffer
	_ = png.Encode(&pngBuf, image.NewGray(image.Rect(0, 0, 16, 16)))
	poly := append(pngBuf.Bytes(), html...)
	focal.get(person)
	if resp, body := focal.uploadFile(person+"/photo", "photo", "me.png", "image/png", poly); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("polyglot PNG: %d\n%.300s", resp.StatusCode, body)
	}
	// He is accredited: the photo waits for approval, and the secretariat
	// sees it through the pending change (the same stored bytes).
	open, err := app.db.FindOpenChange(context.Background(), p.ID)
	if err != nil {
		t.Fatalf("no pending photo: %v", err)
	}
	resp, stored := app.as(convene.RoleOfficer).get(fmt.Sprintf("%s/pending-changes/%d/photo", retreat, open.ID))
	if resp.StatusCode != 200 || !strings.HasPrefix(stored, "\xff\xd8") || strings.Contains(stored, "<script") {
		t.Errorf("polyglot served as %d %q, %d bytes, script kept: %v", resp.StatusCode, resp.Header.Get("Content-Type"),
			len(stored), strings.Contains(stored, "<script"))
	}
	fmt.Printf("uploads: %d/%d bad uploads refused (413 over the limit, 422 content not as claimed), 0 tables changed; a PNG+HTML polyglot is served re-encoded as JPEG without the HTML\n",
		refused, len(cases))
}
