package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/static"
)

// maxSyncBatch is the most scans one sync request may carry; a desk with
// more sends them in several requests.
const maxSyncBatch = 500

// deskBadge is one badge in the desk's offline list. It carries what the
// desk shows and decides with, and nothing else: no passport, birth date,
// contact or medical data. A badge holder's badge (staff, liaison officer,
// driver, media, security) reads as the online answer shows it
// (checkInAnswer): the category as role and band, the organisation as
// position, no country.
type deskBadge struct {
	Code         string  `json:"code"`
	Name         string  `json:"name"`
	Position     string  `json:"position"`
	Country      string  `json:"country"`
	Role         string  `json:"role"`
	Band         string  `json:"band"`
	Holder       bool    `json:"holder"`       // a badge holder's badge, not a delegate's
	Category     string  `json:"category"`     // a badge holder's category in words; "" for a delegate
	Organisation string  `json:"organisation"` // a badge holder's organisation; "" for a delegate
	Zones        string  `json:"zones"`        // the zones the badge opens, in words (convene.ZoneWords)
	Version      int     `json:"version"`
	Status       string  `json:"status"`
	Refusal      string  `json:"refusal"` // "" when the badge admits to the meeting
	Photo        string  `json:"photo"`   // "" when no photo is on file
	Sessions     []int64 `json:"sessions"`
}

// deskList is the answer of CheckInList.
type deskList struct {
	Meeting   string      `json:"meeting"`
	Title     string      `json:"title"`
	FetchedAt string      `json:"fetched_at"`
	CSRF      string      `json:"csrf"` // the token the sync sends back in X-CSRF-Token
	SyncURL   string      `json:"sync_url"`
	Badges    []deskBadge `json:"badges"`
}

// handleCheckInList answers the desk's offline list as JSON for the
// signed-in desk officer. It is never stored by a cache (no-store, as every
// dynamic answer), and it carries the browser's current CSRF token, so that
// a desk whose page came from the service worker's cache after a new sign-in
// sends its queue with the token that is valid now.
func (s *Server) handleCheckInList(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	entries, err := s.db.DeskList(c.Request().Context(), m.ID)
	if err != nil {
		return err
	}
	token, err := s.csrfToken(c)
	if err != nil {
		return err
	}
	out := deskList{Meeting: m.Code, Title: m.Title, FetchedAt: s.db.Now().UTC().Format(time.RFC3339),
		CSRF: token, SyncURL: paths.CheckInSync(m.Code), Badges: make([]deskBadge, len(entries))}
	for i, e := range entries {
		p := e.Badge.Delegate
		b := deskBadge{Code: e.Badge.Code, Name: p.DisplayName(), Position: p.Position, Country: p.Country.Name,
			Role: p.Role.Label(), Band: string(convene.Band(p.Role)), Zones: convene.ZoneWords(e.Zones), Version: e.Badge.Version,
			Status: string(e.Badge.Status), Refusal: convene.BadgeRefusal(e.Badge, m.ID), Sessions: e.Sessions}
		if h := e.Holder; h.ID != 0 {
			b.Name, b.Position, b.Country, b.Role, b.Band = h.Name, h.Organisation, "", h.Category.Label(), string(h.Category)
			b.Holder, b.Category, b.Organisation = true, h.Category.Label(), h.Organisation
		}
		if e.HasPhoto {
			b.Photo = paths.DelegatePhoto(m.Code, p.ID)
		}
		out.Badges[i] = b
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, out)
}

// syncRequest is what the desk sends: its queued scans.
type syncRequest struct {
	CheckIns []struct {
		ID        string `json:"id"`
		Code      string `json:"code"`
		Session   int64  `json:"session"`
		ScannedAt string `json:"scanned_at"` // RFC 3339, the desk's clock
	} `json:"checkins"`
}

// syncResult is the answer for one scan.
type syncResult struct {
	ID      string `json:"id"`
	Outcome string `json:"outcome"`
	Message string `json:"message"`
	CheckIn int64  `json:"checkin,omitempty"`
	New     bool   `json:"new"`
	Name    string `json:"name,omitempty"`
	Country string `json:"country,omitempty"`
	// Organisation is a badge holder's, for a holder's badge.
	Organisation string `json:"organisation,omitempty"`
}

// handleCheckInSync records the check-ins a desk queued, whenever it sends
// them and however often (convene.DecideQueuedCheckIn decides each one;
// the store writes one row per person and session and none for a repeat
// send). It answers every scan's outcome, conflicts included, for the desk
// to show. The CSRF token comes in the X-CSRF-Token header (csrf.go).
func (s *Server) handleCheckInSync(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	var req syncRequest
	if err := json.NewDecoder(c.Request().Body).Decode(&req); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest).SetInternal(err)
	}
	if len(req.CheckIns) > maxSyncBatch {
		return convene.Errorf(convene.EINVALID, "Send at most %d check-ins at a time.", maxSyncBatch)
	}
	scans := make([]convene.QueuedCheckIn, len(req.CheckIns))
	for i, x := range req.CheckIns {
		scans[i] = convene.QueuedCheckIn{ClientID: x.ID, Code: x.Code, SessionID: x.Session}
		if t, err := time.Parse(time.RFC3339Nano, x.ScannedAt); err == nil {
			scans[i].ScannedAt = t
		}
	}
	results, err := s.db.SyncCheckIns(c.Request().Context(), m.ID, scans)
	if err != nil {
		return err
	}
	out := struct {
		Results []syncResult `json:"results"`
	}{Results: make([]syncResult, len(results))}
	for i, r := range results {
		out.Results[i] = syncResult{ID: r.ClientID, Outcome: string(r.Outcome), Message: r.Message, CheckIn: r.CheckInID,
			New: r.New, Name: r.Name, Country: r.Country, Organisation: r.Organisation}
	}
	return c.JSON(http.StatusOK, out)
}

// handleCheckInWorker serves the desk's service worker from the root (see
// paths.CheckInWorker) as JavaScript. Browsers check a worker for updates
// themselves; the answer is not cached (no-store, as every dynamic answer).
func (s *Server) handleCheckInWorker(c echo.Context) error {
	a, _, ok := static.Lookup("js/desk_sw.js")
	if !ok {
		return echo.ErrNotFound
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentLength, strconv.Itoa(len(a.Body)))
	return c.Blob(http.StatusOK, "text/javascript; charset=utf-8", a.Body)
}
