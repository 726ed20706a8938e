package photo

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"testing"

	"convene/internal/convene"
)

// FuzzClean feeds arbitrary bytes to the badge-photo cleaner, as an upload
// would: the answer is never a panic, only an EINVALID or ETOOLARGE error or
// a JPEG that decodes, is no larger than MaxSide on either side, has the
// size Clean reports, and carries no EXIF (APP1) segment or any other
// metadata segment of the input, nor anything after its image data. The committed corpus in testdata/fuzz
// holds a JPEG with GPS EXIF, a PNG, a truncated JPEG and a PNG header that
// declares a huge image.
func FuzzClean(f *testing.F) {
	f.Add(withEXIF(f, 40, 30))
	var p bytes.Buffer
	_ = png.Encode(&p, image.NewGray(image.Rect(0, 0, 9, 7)))
	f.Add(p.Bytes())
	f.Add([]byte("GIF89a\x01\x00\x01\x00"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		out, w, h, err := Clean(bytes.NewReader(data))
		if err != nil {
			if code := convene.ErrorCode(err); code != convene.EINVALID && code != convene.ETOOLARGE {
				t.Fatalf("error %v has code %q, want EINVALID or ETOOLARGE", err, code)
			}
			if out != nil {
				t.Fatal("an error came with bytes")
			}
			return
		}
		if w < 1 || h < 1 || w > MaxSide || h > MaxSide {
			t.Fatalf("reported size %d×%d", w, h)
		}
		img, err := jpeg.Decode(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("output is not a JPEG: %v", err)
		}
		if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
			t.Fatalf("output is %v, Clean said %d×%d", b, w, h)
		}
		// Walk the JPEG's segments up to the image data: Go's encoder
		// writes no APPn (EXIF, XMP, ICC) and no COM segment.
		i := 2
		for i+4 <= len(out) && out[i] == 0xFF {
			marker := out[i+1]
			if marker == 0xDA { // start of scan: image data follows
				break
			}
			if (marker >= 0xE0 && marker <= 0xEF) || marker == 0xFE {
				t.Fatalf("output keeps metadata segment 0x%X", marker)
			}
			i += 2 + int(out[i+2])<<8 + int(out[i+3])
		}
		if i+4 > len(out) || out[i] != 0xFF || out[i+1] != 0xDA {
			t.Fatalf("no start of scan where the header ends (offset %d)", i)
		}
		// No "Exif" in the header. It is searched for there, not in the whole
		// file: the entropy-coded image data is arbitrary bytes and may hold
		// those five by chance. The data itself can hide no segment: after
		// the scan header every 0xFF is a stuffed byte (0xFF00) or a restart
		// marker, up to the end-of-image marker, which ends the file.
		if bytes.Contains(out[:i], []byte("Exif\x00")) {
			t.Fatal("EXIF survived")
		}
		j := i + 2 + int(out[i+2])<<8 + int(out[i+3])
		for ; j+1 < len(out); j++ {
			if out[j] != 0xFF {
				continue
			}
			switch next := out[j+1]; {
			case next == 0x00 || (next >= 0xD0 && next <= 0xD7):
				j++
			case next == 0xD9:
				if rest := len(out) - j - 2; rest > 0 {
					t.Fatalf("%d bytes after the end-of-image marker", rest)
				}
				return
			default:
				t.Fatalf("marker 0xFF%02X inside the image data at offset %d", next, j)
			}
		}
		t.Fatal("the image data does not end with the end-of-image marker")
	})
}
