package browser

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// ErrNoChromium is returned by PrintHTML when no Chromium is installed and
// none is configured; the web layer then explains that the browser's own
// print still works.
var ErrNoChromium = errors.New("chromium is not installed")

// ErrUnreachable is returned by PrintHTML when the Chromium service at the
// configured address (CONVENE_CHROME_URL) does not answer.
var ErrUnreachable = errors.New("the chromium service does not answer")

// IdleTimeout is how long the print browser stays up after its last
// document. Starting Chromium costs from under a second to many seconds on a
// busy machine, while a print room prints in bursts: keeping it warm between
// documents of a burst and closing it afterwards gives both speed and no
// browser lingering for hours.
const IdleTimeout = 3 * time.Minute

// Printer prints documents with one shared browser, started (or, for a
// Chromium service, connected to) on the first PDF and closed after
// IdleTimeout without one. A local Chromium is started with a parent-death
// signal, so it never outlives the process.
type Printer struct {
	remote string // the DevTools address of a Chromium service; "" starts a local Chromium

	mu     sync.Mutex
	ctx    context.Context
	cancel context.CancelFunc
	dir    string
	idle   *time.Timer

	// slot lets one document print at a time: the machine is small and a
	// print room never needs two at once.
	slot chan struct{}
}

// NewPrinter returns a printer. With remoteURL empty it starts the
// Chromium installed on this machine; otherwise it connects to a Chromium
// started separately (the compose file's headless-shell service), at its
// DevTools address: ws://host:9222, http://host:9222, or the full
// ws://host:9222/devtools/browser/ID that Chromium prints at start.
func NewPrinter(remoteURL string) (*Printer, error) {
	if remoteURL != "" {
		u, err := url.Parse(remoteURL)
		if err != nil || (u.Scheme != "ws" && u.Scheme != "wss" && u.Scheme != "http" && u.Scheme != "https") ||
			u.Port() == "" || u.User != nil {
			return nil, fmt.Errorf("%q is not a Chromium DevTools address: use ws://host:9222 or http://host:9222", remoteURL)
		}
	}
	return &Printer{remote: remoteURL, slot: make(chan struct{}, 1)}, nil
}

// Remote is the configured Chromium service's address, or "".
func (p *Printer) Remote() string { return p.remote }

// Available says whether a PDF can be tried at all: a Chromium service is
// configured or a Chromium is installed. A service that is configured but
// down still answers ErrUnreachable at print time.
func (p *Printer) Available() bool { return p.remote != "" || ExecPath() != "" }

// local is the process's one printer with this machine's Chromium, shared
// by every server of the process that has no Chromium service (tests start
// many): one print browser, not one per server.
var local, _ = NewPrinter("")

// Local returns the shared printer that uses this machine's Chromium.
func Local() *Printer { return local }

// PrintHTML prints with this machine's Chromium; see Printer.PrintHTML.
func PrintHTML(ctx context.Context, html []byte) ([]byte, error) { return local.PrintHTML(ctx, html) }

// browser returns the context of the running print browser, starting or
// connecting to one if none is up.
func (p *Printer) browser() (context.Context, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.idle != nil {
		p.idle.Stop()
	}
	if p.ctx != nil && p.ctx.Err() == nil {
		return p.ctx, nil
	}
	if p.remote != "" {
		ctx, cancel, err := Connect(context.Background(), p.remote)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrUnreachable, p.remote, err)
		}
		p.ctx, p.cancel = ctx, cancel
		return ctx, nil
	}
	dir, err := os.MkdirTemp("", "convene-print-")
	if err != nil {
		return nil, err
	}
	ctx, cancel, err := Start(context.Background(), dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	p.ctx, p.cancel, p.dir = ctx, cancel, dir
	return ctx, nil
}

// release arms the idle timer, or closes the browser at once after a
// failure so that the next document gets a fresh one.
func (p *Printer) release(failed bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if failed {
		p.closeLocked()
		return
	}
	p.idle = time.AfterFunc(IdleTimeout, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.closeLocked()
	})
}

// Close closes the print browser (a Chromium service keeps running; only
// the connection and its tabs close).
func (p *Printer) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.idle != nil {
		p.idle.Stop()
	}
	p.closeLocked()
}

func (p *Printer) closeLocked() {
	if p.cancel != nil {
		p.cancel()
		if p.dir != "" {
			os.RemoveAll(p.dir)
		}
	}
	p.ctx, p.cancel, p.dir = nil, nil, ""
}

// PrintHTML renders a complete HTML document (styles inline, no external
// resources) in a new tab of the print browser and returns it as a PDF, with
// the page size and margins the document's @page rule asks for. Each
// document gets its own tab, closed afterwards, so nothing one document
// loads leaks into the next. The document is sent to the browser over the
// DevTools connection, so a Chromium service needs no way back to Convene.
func (p *Printer) PrintHTML(ctx context.Context, html []byte) ([]byte, error) {
	if !p.Available() {
		return nil, ErrNoChromium
	}
	select {
	case p.slot <- struct{}{}:
		defer func() { <-p.slot }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	bctx, err := p.browser()
	if err != nil {
		p.release(true)
		return nil, err
	}
	tab, closeTab := chromedp.NewContext(bctx)
	defer closeTab()
	// Bounded in time so that a stuck render cannot hold the print slot,
	// and abandoned when the request that wanted it goes away.
	tab, stop := context.WithTimeout(tab, 60*time.Second)
	defer stop()
	defer context.AfterFunc(ctx, stop)()
	var pdf []byte
	err = chromedp.Do(tab,
		chromedp.Navigate("about:blank"),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			tree, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
			if err != nil {
				return err
			}
			_, err = chromedp.Call(ctx, page.SetDocumentContent, page.SetDocumentContentParams{
				FrameID: tree.FrameTree.Frame.ID, HTML: string(html)})
			return err
		}),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) (err error) {
			pdf, err = chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize(),
				chromedp.PDFPrintBackground(), chromedp.PDFMargin(0))(ctx, t)
			return err
		}),
	)
	// A render abandoned by its request says nothing about the browser.
	p.release(err != nil && ctx.Err() == nil)
	return pdf, err
}
