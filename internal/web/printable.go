package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/browser"
	"convene/internal/convene"
	"convene/internal/paths"
	"convene/static"
	"convene/views"
)

// document is one printable document of a meeting (badge sheet, programme
// book, seating plan, name plates, list of participants). Each has two
// routes, the page and its PDF, served by serveDocument: the document is
// built once per request and answered as HTML or printed to PDF.
type document struct {
	// file is the PDF's file name before the meeting code: "badges"
	// downloads as badges-CODE.pdf.
	file string
	// pdf is the PDF's path, linked from the page.
	pdf func(code string) string
	// build reads what the document shows and returns its page; doc is
	// what every printable document shares, for the page to fill in.
	build func(s *Server, c echo.Context, m convene.Meeting, doc views.PrintDoc) (templ.Component, error)
}

// serveDocument answers a printable document of the path's meeting: as its
// page, or asPDF printed by headless Chromium as a download.
func (s *Server) serveDocument(c echo.Context, d document, asPDF bool) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	doc := views.PrintDoc{Meeting: m, BackHref: paths.PrintRoom(m.Code),
		Printed: convene.FormatInZone(s.db.Now(), m.Location(), "2 January 2006 15:04")}
	if asPDF {
		doc.PDF = true
		// The PDF printer receives the document alone: inline its styles
		// and the fonts Convene serves.
		if a, _, ok := static.Lookup("css/print.css"); ok {
			doc.InlineCSS = static.InlineFontCSS() + string(a.Body)
		}
	} else {
		// The PDF shows what the page shows: the same query.
		doc.PDFHref = paths.WithQuery(d.pdf(m.Code), c.QueryString())
	}
	page, err := d.build(s, c, m, doc)
	if err != nil {
		return err
	}
	if asPDF {
		return s.renderPDF(c, page, d.file+"-"+m.Code+".pdf")
	}
	return s.render(c, http.StatusOK, page)
}

// accredited returns the meeting's accredited delegates in protocol order:
// the people the badges and place cards are printed for.
func (s *Server) accredited(ctx context.Context, meetingID int64) ([]convene.Delegate, error) {
	all, _, err := s.db.FindDelegates(ctx, convene.DelegateFilter{MeetingID: meetingID, Limit: 1000})
	var out []convene.Delegate
	for _, p := range all {
		if p.Status == convene.RegAccredited {
			out = append(out, p)
		}
	}
	return out, err
}

// renderHTML renders a page into bytes with the request's page context, the
// same way render does, for the PDF printer.
func (s *Server) renderHTML(c echo.Context, page templ.Component) ([]byte, error) {
	pc := &views.PageContext{Actor: actor(c), Path: c.Request().URL.Path, Asset: static.Path}
	var buf bytes.Buffer
	err := page.Render(views.WithPage(c.Request().Context(), pc), &buf)
	return buf.Bytes(), err
}

// renderPDF prints a document with headless Chromium and sends it as a
// download. Without Chromium it answers 503 with a page that says so and
// points to the browser's own print, which always works.
func (s *Server) renderPDF(c echo.Context, page templ.Component, filename string) error {
	html, err := s.renderHTML(c, page)
	if err != nil {
		return err
	}
	pdf, err := cachedPDF(c.Request().Context(), s.cfg.Printer, html)
	if errors.Is(err, browser.ErrNoChromium) {
		return s.render(c, http.StatusServiceUnavailable, views.ErrorPage(http.StatusServiceUnavailable,
			"PDF not available", "This server has no Chromium, which renders the PDF (install it with apt-get install chromium fonts-noto-core, or run a Chromium service and set CONVENE_CHROME_URL). Go back and use the Print button: your browser prints the same page.", s.wayBack(c, http.StatusServiceUnavailable)))
	} else if errors.Is(err, browser.ErrUnreachable) {
		s.log.Warn("pdf service unreachable", "err", err)
		return s.render(c, http.StatusServiceUnavailable, views.ErrorPage(http.StatusServiceUnavailable,
			"PDF not available", "The Chromium service that renders PDFs does not answer. Go back and use the Print button: your browser prints the same page.", s.wayBack(c, http.StatusServiceUnavailable)))
	} else if err != nil {
		return fmt.Errorf("print %s: %w", filename, err)
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename=%q`, filename))
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}

// pdfCache keeps the last few PDFs by the SHA-256 of their HTML: the print
// room downloads the same document again and again during a burst (each
// desk, each reprint of a list), and an identical document needs no second
// Chromium render. Any change to the content, including the print stamp's
// minute, changes the key.
var pdfCache struct {
	sync.Mutex
	keys []string
	pdfs map[string][]byte
}

const pdfCacheSize = 16

func cachedPDF(ctx context.Context, printer *browser.Printer, html []byte) ([]byte, error) {
	sum := sha256.Sum256(html)
	key := hex.EncodeToString(sum[:])
	pdfCache.Lock()
	pdf, ok := pdfCache.pdfs[key]
	pdfCache.Unlock()
	if ok {
		return pdf, nil
	}
	pdf, err := printer.PrintHTML(ctx, html)
	if err != nil {
		return nil, err
	}
	pdfCache.Lock()
	defer pdfCache.Unlock()
	if pdfCache.pdfs == nil {
		pdfCache.pdfs = map[string][]byte{}
	}
	if _, ok := pdfCache.pdfs[key]; !ok {
		pdfCache.keys = append(pdfCache.keys, key)
		pdfCache.pdfs[key] = pdf
		if len(pdfCache.keys) > pdfCacheSize {
			delete(pdfCache.pdfs, pdfCache.keys[0])
			pdfCache.keys = pdfCache.keys[1:]
		}
	}
	return pdf, nil
}
