package sqlite

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"sync"

	"convene/internal/convene"
)

// The signed-in pages read most (a meeting's page lists its delegations
// with their heads, focal points and places taken; the programme page lists
// the published sessions) show the same rows on view after view until
// something they show is written. The store keeps those rows in memory,
// keyed by the page version: the sum of three counters that only grow,
//
//   - page_version (migration 01550), bumped by triggers on delegations,
//     delegates, bilaterals, rooms, room layouts and the users' names;
//   - public_version (migration 01500), bumped by triggers on meetings and
//     the published programme versions, among others, and by the store on
//     every change to a meeting's documents;
//   - reference_version (migration 01000), bumped by triggers on the
//     countries and their standings,
//
// so that any committed change to what these lists show, made by this
// process or another (`convene purge`), changes it. A read costs one
// statement (three rows by their primary key) when the rows are kept; on a
// change, the list is read again in one snapshot together with the version
// it belongs to, and kept under that version. A page is therefore never
// older than the last commit before its request.
//
// What is kept is the store's own reading (the same query, the same
// protocol order); callers get copies, so nothing they do changes it.

// pageVersionQuery reads the page version (see above).
const pageVersionQuery = `SELECT (SELECT version FROM page_version WHERE id = 1) +
	(SELECT version FROM public_version WHERE id = 1) + (SELECT version FROM reference_version WHERE id = 1)`

// pageCacheMaxLists bounds the lists kept of each kind: one per meeting
// (and per audience, for programmes) in use. When full, the cache starts
// again empty; the next reads fill it.
const pageCacheMaxLists = 256

// programmeKey names one published programme as an audience sees it.
type programmeKey struct {
	meetingID    int64
	visibilities string // the visibilities the audience may see, joined
}

// publishedProgramme is a meeting's latest published version and the
// sessions of it an audience may see.
type publishedProgramme struct {
	version  convene.ProgrammeVersion
	sessions []convene.Session
}

// pageCache holds the lists read at one page version.
type pageCache struct {
	mu          sync.Mutex
	version     int64
	meetings    map[string]convene.Meeting     // by code
	delegations map[int64][]convene.Delegation // by meeting, in protocol order
	programmes  map[programmeKey]publishedProgramme
	bilaterals  map[int64][]convene.Bilateral // by meeting: those in its programme
	documents   map[int64][]convene.Document  // by meeting: all, with their versions
}

// at readies the cache for version v and reports whether what was read at
// v may be kept: a reading older than what is kept is not.
func (c *pageCache) at(v int64) bool {
	if v < c.version {
		return false
	}
	if v > c.version || c.meetings == nil {
		c.version = v
		c.meetings = map[string]convene.Meeting{}
		c.delegations = map[int64][]convene.Delegation{}
		c.programmes = map[programmeKey]publishedProgramme{}
		c.bilaterals = map[int64][]convene.Bilateral{}
		c.documents = map[int64][]convene.Document{}
	}
	return true
}

// The kinds of list the cache holds, for lookup and keep.
func keptMeetings(c *pageCache) map[string]convene.Meeting            { return c.meetings }
func keptDelegations(c *pageCache) map[int64][]convene.Delegation     { return c.delegations }
func keptProgrammes(c *pageCache) map[programmeKey]publishedProgramme { return c.programmes }
func keptBilaterals(c *pageCache) map[int64][]convene.Bilateral       { return c.bilaterals }
func keptDocuments(c *pageCache) map[int64][]convene.Document         { return c.documents }

// kept returns what the list kind keeps under k at the current page
// version; when it keeps nothing there, read reads it in one snapshot
// together with the version it belongs to, and it is kept under that
// version (a reading older than what is kept is not kept).
func kept[K comparable, V any](ctx context.Context, d *DB, kind func(*pageCache) map[K]V, k K,
	read func(tx *sql.Tx) (V, error)) (V, error) {
	var val V
	v, err := d.pageVersion(ctx)
	if err != nil {
		return val, err
	}
	c := &d.pages
	c.mu.Lock()
	val, ok := kind(c)[k]
	ok = ok && c.version == v
	c.mu.Unlock()
	if ok {
		return val, nil
	}
	err = d.view(ctx, func(tx *sql.Tx) (err error) {
		if err := tx.QueryRowContext(ctx, pageVersionQuery).Scan(&v); err != nil {
			return err
		}
		val, err = read(tx)
		return err
	})
	if err != nil {
		return val, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.at(v) {
		m := kind(c)
		if len(m) >= pageCacheMaxLists {
			clear(m)
		}
		m[k] = val
	}
	return val, nil
}

// pageVersion reads the page version outside a transaction: one statement
// is its own snapshot. Under a PageScope, a request reads it once for all
// the lists it takes from memory, and again after this process commits a
// write (the request's own, perhaps).
func (d *DB) pageVersion(ctx context.Context) (int64, error) {
	sc, _ := ctx.Value(pageScopeKey{}).(*pageScope)
	commits := d.committed.Load()
	if sc != nil {
		if v, ok := sc.get(commits); ok {
			return v, nil
		}
	}
	var v int64
	if err := d.read.QueryRowContext(ctx, pageVersionQuery).Scan(&v); err != nil {
		return 0, err
	}
	if sc != nil {
		sc.set(v, commits)
	}
	return v, nil
}

// pageScopeKey is the context key of a request's pageScope.
type pageScopeKey struct{}

// pageScope is the page version a request read, and how many commits this
// process had made before it read it.
type pageScope struct {
	mu      sync.Mutex
	read    bool
	version int64
	commits uint64
}

func (sc *pageScope) get(commits uint64) (int64, bool) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return sc.version, sc.read && sc.commits == commits
}

func (sc *pageScope) set(v int64, commits uint64) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	sc.read, sc.version, sc.commits = true, v, commits
}

// PageScope returns ctx under which the lists kept in memory that one
// request reads (its meeting, the meeting's delegations, programme,
// bilaterals and papers) share one reading of the page version: one
// statement per request rather than one per list. The reading holds until
// this process commits a write, so a request reads its own writes; a
// write by another process during the request is seen by the next one, as
// if the request had read everything at its start.
func (d *DB) PageScope(ctx context.Context) context.Context {
	return context.WithValue(ctx, pageScopeKey{}, &pageScope{})
}

// meetingDelegationsKept returns a meeting's delegations in protocol order,
// from memory while the page version stands. Callers copy what they hand on.
func (d *DB) meetingDelegationsKept(ctx context.Context, meetingID int64) ([]convene.Delegation, error) {
	return kept(ctx, d, keptDelegations, meetingID, func(tx *sql.Tx) ([]convene.Delegation, error) {
		rows, err := tx.QueryContext(ctx, delegationsQuery([]string{delegationByMeeting}), meetingID)
		if err != nil {
			return nil, err
		}
		gs, err := scanAll(rows, scanDelegation)
		if err != nil {
			return nil, err
		}
		p, err := d.protocolOf(ctx, tx, meetingID, convene.Date{})
		if err != nil {
			return nil, err
		}
		sortDelegations(gs, map[int64]protocol{meetingID: p})
		return gs, nil
	})
}

// PublishedProgramme returns a meeting's latest published version (Version
// 0 if it was never published) and the sessions of it whose visibility is
// one of vs, in time order: the programme as a delegate, a focal point or a
// visitor reads it. It is kept in memory while the page version stands.
func (d *DB) PublishedProgramme(ctx context.Context, meetingID int64, vs []convene.Visibility) (
	convene.ProgrammeVersion, []convene.Session, error) {
	k := programmeKey{meetingID: meetingID, visibilities: joinVisibilities(vs)}
	p, err := kept(ctx, d, keptProgrammes, k, func(tx *sql.Tx) (p publishedProgramme, err error) {
		if p.version, err = latestProgrammeVersion(ctx, tx, meetingID); err != nil {
			return p, err
		}
		p.sessions, err = findPublishedSessions(ctx, tx,
			convene.SessionFilter{MeetingIDs: []int64{meetingID}, Visibilities: vs, Published: true})
		return p, err
	})
	return p.version, slices.Clone(p.sessions), err
}

// joinVisibilities names a set of visibilities for a cache key; nil (every
// visibility) and empty (none) differ.
func joinVisibilities(vs []convene.Visibility) string {
	if vs == nil {
		return "*"
	}
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, ",")
}

// programmeBilateralsKept returns the bilaterals in a meeting's programme,
// from memory while the page version stands.
func (d *DB) programmeBilateralsKept(ctx context.Context, meetingID int64) ([]convene.Bilateral, error) {
	bs, err := kept(ctx, d, keptBilaterals, meetingID, func(tx *sql.Tx) ([]convene.Bilateral, error) {
		return programmeBilaterals(ctx, tx, []int64{meetingID})
	})
	return slices.Clone(bs), err
}

// meetingDocumentsKept returns every document of a meeting with its
// versions, from memory while the page version stands. Callers filter by
// reader and copy what they hand on.
func (d *DB) meetingDocumentsKept(ctx context.Context, meetingID int64) ([]convene.Document, error) {
	return kept(ctx, d, keptDocuments, meetingID, func(tx *sql.Tx) ([]convene.Document, error) {
		return meetingDocuments(ctx, tx, meetingID)
	})
}
