package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// badgeHoldersPage builds the badge holders' page with both forms as given.
func (s *Server) badgeHoldersPage(c echo.Context, m convene.Meeting, f, zf views.Form) (templ.Component, error) {
	ctx := c.Request().Context()
	holders, err := s.db.FindBadgeHolders(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	officers, err := s.db.FindLiaisonOfficers(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	zones, err := s.db.FindBadgeZones(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	role := actor(c).Role
	d := views.BadgeHoldersData{Meeting: m, Holders: holders, Form: f, ZoneForm: zf,
		CanManage: convene.Allow(role, convene.PermManageMeetings), CanRevoke: convene.Allow(role, convene.PermManageDelegations)}
	d.Categories = []views.Option{{Value: "", Label: "Choose a category"}}
	for _, b := range convene.HolderCategories {
		d.Categories = append(d.Categories, views.Option{Value: string(b), Label: b.Label()})
	}
	registered := map[int64]bool{}
	for _, h := range holders {
		registered[h.LiaisonOfficerID] = true
		if h.Badge.ID == 0 {
			d.Unprinted++
		}
	}
	d.Officers = []views.Option{{Value: "", Label: "Not a liaison officer"}}
	for _, o := range officers {
		if !registered[o.ID] {
			d.Officers = append(d.Officers, views.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
		}
	}
	for _, b := range convene.BadgeBands {
		row := views.ZoneRow{Band: b, Open: map[convene.Zone]bool{}, Words: convene.ZoneWords(zones.For(b))}
		for _, z := range zones.For(b) {
			row.Open[z] = true
		}
		d.Zones = append(d.Zones, row)
	}
	return views.BadgeHoldersPage(d), nil
}

func (s *Server) handleBadgeHolders(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	page, err := s.badgeHoldersPage(c, m, views.Form{}, views.Form{})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, page)
}

// handleBadgeHolderCreate registers a badge holder: a name and organisation
// for staff, drivers, media and security, or one of the meeting's liaison
// officers from logistics.
func (s *Server) handleBadgeHolderCreate(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, "category", "name", "organisation", "liaison_officer_id")}
	h := convene.BadgeHolder{MeetingID: m.ID, Category: convene.BadgeBand(f.Get("category")), Name: f.Get("name"),
		Organisation: f.Get("organisation")}
	p := convene.Problems{}
	h.LiaisonOfficerID = formID(f.Get("liaison_officer_id"), "liaison_officer_id", "Choose one of this meeting's liaison officers.", p)
	mergeProblems(p, h.Validate())
	err = p.Err()
	if err == nil {
		err = s.db.CreateBadgeHolder(c.Request().Context(), &h)
	}
	if err != nil {
		return s.renderFormOf(c, err, func(f views.Form) (templ.Component, error) {
			return s.badgeHoldersPage(c, m, f, views.Form{})
		}, f)
	}
	return s.redirect(c, paths.BadgeHolders(m.Code), h.Category.Label()+" registered; print the badge when ready.")
}

// handleBadgeHolderPrint prints the badges of every badge holder without a
// valid one and opens their sheet in the chosen layout.
func (s *Server) handleBadgeHolderPrint(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	n, err := s.db.IssueHolderBadges(c.Request().Context(), m.ID, nil, false)
	if err != nil {
		return err
	}
	q := url.Values{"holders": {"only"}, "layout": {string(convene.ParseBadgeLayout(c.FormValue("layout")))}}
	return s.redirect(c, paths.WithQuery(paths.BadgeSheet(m.Code), q.Encode()), fmt.Sprintf("%d badges printed. Print this sheet.", n))
}

// handleBadgeZones sets the zones one category opens at the meeting.
func (s *Server) handleBadgeZones(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	if err := c.Request().ParseForm(); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest)
	}
	f := views.Form{Values: formValues(c, "category")}
	p := convene.Problems{}
	band, ok := convene.ParseBadgeBand(f.Get("category"))
	if !ok {
		p.Add("zones", "Choose one of the categories listed.")
	}
	zones, zerr := convene.ParseZones(c.Request().PostForm["zones"])
	if zerr != nil {
		p.Add("zones", "Tick only the zones listed.")
	}
	err = p.Err()
	if err == nil {
		err = s.db.SetBadgeZones(c.Request().Context(), m.ID, band, zones)
	}
	if err != nil {
		return s.renderFormOf(c, err, func(f views.Form) (templ.Component, error) {
			return s.badgeHoldersPage(c, m, views.Form{}, f)
		}, f)
	}
	return s.redirect(c, paths.BadgeHolders(m.Code), band.Label()+" badges open: "+convene.ZoneWords(zones)+".")
}

func (s *Server) handleHolderBadgeRevoke(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	id, err := pathID(c, "id", "Badge")
	if err != nil {
		return err
	}
	if err := s.db.RevokeHolderBadge(c.Request().Context(), m.ID, id); err != nil {
		return err
	}
	return s.redirect(c, paths.BadgeHolders(m.Code), "Badge revoked: it will be refused at check-in.")
}

// holderCards are the badge holders' valid badges as the sheet prints
// them, with their category's zones at the meeting.
func (s *Server) holderCards(c echo.Context, m convene.Meeting, layout convene.BadgeLayout, zones convene.BadgeZones) ([]views.BadgeCard, error) {
	holders, err := s.db.FindBadgeHolders(c.Request().Context(), m.ID)
	if err != nil {
		return nil, err
	}
	var cards []views.BadgeCard
	for _, h := range holders {
		if h.Badge.ID == 0 {
			continue
		}
		qr, err := qrSVG(h.Badge.Code)
		if err != nil {
			return nil, err
		}
		cards = append(cards, views.BadgeCard{Name: h.Name, NameSize: views.BadgeNameSize(h.Name, layout),
			Position: h.Organisation, Role: h.Category.Label(), Band: h.Category, Code: convene.GroupBadgeCode(h.Badge.Code),
			Version: h.Badge.Version, QR: qr, Zones: convene.ZoneWords(zones.For(h.Category)), Holder: true})
	}
	return cards, nil
}
