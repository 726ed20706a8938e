#!/usr/bin/env bash
# Exploratory fuzzing: a command for a person, never part of ./test.sh or CI,
# because mutated inputs differ from run to run and CI must not fail at random.
#
#   ./.ci/fuzz.sh                    every fuzz target, CONVENE_FUZZTIME (30s) each
#   CONVENE_FUZZTIME=5m ./.ci/fuzz.sh FuzzUploadFileName   targets matching a regexp
#
# `go test`, and so ./test.sh, already runs each target's seeds as ordinary,
# deterministic tests: its f.Add calls and the inputs committed under the
# package's testdata/fuzz/FuzzX/ (internal/archtest checks that every target
# has seeds and every committed input sits under a target's name). This
# script mutates beyond them with go test -fuzz, one target at a time (go
# test -fuzz takes one package and one target per invocation).
#
# A failure is a finding: go writes the failing input to
# testdata/fuzz/FuzzX/<hash> and this script names it. Read it, fix the code
# (or the target's judgement, if the target was wrong), rename the file after
# what it shows (e.g. short-name-70-png) and commit it: from then on every
# `go test` runs it as a seed.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime="${CONVENE_FUZZTIME:-30s}"
only="${1:-.}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
n=0
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  # The targets as go test sees them (not a grep of the sources, which would
  # also find the planted fixtures in internal/archtest's tests).
  grep -qs '^func Fuzz' "$dir"/*_test.go || continue
  for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
    echo "$target" | grep -Eq -- "$only" || continue
    start=$(date +%s)
    # Go 1.26's fuzz coordinator can report a bare "context deadline
    # exceeded" when -fuzztime ends while a starved worker is mid-input
    # (golang/go#75804, fixed in Go 1.27): no input is written, nothing is
    # wrong with the target. Such a run is tried once more; only a written
    # failing input, or the same error twice, is reported as a failure.
    for attempt in 1 2; do
      if go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "$pkg" >"$log" 2>&1; then
        break
      fi
      if [ "$attempt" = 1 ] && grep -q 'context deadline exceeded' "$log" &&
        ! grep -q 'Failing input written' "$log"; then
        echo "fuzz: $target ($pkg): Go's fuzz deadline race (golang/go#75804), no failing input; trying once more"
        continue
      fi
      cat "$log"
      echo "fuzz: $target in $pkg failed."
      if input=$(grep -o 'testdata/fuzz/[^ ]*' "$log" | head -1) && [ -n "$input" ]; then
        echo "fuzz: the failing input is $dir/$input: fix what it shows, rename it after that, commit it as a seed."
        echo "fuzz: replay it with: go test -run '^${target}/$(basename "$input")\$' $pkg"
      fi
      exit 1
    done
    execs=$(grep -oE 'execs: [0-9]+' "$log" | tail -1 | awk '{print $2}' || true)
    echo "fuzz: $target ($pkg) ${execs:-only the baseline} inputs in $fuzztime, 0 failures ($(( $(date +%s) - start )) s)"
    n=$((n + 1))
  done
done
if [ "$n" = 0 ]; then
  echo "fuzz: no fuzz target matches $only"; exit 1
fi
echo "fuzz: $n targets, 0 failures"
