package main

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// flagSet is a flag.FlagSet whose every flag has an environment fallback:
// -addr falls back to CONVENE_ADDR, -db to CONVENE_DB, and so on. A flag on
// the command line wins over the environment, which wins over the default.
type flagSet struct {
	*flag.FlagSet
	getenv func(string) string
	env    map[string]string // flag name -> variable
}

func newFlagSet(name, summary string, getenv func(string) string, out io.Writer) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), getenv: getenv, env: map[string]string{}}
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, "usage: convene %s [flags]\n\n%s\n\nflags (each also read from the environment variable shown):\n", name, summary)
		fs.printDefaults(out)
	}
	return fs
}

func envName(flagName string) string {
	return "CONVENE_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

func (fs *flagSet) String(name, def, usage string) *string {
	fs.env[name] = envName(name)
	return fs.FlagSet.String(name, def, usage)
}

func (fs *flagSet) Bool(name string, def bool, usage string) *bool {
	fs.env[name] = envName(name)
	return fs.FlagSet.Bool(name, def, usage)
}

func (fs *flagSet) Duration(name string, def time.Duration, usage string) *time.Duration {
	fs.env[name] = envName(name)
	return fs.FlagSet.Duration(name, def, usage)
}

// parse parses args, then fills every flag not given on the command line
// from its environment variable, if set.
func (fs *flagSet) parse(args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for name, env := range fs.env {
		if given[name] {
			continue
		}
		if v := fs.getenv(env); v != "" {
			if err := fs.Set(name, v); err != nil {
				return fmt.Errorf("%s=%q: %w", env, v, err)
			}
		}
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (see convene %s -h)", fs.Arg(0), fs.Name())
	}
	return nil
}

func (fs *flagSet) printDefaults(out io.Writer) {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	sort.Strings(names)
	for _, n := range names {
		f := fs.Lookup(n)
		def := ""
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0s" {
			def = fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(out, "  -%-18s %s%s\n  %-19s env %s\n", n, f.Usage, def, "", fs.env[n])
	}
}
