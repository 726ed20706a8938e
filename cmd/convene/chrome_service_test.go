package main

import (
	"bufio"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	chromium "convene/internal/browser"
)

// chromeService is a Chromium started on its own, as the compose file's
// headless-shell service is: Convene reaches it only by its DevTools port.
type chromeService struct {
	cmd  *exec.Cmd
	http string // http://127.0.0.1:PORT, the form CONVENE_CHROME_URL takes in compose
	done chan struct{}
}

var devtoolsLine = regexp.MustCompile(`DevTools listening on ws://([0-9.]+:[0-9]+)/devtools/browser/`)

// startChromeService starts the system Chromium headless with
// --remote-debugging-port=0 and reads the port it chose from its output.
func startChromeService(t *testing.T) *chromeService {
	t.Helper()
	exe := chromium.ExecPath()
	if exe == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("Chromium is not installed and CI=true: the PDF tests must run")
		}
		t.Skip("Chromium is not installed (apt-get install chromium fonts-noto-core poppler-utils)")
	}
	args := []string{"--headless", "--disable-gpu", "--no-first-run", "--remote-debugging-address=127.0.0.1",
		"--remote-debugging-port=0", "--user-data-dir=" + t.TempDir(), "--disable-dev-shm-usage",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
		"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost", "about:blank"}
	if os.Geteuid() == 0 {
		args = append([]string{"--no-sandbox"}, args...)
	}
	c := &chromeService{cmd: exec.Command(exe, args...), done: make(chan struct{})}
	c.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its renderers go with it
	stderr, err := c.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.stop)
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := devtoolsLine.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		_ = c.cmd.Wait()
		close(c.done)
	}()
	select {
	case hostport := <-found:
		c.http = "http://" + hostport
	case <-c.done:
		t.Fatal("Chromium exited before it printed its DevTools address")
	case <-time.After(60 * time.Second):
		t.Fatal("Chromium printed no DevTools address within a minute")
	}
	return c
}

// stop kills the Chromium this test started, with its process group.
func (c *chromeService) stop() {
	if c.cmd.Process == nil {
		return
	}
	_ = syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
	<-c.done
}

// TestPDFThroughChromiumService is the deployment half of issue 17 item 6:
// the demo serves with -chrome-url (CONVENE_CHROME_URL) pointing at a
// Chromium started separately, and the seating plan comes back as a PDF
// with its text. When that Chromium is gone, a PDF link answers 503 with a
// message, and the printable page itself (the browser's own print) still
// works: the server used the service, not a Chromium of its own.
func TestPDFThroughChromiumService(t *testing.T) {
	chrome := startChromeService(t)
	d := startDemo(t, "-chrome-url", chrome.http)
	b := newBrowser(t, d.url)
	b.do("GET", "/sign-in", nil)
	if status, _, _ := b.do("POST", "/sign-in", url.Values{"email": {"organiser@demo.test"}, "password": {d.password}}); status != http.StatusSeeOther {
		t.Fatalf("sign in: %d", status)
	}
	start := time.Now()
	status, body, h := b.do("GET", "/meetings/admm-retreat-2025/seating.pdf", nil)
	took := time.Since(start)
	if status != http.StatusOK || h.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF-") {
		t.Fatalf("seating PDF through the service: %d %s %.200q", status, h.Get("Content-Type"), body)
	}
	size := len(body)
	pdf := filepath.Join(t.TempDir(), "seating.pdf")
	if err := os.WriteFile(pdf, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command("pdftotext", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext (poppler-utils): %v", err)
	}
	if !strings.Contains(string(text), "Malaysia") {
		t.Errorf("the seating PDF lacks Malaysia:\n%s", text)
	}

	chrome.stop()
	status, body, _ = b.do("GET", "/meetings/adsom-wg-2025/seating.pdf", nil)
	if status != http.StatusServiceUnavailable || !strings.Contains(body, "does not answer") ||
		!strings.Contains(body, "Print button") {
		t.Errorf("PDF with the service down: %d\n%.500s", status, body)
	}
	if status, _, _ := b.do("GET", "/meetings/adsom-wg-2025/seating", nil); status != http.StatusOK {
		t.Errorf("the printable page with the service down: %d", status)
	}
	fmt.Printf("PDF through a separate Chromium service (-chrome-url http://127.0.0.1:PORT): seating plan %d bytes in %s; with the service down the PDF link answers 503 and the printable page 200\n",
		size, took.Round(time.Millisecond))
}
