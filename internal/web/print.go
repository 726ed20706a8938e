package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
	"github.com/skip2/go-qrcode"

	"convene/internal/browser"
	"convene/internal/convene"
	"convene/internal/roster"
	"convene/static"
	"convene/views"
)

// printDoc assembles what every printable document of a meeting shares.
func (s *Server) printDoc(c echo.Context, m convene.Meeting, title, pdf string) views.PrintDoc {
	d := views.PrintDoc{Meeting: m, Title: title, BackHref: "/meetings/" + m.Code + "/print",
		Printed: convene.FormatInZone(s.db.Now(), m.Location(), "2 January 2006 15:04")}
	if pdf == "" {
		// The PDF printer receives the document alone: inline its styles.
		if a, _, ok := static.Lookup("css/print.css"); ok {
			d.InlineCSS = string(a.Body)
		}
	} else {
		d.PDFHref = pdf
		if q := c.QueryString(); q != "" {
			d.PDFHref += "?" + q
		}
	}
	return d
}

// renderHTML renders a page into bytes with the request's page context, the
// same way render does, for the PDF printer.
func (s *Server) renderHTML(c echo.Context, page templ.Component) ([]byte, error) {
	pc := &views.PageContext{Actor: actor(c), Path: c.Request().URL.Path, Asset: static.Path}
	var buf bytes.Buffer
	err := page.Render(views.WithPage(c.Request().Context(), pc), &buf)
	return buf.Bytes(), err
}

// renderPDF prints a document with headless Chromium and sends it as a
// download. Without Chromium it answers 503 with a page that says so and
// points to the browser's own print, which always works.
func (s *Server) renderPDF(c echo.Context, page templ.Component, filename string) error {
	html, err := s.renderHTML(c, page)
	if err != nil {
		return err
	}
	pdf, err := cachedPDF(c.Request().Context(), html)
	if errors.Is(err, browser.ErrNoChromium) {
		return s.render(c, http.StatusServiceUnavailable, views.ErrorPage(http.StatusServiceUnavailable,
			"PDF not available", "This server has no Chromium, which renders the PDF (install it with apt-get install chromium fonts-noto-core). Go back and use the Print button: your browser prints the same page."))
	} else if err != nil {
		return fmt.Errorf("print %s: %w", filename, err)
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename=%q`, filename))
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}

// pdfCache keeps the last few PDFs by the SHA-256 of their HTML: the print
// room downloads the same document again and again during a burst (each
// desk, each reprint of a list), and an identical document needs no second
// Chromium render. Any change to the content, including the print stamp's
// minute, changes the key.
var pdfCache struct {
	sync.Mutex
	keys []string
	pdfs map[string][]byte
}

const pdfCacheSize = 16

func cachedPDF(ctx context.Context, html []byte) ([]byte, error) {
	sum := sha256.Sum256(html)
	key := hex.EncodeToString(sum[:])
	pdfCache.Lock()
	pdf, ok := pdfCache.pdfs[key]
	pdfCache.Unlock()
	if ok {
		return pdf, nil
	}
	pdf, err := browser.PrintHTML(ctx, html)
	if err != nil {
		return nil, err
	}
	pdfCache.Lock()
	defer pdfCache.Unlock()
	if pdfCache.pdfs == nil {
		pdfCache.pdfs = map[string][]byte{}
	}
	if _, ok := pdfCache.pdfs[key]; !ok {
		pdfCache.keys = append(pdfCache.keys, key)
		pdfCache.pdfs[key] = pdf
		if len(pdfCache.keys) > pdfCacheSize {
			delete(pdfCache.pdfs, pdfCache.keys[0])
			pdfCache.keys = pdfCache.keys[1:]
		}
	}
	return pdf, nil
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

func (s *Server) handlePrintRoom(c echo.Context) error {
	m, err := s.db.FindMeetingByCode(c.Request().Context(), c.Param("code"))
	if err != nil {
		return err
	}
	gs, err := s.db.FindDelegations(c.Request().Context(), convene.DelegationFilter{MeetingID: m.ID})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.PrintRoomPage(views.PrintRoomData{Meeting: m, Delegations: gs,
		PDF: browser.ExecPath() != ""}))
}

// accredited returns the meeting's accredited delegates in protocol order.
func (s *Server) accredited(ctx context.Context, meetingID int64) ([]convene.Delegate, error) {
	all, _, err := s.db.FindDelegates(ctx, convene.DelegateFilter{MeetingID: meetingID, Limit: 1000})
	var out []convene.Delegate
	for _, p := range all {
		if p.Status == convene.RegAccredited {
			out = append(out, p)
		}
	}
	return out, err
}

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
	d := views.BadgesData{Meeting: m, Delegations: gs, Collect: collect,
		CanManage: convene.Allow(actor(c).Role, convene.PermManageDelegations)}
	for _, p := range people {
		row := views.BadgeRow{Delegate: p}
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
	m, err := s.db.FindMeetingByCode(c.Request().Context(), c.Param("code"))
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
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	var ids []int64
	sheet := "/meetings/" + m.Code + "/badges/sheet"
	switch c.FormValue("scope") {
	case "delegate":
		id, err := strconv.ParseInt(c.FormValue("delegate"), 10, 64)
		if err != nil {
			return convene.NotFound("Delegate")
		}
		ids = []int64{id}
		sheet += "?delegate=" + strconv.FormatInt(id, 10)
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
		sheet += "?delegation=" + g.Country.ISO3
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
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return convene.NotFound("Delegate")
	}
	if _, err := s.db.IssueBadges(ctx, m.ID, []int64{id}, true); convene.ErrorCode(err) == convene.EINVALID {
		return s.refuse(c, m, err)
	} else if err != nil {
		return err
	}
	return s.redirect(c, "/meetings/"+m.Code+"/badges/sheet?delegate="+strconv.FormatInt(id, 10),
		"New badge version printed; the previous badge is no longer valid.")
}

func (s *Server) handleBadgeRevoke(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return convene.NotFound("Badge")
	}
	if err := s.db.RevokeBadge(ctx, m.ID, id); err != nil {
		return err
	}
	return s.redirect(c, "/meetings/"+m.Code+"/badges", "Badge revoked: it will be refused at check-in.")
}

func (s *Server) handleBadgeCollect(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
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
	if err := p.Err(); err != nil {
		f.Errors = convene.ErrorFields(err)
		page, perr := s.badgesPage(c, m, f)
		if perr != nil {
			return perr
		}
		return s.render(c, http.StatusUnprocessableEntity, page)
	}
	n, err := s.db.CollectBadges(ctx, m.ID, g.ID, by)
	if err != nil {
		return err
	}
	return s.redirect(c, "/meetings/"+m.Code+"/badges", fmt.Sprintf("%d badges of %s recorded as collected.", n, g.Country.Name))
}

// badgeSheet builds the sheet of valid badges the query selects: one
// delegate (?delegate=ID), one delegation (?delegation=ISO3) or all.
func (s *Server) badgeSheet(c echo.Context, pdf string) (views.BadgeSheetData, error) {
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return views.BadgeSheetData{}, err
	}
	f := convene.BadgeFilter{MeetingID: m.ID, Statuses: []convene.BadgeStatus{convene.BadgeActive}}
	title := "Badges"
	if v := c.QueryParam("delegate"); v != "" {
		if f.DelegateID, err = strconv.ParseInt(v, 10, 64); err != nil {
			return views.BadgeSheetData{}, convene.NotFound("Delegate")
		}
	}
	if v := c.QueryParam("delegation"); v != "" {
		g, err := s.delegationByISO3(ctx, m.ID, v)
		if err != nil {
			return views.BadgeSheetData{}, err
		}
		f.DelegationID = g.ID
		title = "Badges: " + g.Country.Name
	}
	badges, err := s.db.FindBadges(ctx, f)
	if err != nil {
		return views.BadgeSheetData{}, err
	}
	d := views.BadgeSheetData{Doc: s.printDoc(c, m, title, pdf)}
	var page []views.BadgeCard
	for _, b := range badges {
		// A badge whose holder is no longer accredited is not printed even
		// if it is still marked valid; check-in refuses it too.
		if b.Delegate.Status != convene.RegAccredited {
			continue
		}
		qr, err := qrSVG(b.Code)
		if err != nil {
			return d, err
		}
		name := b.Delegate.DisplayName()
		page = append(page, views.BadgeCard{Name: name, NameSize: convene.NameSize(name), Position: b.Delegate.Position,
			Country: b.Delegate.Country.Name, ISO3: b.Delegate.Country.ISO3, Role: b.Delegate.Role.Label(),
			Band: convene.Band(b.Delegate.Role), Code: convene.GroupBadgeCode(b.Code), Version: b.Version, QR: qr})
		if len(page) == 8 {
			d.Pages, page = append(d.Pages, page), nil
		}
	}
	if len(page) > 0 {
		d.Pages = append(d.Pages, page)
	}
	return d, nil
}

func (s *Server) handleBadgeSheet(c echo.Context) error {
	d, err := s.badgeSheet(c, "/meetings/"+c.Param("code")+"/badges/sheet.pdf")
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.BadgeSheetPage(d))
}

func (s *Server) handleBadgeSheetPDF(c echo.Context) error {
	d, err := s.badgeSheet(c, "")
	if err != nil {
		return err
	}
	return s.renderPDF(c, views.BadgeSheetPage(d), "badges-"+d.Doc.Meeting.Code+".pdf")
}

// checkInPage builds the desk page with the form as given.
func (s *Server) checkInPage(c echo.Context, m convene.Meeting, f views.Form) (templ.Component, error) {
	ctx := c.Request().Context()
	sessionID, _ := strconv.ParseInt(f.Get("session"), 10, 64)
	counts, err := s.db.CheckInCounts(ctx, m.ID, sessionID)
	if err != nil {
		return nil, err
	}
	sessions, err := s.db.FindSessions(ctx, convene.SessionFilter{MeetingIDs: []int64{m.ID}})
	if err != nil {
		return nil, err
	}
	opts := []views.Option{{Value: "", Label: "The meeting (arrival at the venue)"}}
	loc := m.Location()
	for _, x := range sessions {
		opts = append(opts, views.Option{Value: strconv.FormatInt(x.ID, 10),
			Label: convene.FormatInZone(x.StartsAt, loc, "Mon 15:04") + " · " + x.Title})
	}
	d := views.CheckInData{Meeting: m, Sessions: opts, Session: f.Get("session"), Form: f, Counts: counts}
	for _, x := range counts {
		d.Total.Accredited += x.Accredited
		d.Total.CheckedIn += x.CheckedIn
	}
	return views.CheckInPage(d), nil
}

func (s *Server) handleCheckInDesk(c echo.Context) error {
	m, err := s.db.FindMeetingByCode(c.Request().Context(), c.Param("code"))
	if err != nil {
		return err
	}
	page, err := s.checkInPage(c, m, views.Form{Values: map[string]string{"session": c.QueryParam("session")}})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, page)
}

// handleCheckIn checks a badge in. A refused code comes back on the same
// form, 422, with the reason next to the field and the code kept; a second
// scan of the same badge is not an error, the desk is told when the person
// was first checked in.
func (s *Server) handleCheckIn(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, "session", "code")}
	sessionID, _ := strconv.ParseInt(f.Get("session"), 10, 64)
	ci, err := s.db.CheckIn(ctx, m.ID, sessionID, f.Get("code"))
	if err != nil {
		if convene.ErrorCode(err) != convene.EINVALID {
			return err
		}
		f.Errors = convene.ErrorFields(err)
		page, perr := s.checkInPage(c, m, f)
		if perr != nil {
			return perr
		}
		return s.render(c, http.StatusUnprocessableEntity, page)
	}
	who := fmt.Sprintf("%s (%s, %s)", ci.Delegate.DisplayName(), ci.Delegate.Country.Name, ci.Delegate.Role.Label())
	at := convene.FormatInZone(ci.At, m.Location(), "15:04")
	msg := "Checked in: " + who + " at " + at + "."
	if !ci.New {
		msg = "Already checked in: " + who + " at " + at + ". Nothing changed."
	}
	next := "/meetings/" + m.Code + "/check-in"
	if sessionID != 0 {
		next += "?session=" + strconv.FormatInt(sessionID, 10)
	}
	return s.redirect(c, next, msg)
}

// programmeBook builds the programme book: the sessions delegates may see
// (never internal ones, whoever prints it), by day in venue time.
func (s *Server) programmeBook(c echo.Context, pdf string) (views.ProgrammeBookData, error) {
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return views.ProgrammeBookData{}, err
	}
	sessions, err := s.db.FindSessions(ctx, convene.SessionFilter{MeetingIDs: []int64{m.ID},
		Visibilities: convene.VisibleTo(convene.RoleDelegate)})
	if err != nil {
		return views.ProgrammeBookData{}, err
	}
	gs, err := s.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
	if err != nil {
		return views.ProgrammeBookData{}, err
	}
	loc := m.Location()
	d := views.ProgrammeBookData{Doc: s.printDoc(c, m, "Programme book", pdf), Delegations: gs}
	if len(sessions) > 0 {
		d.Zone = m.TimeZone + " (" + convene.ZoneAbbrev(sessions[0].StartsAt, loc) + ")"
	} else {
		d.Zone = m.TimeZone
	}
	for _, x := range sessions {
		label := x.StartsAt.In(loc).Format("Monday 2 January 2006")
		if len(d.Days) == 0 || d.Days[len(d.Days)-1].Label != label {
			d.Days = append(d.Days, views.BookDay{Label: label})
		}
		day := &d.Days[len(d.Days)-1]
		day.Sessions = append(day.Sessions, views.BookSession{
			Time:  x.StartsAt.In(loc).Format("15:04") + "–" + convene.FormatInZone(x.EndsAt, loc, "15:04"),
			Title: x.Title, Kind: x.Kind.Label(), Room: x.RoomName, Notes: x.PublicNotes})
	}
	return d, nil
}

func (s *Server) handleProgrammeBook(c echo.Context) error {
	d, err := s.programmeBook(c, "/meetings/"+c.Param("code")+"/programme-book.pdf")
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.ProgrammeBookPage(d))
}

func (s *Server) handleProgrammeBookPDF(c echo.Context) error {
	d, err := s.programmeBook(c, "")
	if err != nil {
		return err
	}
	return s.renderPDF(c, views.ProgrammeBookPage(d), "programme-"+d.Doc.Meeting.Code+".pdf")
}

// seating builds the seating plan of the meeting's table (the room of its
// first plenary-style session with a room, if any) with the host in the chair.
func (s *Server) seating(c echo.Context, pdf string) (views.SeatingData, error) {
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return views.SeatingData{}, err
	}
	gs, err := s.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
	if err != nil {
		return views.SeatingData{}, err
	}
	mode := convene.SeatClockwise
	if c.QueryParam("mode") == string(convene.SeatAlternating) {
		mode = convene.SeatAlternating
	}
	d := views.SeatingData{Doc: s.printDoc(c, m, "Seating plan", pdf), Mode: mode}
	if sessions, err := s.db.FindSessions(ctx, convene.SessionFilter{MeetingIDs: []int64{m.ID}}); err == nil {
		for _, x := range sessions {
			if x.RoomName != "" && (x.Kind == convene.SessionPlenary || x.Kind == convene.SessionRetreat) {
				d.Room = x.RoomName
				break
			}
		}
	} else {
		return d, err
	}
	d.Order = convene.SeatingPlan(gs, m.HostCountryID, mode)
	d.Seats = seatBoxes(d.Order)
	return d, nil
}

// seatBoxes places seats on the SVG: the table spans x 260–740, y 110–530;
// the chair sits above it, the chair's right is the viewer's left.
func seatBoxes(order []convene.Seat) []views.SeatBox {
	count := map[string]int{}
	for _, s := range order {
		count[s.Side]++
	}
	var out []views.SeatBox
	for _, s := range order {
		b := views.SeatBox{Country: s.Delegation.Country.Name, Head: s.Delegation.HeadName, Chair: s.Chair, Observer: s.Observer}
		n := max(count[s.Side], 1)
		switch s.Side {
		case "head":
			b.X, b.Y = 500, 60
		case "right":
			b.X, b.Y = 140, 150+s.Position*(360/max(n-1, 1))
		case "left":
			b.X, b.Y = 860, 150+s.Position*(360/max(n-1, 1))
		case "foot":
			b.X, b.Y = 500-(n-1)*120+s.Position*240, 585
		}
		out = append(out, b)
	}
	return out
}

func (s *Server) handleSeating(c echo.Context) error {
	d, err := s.seating(c, "/meetings/"+c.Param("code")+"/seating.pdf")
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.SeatingPage(d))
}

func (s *Server) handleSeatingPDF(c echo.Context) error {
	d, err := s.seating(c, "")
	if err != nil {
		return err
	}
	return s.renderPDF(c, views.SeatingPage(d), "seating-"+d.Doc.Meeting.Code+".pdf")
}

// namePlates builds country name plates in protocol order, or with
// ?kind=heads a place card for each head of delegation.
func (s *Server) namePlates(c echo.Context, pdf string) (views.NamePlatesData, error) {
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return views.NamePlatesData{}, err
	}
	d := views.NamePlatesData{Doc: s.printDoc(c, m, "Name plates", pdf)}
	if c.QueryParam("kind") == "heads" {
		d.Doc.Title = "Place cards"
		people, err := s.accredited(ctx, m.ID)
		if err != nil {
			return d, err
		}
		for _, p := range people {
			if p.Role == convene.RoleHead {
				d.Plates = append(d.Plates, views.NamePlate{Country: p.Country.Name, Name: p.DisplayName(), Role: p.Position})
			}
		}
		return d, nil
	}
	gs, err := s.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
	if err != nil {
		return d, err
	}
	for _, g := range gs {
		d.Plates = append(d.Plates, views.NamePlate{Country: g.Country.Name})
	}
	return d, nil
}

func (s *Server) handleNamePlates(c echo.Context) error {
	d, err := s.namePlates(c, "/meetings/"+c.Param("code")+"/name-plates.pdf")
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.NamePlatesPage(d))
}

func (s *Server) handleNamePlatesPDF(c echo.Context) error {
	d, err := s.namePlates(c, "")
	if err != nil {
		return err
	}
	return s.renderPDF(c, views.NamePlatesPage(d), "name-plates-"+d.Doc.Meeting.Code+".pdf")
}

// participants builds the list of participants in protocol order (the store
// returns delegates that way, observers last): the final list has the
// accredited only, the provisional one everyone still expected.
func (s *Server) participants(c echo.Context, pdf string) (views.ParticipantsData, error) {
	ctx := c.Request().Context()
	m, err := s.db.FindMeetingByCode(ctx, c.Param("code"))
	if err != nil {
		return views.ParticipantsData{}, err
	}
	final := c.QueryParam("final") == "1"
	title := "List of participants (provisional)"
	if final {
		title = "List of participants"
	}
	d := views.ParticipantsData{Doc: s.printDoc(c, m, title, pdf), Final: final}
	all, _, err := s.db.FindDelegates(ctx, convene.DelegateFilter{MeetingID: m.ID, Limit: 1000})
	if err != nil {
		return d, err
	}
	for _, p := range all {
		if final && p.Status != convene.RegAccredited || !final && !p.Status.HoldsPlace() {
			continue
		}
		if n := len(d.Groups); n == 0 || d.Groups[n-1].Country.ID != p.Country.ID {
			d.Groups = append(d.Groups, views.ParticipantGroup{Country: p.Country})
		}
		g := &d.Groups[len(d.Groups)-1]
		g.People = append(g.People, p)
		d.Count++
	}
	return d, nil
}

func (s *Server) handleParticipants(c echo.Context) error {
	d, err := s.participants(c, "/meetings/"+c.Param("code")+"/participants.pdf")
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.ParticipantsPage(d))
}

func (s *Server) handleParticipantsPDF(c echo.Context) error {
	d, err := s.participants(c, "")
	if err != nil {
		return err
	}
	return s.renderPDF(c, views.ParticipantsPage(d), "participants-"+d.Doc.Meeting.Code+".pdf")
}

// handleParticipantsCSV sends the list as CSV for spreadsheets and mail
// merges: names, positions and roles only, never personal data.
func (s *Server) handleParticipantsCSV(c echo.Context) error {
	d, err := s.participants(c, "")
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := writeParticipantsCSV(&buf, d); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="participants-%s.csv"`, d.Doc.Meeting.Code))
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

func writeParticipantsCSV(w io.Writer, d views.ParticipantsData) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"Order", "Country", "Observer", "Honorific", "Name", "Position", "Role", "Status"})
	i := 0
	for _, g := range d.Groups {
		for _, p := range g.People {
			i++
			obs := "no"
			if g.Country.Observer {
				obs = "yes"
			}
			name := strings.TrimSpace(p.BadgeName)
			if name == "" {
				name = p.FullName()
			}
			_ = cw.Write([]string{strconv.Itoa(i), g.Country.Name, obs, roster.Neutralize(p.Honorific), roster.Neutralize(name),
				roster.Neutralize(p.Position), p.Role.Label(), p.Status.Label()})
		}
	}
	cw.Flush()
	return cw.Error()
}
