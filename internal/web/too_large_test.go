package web

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"convene/internal/convene"
	"convene/internal/paths"
)

// signedInHeader reports whether a page carries the header of a signed-in
// person (their account link and the sign-out form), not "Sign in".
func signedInHeader(page string) bool {
	return strings.Contains(page, `href="`+paths.Account()+`"`) && strings.Contains(page, `action="`+paths.SignOut()+`"`) &&
		!strings.Contains(page, `href="`+paths.SignIn()+`"`)
}

// TestTooLargePhotoKeepsTheForm: a 10 MB photo (over the route's body
// limit) and a 5.1 MB one (under it, over the photo limit) both come back
// as the person's page with the message next to the photo field and in the
// error summary as a link to the field, the signed-in header, status 413,
// and nothing stored. A cross-site POST of a too-large body (no token) gets
// the same read-only page: the CSRF check has nothing to protect there.
func TestTooLargePhotoKeepsTheForm(t *testing.T) {
	app := newTestApp(t)
	focal := app.as(convene.RoleFocal)
	p := app.findPerson("admm-retreat-2025", "Quốc Bình")
	person := paths.Person("admm-retreat-2025", p.ID)
	focal.get(person)

	var jpg bytes.Buffer
	_ = jpeg.Encode(&jpg, image.NewGray(image.Rect(0, 0, 8, 8)), nil)
	before := app.tableCounts()
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"10 MB, over the route's body limit", bytes.Repeat([]byte{0xff}, 10<<20)},
		{"5.1 MB, over the photo limit", append(append([]byte{}, jpg.Bytes()...), bytes.Repeat([]byte{0}, 5<<20+100<<10)...)},
	} {
		focal.get(person)
		resp, page := focal.uploadFile(paths.DelegatePhoto("admm-retreat-2025", p.ID), "photo", "me.jpg", "image/jpeg", tc.data)
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("%s: %d, want 413", tc.name, resp.StatusCode)
		}
		for _, want := range []string{`id="photo-form"`, `<span class="error" id="e-photo">This photo is larger than 5 MB.`,
			`aria-describedby="e-photo"`, `<a href="#f-photo">This photo is larger than 5 MB.`, p.FullName()} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: the answer lacks %q: it is not the person's form with the message at the photo field\n%.1500s", tc.name, want, page)
			}
		}
		if strings.Contains(page, `class="error-page"`) || !signedInHeader(page) {
			t.Errorf("%s: a full-page error or no signed-in header", tc.name)
		}
	}
	// A too-large body without a token (another site's form): the same
	// page, and still nothing written.
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile("photo", "me.jpg")
	_, _ = fw.Write(bytes.Repeat([]byte{0xff}, 7<<20))
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, app.ts.URL+paths.DelegatePhoto("admm-retreat-2025", p.ID), &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	if resp, _ := focal.do(req); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("too large without a token: %d, want 413", resp.StatusCode)
	}
	// Another country's person stays a 404, too large or not.
	other := app.findPerson("admm-retreat-2025", "Bambang Hartono")
	if resp, _ := focal.uploadFile(paths.DelegatePhoto("admm-retreat-2025", other.ID), "photo", "me.jpg", "image/jpeg",
		bytes.Repeat([]byte{0xff}, 10<<20)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another delegation's person, too large: %d, want 404", resp.StatusCode)
	}
	if fmt.Sprint(app.tableCounts()) != fmt.Sprint(before) {
		t.Error("a too-large photo changed the database")
	}
}

// TestErrorPagesKeepTheHeaderAndAWayBack: an error raised before the
// handler (a body over the limit, answered by the middleware) and one
// raised by a handler (a missing record) both show the signed-in header
// and a way back: the page the person came from.
func TestErrorPagesKeepTheHeaderAndAWayBack(t *testing.T) {
	app := newTestApp(t)
	admin := app.as(convene.RoleAdmin)
	admin.get(paths.UserNew())
	big := url.Values{"name": {strings.Repeat("x", 2<<20)}, "email": {"big@example.org"}, "_csrf": {admin.csrf}}
	req, _ := http.NewRequest(http.MethodPost, app.ts.URL+paths.UserNew(), strings.NewReader(big.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Referer", app.ts.URL+paths.UserNew())
	resp, page := admin.do(req)
	if resp.StatusCode != 413 {
		t.Fatalf("oversized body: %d", resp.StatusCode)
	}
	if !signedInHeader(page) {
		t.Errorf("the 413 page has no signed-in header:\n%.1200s", page)
	}
	if !strings.Contains(page, `id="way-back" href="`+paths.UserNew()+`"`) && !strings.Contains(page, `href="`+paths.UserNew()+`" id="way-back"`) {
		t.Errorf("the 413 page has no way back to the form:\n%.3000s", page)
	}
	if !strings.Contains(page, `name="_csrf" value="`+admin.csrf+`"`) {
		t.Error("the 413 page's sign-out form has no CSRF token")
	}

	// A missing person, reached from the meeting's page.
	req, _ = http.NewRequest(http.MethodGet, app.ts.URL+paths.Person("admm-retreat-2025", 999999), nil)
	req.Header.Set("Referer", app.ts.URL+paths.Meeting("admm-retreat-2025"))
	resp, page = admin.do(req)
	if resp.StatusCode != 404 || !signedInHeader(page) || !strings.Contains(page, `href="`+paths.Meeting("admm-retreat-2025")+`"`) {
		t.Errorf("404: %d, header %v, way back to the meeting %v", resp.StatusCode, signedInHeader(page),
			strings.Contains(page, `href="`+paths.Meeting("admm-retreat-2025")+`"`))
	}
	// A Referer from another site is not a way back.
	req, _ = http.NewRequest(http.MethodGet, app.ts.URL+paths.Person("admm-retreat-2025", 999999), nil)
	req.Header.Set("Referer", "https://evil.example/phish")
	if _, page = admin.do(req); strings.Contains(page, "evil.example") || strings.Contains(page, `href="/phish"`) {
		t.Error("the error page links back to another site's page")
	}
}
