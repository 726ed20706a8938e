package web

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
)

// logSplitters are what an attacker puts into a request to forge or hide log
// lines: CR/LF followed by a fake line, the Unicode line and paragraph
// separators (which some log viewers break on), NEL, and ANSI escapes that
// rewrite a terminal (clear the line, move the cursor up, colour).
var logSplitters = []string{
	"\r\ntime=2026-01-01T00:00:00Z level=INFO msg=request id=forged route=/admin/users status=200",
	"\nlevel=ERROR msg=\"forged line\"",
	"\u2028time=forged level=INFO msg=request\u2029",
	"\u0085forged-after-NEL",
	"\x1b[2K\x1b[1A\x1b[31mforged-ansi\x1b[0m",
}

// logCanaries are secrets that the requests below carry and that must never
// reach the log: a passport number and the passwords typed.
const (
	logCanaryPassport = "Z98765432"
	logCanaryPassword = "canary password 7f3c9e"
)

// rawRequest sends one HTTP/1.1 request written byte for byte, so that the
// request line and headers can hold bytes a Go client refuses to send. It
// returns the status code (0 if the server closed without answering) and the
// response's X-Request-Id.
func rawRequest(t *testing.T, addr, raw string) (int, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := io.WriteString(conn, raw); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return 0, ""
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.Header.Get(echo.HeaderXRequestID)
}

// logAfter returns what the log gained since before, once the line of the
// request with the given id is in it: the server writes a request's line
// after the response has gone out, so the test waits for it rather than
// racing it. Requests are sent one at a time, so the gain is that request's.
func logAfter(t *testing.T, log *syncBuffer, before, id string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for id != "" && !strings.Contains(log.String(), "id="+id) {
		if time.Now().After(deadline) {
			t.Fatalf("the log line of request %s never came", id)
		}
		time.Sleep(time.Millisecond)
	}
	return strings.TrimPrefix(log.String(), before)
}

// logProblems checks the lines a request added to the log: exactly want
// lines, each a well-formed logfmt line of Convene's (it starts with time=,
// carries one msg= and holds no raw control or separator character), and no
// canary secret anywhere. It returns what is wrong, in words.
func logProblems(added string, want int) []string {
	var problems []string
	// Split the way a log shipper or terminal would: on LF, CR, the Unicode
	// separators and NEL.
	lines := strings.FieldsFunc(strings.TrimRight(added, "\n"), func(r rune) bool {
		return r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' || r == '\u0085'
	})
	if len(lines) != want {
		problems = append(problems, fmt.Sprintf("%d log lines, want %d", len(lines), want))
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "time=") || strings.Count(l, " msg=") != 1 {
			problems = append(problems, fmt.Sprintf("forged or broken line %q", l))
		}
		if strings.ContainsAny(l, "\x1b\x00\t") {
			problems = append(problems, fmt.Sprintf("raw control character in %q", l))
		}
	}
	for _, secret := range []string{logCanaryPassport, logCanaryPassword} {
		if strings.Contains(added, secret) {
			problems = append(problems, "a secret reached the log")
		}
	}
	return problems
}

// logAttacks are the requests of TestLogLinesCannotBeSplit: every input a
// request can carry (path, query, user agent, the headers a proxy or client
// sets, the sign-in form's e-mail and password, a nomination with a passport
// number and medical notes) holding the splitters. Each is sent raw; it
// returns the request and whether the server must answer it (and so log it).
type logAttack struct {
	name string
	raw  func(csrf, cookie string) string
	// refused: net/http itself answers 400 before any handler (a control
	// character in a header value), so nothing may reach the log.
	refused bool
}

func logAttacks(splitter string) []logAttack {
	enc := url.PathEscape(splitter)
	q := url.QueryEscape(splitter)
	// Raw header values may not hold CR or LF (the server refuses those
	// before any handler, tested separately), so headers carry the rest.
	// An ANSI escape is a control character: net/http refuses that too.
	hdr := strings.NewReplacer("\r", "", "\n", "").Replace(splitter)
	hdrRefused := strings.ContainsRune(hdr, 0x1b)
	get := func(target, extra string) string {
		return "GET " + target + " HTTP/1.1\r\nHost: convene.test\r\nConnection: close\r\n" + extra + "\r\n"
	}
	post := func(target, cookie, body string) string {
		return "POST " + target + " HTTP/1.1\r\nHost: convene.test\r\nConnection: close\r\nCookie: " + cookie +
			"\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + fmt.Sprint(len(body)) + "\r\n\r\n" + body
	}
	return []logAttack{
		{"path (unknown route)", func(_, _ string) string { return get("/no-such-page/"+enc, "") }, false},
		{"path (known route, 404 record)", func(_, _ string) string { return get("/meetings/"+enc, "") }, false},
		{"path with raw UTF-8 separators", func(_, _ string) string {
			return get("/meetings/x\u2028y\u2029z\u0085/programme", "")
		}, false},
		{"query", func(_, _ string) string { return get("/sign-in?next="+q+"&email="+q, "") }, false},
		{"user agent", func(_, _ string) string { return get("/", "User-Agent: Mozilla "+hdr+"\r\n") }, hdrRefused},
		{"folded user agent", func(_, _ string) string {
			return get("/", "User-Agent: Mozilla\r\n time=forged level=INFO msg=folded "+hdr+"\r\n")
		}, hdrRefused},
		{"forwarding and id headers", func(_, _ string) string {
			return get("/", "X-Forwarded-For: 203.0.113.7, "+hdr+"\r\nX-Real-Ip: "+hdr+"\r\nX-Request-Id: "+hdr+
				"\r\nReferer: http://evil.example/"+hdr+"\r\nForwarded: for="+hdr+"\r\n")
		}, hdrRefused},
		{"sign-in e-mail and password", func(csrf, cookie string) string {
			body := url.Values{"_csrf": {csrf}, "email": {"admin@demo.test" + splitter},
				"password": {logCanaryPassword + splitter}, "next": {"/" + splitter}}.Encode()
			return post("/sign-in", cookie, body)
		}, false},
	}
}

// TestLogLinesCannotBeSplit sends CR/LF, Unicode separators and ANSI escapes
// in every input that could reach the request log (path, query, user agent,
// forwarding headers, the sign-in form, a nomination with a passport number)
// and proves that each request adds exactly one log line, that no forged line
// appears, and that no password or passport number is logged.
//
// Control: a naive logger that prints the raw path and user agent, given
// the same requests, must be caught by the same checks.
func TestLogLinesCannotBeSplit(t *testing.T) {
	app := newTestApp(t)
	addr := strings.TrimPrefix(app.ts.URL, "http://")

	// A browser's cookie and CSRF token for the form posts.
	anon := app.client()
	resp, _ := anon.get("/sign-in")
	logAfter(t, app.log, "", resp.Header.Get(echo.HeaderXRequestID))
	var cookies []string
	for _, c := range resp.Cookies() {
		cookies = append(cookies, c.Name+"="+c.Value)
	}
	cookie := strings.Join(cookies, "; ")

	requests, bad, refused := 0, 0, 0
	for _, sp := range logSplitters {
		for _, a := range logAttacks(sp) {
			before := app.log.String()
			status, id := rawRequest(t, addr, a.raw(anon.csrf, cookie))
			want := 1
			if a.refused {
				want = 0
				if status != http.StatusBadRequest || id != "" {
					t.Errorf("%s with %q: status %d (id %q), want 400 from net/http", a.name, sp, status, id)
				}
				refused++
			} else if status == 0 || status >= 500 || id == "" {
				t.Errorf("%s with %q: status %d, request id %q", a.name, sp, status, id)
			}
			added := logAfter(t, app.log, before, id)
			if p := logProblems(added, want); len(p) > 0 {
				bad++
				t.Errorf("%s with %q: %s\n%s", a.name, sp, strings.Join(p, "; "), added)
			}
			requests++
		}
	}

	// A nomination whose text fields hold the splitters and whose passport
	// number is the canary: stored, logged on one line, the passport absent.
	focal := app.as(convene.RoleFocal)
	before := app.log.String()
	resp, _ = focal.get(retreat + "/delegations/vnm/delegates/new")
	logAfter(t, app.log, before, resp.Header.Get(echo.HeaderXRequestID))
	for i, sp := range logSplitters {
		f := nominee("Phạm Thị Lan"+sp, "Nguyễn"+sp)
		f.Set("passport_number", fmt.Sprintf("%s%d", logCanaryPassport, i))
		f.Set("position", "Staff Officer"+strings.NewReplacer("\r", "", "\n", "").Replace(sp))
		f.Set("medical", "Allergy"+sp)
		before := app.log.String()
		resp, body := focal.post(retreat+"/delegations/vnm/delegates/new", f)
		if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("nomination with %q: status %d\n%.500s", sp, resp.StatusCode, body)
		}
		added := logAfter(t, app.log, before, resp.Header.Get(echo.HeaderXRequestID))
		if p := logProblems(added, 1); len(p) > 0 || strings.Contains(added, logCanaryPassport) {
			bad++
			t.Errorf("nomination with %q: %v\n%s", sp, p, added)
		}
		requests++
	}

	// CR or LF raw in a header or the request line: net/http refuses the
	// request with 400 before any handler, so nothing reaches the log.
	for _, raw := range []string{
		"GET / HTTP/1.1\r\nHost: convene.test\r\nUser-Agent: a\rb\r\nConnection: close\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: convene.test\r\nUser-Agent: a\nb\r\nConnection: close\r\n\r\n",
		"GET /a\r\nb HTTP/1.1\r\nHost: convene.test\r\nConnection: close\r\n\r\n",
	} {
		before := app.log.String()
		if status, _ := rawRequest(t, addr, raw); status != http.StatusBadRequest && status != 0 {
			t.Errorf("raw CR/LF in the head %q: status %d, want 400", raw, status)
		} else {
			refused++
		}
		if p := logProblems(logAfter(t, app.log, before, ""), 0); len(p) > 0 {
			t.Errorf("raw CR/LF in the head %q: %v", raw, p)
		}
	}

	// The whole log, once more: every line Convene's, no secret anywhere.
	all := app.log.String()
	for _, l := range strings.Split(strings.TrimRight(all, "\n"), "\n") {
		if !strings.HasPrefix(l, "time=") {
			t.Errorf("log line not Convene's: %q", l)
		}
	}
	if strings.Contains(all, logCanaryPassport) || strings.Contains(all, logCanaryPassword) || strings.Contains(all, testPassword) {
		t.Error("a passport number or password reached the log")
	}

	// Control: the same attacks against a logger that prints raw input.
	naive := &syncBuffer{}
	naiveSrv := http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		fmt.Fprintf(naive, "time=%s level=INFO msg=request path=%s ua=%s email=%s\n", time.Now().UTC().Format(time.RFC3339),
			r.URL.Path, r.UserAgent(), r.PostForm.Get("email")) // deliberately unescaped
		w.WriteHeader(http.StatusNoContent)
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = naiveSrv.Serve(ln) }()
	defer naiveSrv.Close()
	caught, tried := 0, 0
	for _, sp := range logSplitters {
		for _, a := range logAttacks(sp) {
			before := naive.String()
			rawRequest(t, ln.Addr().String(), a.raw("x", "a=b"))
			want := 1
			if a.refused {
				want = 0
			}
			if len(logProblems(strings.TrimPrefix(naive.String(), before), want)) > 0 {
				caught++
			}
			tried++
		}
	}
	if caught == 0 {
		t.Error("control: the naive logger's split lines were not caught; the checks cannot fail")
	}
	fmt.Printf("log lines: %d requests with CR/LF, U+2028/2029, NEL and ANSI in path, query, user agent, forwarding headers, sign-in and nomination fields: %d split or forged lines, 0 secrets logged; %d heads with raw CR/LF or ANSI refused by net/http with nothing logged; control (naive logger): %d/%d requests caught\n",
		requests, bad, refused, caught, tried)
}
