package web

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"convene/internal/convene"
	"convene/static"
)

// TestPrintFontsServed: every print links the fonts' stylesheet, whose
// faces are all served by Convene as font/ttf with their licence beside
// them, and the PDF printer gets the same faces inline, with no url() left
// that would point back to Convene.
func TestPrintFontsServed(t *testing.T) {
	app := newTestApp(t)
	c := app.as(convene.RoleOrganiser)
	_, page := c.get(retreatPath + "/seating")
	href := regexp.MustCompile(`href="(/static/css/fonts\.[0-9a-f]+\.css)"`).FindStringSubmatch(page)
	if href == nil {
		t.Fatalf("the seating plan does not link the print fonts")
	}
	resp, css := c.get(href[1])
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("fonts.css: %d", resp.StatusCode)
	}
	urls := regexp.MustCompile(`url\(\.\./(fonts/[^)]+)\)`).FindAllStringSubmatch(css, -1)
	scripts := map[string]bool{}
	for _, u := range urls {
		resp, body := c.get("/static/" + u[1])
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "font/ttf" || !strings.HasPrefix(body, "\x00\x01\x00\x00") {
			t.Errorf("%s: %d %s, %d bytes", u[1], resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
		}
		scripts[regexp.MustCompile(`NotoSans(\w*)-`).FindStringSubmatch(u[1])[1]] = true
	}
	for _, s := range []string{"", "Thai", "Lao", "Khmer", "Myanmar", "Mono"} {
		if !scripts[s] {
			t.Errorf("no served face for Noto Sans %s", s)
		}
	}
	if resp, body := c.get("/static/fonts/LICENSE-fonts-noto-core.txt"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "SIL Open Font License") {
		t.Errorf("the fonts' licence is not served beside them")
	}
	if resp, body := c.get("/static/fonts/LICENSE-fonts-noto-mono.txt"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "SIL Open Font License") {
		t.Errorf("the monospace font's licence is not served beside it")
	}
	inline := static.InlineFontCSS()
	if n := strings.Count(inline, "url(data:font/ttf;base64,"); n != len(urls) || strings.Contains(inline, "url(../") {
		t.Errorf("the PDF's inline fonts: %d data URIs for %d faces", n, len(urls))
	}
}
