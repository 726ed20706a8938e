package static

import (
	"encoding/base64"
	"regexp"
	"sync"
)

var (
	fontURL    = regexp.MustCompile(`url\(\.\./(fonts/[^)]+\.ttf)\)`)
	inlineOnce sync.Once
	inlineCSS  string
)

// InlineFontCSS is css/fonts.css with each font's url() replaced by the
// font itself as a data: URI, for the PDF printer, which receives the
// document alone and has no way back to Convene. Chromium decodes and
// embeds only the faces a document uses, so the unused ones cost only
// their transfer to the printer. Made once.
func InlineFontCSS() string {
	inlineOnce.Do(func() {
		a, ok := byName["css/fonts.css"]
		if !ok {
			panic("static: css/fonts.css is missing")
		}
		inlineCSS = fontURL.ReplaceAllStringFunc(string(a.Body), func(m string) string {
			f, ok := byName[fontURL.FindStringSubmatch(m)[1]]
			if !ok {
				panic("static: css/fonts.css names a missing font: " + m)
			}
			return "url(data:font/ttf;base64," + base64.StdEncoding.EncodeToString(f.Body) + ")"
		})
	})
	return inlineCSS
}
