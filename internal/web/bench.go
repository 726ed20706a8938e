package web

import (
	"net/http"
	"sync"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/views"
)

// The benchmark (cmd/convene-bench) reports every figure as a ratio to
// baselines measured in the same run, because the machines are shared and
// absolute times mean little. These handlers are those baselines. They are in
// the route table (so the access test sees them) but answer 404, exactly like
// a missing page, unless Config.Bench is set, which only convene-bench does.

// benchPages caches, per meeting code, the data of the meeting page, so that
// the render-only baseline renders the very page the real route renders
// without touching the database.
var benchPages sync.Map // code -> benchPage

type benchPage struct {
	meeting     convene.Meeting
	delegations []convene.Delegation
}

// handleBenchBaseline answers a fixed small body through the whole
// middleware stack: the cost of echo, logging, headers and the CSRF cookie
// with no database and no rendering. Every route's throughput is divided by it.
func (s *Server) handleBenchBaseline(c echo.Context) error {
	if !s.cfg.Bench {
		return echo.ErrNotFound
	}
	return c.String(http.StatusOK, "ok\n")
}

// handleBenchRender renders the meeting page as the secretariat sees it
// (every delegation) from data read once and kept in memory: the real page
// minus the database and the sign-in lookup.
func (s *Server) handleBenchRender(c echo.Context) error {
	if !s.cfg.Bench {
		return echo.ErrNotFound
	}
	code := c.Param("code")
	v, ok := benchPages.Load(s.benchKey(code))
	if !ok {
		ctx := c.Request().Context()
		m, err := s.db.FindMeetingByCode(ctx, code)
		if err != nil {
			return err
		}
		ds, err := s.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
		if err != nil {
			return err
		}
		v, _ = benchPages.LoadOrStore(s.benchKey(code), benchPage{meeting: m, delegations: ds})
	}
	p := v.(benchPage)
	return s.render(c, http.StatusOK, views.MeetingPage(p.meeting, p.delegations, true))
}

// benchKey scopes the cache to one server, so that two servers in one test
// process never share a page.
func (s *Server) benchKey(code string) [2]any { return [2]any{s, code} }

// benchProgrammes caches, per meeting code, the programme page's value as a
// focal point sees it (public and delegates' sessions), for the
// programme's render-only baseline.
var benchProgrammes sync.Map // [2]any{server, code} -> views.Programme

// handleBenchRenderProgramme renders a meeting's programme page as a focal
// point sees it, from a value built once and kept in memory: the real page
// (GET /meetings/:code/programme, signed in as a focal point) minus the
// database and the sign-in lookup. The benchmark divides the real page's
// throughput by this one's.
func (s *Server) handleBenchRenderProgramme(c echo.Context) error {
	if !s.cfg.Bench {
		return echo.ErrNotFound
	}
	code := c.Param("code")
	v, ok := benchProgrammes.Load(s.benchKey(code))
	if !ok {
		p, err := s.benchProgramme(c, code)
		if err != nil {
			return err
		}
		v, _ = benchProgrammes.LoadOrStore(s.benchKey(code), p)
	}
	return s.render(c, http.StatusOK, views.ProgrammePage(v.(views.Programme)))
}

// benchProgramme builds the programme page's value the way handleProgramme
// does for a signed-in focal point (no edit links, no clash check).
func (s *Server) benchProgramme(c echo.Context, code string) (views.Programme, error) {
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, code)
	if err != nil {
		return views.Programme{}, err
	}
	sessions, err := s.db.FindSessions(ctx, convene.SessionFilter{MeetingIDs: []int64{m.ID},
		Visibilities: convene.VisibleTo(convene.RoleFocal)})
	if err != nil {
		return views.Programme{}, err
	}
	p := views.Programme{Meeting: m, Zone: zoneLabel(m), Scope: "You see the public sessions and those for delegates."}
	ver, err := s.db.LatestProgrammeVersion(ctx, m.ID)
	if err != nil {
		return views.Programme{}, err
	}
	p.Version = ver.Version
	if ver.Version > 0 {
		p.Published = convene.FormatInZone(ver.PublishedAt, m.Location(), "2 January 2006 15:04")
	}
	p.Days = programmeDays(m, sessions, nil, false)
	if ver.Version > 0 {
		markChanges(&p, sessions, ver.PublishedAt)
	}
	return p, nil
}
