package browser

import (
	"context"
	"errors"
	"os"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// ErrNoChromium is returned by PrintHTML when no Chromium is installed; the
// web layer then explains that the browser's own print still works.
var ErrNoChromium = errors.New("chromium is not installed")

// IdleTimeout is how long the print browser stays up after its last
// document. Starting Chromium costs from under a second to many seconds on a
// busy machine, while a print room prints in bursts: keeping it warm between
// documents of a burst and closing it afterwards gives both speed and no
// browser lingering for hours.
const IdleTimeout = 3 * time.Minute

// printer is the one shared print browser of the process, started on the
// first PDF and closed after IdleTimeout without one. chromedp starts
// Chromium with a parent-death signal, so it never outlives the process.
var printer struct {
	mu     sync.Mutex
	ctx    context.Context
	cancel context.CancelFunc
	dir    string
	idle   *time.Timer
}

// printSlot lets one document print at a time: the machine is small and a
// print room never needs two at once.
var printSlot = make(chan struct{}, 1)

// printBrowser returns the context of the running print browser, starting
// one if none is up.
func printBrowser() (context.Context, error) {
	printer.mu.Lock()
	defer printer.mu.Unlock()
	if printer.idle != nil {
		printer.idle.Stop()
	}
	if printer.ctx != nil && printer.ctx.Err() == nil {
		return printer.ctx, nil
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
	printer.ctx, printer.cancel, printer.dir = ctx, cancel, dir
	return ctx, nil
}

// releaseBrowser arms the idle timer, or closes the browser at once after a
// failure so that the next document gets a fresh one.
func releaseBrowser(failed bool) {
	printer.mu.Lock()
	defer printer.mu.Unlock()
	if failed {
		closeBrowserLocked()
		return
	}
	printer.idle = time.AfterFunc(IdleTimeout, func() {
		printer.mu.Lock()
		defer printer.mu.Unlock()
		closeBrowserLocked()
	})
}

func closeBrowserLocked() {
	if printer.cancel != nil {
		printer.cancel()
		os.RemoveAll(printer.dir)
	}
	printer.ctx, printer.cancel, printer.dir = nil, nil, ""
}

// PrintHTML renders a complete HTML document (styles inline, no external
// resources) in a new tab of the print browser and returns it as a PDF, with
// the page size and margins the document's @page rule asks for. Each
// document gets its own tab, closed afterwards, so nothing one document
// loads leaks into the next.
func PrintHTML(ctx context.Context, html []byte) ([]byte, error) {
	if ExecPath() == "" {
		return nil, ErrNoChromium
	}
	select {
	case printSlot <- struct{}{}:
		defer func() { <-printSlot }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	bctx, err := printBrowser()
	if err != nil {
		releaseBrowser(true)
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
	releaseBrowser(err != nil && ctx.Err() == nil)
	return pdf, err
}
