package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"convene/internal/convene"
)

// TestBenchRoutesAnswer404UnlessBenchMode proves the benchmark's baselines
// are not served by a production configuration (the control: the same
// requests to a bench-mode server on the same database answer 200).
func TestBenchRoutesAnswer404UnlessBenchMode(t *testing.T) {
	app := newTestApp(t)
	paths := []string{"/bench/baseline", "/bench/render/admm-retreat-2025"}
	for _, p := range paths {
		resp, _ := app.client().get(p)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s without bench mode: status %d, want 404", p, resp.StatusCode)
		}
	}

	bench, err := New(Config{Secret: []byte(strings.Repeat("s", 32)), TimeZone: time.UTC, Bench: true},
		app.db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(bench.Handler())
	defer ts.Close()
	for _, p := range paths {
		resp, err := http.Get(ts.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s in bench mode: status %d, want 200", p, resp.StatusCode)
		}
	}
}

// TestBenchRenderIsTheMeetingPage checks that the render-only baseline
// renders the same delegation table as the real meeting page shows the
// secretariat, so that the ratio between them measures only the database and
// sign-in work.
func TestBenchRenderIsTheMeetingPage(t *testing.T) {
	app := newTestApp(t)
	_, real := app.as(convene.RoleOrganiser).get("/meetings/admm-retreat-2025")

	bench, err := New(Config{Secret: []byte(strings.Repeat("s", 32)), TimeZone: time.UTC, Bench: true},
		app.db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(bench.Handler())
	defer ts.Close()
	for range 2 { // the first request reads the database, the second the cache
		resp, err := http.Get(ts.URL + "/bench/render/admm-retreat-2025")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if got, want := tableOf(string(b)), tableOf(real); got == "" || got != want {
			t.Fatalf("bench render table differs from the meeting page's:\n%.400s\nwant\n%.400s", got, want)
		}
	}
}

var tableRE = regexp.MustCompile(`(?s)<table.*</table>`)

func tableOf(page string) string { return tableRE.FindString(page) }

// TestBenchRenderProgrammeIsTheProgrammePage checks that the programme's
// render-only baseline shows the same days and sessions as the real
// programme page shows a focal point, so that the ratio between them
// measures only the database and sign-in work; and that it answers 404
// outside bench mode.
func TestBenchRenderProgrammeIsTheProgrammePage(t *testing.T) {
	app := newTestApp(t)
	const path = "/bench/render/admm-retreat-2025/programme"
	if resp, _ := app.client().get(path); resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET %s without bench mode: status %d, want 404", path, resp.StatusCode)
	}
	_, real := app.as(convene.RoleFocal).get("/meetings/admm-retreat-2025/programme")
	want := mainOf(real)
	if !strings.Contains(want, "Official dinner hosted by the Minister of Defence Malaysia") ||
		strings.Contains(want, "Secretariat debrief") {
		t.Fatalf("the focal point's programme is not the one expected:\n%.600s", want)
	}

	bench, err := New(Config{Secret: []byte(strings.Repeat("s", 32)), TimeZone: time.UTC, Bench: true},
		app.db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(bench.Handler())
	defer ts.Close()
	for range 2 { // the first request reads the database, the second the cache
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s in bench mode: status %d", path, resp.StatusCode)
		}
		if got := mainOf(string(b)); got != want {
			t.Fatalf("bench programme differs from the focal point's programme page:\n%.600s\nwant\n%.600s", got, want)
		}
	}
}

var mainRE = regexp.MustCompile(`(?s)<main.*</main>`)

func mainOf(page string) string { return mainRE.FindString(page) }
