package main

import (
	"bufio"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/skip2/go-qrcode"

	chromium "convene/internal/browser"
	"convene/internal/browser/browsertest"
)

// fakeCameraFile writes a Y4M video (what Chromium's fake camera plays in a
// loop) showing a badge's QR code, drawn as Convene draws it (go-qrcode,
// medium error correction), held a little off centre on a grey desk.
func fakeCameraFile(t *testing.T, code string) string {
	t.Helper()
	q, err := qrcode.New(code, qrcode.Medium)
	if err != nil {
		t.Fatal(err)
	}
	const w, h = 640, 480
	frame := image.NewGray(image.Rect(0, 0, w, h))
	draw.Draw(frame, frame.Bounds(), &image.Uniform{color.Gray{Y: 150}}, image.Point{}, draw.Src)
	qr := q.Image(300)
	draw.Draw(frame, image.Rect(200, 110, 500, 410), qr, image.Point{}, draw.Src)
	file := filepath.Join(t.TempDir(), "badge.y4m")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := bufio.NewWriter(f)
	fmt.Fprintf(out, "YUV4MPEG2 W%d H%d F10:1 Ip A1:1 C420jpeg\n", w, h)
	chroma := make([]byte, (w/2)*(h/2))
	for i := range chroma {
		chroma[i] = 128 // no colour
	}
	for range 10 {
		out.WriteString("FRAME\n")
		out.Write(frame.Pix)
		out.Write(chroma) // U
		out.Write(chroma) // V
	}
	if err := out.Flush(); err != nil {
		t.Fatal(err)
	}
	return file
}

// cameraBrowser starts a Chromium of its own whose camera is the fake
// device playing file, with the permission prompt answered yes.
func cameraBrowser(t *testing.T, file string) context.Context {
	t.Helper()
	if chromium.ExecPath() == "" {
		browsertest.Tab(t) // skips, or fails under CI, with the install command
	}
	opts := append(chromium.Options(t.TempDir()),
		chromedp.Flag("use-fake-ui-for-media-stream", true),
		chromedp.Flag("use-fake-device-for-media-stream", true),
		chromedp.Flag("use-file-for-fake-video-capture", file))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium with a fake camera: %v", err)
	}
	return ctx
}

// TestBrowserDeskChecksInWithTheCamera: a desk officer presses "Scan with
// the camera" and holds a badge up (Chromium's fake camera plays a video of
// the badge's QR code); the desk reads it and the server's answer shows the
// holder, as a typed code would.
func TestBrowserDeskChecksInWithTheCamera(t *testing.T) {
	d := startDemo(t)
	ctx := browsertest.Tab(t)
	browserSignIn(t, ctx, d, "staff@demo.test")
	badges := printDelegation(t, ctx, d, "MYS")
	if len(badges) == 0 {
		t.Fatal("no badges on the sheet")
	}
	b := badges[0]
	cam := cameraBrowser(t, fakeCameraFile(t, strings.ReplaceAll(b.Code, "-", "")))
	browserSignIn(t, cam, d, "staff@demo.test")
	if err := chromedp.Do(cam,
		chromedp.Navigate(d.url+retreatDesk),
		chromedp.WaitVisible(chromedp.ID("camera-toggle")),
		chromedp.Click(chromedp.ID("camera-toggle")),
		chromedp.WaitVisible(chromedp.ID("check-in-answer")),
	); err != nil {
		t.Fatalf("camera check-in: %v", err)
	}
	if _, err := chromedp.Run(cam, chromedp.Poll[bool](`document.readyState === "complete"`)); err != nil {
		t.Fatal(err)
	}
	answer, err := chromedp.Run(cam, chromedp.Text(chromedp.ID("check-in-answer")))
	if err != nil || !strings.Contains(answer, b.Name) || !strings.Contains(answer, "Malaysia") ||
		!strings.Contains(answer, "Admitted to the venue of ADMM Retreat 2025") {
		t.Errorf("answer after the camera read the badge: %q (%v)", answer, err)
	}
	t.Logf("screenshot: %s", browsertest.Screenshot(t, cam, screenshotDir(), "desk-camera-answer"))
}
