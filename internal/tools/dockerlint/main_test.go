package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// lintText writes text as a Dockerfile in a fresh temporary directory and
// runs the linter on it, so each case exercises the same path as the command
// line, file reading included.
func lintText(t *testing.T, text string) (int, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "Dockerfile")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	code := run(context.Background(), path, &out)
	return code, out.String()
}

// TestBadDockerfile checks that a Dockerfile breaking both BuildKit's rules
// and the project's requirements fails with each problem named, so that a
// silently disabled check would be noticed.
func TestBadDockerfile(t *testing.T) {
	// from/AS and the lowercase from trip BuildKit's casing rules; the
	// image from registry.invalid would hang or fail if the resolver went to
	// the network; the final stage lacks every required instruction.
	const bad = `FROM golang:latest AS build
RUN go version
from registry.invalid/app:1 AS runtime
COPY --from=build /go/bin /bin
`
	code, out := lintText(t, bad)
	if code != 1 {
		t.Errorf("exit code = %d, want 1; output:\n%s", code, out)
	}
	for _, want := range []string{
		":3: FromAsCasing:",
		":3: ConsistentInstructionCasing:",
		"no HEALTHCHECK",
		"no USER",
		"no EXPOSE",
		"no VOLUME",
		"FROM golang:latest does not pin a Go version",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q; output:\n%s", want, out)
		}
	}
	if strings.Contains(out, "error:") {
		t.Errorf("lint reported a build error, so the offline resolver or the parse failed:\n%s", out)
	}
}

// TestRootUserAndOldGo checks the two requirements that a Dockerfile can
// meet in form but not in substance: a USER that is root, and a golang
// stage older than the patched toolchain (here through a global ARG).
func TestRootUserAndOldGo(t *testing.T) {
	const text = `ARG GO_VERSION=1.26.8
FROM golang:${GO_VERSION}-bookworm AS build
RUN go version

FROM debian:bookworm-slim
VOLUME ["/data"]
EXPOSE 8080
USER root:root
HEALTHCHECK CMD ["true"]
CMD ["true"]
`
	code, out := lintText(t, text)
	if code != 1 {
		t.Errorf("exit code = %d, want 1; output:\n%s", code, out)
	}
	for _, want := range []string{
		"USER root:root, which is root",
		"FROM golang:1.26.8-bookworm is older than Go 1.26.11",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q; output:\n%s", want, out)
		}
	}
}

// TestInheritedSettings checks that instructions in a stage that the final
// stage is built FROM count, since the shipped image inherits them.
func TestInheritedSettings(t *testing.T) {
	const text = `FROM golang:1.27-alpine AS build
RUN go version

FROM alpine:3 AS base
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK CMD ["true"]

FROM base
USER 65532
CMD ["true"]
`
	code, out := lintText(t, text)
	if code != 0 {
		t.Errorf("exit code = %d, want 0; output:\n%s", code, out)
	}
}

// TestParseError checks that a Dockerfile BuildKit cannot parse fails with
// the line of the error, rather than passing with no warnings.
func TestParseError(t *testing.T) {
	code, out := lintText(t, "FROM alpine\nFOOBAR x\n")
	if code != 1 {
		t.Errorf("exit code = %d, want 1; output:\n%s", code, out)
	}
	if !strings.Contains(out, ":2: error: ") || !strings.Contains(out, "unknown instruction: FOOBAR") {
		t.Errorf("output lacks the located parse error; output:\n%s", out)
	}
}

// TestParseGoTag pins the version reading of golang image tags, which
// decides whether the build toolchain is considered patched.
func TestParseGoTag(t *testing.T) {
	for tag, wantOK := range map[string]bool{
		"1.26.11-bookworm": true,
		"1.26.12":          true,
		"1.27":             true,
		"1.27rc1-alpine":   true,
		"1.26.10":          false,
		"1.26":             false,
		"1.26.11rc1":       false,
		"latest":           false,
		"bookworm":         false,
	} {
		v, ok := parseGoTag(tag)
		got := ok && !v.less(minGo)
		if got != wantOK {
			t.Errorf("tag %q: acceptable = %v, want %v", tag, got, wantOK)
		}
	}
}

// TestProjectDockerfile checks the real Dockerfile, so that a change to it
// that BuildKit would warn about or that drops a requirement fails the tests.
func TestProjectDockerfile(t *testing.T) {
	var out bytes.Buffer
	code := run(context.Background(), filepath.Join("..", "..", "..", "Dockerfile"), &out)
	if code != 0 {
		t.Errorf("exit code = %d, want 0; output:\n%s", code, out.String())
	}
	if !strings.Contains(out.String(), ": 0 lint warnings (BuildKit ") {
		t.Errorf("missing summary line; output:\n%s", out.String())
	}
}
