package archtest

import (
	"bytes"
	"cmp"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// maxLines is the most lines a hand-written Go file may have (issue 14;
// DESIGN asks for about 400). Tests and generated templ code are not counted.
const maxLines = 500

// repoRoot returns the directory of the module's go.mod, found by walking up
// from the package's directory (where go test runs it).
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && bytes.HasPrefix(b, []byte("module convene\n")) {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod of module convene above the test's directory")
		}
		dir = parent
	}
}

// walk calls fn for every file of the source tree under root, skipping
// hidden directories (.git, .ci ...), testdata (fixtures, not code) and
// node_modules. Paths given to fn are relative to root, with slashes.
func walk(root string, fn func(rel string) error) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		return fn(filepath.ToSlash(rel))
	})
}

// handWritten reports whether a file is hand-written production code: a Go
// file that is not a test and not templ's output, or a templ view.
func handWritten(rel string) bool {
	if strings.HasSuffix(rel, ".templ") {
		return true
	}
	return strings.HasSuffix(rel, ".go") && !strings.HasSuffix(rel, "_test.go") && !strings.HasSuffix(rel, "_templ.go")
}

// countLines counts lines as wc -l does, plus a last line without a newline.
func countLines(b []byte) int {
	n := bytes.Count(b, []byte("\n"))
	if len(b) > 0 && b[len(b)-1] != '\n' {
		n++
	}
	return n
}

// oversized lists the hand-written Go files under root with more than limit
// lines, longest first, as "path: N lines".
func oversized(root string, limit int) ([]string, error) {
	type file struct {
		rel   string
		lines int
	}
	var big []file
	err := walk(root, func(rel string) error {
		if !handWritten(rel) {
			return nil
		}
		b, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			return err
		}
		if n := countLines(b); n > limit {
			big = append(big, file{rel, n})
		}
		return nil
	})
	slices.SortFunc(big, func(a, b file) int { return cmp.Or(b.lines-a.lines, strings.Compare(a.rel, b.rel)) })
	var out []string
	for _, f := range big {
		out = append(out, fmt.Sprintf("%s: %d lines", f.rel, f.lines))
	}
	return out, err
}

// templProblems lists every .templ file under root without its generated
// _templ.go beside it, and every _templ.go left without its .templ.
func templProblems(root string) ([]string, error) {
	var out []string
	err := walk(root, func(rel string) error {
		var other, problem string
		switch {
		case strings.HasSuffix(rel, ".templ"):
			other, problem = strings.TrimSuffix(rel, ".templ")+"_templ.go", "has no generated %s: run go tool templ generate and commit it"
		case strings.HasSuffix(rel, "_templ.go"):
			other, problem = strings.TrimSuffix(rel, "_templ.go")+".templ", "is generated code whose %s is gone: delete it"
		default:
			return nil
		}
		if _, err := os.Stat(filepath.Join(root, other)); err != nil {
			out = append(out, rel+" "+fmt.Sprintf(problem, other))
		}
		return nil
	})
	return out, err
}

// fuzzCorpus is what fuzzProblems found: the fuzz targets, the committed
// inputs under testdata/fuzz, and what is wrong with them.
type fuzzCorpus struct {
	targets, packages, inputs int
	problems                  []string
}

// fuzzProblems checks what makes `go test` run every fuzz target's seeds as
// ordinary tests: each FuzzX(f *testing.F) in a _test.go file calls f.Add
// (seeds in the code), and every directory testdata/fuzz/FuzzX of a package
// belongs to a target of that package (a finding committed under a wrong
// name would never run) and holds only inputs in go's corpus format.
func fuzzProblems(root string) (fuzzCorpus, error) {
	var c fuzzCorpus
	targets := map[string][]string{} // package directory -> its fuzz targets
	err := walk(root, func(rel string) error {
		if !strings.HasSuffix(rel, "_test.go") {
			return nil
		}
		file, err := parser.ParseFile(token.NewFileSet(), filepath.Join(root, rel), nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "Fuzz") || len(fn.Type.Params.List) != 1 {
				continue
			}
			param := fn.Type.Params.List[0]
			if star, ok := param.Type.(*ast.StarExpr); !ok || typeName(star.X) != "testing.F" || len(param.Names) != 1 {
				continue
			}
			dir := filepath.ToSlash(filepath.Dir(rel))
			targets[dir] = append(targets[dir], fn.Name.Name)
			c.targets++
			if !callsAdd(fn.Body, param.Names[0].Name) {
				c.problems = append(c.problems, fmt.Sprintf("%s: %s has no f.Add seed: go test would run it on its committed findings only", rel, fn.Name.Name))
			}
		}
		return nil
	})
	if err != nil {
		return c, err
	}
	c.packages = len(targets)
	// The corpus directories, wherever they are: testdata is skipped by
	// walk, so they are looked up from every package directory with tests.
	var dirs []string
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() && d.Name() == "fuzz" && filepath.Base(filepath.Dir(path)) == "testdata" {
			dirs = append(dirs, path)
			return filepath.SkipDir
		}
		return nil
	})
	if err != nil {
		return c, err
	}
	for _, fuzzDir := range dirs {
		pkg, _ := filepath.Rel(root, filepath.Dir(filepath.Dir(fuzzDir)))
		pkg = filepath.ToSlash(pkg)
		entries, err := os.ReadDir(fuzzDir)
		if err != nil {
			return c, err
		}
		for _, e := range entries {
			rel := pkg + "/testdata/fuzz/" + e.Name()
			if !e.IsDir() {
				c.problems = append(c.problems, rel+": a file where go test looks for a target's directory")
				continue
			}
			if !slices.Contains(targets[pkg], e.Name()) {
				c.problems = append(c.problems, fmt.Sprintf("%s: no fuzz target %s in %s, so go test never runs these inputs", rel, e.Name(), pkg))
			}
			inputs, err := os.ReadDir(filepath.Join(fuzzDir, e.Name()))
			if err != nil {
				return c, err
			}
			for _, in := range inputs {
				b, err := os.ReadFile(filepath.Join(fuzzDir, e.Name(), in.Name()))
				if err != nil || !bytes.HasPrefix(b, []byte("go test fuzz v1\n")) {
					c.problems = append(c.problems, rel+"/"+in.Name()+": not an input in go's corpus format (go test fuzz v1)")
					continue
				}
				c.inputs++
			}
		}
	}
	return c, nil
}

// typeName spells a type expression of the form pkg.Name.
func typeName(e ast.Expr) string {
	if sel, ok := e.(*ast.SelectorExpr); ok {
		if id, ok := sel.X.(*ast.Ident); ok {
			return id.Name + "." + sel.Sel.Name
		}
	}
	return ""
}

// callsAdd reports whether body calls f.Add for the fuzz target's f.
func callsAdd(body *ast.BlockStmt, f string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Add" {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == f {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// TestNoHandWrittenGoFileOver500Lines: no god files (issue 14). Split a file
// that fails here by resource or by what its helpers do, as DESIGN says.
func TestNoHandWrittenGoFileOver500Lines(t *testing.T) {
	big, err := oversized(repoRoot(t), maxLines)
	if err != nil {
		t.Fatal(err)
	}
	if len(big) > 0 {
		t.Errorf("%d hand-written files (Go and templ) have more than %d lines:\n\t%s", len(big), maxLines, strings.Join(big, "\n\t"))
	}
}

// TestTemplFilesAreGenerated: every view has its committed generated code
// (./test.sh checks separately that generating again changes nothing).
func TestTemplFilesAreGenerated(t *testing.T) {
	problems, err := templProblems(repoRoot(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// TestFuzzSeedsRunInGoTest: CI runs fuzz targets only on their seeds and
// committed findings, as ordinary tests; this makes sure every target has
// seeds and every committed finding sits where go test finds it. It prints
// the figure SECURITY.md quotes.
func TestFuzzSeedsRunInGoTest(t *testing.T) {
	c, err := fuzzProblems(repoRoot(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range c.problems {
		t.Error(p)
	}
	if c.targets == 0 {
		t.Error("no fuzz target found: the walk is broken")
	}
	fmt.Printf("fuzz seeds: %d targets in %d packages, each with f.Add seeds; %d committed inputs under testdata/fuzz, each in its target's directory (go test runs them all; .ci/fuzz.sh explores)\n",
		c.targets, c.packages, c.inputs)
}

// TestCheckers runs the three checkers on a planted tree, so that a checker
// that finds nothing would fail here and not pass the real tree silently.
func TestCheckers(t *testing.T) {
	root := t.TempDir()
	lines := func(n int) string { return strings.Repeat("// line\n", n) }
	plant := func(rel, content string) {
		path := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	plant("go.mod", "module convene\n")
	plant("internal/a/big.go", "package a\n"+lines(500))                      // 501 lines
	plant("internal/a/limit.go", "package a\n"+lines(499))                    // 500 lines
	plant("internal/a/nonewline.go", "package a\n"+lines(498)+"// last line") // 500 lines, no final newline
	plant("internal/a/bigger.go", "package a\n"+lines(600))                   // 601 lines
	plant("internal/a/a_test.go", "package a\n"+lines(900))
	plant("views/page_templ.go", "package views\n"+lines(900))
	plant("views/page.templ", "package views\n")
	plant("views/lonely.templ", "package views\n")
	plant("views/stale_templ.go", "package views\n")
	plant("internal/a/testdata/big.go", lines(900))
	plant(".git/big.go", lines(900))

	t.Run("sizes", func(t *testing.T) {
		big, err := oversized(root, maxLines)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"internal/a/bigger.go: 601 lines", "internal/a/big.go: 501 lines"}
		if !slices.Equal(big, want) {
			t.Errorf("oversized files %q, want %q", big, want)
		}
	})
	t.Run("templ", func(t *testing.T) {
		problems, err := templProblems(root)
		if err != nil {
			t.Fatal(err)
		}
		if len(problems) != 2 || !strings.HasPrefix(problems[0], "views/lonely.templ has no generated views/lonely_templ.go") ||
			!strings.HasPrefix(problems[1], "views/stale_templ.go is generated code whose views/stale.templ is gone") {
			t.Errorf("templ problems %q", problems)
		}
	})
	t.Run("fuzz", func(t *testing.T) {
		plant("internal/b/fuzz_test.go", `package b

import "testing"

func FuzzSeeded(f *testing.F) {
	for _, s := range []string{"a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {})
}

func FuzzBare(g *testing.F) { g.Fuzz(func(t *testing.T, s string) {}) }

func FuzzHelper(t *testing.T) {} // not a fuzz target: takes *testing.T
`)
		plant("internal/b/testdata/fuzz/FuzzSeeded/found-once", "go test fuzz v1\nstring(\"x\")\n")
		plant("internal/b/testdata/fuzz/FuzzSeeded/broken", "string(\"x\")\n")
		plant("internal/b/testdata/fuzz/FuzzRenamed/found-once", "go test fuzz v1\nstring(\"x\")\n")
		plant("internal/c/testdata/fuzz/FuzzSeeded/elsewhere", "go test fuzz v1\nstring(\"x\")\n")
		c, err := fuzzProblems(root)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			"internal/b/fuzz_test.go: FuzzBare has no f.Add seed",
			"internal/b/testdata/fuzz/FuzzRenamed: no fuzz target FuzzRenamed in internal/b",
			"internal/b/testdata/fuzz/FuzzSeeded/broken: not an input in go's corpus format",
			"internal/c/testdata/fuzz/FuzzSeeded: no fuzz target FuzzSeeded in internal/c",
		}
		slices.Sort(c.problems)
		if len(c.problems) != len(want) {
			t.Fatalf("fuzz problems:\n%s", strings.Join(c.problems, "\n"))
		}
		for i, w := range want {
			if !strings.HasPrefix(c.problems[i], w) {
				t.Errorf("fuzz problem %d: %q, want it to start with %q", i, c.problems[i], w)
			}
		}
		if c.targets != 2 || c.packages != 1 || c.inputs != 3 {
			t.Errorf("found %d targets in %d packages and %d inputs, want 2, 1 and 3", c.targets, c.packages, c.inputs)
		}
	})
}
