package web

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"image"
	"image/png"
	"io"
	"log/slog"
	"maps"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

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
// and the file name is never reflected in the answer (it is never shown or
// stored: Convene keeps only the re-encoded photo or the imported rows).
//
// How reflection is judged, so that no input can be judged reflected by
// chance (the first judge looked for the name anywhere in the answer, headers
// included, and took the two-character name "70" for reflected when the
// random X-Request-Id or a cookie of one answer held those digits; issue 14;
// testdata/fuzz/FuzzUploadFileName/short-name-70-* keep that input as seeds):
//
//   - The server can only show the file name its multipart parser read. The
//     test reads each request with the same parser (uploadView). If the
//     fuzzed name broke the part's header so that the parser finds no file
//     name, there is nothing to reflect and only the status is judged.
//   - The same upload is sent again under a control name: as many bytes as
//     the fuzzed name, all one letter that none of the name's spellings
//     contains. The parser must see the two requests alike but for the name
//     (a name that smuggles in other parts or part headers has no control and
//     is judged by its status only).
//   - Values that are random per request or per run are masked in both
//     answers before comparing: the request ids, the cookies, the CSRF token
//     (maskAnswer). The store's clock is fixed, so the time every page shows
//     is the same in both. The set-up checks that this is enough: the same
//     refused upload sent twice gives identical masked answers.
//   - The name is reflected if one of its spellings (as the parser gave it,
//     as the part header spelled it, HTML-escaped, URL-escaped) occurs more
//     often in the first masked answer (body and headers but Set-Cookie and
//     X-Request-Id, which are random and encrypted) than in the control's.
//     The two answers are equal except where the server uses the name, and
//     an occurrence in the control's answer cannot touch the control name (it
//     holds no control letter), so each one is also in the first answer: no
//     length is too short and no page text or random value can count.
//   - An upload that succeeds changes the data, so the control may be
//     answered differently (a template imported twice is refused as a
//     duplicate). When the statuses differ, the fuzzed upload is sent once
//     more and compared with the control in the same state.
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
	// Every page shows the time: a fixed clock keeps two answers alike.
	db.Now = func() time.Time { return time.Date(2025, 1, 10, 9, 0, 0, 0, time.UTC) }
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
	// The cookies sent with every upload, and the token, are masked too.
	secrets := []string{token}
	for _, c := range cookies {
		secrets = append(secrets, c[strings.IndexByte(c, '=')+1:])
	}
	send := func(path, field, name, contentType string, content []byte) (*httptest.ResponseRecorder, string) {
		ct, body := multipartBody(token, field, name, contentType, content)
		req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
		req.Header.Set("Content-Type", ct)
		rec := do(req, cookies)
		return rec, maskAnswer(rec, secrets)
	}

	// The mask is complete: the same refused upload, twice, is answered
	// alike to the byte once masked (a random value the mask misses, such as
	// a wall-clock time, fails here rather than at random in the fuzzing).
	for _, tg := range targets {
		first, a := send(tg.path, tg.field, "same.gif", "image/gif", []byte("GIF89a"))
		second, b := send(tg.path, tg.field, "same.gif", "image/gif", []byte("GIF89a"))
		if first.Code != http.StatusUnprocessableEntity || a != b {
			f.Fatalf("%s: the same refused upload twice: %d and %d, masked answers equal: %v\n%s\n----\n%s",
				tg.path, first.Code, second.Code, a == b, a, b)
		}
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
		for _, tg := range targets {
			rec, answer := send(tg.path, tg.field, filename, contentType, content)
			if rec.Code >= 500 {
				t.Fatalf("%s: status %d\n%.300s", tg.path, rec.Code, rec.Body.String())
			}
			ct, body := multipartBody(token, tg.field, filename, contentType, content)
			seen := readUpload(ct, body)
			spellings := seen.names(tg.field)
			if len(spellings) == 0 {
				continue // the parser found no file name: nothing to reflect
			}
			letter := controlLetter(spellings)
			if letter == 0 {
				continue // every letter and digit is in the name: no control
			}
			control := strings.Repeat(string(letter), len(filename))
			cct, cbody := multipartBody(token, tg.field, control, contentType, content)
			if !seen.sameBut(readUpload(cct, cbody)) {
				continue // the name changed more than the name
			}
			crec, canswer := send(tg.path, tg.field, control, contentType, content)
			if first := rec.Code; crec.Code != first { // the first upload changed the data
				rec, answer = send(tg.path, tg.field, filename, contentType, content)
				if rec.Code != crec.Code {
					t.Fatalf("%s: the same upload answered %d, then %d, and under the control name %d",
						tg.path, first, rec.Code, crec.Code)
				}
			}
			for _, s := range spellings {
				if n, c := strings.Count(answer, s), strings.Count(canswer, s); n > c {
					t.Fatalf("%s: the file name %q is reflected in the answer as %q (%d times, %d under the control name %q)",
						tg.path, filename, s, n, c, control)
				}
			}
		}
	})
}

// maskAnswer returns the answer as the reflection judge compares it: the
// headers (but Set-Cookie and X-Request-Id, random by design, and encrypted
// or meaningless to a reader) then the body, with every value that is
// random per request or per run (this answer's request id and cookies, and
// the given secrets: the session's cookies and CSRF token) replaced by a
// fixed mark. Only exact values are masked, never patterns such as dates, so
// that a name shaped like a date or a number is still caught if reflected.
func maskAnswer(rec *httptest.ResponseRecorder, secrets []string) string {
	random := append([]string{rec.Header().Get(echo.HeaderXRequestID)}, secrets...)
	for _, c := range rec.Result().Cookies() {
		random = append(random, c.Value)
	}
	var b strings.Builder
	keys := slices.Sorted(maps.Keys(rec.Header()))
	for _, k := range keys {
		if k == "Set-Cookie" || k == echo.HeaderXRequestID {
			continue
		}
		for _, v := range rec.Header()[k] {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	b.WriteString("\n")
	b.WriteString(rec.Body.String())
	out := b.String()
	for _, r := range random {
		if len(r) >= 8 { // ids, tokens and cookies are long; an empty value is no mask
			for _, s := range []string{r, html.EscapeString(r), url.QueryEscape(r)} {
				out = strings.ReplaceAll(out, s, "[random]")
			}
		}
	}
	return out
}

// uploadView is what a handler can know of a multipart upload, read with
// the parser echo's FormFile uses (net/http's ParseMultipartForm): the form
// values, and for each file field its files' names, contents and part
// headers.
type uploadView struct {
	ok     bool
	values map[string][]string
	files  map[string][]uploadedFile
}

type uploadedFile struct {
	filename string // as FileHeader.Filename gives it (no directory)
	header   string // the filename parameter of the part's Content-Disposition, in full
	content  string
	others   string // the part's other headers
}

func readUpload(contentType string, body []byte) uploadView {
	req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	if err := req.ParseMultipartForm(32 << 20); err != nil {
		return uploadView{}
	}
	defer req.MultipartForm.RemoveAll()
	v := uploadView{ok: true, values: req.MultipartForm.Value, files: map[string][]uploadedFile{}}
	for field, fhs := range req.MultipartForm.File {
		for _, fh := range fhs {
			u := uploadedFile{filename: fh.Filename}
			if _, params, err := mime.ParseMediaType(fh.Header.Get("Content-Disposition")); err == nil {
				u.header = params["filename"]
			}
			if r, err := fh.Open(); err == nil {
				b, _ := io.ReadAll(r)
				r.Close()
				u.content = string(b)
			}
			others := http.Header(maps.Clone(fh.Header))
			others.Del("Content-Disposition")
			var b strings.Builder
			_ = others.Write(&b)
			u.others = b.String()
			v.files[field] = append(v.files[field], u)
		}
	}
	return v
}

// names returns the spellings in which a handler could show the first file
// name of field: as parsed and as the header spelled it, each as is,
// HTML-escaped and URL-escaped.
func (v uploadView) names(field string) []string {
	if !v.ok || len(v.files[field]) == 0 {
		return nil
	}
	var out []string
	fh := v.files[field][0]
	for _, s := range []string{fh.filename, fh.header} {
		for _, sp := range []string{s, html.EscapeString(s), url.QueryEscape(s), url.PathEscape(s)} {
			if sp != "" && !slices.Contains(out, sp) {
				out = append(out, sp)
			}
		}
	}
	return out
}

// sameBut reports whether two uploads differ in nothing but file names.
func (v uploadView) sameBut(w uploadView) bool {
	if !v.ok || !w.ok || !maps.EqualFunc(v.values, w.values, slices.Equal) {
		return false
	}
	return maps.EqualFunc(v.files, w.files, func(a, b []uploadedFile) bool {
		return slices.EqualFunc(a, b, func(x, y uploadedFile) bool { return x.content == y.content && x.others == y.others })
	})
}

// controlLetter returns an ASCII letter or digit that none of the spellings
// contains, or 0 if there is none.
func controlLetter(spellings []string) byte {
	for _, c := range []byte("qxzjkvwyQXZJKVWYbcdfhinorsuBCDFGHILMNOPRSTUE0123456789aelmgptA") {
		if !slices.ContainsFunc(spellings, func(s string) bool { return strings.IndexByte(s, c) >= 0 }) {
			return c
		}
	}
	return 0
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
