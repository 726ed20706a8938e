package web

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"convene/internal/convene"
)

// TestSlowBodyAnswers408: a real TCP client sends a sign-in's headers, then
// trickles its body a byte at a time, far slower than the ReadTimeout the
// server is given here (2 s). The answer is 408 with the server's page, the
// connection is closed after it, and the log has one warning without the
// body or the client's address.
//
// Control: the same request with its body sent at once is read in full and
// answered by the handler chain (403: the test sends no CSRF token), not 408.
func TestSlowBodyAnswers408(t *testing.T) {
	db := openTestDatabase(t, t.TempDir())
	logs := &syncBuffer{}
	srv, err := New(Config{Secret: []byte(strings.Repeat("s", 32)), ReadTimeout: 2 * time.Second, TimeZone: time.UTC},
		db, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo})))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln, 5*time.Second) }()
	t.Cleanup(func() { cancel(); <-served })

	body := "email=slow.body.canary%40example.org&password=" + strings.Repeat("x", 4000)
	send := func(trickle bool) (*http.Response, string) {
		conn, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		_ = conn.SetDeadline(time.Now().Add(60 * time.Second)) // never hang the suite
		fmt.Fprintf(conn, "POST /sign-in HTTP/1.1\r\nHost: convene.test\r\nContent-Type: application/x-www-form-urlencoded\r\n"+
			"Content-Length: %d\r\n\r\n", len(body))
		stop := make(chan struct{})
		defer close(stop)
		if trickle {
			// One byte every 50 ms: the body would take minutes.
			go func() {
				tick := time.NewTicker(50 * time.Millisecond)
				defer tick.Stop()
				for i := 0; i < len(body); i++ {
					select {
					case <-stop:
						return
					case <-tick.C:
					}
					if _, err := conn.Write([]byte{body[i]}); err != nil {
						return
					}
				}
			}()
		} else {
			fmt.Fprint(conn, body)
		}
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("reading the answer: %v", err)
		}
		var page strings.Builder
		_, _ = bufio.NewReader(resp.Body).WriteTo(&page)
		resp.Body.Close()
		return resp, page.String()
	}
	slow, page := send(true)
	if slow.StatusCode != http.StatusRequestTimeout || !strings.Contains(page, "arrived too slowly") {
		t.Errorf("a trickled body: status %d, want 408 with the server's page\n%.300s", slow.StatusCode, page)
	}
	if !slow.Close {
		t.Error("the connection is kept open after a 408 whose body was never read")
	}
	control, _ := send(false)
	if control.StatusCode != http.StatusForbidden {
		t.Errorf("control: the same body sent at once: status %d, want 403 (read in full, no CSRF token)", control.StatusCode)
	}
	log := logs.String()
	warnings := strings.Count(log, `level=WARN msg="request body too slow"`)
	if warnings != 1 || strings.Contains(log, "slow.body.canary") || strings.Contains(log, "127.0.0.1") {
		t.Errorf("log: %d warnings (want 1), body or address logged: %v\n%s", warnings,
			strings.Contains(log, "slow.body.canary") || strings.Contains(log, "127.0.0.1"), log)
	}
	fmt.Printf("slow body: trickled after the headers past a 2 s ReadTimeout: %d (connection closed: %v, %d warning logged without body or address); "+
		"control, the same body at once: %d\n", slow.StatusCode, slow.Close, warnings, control.StatusCode)
}

// TestCSRFTokenNotFromTheQuery: the browser's own CSRF token in the query
// string of a POST is refused (403, nothing written); the same token in the
// form body (control) or the X-CSRF-Token header is accepted.
func TestCSRFTokenNotFromTheQuery(t *testing.T) {
	app := newTestApp(t)
	admin := app.as(convene.RoleAdmin)
	admin.get("/admin/users/3")
	before := dbState(t, app)
	form := url.Values{"name": {"Renamed through the query token"}, "role": {"organiser"}, "country": {""}}
	post := func(query, header string, body url.Values) int {
		req, _ := http.NewRequest(http.MethodPost, app.ts.URL+"/admin/users/3"+query, strings.NewReader(body.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if header != "" {
			req.Header.Set("X-CSRF-Token", header)
		}
		resp, _ := admin.do(req)
		return resp.StatusCode
	}
	inQuery := post("?_csrf="+url.QueryEscape(admin.csrf), "", form)
	if inQuery != http.StatusForbidden {
		t.Errorf("the token in the query string: status %d, want 403", inQuery)
	}
	if changed := changedTables(before, dbState(t, app)); len(changed) > 0 {
		t.Errorf("the refused post changed %v", changed)
	}
	withBody := url.Values{"_csrf": {admin.csrf}}
	for k, v := range form {
		withBody[k] = v
	}
	inBody := post("", "", withBody)
	inHeader := post("", admin.csrf, form)
	if inBody != http.StatusSeeOther || inHeader != http.StatusSeeOther {
		t.Errorf("control: the token in the body: %d, in the header: %d, want 303 both", inBody, inHeader)
	}
	fmt.Printf("csrf token in the query string: %d, nothing written; control: in the body %d, in the header %d\n", inQuery, inBody, inHeader)
}
