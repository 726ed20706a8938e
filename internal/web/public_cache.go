package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// The pages a visitor reads most (the landing page, the calendar, a
// meeting's public page, its published programme and programme.ics) are the
// same bytes for every visitor until something they show changes. The
// routes marked public in the route table pass through publicCache:
//
//   - a visitor (nobody signed in, no message waiting in the state cookie)
//     gets the bytes kept in memory for the request's path and query at the
//     current public version (sqlite's PublicVersion, one row read by its
//     key per request, bumped by triggers on every change to what those
//     pages show), rendered once per version; a committed change, such as
//     a publication of the programme, is served on the very next request,
//     and an edit of the working draft changes nothing;
//   - the answer carries an ETag (a hash of the bytes), Last-Modified (when
//     those bytes were first rendered) and a Cache-Control that lets
//     browsers and shared caches keep it briefly; If-None-Match (or
//     If-Modified-Since) answers 304;
//   - anyone signed in gets the page rendered for them and private, as
//     every other page (secureHeaders' no-store). Every answer says
//     Vary: Cookie, so that no cache hands one to the other.
//
// An answer that sets a cookie (a page that made a CSRF token for a form)
// or is not a 200 is sent as rendered and never kept.

// publicCacheControl lets a browser or proxy reuse a public page for a
// minute and serve it stale while it revalidates for ten.
const publicCacheControl = "public, max-age=60, stale-while-revalidate=600"

// Bounds of the memory the cache may hold: the pages of a dozen meetings,
// their variants and the calendar's years fit many times over; a flood of
// made-up query strings fills it and is then rendered without being kept.
const (
	publicCacheMaxPages = 512
	publicCacheMaxBytes = 24 << 20
)

// publicPage is one kept answer.
type publicPage struct {
	body        []byte
	contentType string
	disposition string
	etag        string
	modified    time.Time
}

// pageCache holds the public pages of one version; the pages of the
// version before are kept only to carry their ETag and Last-Modified over
// when a page renders to the same bytes.
type pageCache struct {
	mu      sync.Mutex
	version string
	pages   map[string]*publicPage
	before  map[string]*publicPage
	bytes   int
}

// get returns the page kept for key at version, or nil.
func (pc *pageCache) get(version, key string) *publicPage {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.version != version {
		return nil
	}
	return pc.pages[key]
}

// put keeps p for key at version, with the ETag and date of the same bytes
// kept before, and returns the page to send.
func (pc *pageCache) put(version, key string, p *publicPage) *publicPage {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.version != version {
		pc.before, pc.pages, pc.bytes, pc.version = pc.pages, map[string]*publicPage{}, 0, version
	}
	for _, old := range []*publicPage{pc.pages[key], pc.before[key]} {
		if old != nil && old.etag == p.etag {
			p.modified = old.modified
			break
		}
	}
	if _, had := pc.pages[key]; !had && (len(pc.pages) >= publicCacheMaxPages || pc.bytes+len(p.body) > publicCacheMaxBytes) {
		return p
	}
	pc.pages[key] = p
	pc.bytes += len(p.body)
	return p
}

// publicCache is the middleware of the public routes.
func (s *Server) publicCache(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Add(echo.HeaderVary, "Cookie")
		if !s.visitor(c) {
			return next(c)
		}
		v, err := s.db.PublicVersion(c.Request().Context())
		if err != nil {
			return err
		}
		// The day belongs to the version: the landing page lists the
		// meetings still to come and the calendar opens on this year.
		version := strconv.FormatInt(v, 10) + "@" + s.db.Now().UTC().Format(time.DateOnly)
		key := c.Request().URL.RequestURI()
		p := s.public.get(version, key)
		if p == nil {
			if p, err = s.renderPublic(c, next); err != nil || p == nil {
				return err
			}
			p = s.public.put(version, key, p)
		}
		return writePublic(c, p)
	}
}

// visitor reports whether the request sees a public page as every visitor
// does: nobody is signed in and no message waits to be shown.
func (s *Server) visitor(c echo.Context) bool {
	if actor(c).SignedIn() {
		return false
	}
	if !hasState(c) {
		return true
	}
	sess, err := s.stateSession(c)
	if err != nil {
		return false
	}
	queued, _ := sess.Values[valFlash].([]any)
	return len(queued) == 0
}

// renderPublic runs the handler into memory. It returns the page to keep;
// nil when the answer is not one to keep, in which case it has been sent
// as it was rendered.
func (s *Server) renderPublic(c echo.Context, next echo.HandlerFunc) (*publicPage, error) {
	res := c.Response()
	w := res.Writer
	rec := &recorder{header: w.Header()}
	res.Writer = rec
	err := next(c)
	res.Writer = w
	h := w.Header()
	if !res.Committed {
		return nil, err // nothing written: the error handler answers
	}
	if err != nil || rec.status != http.StatusOK || len(h.Values(echo.HeaderSetCookie)) > 0 {
		w.WriteHeader(rec.status)
		_, _ = w.Write(rec.body.Bytes())
		return nil, err
	}
	// Sent again by writePublic, through echo's Response as a kept page is.
	res.Committed, res.Size, res.Status = false, 0, 0
	sum := sha256.Sum256(rec.body.Bytes())
	return &publicPage{body: bytes.Clone(rec.body.Bytes()), contentType: h.Get(echo.HeaderContentType),
		disposition: h.Get(echo.HeaderContentDisposition), etag: `"` + hex.EncodeToString(sum[:12]) + `"`,
		modified: s.db.Now().UTC().Truncate(time.Second)}, nil
}

// writePublic sends a kept page, or 304 when the client holds it already.
func writePublic(c echo.Context, p *publicPage) error {
	h := c.Response().Header()
	h.Set(echo.HeaderCacheControl, publicCacheControl)
	h.Set("ETag", p.etag)
	h.Set(echo.HeaderLastModified, p.modified.Format(http.TimeFormat))
	if notModified(c.Request(), p) {
		h.Del(echo.HeaderContentType)
		h.Del(echo.HeaderContentLength)
		h.Del(echo.HeaderContentDisposition)
		return c.NoContent(http.StatusNotModified)
	}
	if p.disposition != "" {
		h.Set(echo.HeaderContentDisposition, p.disposition)
	}
	h.Set(echo.HeaderContentLength, strconv.Itoa(len(p.body)))
	return c.Blob(http.StatusOK, p.contentType, p.body)
}

// notModified applies the request's conditions to p (RFC 9110 13.2.2:
// If-None-Match decides when present, else If-Modified-Since).
func notModified(r *http.Request, p *publicPage) bool {
	if r.Header.Get("If-None-Match") != "" {
		return etagMatch(r, p.etag)
	}
	if ims := r.Header.Get(echo.HeaderIfModifiedSince); ims != "" {
		if at, err := http.ParseTime(ims); err == nil && !p.modified.After(at) {
			return true
		}
	}
	return false
}

// etagMatch reports whether the request's If-None-Match names etag (weak
// comparison, as a GET's If-None-Match uses).
func etagMatch(r *http.Request, etag string) bool {
	for _, t := range strings.Split(r.Header.Get("If-None-Match"), ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

// recorder is the ResponseWriter a public page renders into.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}
