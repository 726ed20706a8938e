//go:build bench

package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"convene/internal/convene"
	"convene/internal/sqlite"
	"convene/internal/web"
	"convene/views"
)

// The benchmark reports every figure as a ratio to baselines measured in the
// same run, because the machines are shared and absolute times mean little.
// baselines serves them under /bench/, mounted in front of Convene's router
// (web.Server.Mount) only in the benchmark's own server: they pass through
// the same middleware as every route, but they are not routes, and the
// production binary does not have them.
//
//	GET /bench/baseline                 a fixed small body: the cost of echo,
//	                                    logging, headers and the actor (a GET
//	                                    makes no CSRF cookie since issue 20)
//	GET /bench/render/CODE              the meeting page as the secretariat sees
//	                                    it, rendered from data kept in memory
//	GET /bench/render/CODE/programme    the programme page as a focal point
//	                                    sees it, rendered from a value kept in memory
//	GET /bench/static/CODE/programme    the bytes of the programme page as a
//	                                    visitor sees it, served from memory:
//	                                    what a static file server would do
type baselines struct {
	srv *web.Server
	db  *sqlite.DB

	mu         sync.Mutex
	meetings   map[string]meetingPage     // by meeting code
	programmes map[string]views.Programme // by meeting code
	statics    map[string][]byte          // the visitor's programme page, by meeting code
}

// meetingPage is the data of the meeting page, read once.
type meetingPage struct {
	meeting     convene.Meeting
	delegations []convene.Delegation
}

// baselinePrefix is where the baselines are mounted.
const baselinePrefix = "/bench/"

// mountBaselines puts the baselines in front of srv's router.
func mountBaselines(srv *web.Server, db *sqlite.DB) {
	b := &baselines{srv: srv, db: db, meetings: map[string]meetingPage{}, programmes: map[string]views.Programme{},
		statics: map[string][]byte{}}
	srv.Mount(baselinePrefix, b.serve)
}

// serve answers one baseline request; anything else under /bench/ is a
// missing page, as for the router.
func (b *baselines) serve(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodGet {
		return convene.NotFound("Page")
	}
	rest := strings.TrimPrefix(r.URL.Path, baselinePrefix)
	switch parts := strings.Split(rest, "/"); {
	case rest == "baseline":
		w.Header().Set("Content-Type", "text/plain; charset=UTF-8")
		w.WriteHeader(http.StatusOK)
		_, err := io.WriteString(w, "ok\n")
		return err
	case len(parts) == 2 && parts[0] == "render" && parts[1] != "":
		p, err := b.meetingPage(r.Context(), parts[1])
		if err != nil {
			return err
		}
		return b.srv.RenderPage(w, r, http.StatusOK, views.MeetingPage(p.meeting, p.delegations, true, views.MeetingPoll{}, nil))
	case len(parts) == 3 && parts[0] == "static" && parts[1] != "" && parts[2] == "programme":
		body, err := b.static(parts[1])
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		_, err = w.Write(body)
		return err
	case len(parts) == 3 && parts[0] == "render" && parts[1] != "" && parts[2] == "programme":
		p, err := b.programme(r.Context(), parts[1])
		if err != nil {
			return err
		}
		return b.srv.RenderPage(w, r, http.StatusOK, views.ProgrammePage(p))
	}
	return convene.NotFound("Page")
}

// meetingPage reads the meeting page's data the first time a meeting is
// asked for, then serves it from memory: the real page minus the database
// and the sign-in lookup.
func (b *baselines) meetingPage(ctx context.Context, code string) (meetingPage, error) {
	b.mu.Lock()
	p, ok := b.meetings[code]
	b.mu.Unlock()
	if ok {
		return p, nil
	}
	m, err := b.db.FindMeetingByCode(ctx, code)
	if err != nil {
		return p, err
	}
	ds, err := b.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
	if err != nil {
		return p, err
	}
	p = meetingPage{meeting: m, delegations: ds}
	b.mu.Lock()
	b.meetings[code] = p
	b.mu.Unlock()
	return p, nil
}

// programme builds the programme page's value the first time a meeting is
// asked for, as the real page (GET /meetings/CODE/programme) does for a
// signed-in focal point of Viet Nam: the public and delegates' sessions of
// the published version with Viet Nam's bilaterals, no edit links, no clash check (views.NewProgramme, which the real page uses too).
func (b *baselines) programme(ctx context.Context, code string) (views.Programme, error) {
	b.mu.Lock()
	p, ok := b.programmes[code]
	b.mu.Unlock()
	if ok {
		return p, nil
	}
	m, err := b.db.FindMeetingByCode(ctx, code)
	if err != nil {
		return p, err
	}
	// A focal point of Viet Nam, whose page also shows Viet Nam's bilaterals.
	vnm, err := b.db.FindCountryByISO3(ctx, "VNM")
	if err != nil {
		return p, err
	}
	focal := convene.Actor{UserID: 1, Role: convene.RoleFocal, CountryID: vnm.ID}
	sessions, err := b.db.FindSessions(ctx, convene.SessionFilter{MeetingIDs: []int64{m.ID},
		Visibilities: convene.VisibleTo(focal.Role), Published: true})
	if err != nil {
		return p, err
	}
	v, err := b.db.LatestProgrammeVersion(ctx, m.ID)
	if err != nil {
		return p, err
	}
	bs, err := b.db.ProgrammeBilaterals(ctx, []int64{m.ID})
	if err != nil {
		return p, err
	}
	p = views.NewProgramme(views.ProgrammeInput{Meeting: m, Actor: focal, Sessions: sessions, Version: v,
		Bilaterals: convene.BilateralsInProgramme(focal, bs)})
	b.mu.Lock()
	b.programmes[code] = p
	b.mu.Unlock()
	return p, nil
}

// static fetches the programme page as a visitor (no cookie) gets it from
// the real router the first time a meeting is asked for, and keeps its bytes.
func (b *baselines) static(code string) ([]byte, error) {
	b.mu.Lock()
	body, ok := b.statics[code]
	b.mu.Unlock()
	if ok {
		return body, nil
	}
	rec := httptest.NewRecorder()
	b.srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/meetings/"+url.PathEscape(code)+"/programme", nil))
	if rec.Code != http.StatusOK {
		return nil, fmt.Errorf("the visitor's programme page of %s: status %d", code, rec.Code)
	}
	body = rec.Body.Bytes()
	b.mu.Lock()
	b.statics[code] = body
	b.mu.Unlock()
	return body, nil
}
