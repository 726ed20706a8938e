package web

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
	"github.com/skip2/go-qrcode"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// badgesPage builds the badges page with the collection form as given.
func (s *Server) badgesPage(c echo.Context, m convene.Meeting, collect views.Form) (templ.Component, error) {
	ctx := c.Request().Context()
	people, err := s.accredited(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	badges, err := s.db.FindBadges(ctx, convene.BadgeFilter{MeetingID: m.ID})
	if err != nil {
		return nil, err
	}
	gs, err := s.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
	if err != nil {
		return nil, err
	}
	due, err := s.db.FindReprintsDue(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	photos, err := s.db.FindMeetingPhotos(ctx, m.ID, false)
	if err != nil {
		return nil, err
	}
	d := views.BadgesData{Meeting: m, Delegations: gs, Collect: collect,
		CanManage: convene.Allow(actor(c).Role, convene.PermManageDelegations)}
	for _, p := range people {
		_, photo := photos[p.ID]
		row := views.BadgeRow{Delegate: p, HasPhoto: photo, ReprintDue: due[p.ID].FieldNames()}
		for i := range badges {
			if badges[i].DelegateID != p.ID {
				continue
			}
			if badges[i].Status == convene.BadgeActive {
				row.Badge = &badges[i]
			} else {
				row.Older++
			}
		}
		if row.Badge == nil {
			d.NotPrinted++
		}
		d.Rows = append(d.Rows, row)
	}
	return views.BadgesPage(d), nil
}

func (s *Server) handleBadges(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	page, err := s.badgesPage(c, m, views.Form{})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, page)
}

// delegationByISO3 finds a meeting's delegation by its country code.
func (s *Server) delegationByISO3(ctx context.Context, meetingID int64, iso3 string) (convene.Delegation, error) {
	gs, err := s.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: meetingID})
	if err != nil {
		return convene.Delegation{}, err
	}
	for _, g := range gs {
		if strings.EqualFold(g.Country.ISO3, iso3) {
			return g, nil
		}
	}
	return convene.Delegation{}, convene.NotFound("Delegation")
}

// handleBadgePrint issues badges for one delegate, one delegation's
// accredited people without a badge, or everyone not yet printed, then
// shows the sheet of what it printed. Printing someone not accredited is
// refused with the reason and prints nothing.
func (s *Server) handleBadgePrint(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	var ids []int64
	sheet := paths.BadgeSheet(m.Code)
	switch c.FormValue("scope") {
	case "delegate":
		id, err := strconv.ParseInt(c.FormValue("delegate"), 10, 64)
		if err != nil {
			return convene.NotFound("Delegate")
		}
		ids = []int64{id}
		sheet = paths.BadgeSheetOfDelegate(m.Code, id)
	case "delegation":
		g, err := s.delegationByISO3(ctx, m.ID, c.FormValue("delegation"))
		if err != nil {
			return err
		}
		people, _, err := s.db.FindDelegates(ctx, convene.DelegateFilter{DelegationID: g.ID, Limit: 1000})
		if err != nil {
			return err
		}
		for _, p := range people {
			if p.Status == convene.RegAccredited {
				ids = append(ids, p.ID)
			}
		}
		sheet = paths.BadgeSheetOfDelegation(m.Code, g.Country.ISO3)
	case "unprinted":
		people, err := s.accredited(ctx, m.ID)
		if err != nil {
			return err
		}
		for _, p := range people {
			ids = append(ids, p.ID)
		}
	default:
		return echo.NewHTTPError(http.StatusBadRequest)
	}
	n, err := s.db.IssueBadges(ctx, m.ID, ids, false)
	if convene.ErrorCode(err) == convene.EINVALID {
		return s.refuse(c, m, err)
	} else if err != nil {
		return err
	}
	if l := c.FormValue("layout"); l != "" {
		// The print run's layout, chosen on the form, opens the sheet.
		q := url.Values{"layout": {string(convene.ParseBadgeLayout(l))}}
		if i := strings.IndexByte(sheet, '?'); i >= 0 {
			extra, _ := url.ParseQuery(sheet[i+1:])
			for k, v := range extra {
				q[k] = v
			}
			sheet = sheet[:i]
		}
		sheet = paths.WithQuery(sheet, q.Encode())
	}
	return s.redirect(c, sheet, fmt.Sprintf("%d badges printed. Print this sheet.", n))
}

// refuse shows the badges page again, 422, with why nothing was printed.
func (s *Server) refuse(c echo.Context, m convene.Meeting, err error) error {
	page, perr := s.badgesPage(c, m, views.Form{Message: convene.ErrorMessage(err)})
	if perr != nil {
		return perr
	}
	return s.render(c, http.StatusUnprocessableEntity, page)
}

// handleBadgeReprint issues a new version of a delegate's badge; the old
// one's code is refused at check-in from now on.
func (s *Server) handleBadgeReprint(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	id, err := pathID(c, "id", "Delegate")
	if err != nil {
		return err
	}
	if _, err := s.db.IssueBadges(c.Request().Context(), m.ID, []int64{id}, true); convene.ErrorCode(err) == convene.EINVALID {
		return s.refuse(c, m, err)
	} else if err != nil {
		return err
	}
	return s.redirect(c, paths.BadgeSheetOfDelegate(m.Code, id),
		"New badge version printed; the previous badge is no longer valid.")
}

func (s *Server) handleBadgeRevoke(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	id, err := pathID(c, "id", "Badge")
	if err != nil {
		return err
	}
	if err := s.db.RevokeBadge(c.Request().Context(), m.ID, id); err != nil {
		return err
	}
	return s.redirect(c, paths.Badges(m.Code), "Badge revoked: it will be refused at check-in.")
}

// handleBadgeCollect records who collected a delegation's badges.
func (s *Server) handleBadgeCollect(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, "delegation", "collected_by")}
	p := convene.Problems{}
	by := strings.TrimSpace(f.Get("collected_by"))
	if by == "" {
		p.Add("collected_by", "Say who collected the badges.")
	} else if len([]rune(by)) > 200 {
		p.Add("collected_by", "Keep the note under 200 characters.")
	}
	g, gerr := s.delegationByISO3(ctx, m.ID, f.Get("delegation"))
	if gerr != nil {
		p.Add("delegation", "Choose a delegation.")
	}
	refuse := func(err error) error {
		f.Errors = convene.ErrorFields(err)
		page, perr := s.badgesPage(c, m, f)
		if perr != nil {
			return perr
		}
		return s.render(c, http.StatusUnprocessableEntity, page)
	}
	if err := p.Err(); err != nil {
		return refuse(err)
	}
	n, err := s.db.CollectBadges(ctx, m.ID, g.ID, by)
	if convene.ErrorCode(err) == convene.EINVALID {
		return refuse(err) // e.g. refused text (form.go), which the store will not write
	} else if err != nil {
		return err
	}
	return s.redirect(c, paths.Badges(m.Code), fmt.Sprintf("%d badges of %s recorded as collected.", n, g.Country.Name))
}

// badgeSheet is the printable sheet of valid badges the query selects: one
// delegate (?delegate=ID), one delegation (?delegation=ISO3) or all, in the
// print run's layout (?layout=, convene.ParseBadgeLayout).
var badgeSheet = document{file: "badges", pdf: paths.BadgeSheetPDF, build: (*Server).badgeSheet}

func (s *Server) handleBadgeSheet(c echo.Context) error { return s.serveDocument(c, badgeSheet, false) }
func (s *Server) handleBadgeSheetPDF(c echo.Context) error {
	return s.serveDocument(c, badgeSheet, true)
}

func (s *Server) badgeSheet(c echo.Context, m convene.Meeting, doc views.PrintDoc) (templ.Component, error) {
	ctx := c.Request().Context()
	f := convene.BadgeFilter{MeetingID: m.ID, Statuses: []convene.BadgeStatus{convene.BadgeActive}}
	doc.Title = "Badges"
	if v := c.QueryParam("delegate"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, convene.NotFound("Delegate")
		}
		f.DelegateID = id
	}
	if v := c.QueryParam("delegation"); v != "" {
		g, err := s.delegationByISO3(ctx, m.ID, v)
		if err != nil {
			return nil, err
		}
		f.DelegationID = g.ID
		doc.Title = "Badges: " + g.Country.Name
	}
	// ?holders=only prints the badge holders who are not delegates alone;
	// the sheet of everyone prints them after the delegates.
	holdersOnly := c.QueryParam("holders") == "only"
	if holdersOnly {
		doc.Title = "Badges: staff, liaison, drivers, media and security"
		f.DelegateID = -1 // no delegate's badge
	}
	badges, err := s.db.FindBadges(ctx, f)
	if err != nil {
		return nil, err
	}
	photos, err := s.db.FindMeetingPhotos(ctx, m.ID, doc.PDF)
	if err != nil {
		return nil, err
	}
	zones, err := s.db.FindBadgeZones(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	layout := convene.ParseBadgeLayout(c.QueryParam("layout"))
	d := views.BadgeSheetData{Doc: doc, Layout: layout, Layouts: badgeLayouts(c, m, layout)}
	var cards []views.BadgeCard
	for _, b := range badges {
		// A badge whose holder is no longer accredited is not printed even
		// if it is still marked valid; check-in refuses it too.
		if b.Delegate.Status != convene.RegAccredited {
			continue
		}
		qr, err := qrSVG(b.Code)
		if err != nil {
			return nil, err
		}
		name := b.Delegate.DisplayName()
		card := views.BadgeCard{Name: name, NameSize: views.BadgeNameSize(name, layout), Position: b.Delegate.Position,
			Country: b.Delegate.Country.Name, ISO3: b.Delegate.Country.ISO3, Role: b.Delegate.Role.Label(),
			Band: convene.Band(b.Delegate.Role), Code: convene.GroupBadgeCode(b.Code), Version: b.Version, QR: qr,
			Zones: convene.ZoneWords(zones.For(convene.Band(b.Delegate.Role)))}
		card.Photo = badgePhoto(m, b.DelegateID, photos, doc.PDF)
		if card.Photo == "" {
			d.NoPhoto = append(d.NoPhoto, views.NoPhotoRow{Label: name + " (" + b.Delegate.Country.Name + ")",
				Href: paths.Person(m.Code, b.DelegateID)})
		}
		cards = append(cards, card)
	}
	if f.DelegateID == 0 && f.DelegationID == 0 || holdersOnly {
		holders, err := s.holderCards(c, m, layout, zones)
		if err != nil {
			return nil, err
		}
		cards = append(cards, holders...)
	}
	d.Badges = len(cards)
	d.Pages = convene.Pages(layout, cards)
	return views.BadgeSheetPage(d), nil
}

// badgePhoto is the address of a badge holder's photo from the one photo
// store, "" when there is none: on the page the photo's own route (the
// browser loads it under the page's policy, img-src 'self'), in the PDF a
// data: URI, because the print browser receives the document alone.
func badgePhoto(m convene.Meeting, delegateID int64, photos map[int64][]byte, pdf bool) templ.SafeURL {
	jpeg, ok := photos[delegateID]
	switch {
	case !ok:
		return ""
	case pdf:
		return templ.SafeURL("data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(jpeg))
	}
	return templ.SafeURL(paths.DelegatePhoto(m.Code, delegateID))
}

// qrSVG draws a code as an SVG QR code. SVG stays sharp at any print size
// and needs no image file beside the page the PDF printer receives.
func qrSVG(code string) (templ.Component, error) {
	q, err := qrcode.New(code, qrcode.Medium)
	if err != nil {
		return nil, err
	}
	bm := q.Bitmap()
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges" role="img" aria-label="QR code of the badge"><rect width="100%%" height="100%%" fill="#fff"/><path fill="#000" d="`, len(bm), len(bm))
	for y, row := range bm {
		for x, dark := range row {
			if dark {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x, y)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return templ.Raw(b.String()), nil
}

// badgeLayouts offers the same print run in every layout: the request's
// query with only the layout changed.
func badgeLayouts(c echo.Context, m convene.Meeting, current convene.BadgeLayout) []views.LayoutChoice {
	var out []views.LayoutChoice
	for _, l := range convene.BadgeLayouts {
		q := c.Request().URL.Query()
		q.Set("layout", string(l))
		out = append(out, views.LayoutChoice{Layout: string(l), Label: l.Label(), Current: l == current,
			Href: paths.WithQuery(paths.BadgeSheet(m.Code), q.Encode())})
	}
	return out
}
