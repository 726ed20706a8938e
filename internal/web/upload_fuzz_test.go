package web

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"convene/internal/convene"
	"convene/internal/demo"
	"convene/internal/sqlite"
)

// FuzzAttachmentHeader: whatever the file name, the Content-Disposition
// header Convene builds holds no control character other than a tab (which
// RFC 9110 allows in a field value; it found the first version of this
// check too strict) so it cannot be split or end early, and it parses back,
// the way a browser reads it, to an attachment named exactly as given.
func FuzzAttachmentHeader(f *testing.F) {
	for _, s := range []string{"delegates-admm-retreat-2025.csv", `a"; filename="evil.html`, "a\r\nSet-Cookie: x=y",
		"ສົມພອນ.xlsx", "..\\..\\etc\\passwd", "%22%0d%0a.csv", "", "a;b=c", "\x00", "名簿.pdf", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		h := attachment(name)
		for _, r := range h {
			if (r < 0x20 && r != '\t') || r == 0x7f {
				t.Fatalf("header %q holds a control character", h)
			}
		}
		disp, params, err := mime.ParseMediaType(h)
		if err != nil || disp != "attachment" {
			t.Fatalf("header %q parses as %q, %v", h, disp, err)
		}
		if got, ok := params["filename"]; ok && got != name {
			t.Fatalf("header %q names %q, want %q", h, got, name)
		} else if !ok && h != "attachment" {
			t.Fatalf("header %q has parameters but no file name", h)
		}
		if utf8.ValidString(name) && h == "attachment" {
			t.Fatalf("valid name %q fell back to a bare attachment", name)
		}
	})
}

// multipartBody writes one file part by hand (not with mime/multipart,
// which would escape the name), so the file name and the part's content
// type reach the server exactly as fuzzed.
func multipartBody(csrf, field, filename, contentType string, content []byte) (string, []byte) {
	const boundary = "convene-fuzz-boundary-7d1c"
	var b bytes.Buffer
	fmt.Fprintf(&b, "--%s\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n%s\r\n", boundary, csrf)
	fmt.Fprintf(&b, "--%s\r\nContent-Disposition: form-data; name=%q; filename=\"%s\"\r\nContent-Type: %s\r\n\r\n",
		boundary, field, filename, contentType)
	b.Write(content)
	fmt.Fprintf(&b, "\r\n--%s--\r\n", boundary)
	return "multipart/form-data; boundary=" + boundary, b.Bytes()
}

// FuzzUploadFileName posts the two uploads (a badge photo, a nomination
// template) through the real router as Viet Nam's focal point, with an
// arbitrary file name, part content type and content: never a server error,
// and the file name is never reflected in the page or in a response header
// (it is never shown or stored: Convene keeps only the re-encoded photo or
// the imported rows).
func FuzzUploadFileName(f *testing.F) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(f.TempDir(), "convene.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	if err := db.Seed(ctx, func(s *sqlite.Seeder) error { return demo.Load(ctx, s, testHash) }); err != nil {
		f.Fatal(err)
	}
	srv, err := New(Config{Secret: []byte(strings.Repeat("s", 32)), SignInFailureDelay: time.Microsecond,
		TimeZone: time.UTC}, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		f.Fatal(err)
	}
	h := srv.Handler()
	do := func(req *http.Request, cookies []string) *httptest.ResponseRecorder {
		req.Header.Set("Cookie", strings.Join(cookies, "; "))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	csrfRe := regexp.MustCompile(`name="_csrf" value="([^"]*)"`)
	var cookies []string
	keep := func(rec *httptest.ResponseRecorder) {
		for _, c := range rec.Result().Cookies() {
			for i, old := range cookies {
				if strings.HasPrefix(old, c.Name+"=") {
					cookies = append(cookies[:i], cookies[i+1:]...)
					break
				}
			}
			cookies = append(cookies, c.Name+"="+c.Value)
		}
	}
	rec := do(httptest.NewRequest(http.MethodGet, "/sign-in", nil), nil)
	keep(rec)
	m := csrfRe.FindStringSubmatch(rec.Body.String())
	req := httptest.NewRequest(http.MethodPost, "/sign-in",
		strings.NewReader("email=focal.vnm%40demo.test&password="+strings.ReplaceAll(testPassword, " ", "+")+"&_csrf="+m[1]))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec = do(req, cookies)
	if rec.Code != http.StatusSeeOther {
		f.Fatalf("sign in: %d", rec.Code)
	}
	keep(rec)
	rec = do(httptest.NewRequest(http.MethodGet, "/meetings/admm-retreat-2025/delegations/vnm", nil), cookies)
	keep(rec)
	token := csrfRe.FindStringSubmatch(rec.Body.String())[1]
	person := regexp.MustCompile(`/meetings/admm-retreat-2025/delegates/([0-9]+)`).FindStringSubmatch(rec.Body.String())
	if person == nil {
		f.Fatal("no delegate of Viet Nam on the delegation page")
	}
	targets := []struct{ path, field string }{
		{"/meetings/admm-retreat-2025/delegates/" + person[1] + "/photo", "photo"},
		{"/meetings/admm-retreat-2025/delegations/vnm/import", "file"},
	}

	var png1 bytes.Buffer
	_ = png.Encode(&png1, image.NewGray(image.Rect(0, 0, 4, 3)))
	f.Add(`portrait.png`, "image/png", png1.Bytes())
	f.Add(`"><img src=x onerror=alert(1)>.png`, "image/png", png1.Bytes())
	f.Add(`nominations.xlsx"; name="_csrf`, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", []byte("PK\x03\x04"))
	f.Add("a\r\nContent-Type: text/html\r\n\r\n<script>alert(1)</script>", "text/html", []byte("<script>alert(1)</script>"))
	f.Add("../../../../etc/passwd", "image/jpeg", []byte("\xff\xd8\xff\xe0"))
	f.Add("ຮູບ ສົມພອນ.jpg", "image/svg+xml", []byte(`<svg onload=alert(1)>`))
	f.Add("", "", []byte{})
	f.Fuzz(func(t *testing.T, filename, contentType string, content []byte) {
		send := func(path, field, name string) *httptest.ResponseRecorder {
			ct, body := multipartBody(token, field, name, contentType, content)
			req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
			req.Header.Set("Content-Type", ct)
			return do(req, cookies)
		}
		// shows reports whether a response carries s in its body or a header.
		shows := func(rec *httptest.ResponseRecorder, s string) bool {
			if strings.Contains(rec.Body.String(), s) {
				return true
			}
			for _, vs := range rec.Header() {
				for _, v := range vs {
					if strings.Contains(v, s) {
						return true
					}
				}
			}
			return false
		}
		for _, tg := range targets {
			rec := send(tg.path, tg.field, filename)
			if rec.Code >= 500 {
				t.Fatalf("%s: status %d\n%.300s", tg.path, rec.Code, rec.Body.String())
			}
			// The name is reflected only if it shows in the answer and not
			// in the answer to the same upload under a plain name (a short
			// name such as "no-" is in every answer's headers anyway).
			if filename != "" && shows(rec, filename) && !shows(send(tg.path, tg.field, "upload.bin"), filename) {
				t.Fatalf("%s: the file name %q is reflected in the answer", tg.path, filename)
			}
		}
	})
}

// TestUploadsIgnoreFileNames checks what FuzzUploadFileName cannot: a photo
// uploaded under a hostile name is saved (the name plays no part), and the
// name shows neither on the person's page nor in the audit log.
func TestUploadsIgnoreFileNames(t *testing.T) {
	app := newTestApp(t)
	focal := app.as(convene.RoleFocal)
	_, page := focal.get(retreat + "/delegations/vnm")
	person := regexp.MustCompile(`/meetings/admm-retreat-2025/delegates/([0-9]+)`).FindStringSubmatch(page)
	if person == nil {
		t.Fatal("no delegate of Viet Nam")
	}
	var img bytes.Buffer
	_ = png.Encode(&img, image.NewGray(image.Rect(0, 0, 40, 30)))
	name := `'><img src=x onerror=alert('xss-filename')>.png`
	ct, body := multipartBody(focal.csrf, "photo", name, "image/png", img.Bytes())
	req, _ := http.NewRequest(http.MethodPost, app.ts.URL+retreat+"/delegates/"+person[1]+"/photo", bytes.NewReader(body))
	req.Header.Set("Content-Type", ct)
	resp, out := focal.do(req)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d\n%.500s", resp.StatusCode, out)
	}
	admin := app.as(convene.RoleAdmin)
	for _, path := range []string{retreat + "/delegates/" + person[1], "/audit"} {
		resp, out = admin.get(path)
		if resp.StatusCode != 200 || strings.Contains(out, "xss-filename") {
			t.Errorf("%s after the upload: %d, file name shown: %v", path, resp.StatusCode, strings.Contains(out, "xss-filename"))
		}
	}
}
