#!/usr/bin/env bash
# Static analysis and vulnerability scan (issue 8), called from ./test.sh.
#
# - staticcheck: no findings (fix them, or explain an exclusion in staticcheck.conf).
# - govulncheck against a LOCAL vulnerability database, because its online
#   database cannot be reached from these machines. The database is built from
#   the golang.org/x/vulndb module (served by the Go module proxy) with that
#   module's cmd/indexdb, and cached. Every reachable finding fails the build
#   unless .ci/govulncheck-accepted.txt lists its ID with a reason.
# - Both run under a patched Go toolchain (GOTOOLCHAIN), so the standard
#   library itself is clean; the machine's own Go 1.26.8 is not.
#
# Tool binaries and the database are cached under $CONVENE_TOOLS_DIR
# (default ~/.cache/convene-tools), keyed by version, so a warm run costs
# seconds. gosec is opt-in (CONVENE_GOSEC=1): building it costs ~160 s cold.
set -euo pipefail
cd "$(dirname "$0")/.."

export GOTOOLCHAIN="${CONVENE_GOTOOLCHAIN:-go1.26.11}"
export GOFLAGS="${GOFLAGS:-} -buildvcs=false"
tools="${CONVENE_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/convene-tools}"
mkdir -p "$tools"

STATICCHECK=honnef.co/go/tools/cmd/staticcheck@v0.8.2
GOVULNCHECK=golang.org/x/vuln/cmd/govulncheck@v1.9.0
VULNDB=golang.org/x/vulndb@v0.0.0-20261105234957-e22db6528018
GOSEC=github.com/securego/gosec/v2/cmd/gosec@v2.30.0

now() { date +%s; }
took() { echo "   ($1: $(( $(now) - $2 )) s)"; }

# tool PKG@VERSION: prints the path of the cached binary, building it once.
tool() {
  local spec=$1 name ver bin
  name=$(basename "${spec%@*}"); ver=${spec#*@}
  bin="$tools/$name-$ver"
  if [ ! -x "$bin" ]; then
    local tmp; tmp=$(mktemp -d)
    GOBIN="$tmp" go install "$spec" >&2
    mv "$tmp/$name" "$bin"; rmdir "$tmp"
  fi
  echo "$bin"
}

echo "toolchain: $(go version)"

t=$(now)
staticcheck=$(tool "$STATICCHECK")
"$staticcheck" ./...
echo "staticcheck: 0 findings"
took staticcheck "$t"

t=$(now)
govulncheck=$(tool "$GOVULNCHECK")
db="$tools/vulndb-${VULNDB#*@}"
if [ ! -f "$db/index/db.json" ]; then
  src=$(go mod download -json "$VULNDB" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  indexdb="$tools/indexdb-${VULNDB#*@}"
  if [ ! -x "$indexdb" ]; then
    (cd "$src" && go build -o "$indexdb" ./cmd/indexdb)
  fi
  rm -rf "$db.tmp"
  "$indexdb" -vulns "$src/data/osv" -out "$db.tmp"
  mv "$db.tmp" "$db"
fi
out=$(mktemp)
status=0
"$govulncheck" -db "file://$db" ./... >"$out" 2>&1 || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
  cat "$out"; echo "govulncheck failed to run (exit $status)"; exit 1
fi
found=$(grep -oE '^Vulnerability #[0-9]+: GO-[0-9]+-[0-9]+' "$out" | awk '{print $3}' | sort -u || true)
accepted=$(grep -oE '^GO-[0-9]+-[0-9]+' .ci/govulncheck-accepted.txt 2>/dev/null | sort -u || true)
new=$(comm -23 <(printf '%s\n' $found) <(printf '%s\n' $accepted) | grep . || true)
stale=$(comm -13 <(printf '%s\n' $found) <(printf '%s\n' $accepted) | grep . || true)
if [ -n "$new" ]; then
  cat "$out"
  echo "govulncheck: reachable vulnerabilities not in .ci/govulncheck-accepted.txt:"; echo "$new"
  exit 1
fi
[ -z "$stale" ] || echo "govulncheck: accepted findings no longer reported (remove them): $(echo $stale)"
echo "govulncheck: $(printf '%s\n' $found | grep -c . || true) reachable findings, all accepted with reasons; 0 new"
took govulncheck "$t"
rm -f "$out"

if [ "${CONVENE_GOSEC:-}" = 1 ]; then
  t=$(now)
  gosec=$(tool "$GOSEC")
  "$gosec" -quiet -exclude-generated ./...
  echo "gosec: 0 unexplained findings"
  took gosec "$t"
fi
