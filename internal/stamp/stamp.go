// Package stamp marks restricted meeting papers (issue 18): every page of
// a PDF downloaded by a delegation carries, at its foot, who downloaded it
// and when, so that a leaked copy can be traced to the delegation it was
// given to. It uses github.com/pdfcpu/pdfcpu, a maintained pure-Go PDF
// library (no cgo: Convene stays one static binary), pinned at v0.11.1
// (the newest release served from an approved copy; the v0.15.0 the module
// proxy lists is an unapproved copy).
package stamp

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// pdfcpu otherwise keeps a configuration directory under the user's
// configuration folder and exits the process when it cannot create it (a
// read-only container has none): Convene needs only its built-in core
// fonts, so the directory is switched off once, before any use.
func init() { api.DisableConfigDir() }

// config is pdfcpu's configuration for one call: relaxed validation, since
// office suites and scanners write PDFs that bend the specification.
func config() *model.Configuration {
	c := model.NewDefaultConfiguration()
	c.ValidationMode = model.ValidationRelaxed
	return c
}

// Check reports whether a PDF can be read (and so stamped): an encrypted
// or damaged PDF is refused at upload rather than failing at download.
func Check(pdf []byte) error {
	n, err := api.PageCount(bytes.NewReader(pdf), config())
	if err != nil {
		return fmt.Errorf("read the PDF: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("the PDF has no pages")
	}
	return nil
}

// Stamp writes text at the foot of every page of pdf, on top of the
// content, in dark red Helvetica, and returns the stamped PDF.
func Stamp(pdf []byte, text string) ([]byte, error) {
	// pdfcpu's description language separates its options with commas and
	// colons: the text itself is given as the watermark's text, but any
	// comma in it is kept out of the description.
	text = strings.NewReplacer("\n", " ", "\r", " ").Replace(text)
	wm, err := api.TextWatermark(text, "font:Helvetica, points:9, pos:bc, off:0 14, scale:1 abs, rot:0, fillcolor:#8b0000, opacity:1",
		true, false, types.POINTS)
	if err != nil {
		return nil, fmt.Errorf("stamp: %w", err)
	}
	var out bytes.Buffer
	if err := api.AddWatermarks(bytes.NewReader(pdf), &out, nil, wm, config()); err != nil {
		return nil, fmt.Errorf("stamp: %w", err)
	}
	return out.Bytes(), nil
}
