package photo

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"convene/internal/convene"
)

// withEXIF returns a JPEG carrying an APP1 Exif segment with a marker text,
// as a phone camera writes one.
func withEXIF(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, x%h, color.RGBA{200, 30, 30, 255})
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	payload := append([]byte("Exif\x00\x00"), []byte("GPS 5.4141N 100.3288E SECRET-CAMERA")...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	b := buf.Bytes()
	out := append([]byte{}, b[:2]...) // SOI
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, b[2:]...)
}

func TestCleanStripsEXIFAndScales(t *testing.T) {
	in := withEXIF(t, 1600, 1200)
	if !bytes.Contains(in, []byte("SECRET-CAMERA")) {
		t.Fatal("test image lacks its EXIF")
	}
	out, w, h, err := Clean(bytes.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, []byte("Exif")) || bytes.Contains(out, []byte("SECRET-CAMERA")) {
		t.Error("EXIF survived the re-encoding")
	}
	if w != 800 || h != 600 {
		t.Errorf("scaled to %d×%d, want 800×600", w, h)
	}
	if _, err := jpeg.Decode(bytes.NewReader(out)); err != nil {
		t.Errorf("output is not a JPEG: %v", err)
	}
}

func TestCleanAcceptsPNGAndRefusesOthers(t *testing.T) {
	var buf bytes.Buffer
	_ = png.Encode(&buf, image.NewGray(image.Rect(0, 0, 30, 40)))
	if _, w, h, err := Clean(&buf); err != nil || w != 30 || h != 40 {
		t.Errorf("png: %d×%d %v", w, h, err)
	}
	for name, data := range map[string][]byte{
		"gif":              []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
		"text":             []byte("<svg onload=alert(1)>"),
		"jpeg header only": {0xFF, 0xD8, 0xFF, 0xE0},
	} {
		if _, _, _, err := Clean(bytes.NewReader(data)); convene.ErrorCode(err) != convene.EINVALID {
			t.Errorf("%s: %v, want EINVALID", name, err)
		}
	}
	// A PNG header that announces 100000×100000 pixels is refused before decoding.
	var bomb bytes.Buffer
	_ = png.Encode(&bomb, image.NewGray(image.Rect(0, 0, 1, 1)))
	b := bomb.Bytes()
	binary.BigEndian.PutUint32(b[16:], 100000)
	binary.BigEndian.PutUint32(b[20:], 100000)
	if _, _, _, err := Clean(bytes.NewReader(b)); convene.ErrorCode(err) != convene.EINVALID {
		t.Errorf("pixel bomb: %v", err)
	}
	if _, _, _, err := Clean(bytes.NewReader(make([]byte, MaxBytes+1))); convene.ErrorCode(err) != convene.ETOOLARGE {
		t.Errorf("6 MB: %v", err)
	}
}
