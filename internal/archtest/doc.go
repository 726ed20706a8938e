// Package archtest holds the source checks that keep the house in order,
// written as tests so that `go test ./...` (and so ./test.sh) runs them: no
// hand-written Go file over 500 lines, every templ view with its generated
// Go beside it, and every fuzz target with seeds that `go test` runs as
// ordinary tests (which is what keeps CI deterministic: exploratory fuzzing
// is .ci/fuzz.sh, never CI). Each checker is tested on a planted tree too,
// so a check that cannot fail would show. The package has no code besides
// this comment; it imports nothing and nothing imports it.
package archtest
