// Package static embeds Convene's stylesheets, scripts and images. Every file
// is also served under a name that carries a hash of its content
// (css/app.3f2a1b9c.css), so that browsers may cache it for a year and still
// pick up a new version the moment the file changes. Scripts are vendored and
// pinned here: Convene loads nothing from a CDN.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"path"
	"strings"
)

//go:embed css js img fonts vendor
var files embed.FS

// Asset is one embedded file.
type Asset struct {
	Name   string // logical name, e.g. "css/app.css"
	Hashed string // cache-busting name, e.g. "css/app.3f2a1b9c.css"
	Body   []byte
	ETag   string // a quoted hash of Body, for conditional requests
}

var (
	byName   = map[string]*Asset{}
	byHashed = map[string]*Asset{}
)

func init() {
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		ext := path.Ext(p)
		// "x.min.js" keeps ".min.js" together: "x.min.<hash>.js" would also
		// work, but the hash before the last extension is what people expect.
		a := &Asset{Name: p, Hashed: strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:5]) + ext, Body: body,
			ETag: `"` + hex.EncodeToString(sum[:12]) + `"`}
		byName[a.Name] = a
		byHashed[a.Hashed] = a
		return nil
	})
	if err != nil {
		panic(err)
	}
}

// Path returns the URL path of the current version of a file, e.g.
// Path("css/app.css") == "/static/css/app.3f2a1b9c0d.css". An unknown name
// panics: it is a programming error that tests catch on the first render.
func Path(name string) string {
	a, ok := byName[name]
	if !ok {
		panic("static: no asset named " + name)
	}
	return "/static/" + a.Hashed
}

// Lookup finds a file by the path after /static/. immutable is true when the
// path carried the content hash, so the response may be cached for a year.
func Lookup(p string) (a *Asset, immutable bool, ok bool) {
	if a, ok := byHashed[p]; ok {
		return a, true, true
	}
	a, ok = byName[p]
	return a, false, ok
}
