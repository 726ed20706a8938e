// Package phototest draws the photos tests upload, as httptest serves the
// requests they make: it is imported by tests only.
package phototest

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
)

// Portrait is a small deterministic portrait (a face-coloured oval on a
// blue background, 300 × 400) as a PNG, as a phone photo would arrive.
func Portrait() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 300, 400))
	for y := range 400 {
		for x := range 300 {
			c := color.RGBA{R: 40, G: 90, B: 160, A: 255}
			if dx, dy := float64(x-150)/90, float64(y-170)/120; dx*dx+dy*dy < 1 {
				c = color.RGBA{R: 224, G: 172, B: 105, A: 255}
			} else if y > 300 {
				c = color.RGBA{R: 30, G: 30, B: 40, A: 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err) // encoding an in-memory RGBA image cannot fail
	}
	return buf.Bytes()
}
