// Command dockerlint checks Convene's Dockerfile without a Docker engine or a
// network connection, so that CI can catch Dockerfile mistakes on machines
// where `docker build --check` cannot run.
//
// It runs BuildKit's own Dockerfile parser and lint rules (the code behind
// `docker build --check`) through dockerfile2llb.DockerfileLint, with an
// image-metadata resolver that never contacts a registry. On top of those
// rules it enforces the project's deployment requirements: the runtime image
// must have a HEALTHCHECK, a non-root USER, an EXPOSE and a VOLUME, and the
// binary must be built in a golang stage new enough to carry the net/http
// fixes missing from older toolchains.
//
// Usage:
//
//	go run . PATH/TO/Dockerfile
//
// It prints one line per problem and exits 1 if there is any, 0 otherwise.
package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"

	"github.com/distribution/reference"
	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
	digest "github.com/opencontainers/go-digest"
)

// buildkitModule is the module whose rules we run; its version is read from
// the binary's build information so that the summary line can never disagree
// with go.mod after a dependency bump.
const buildkitModule = "github.com/moby/buildkit"

// minGo is the oldest Go toolchain the build stage may use: 1.26.8, which the
// build machines have, carries known net/http vulnerabilities fixed by
// 1.26.11.
var minGo = goVersion{major: 1, minor: 26, patch: 11}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: dockerlint PATH/TO/Dockerfile")
		os.Exit(2)
	}
	os.Exit(run(context.Background(), os.Args[1], os.Stdout))
}

// run lints the Dockerfile at path, writes every problem and a summary to
// out, and returns the process exit code. It is separate from main so that
// tests can call it and inspect both the output and the code.
func run(ctx context.Context, path string, out io.Writer) int {
	dt, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(out, "%s: %v\n", path, err)
		return 1
	}

	warnings, buildErr, err := lintDockerfile(ctx, path, dt)
	if err != nil {
		fmt.Fprintf(out, "%s: lint failed: %v\n", path, err)
		return 1
	}
	for _, w := range warnings {
		fmt.Fprintf(out, "%s: %s: %s\n", position(path, w.line), w.rule, w.message)
	}
	if buildErr != nil {
		fmt.Fprintf(out, "%s: error: %s\n", position(path, buildErr.line), buildErr.message)
	}

	missing, err := checkRequirements(dt)
	if err != nil {
		// A parse error has already been printed with its line by the
		// BuildKit pass; say why the requirement check is absent too.
		fmt.Fprintf(out, "%s: required-instruction check not run: %v\n", path, err)
	}
	for _, m := range missing {
		fmt.Fprintf(out, "%s: requirement: %s\n", path, m)
	}

	version := buildkitVersion()
	if len(warnings) == 0 && buildErr == nil && err == nil && len(missing) == 0 {
		fmt.Fprintf(out, "%s: 0 lint warnings (BuildKit %s rules); HEALTHCHECK, non-root USER, EXPOSE, VOLUME and golang >= %s present\n", path, version, minGo)
		return 0
	}
	errCount := len(missing)
	if buildErr != nil || err != nil {
		errCount++
	}
	fmt.Fprintf(out, "%s: %d lint warnings (BuildKit %s rules), %d other problems\n", path, len(warnings), version, errCount)
	return 1
}

// position formats path:line in the style of compilers, so that editors can
// jump to the problem; a problem without a line (such as an empty file) gets
// the path alone rather than a misleading line 0.
func position(path string, line int) string {
	if line <= 0 {
		return path
	}
	return fmt.Sprintf("%s:%d", path, line)
}

// finding is one problem located on a line of the Dockerfile.
type finding struct {
	line    int
	rule    string
	message string
}

// lintDockerfile runs BuildKit's lint rules over dt. It returns the rule
// warnings sorted by line, and the build error (a parse or conversion failure)
// that BuildKit reports in place of a Go error; the final error is only for
// failures of the linter itself.
func lintDockerfile(ctx context.Context, name string, dt []byte) ([]finding, *finding, error) {
	// DockerfileLint records every warning against a source map, and reading
	// it back dereferences the map's LLB definition, so give it one for a
	// local source just as the real frontend does for the build context.
	src := llb.Local("dockerfile")
	def, err := src.Marshal(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("marshal source definition: %w", err)
	}
	smap := llb.NewSourceMap(&src, name, "Dockerfile", dt)
	smap.Definition = def

	res, err := dockerfile2llb.DockerfileLint(ctx, dt, dockerfile2llb.ConvertOpt{
		SourceMap:    smap,
		MetaResolver: offlineResolver{},
	})
	if err != nil {
		return nil, nil, err
	}

	var warnings []finding
	for _, w := range res.Warnings {
		msg := w.Detail
		if msg == "" {
			msg = w.Description
		}
		warnings = append(warnings, finding{line: firstLine(w.Location.GetRanges()), rule: w.RuleName, message: msg})
	}
	// BuildKit appends warnings in the order its passes meet them, which is
	// not line order; sort so that the output reads top to bottom.
	sort.SliceStable(warnings, func(i, j int) bool { return warnings[i].line < warnings[j].line })

	var buildErr *finding
	if res.Error != nil {
		buildErr = &finding{line: firstLine(res.Error.Location.GetRanges()), message: res.Error.Message}
	}
	return warnings, buildErr, nil
}

// firstLine returns the 1-based line where a located problem starts, or 0
// when BuildKit gave no location. It is generic over BuildKit's protobuf
// range type so that this file need not import the generated pb package.
func firstLine[R interface{ GetStart() P }, P interface{ GetLine() int32 }](ranges []R) int {
	if len(ranges) == 0 {
		return 0
	}
	return int(ranges[0].GetStart().GetLine())
}

// offlineResolver answers every image lookup with an empty image config.
// BuildKit's default resolver would fetch the config from the registry, which
// neither CI nor the developer machines can reach; the lint rules need only
// the Dockerfile's own text, and an empty config makes BuildKit treat each
// base image as a bare filesystem with the default PATH.
type offlineResolver struct{}

// ResolveImageConfig returns ref unchanged, no digest and the config "{}"
// without any network access.
func (offlineResolver) ResolveImageConfig(_ context.Context, ref string, _ sourceresolver.Opt) (string, digest.Digest, []byte, error) {
	return ref, "", []byte("{}"), nil
}

// buildkitVersion reports the BuildKit module version compiled into this
// binary, so that the summary names the rule set actually used.
func buildkitVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range bi.Deps {
			if dep.Path == buildkitModule {
				if dep.Replace != nil {
					return dep.Replace.Version
				}
				return dep.Version
			}
		}
	}
	return "(unknown version)"
}

// checkRequirements walks the parsed instructions and returns one message
// for each deployment requirement that the Dockerfile does not meet. The
// runtime requirements are checked on the final stage together with the
// stages it is built FROM, because those settings are inherited into the
// image that is shipped.
func checkRequirements(dt []byte) ([]string, error) {
	ast, err := parser.Parse(bytes.NewReader(dt))
	if err != nil {
		return nil, err
	}
	stages, metaArgs, err := instructions.Parse(ast.AST, nil)
	if err != nil {
		return nil, err
	}
	if len(stages) == 0 {
		return nil, fmt.Errorf("no build stages")
	}

	// Base names may use global ARGs (FROM golang:${GO_VERSION}); expand them
	// with their defaults, as a build without --build-arg would.
	var env []string
	for _, a := range metaArgs {
		for _, kv := range a.Args {
			if kv.Value != nil {
				env = append(env, kv.Key+"="+*kv.Value)
			}
		}
	}
	lex := shell.NewLex(ast.EscapeToken)
	bases := make([]string, len(stages))
	for i, st := range stages {
		res, err := lex.ProcessWordWithMatches(st.BaseName, shell.EnvsFromSlice(env))
		if err != nil {
			bases[i] = st.BaseName
		} else {
			bases[i] = res.Result
		}
	}

	var missing []string
	missing = append(missing, checkFinalImage(stages, bases)...)
	missing = append(missing, checkGolangStage(stages, bases)...)
	return missing, nil
}

// checkFinalImage checks the settings that the shipped image inherits: a
// HEALTHCHECK (not NONE) so the orchestrator can restart a stuck server, a
// USER that is not root so a compromise does not start as root, an EXPOSE to
// document the listening port, and a VOLUME so the SQLite data outlives the
// container.
func checkFinalImage(stages []instructions.Stage, bases []string) []string {
	// Collect the chain final stage -> the stage it is FROM -> ..., stopping
	// at an external image; BuildKit only lets a stage refer to earlier
	// stages, so following names backwards cannot loop.
	chain := []int{len(stages) - 1}
	for {
		cur := chain[len(chain)-1]
		parent := -1
		for j := cur - 1; j >= 0; j-- {
			if stages[j].Name != "" && strings.EqualFold(stages[j].Name, bases[cur]) {
				parent = j
				break
			}
		}
		if parent < 0 {
			break
		}
		chain = append(chain, parent)
	}

	var healthcheck, expose, volume bool
	var user string
	// Walk from the oldest ancestor to the final stage so that later
	// instructions override earlier ones, as they do in the built image.
	for i := len(chain) - 1; i >= 0; i-- {
		for _, cmd := range stages[chain[i]].Commands {
			switch c := cmd.(type) {
			case *instructions.HealthCheckCommand:
				healthcheck = c.Health != nil && !(len(c.Health.Test) > 0 && strings.EqualFold(c.Health.Test[0], "NONE"))
			case *instructions.UserCommand:
				user = c.User
			case *instructions.ExposeCommand:
				expose = true
			case *instructions.VolumeCommand:
				volume = true
			}
		}
	}

	var missing []string
	if !healthcheck {
		missing = append(missing, "no HEALTHCHECK in the final stage (or it is HEALTHCHECK NONE); add one so a hung server is detected and restarted")
	}
	if user == "" {
		missing = append(missing, "no USER in the final stage; the container would run as root")
	} else if name, _, _ := strings.Cut(user, ":"); name == "root" || name == "0" {
		missing = append(missing, fmt.Sprintf("final stage runs as USER %s, which is root; use an unprivileged user such as 65532:65532", user))
	}
	if !expose {
		missing = append(missing, "no EXPOSE in the final stage; document the port the server listens on")
	}
	if !volume {
		missing = append(missing, "no VOLUME in the final stage; the SQLite database and cookie secret must live on a volume")
	}
	return missing
}

// checkGolangStage requires a stage built FROM golang at minGo or newer, and
// rejects any older golang stage as well, because each one would compile
// with a toolchain that has the known net/http vulnerabilities.
func checkGolangStage(stages []instructions.Stage, bases []string) []string {
	var missing []string
	found := false
	for i, st := range stages {
		named, err := reference.ParseNormalizedNamed(bases[i])
		if err != nil || reference.FamiliarName(named) != "golang" {
			continue
		}
		tag := "latest"
		if t, ok := named.(reference.Tagged); ok {
			tag = t.Tag()
		}
		v, ok := parseGoTag(tag)
		switch {
		case !ok:
			missing = append(missing, fmt.Sprintf("line %d: FROM %s does not pin a Go version; use golang:%s or newer", stageLine(st), bases[i], minGo))
		case v.less(minGo):
			missing = append(missing, fmt.Sprintf("line %d: FROM %s is older than Go %s; use golang:%s or newer", stageLine(st), bases[i], minGo, minGo))
		default:
			found = true
		}
	}
	if !found && len(missing) == 0 {
		missing = append(missing, fmt.Sprintf("no build stage FROM golang:%s or newer; the binary must be built with a patched Go toolchain", minGo))
	}
	return missing
}

// stageLine returns the line of a stage's FROM instruction for messages.
func stageLine(st instructions.Stage) int {
	if len(st.Location) == 0 {
		return 0
	}
	return st.Location[0].Start.Line
}

// goVersion is a Go release number; pre is true for a release candidate or
// beta, which comes before the release it leads up to.
type goVersion struct {
	major, minor, patch int
	pre                 bool
}

// String formats the version as Go's release tags do (1.26.11).
func (v goVersion) String() string {
	return fmt.Sprintf("%d.%d.%d", v.major, v.minor, v.patch)
}

// less reports whether v is an older release than w.
func (v goVersion) less(w goVersion) bool {
	if v.major != w.major {
		return v.major < w.major
	}
	if v.minor != w.minor {
		return v.minor < w.minor
	}
	if v.patch != w.patch {
		return v.patch < w.patch
	}
	return v.pre && !w.pre
}

// goTagRE matches the version at the front of a golang image tag such as
// 1.26.11-bookworm, 1.27, 1.27rc1-alpine; the suffix names the base OS.
var goTagRE = regexp.MustCompile(`^(\d+)\.(\d+)(?:\.(\d+))?((?:rc|beta)\d+)?(?:-.*)?$`)

// parseGoTag extracts the Go version from a golang image tag. A tag without
// a patch number (golang:1.27) floats over that minor series, so it counts
// as its first release, x.y.0: the oldest toolchain it could pull.
func parseGoTag(tag string) (goVersion, bool) {
	m := goTagRE.FindStringSubmatch(tag)
	if m == nil {
		return goVersion{}, false
	}
	var v goVersion
	v.major, _ = strconv.Atoi(m[1])
	v.minor, _ = strconv.Atoi(m[2])
	if m[3] != "" {
		v.patch, _ = strconv.Atoi(m[3])
	}
	v.pre = m[4] != ""
	return v, true
}
