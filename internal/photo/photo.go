// Package photo turns an uploaded badge photo into a small, clean JPEG: it
// accepts only real JPEG and PNG images, refuses ones whose declared size
// could exhaust memory, scales them down and re-encodes them, which drops
// EXIF (camera, GPS position) and anything else hidden in the file.
package photo

import (
	"bytes"
	"image"
	"image/jpeg"
	_ "image/png" // PNG uploads are accepted too
	"io"

	"golang.org/x/image/draw"

	"convene/internal/convene"
)

// MaxBytes is the largest upload accepted; a badge photo needs far less.
const MaxBytes = 5 << 20

// maxPixels bounds the declared image size checked before decoding, so that
// a tiny file announcing a gigantic image cannot exhaust memory.
const maxPixels = 40_000_000

// MaxSide is the longest side of the stored photo: enough for a badge
// printed at 300 dpi.
const MaxSide = 800

// Clean reads an upload and returns the re-encoded JPEG with its size. Not
// an image (or not JPEG/PNG) is EINVALID; too large is ETOOLARGE.
func Clean(r io.Reader) ([]byte, int, int, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, 0, 0, err
	}
	if len(data) > MaxBytes {
		return nil, 0, 0, convene.Errorf(convene.ETOOLARGE, "The photo is larger than 5 MB.")
	}
	notImage := &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
		Fields: map[string]string{"photo": "Upload a JPEG or PNG photo."}}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "jpeg" && format != "png") {
		return nil, 0, 0, notImage
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxPixels {
		return nil, 0, 0, &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
			Fields: map[string]string{"photo": "The photo's dimensions are too large; use one under 40 megapixels."}}
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, 0, 0, notImage
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if w > MaxSide || h > MaxSide {
		if w >= h {
			w, h = MaxSide, max(1, h*MaxSide/b.Dx())
		} else {
			w, h = max(1, w*MaxSide/b.Dy()), MaxSide
		}
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	var out bytes.Buffer
	if err := jpeg.Encode(&out, dst, &jpeg.Options{Quality: 85}); err != nil {
		return nil, 0, 0, err
	}
	return out.Bytes(), w, h, nil
}
