package web

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"convene/internal/convene"
)

// uploadPhoto posts a file as the person page's photo form does.
func (c *client) uploadPhoto(path string, data []byte) (*http.Response, string) {
	c.app.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("_csrf", c.csrf)
	fw, _ := w.CreateFormFile("photo", "me.png")
	_, _ = fw.Write(data)
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, c.app.ts.URL+path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.do(req)
}

func TestBadgePhotoUpload(t *testing.T) {
	app := newTestApp(t)
	focal := app.as(convene.RoleFocal)
	p := app.findPerson("admm-retreat-2025", "Quốc Bình")
	path := fmt.Sprintf("%s/delegates/%d", retreat, p.ID)
	focal.get(path)

	before := app.tableCounts()
	if resp, body := focal.uploadPhoto(path+"/photo", []byte("GIF89a not really")); resp.StatusCode != 422 ||
		!strings.Contains(body, "Upload a JPEG or PNG photo") {
		t.Errorf("not an image: %d", resp.StatusCode)
	}
	if resp, _ := focal.uploadPhoto(path+"/photo", bytes.Repeat([]byte{0}, 7<<20)); resp.StatusCode != 413 {
		t.Errorf("7 MB: %d, want 413", resp.StatusCode)
	}
	if fmt.Sprint(app.tableCounts()) != fmt.Sprint(before) {
		t.Error("a refused photo was stored")
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, image.NewGray(image.Rect(0, 0, 300, 400)))
	focal.get(path)
	if resp, _ := focal.uploadPhoto(path+"/photo", buf.Bytes()); resp.StatusCode != 303 {
		t.Fatalf("upload: %d", resp.StatusCode)
	}
	// He is accredited: the photo waits for the secretariat in the photo
	// store's pending shelf, and no approved photo is served or shown yet.
	organiser := app.as(convene.RoleOrganiser)
	if resp, _ := organiser.get(path + "/photo"); resp.StatusCode != 404 {
		t.Errorf("photo before approval: %d, want 404", resp.StatusCode)
	}
	if _, page := focal.get(path); strings.Contains(page, `id="badge-photo"`) || !strings.Contains(page, `id="pending-change"`) {
		t.Error("the person page shows an unapproved photo, or not the pending change")
	}
	open, err := app.db.FindOpenChange(context.Background(), p.ID)
	if err != nil || !open.Photo {
		t.Fatalf("no pending photo change: %v %+v", err, open)
	}
	officer := app.as(convene.RoleOfficer)
	if resp, body := officer.get(fmt.Sprintf("%s/pending-changes/%d/photo", retreat, open.ID)); resp.StatusCode != 200 ||
		!strings.HasPrefix(body, "\xff\xd8") {
		t.Errorf("the secretariat cannot see the proposed photo: %d", resp.StatusCode)
	}
	officer.get(fmt.Sprintf("%s/pending-changes/%d", retreat, open.ID))
	if resp, body := officer.post(fmt.Sprintf("%s/pending-changes/%d", retreat, open.ID), url.Values{"action": {"approve"}}); resp.StatusCode != 303 {
		t.Fatalf("approve: %d %.2000s", resp.StatusCode, body)
	}
	resp, body := organiser.get(path + "/photo")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/jpeg" || !strings.HasPrefix(body, "\xff\xd8") {
		t.Errorf("photo: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	_, page := focal.get(path)
	if !strings.Contains(page, `id="badge-photo"`) {
		t.Error("the person page does not show the photo")
	}
	// Another country's focal point cannot see it.
	if resp, _ := app.signInAs("focal.tha@demo.test").get(path + "/photo"); resp.StatusCode != 404 {
		t.Errorf("Thai focal point: %d, want 404", resp.StatusCode)
	}
}
