package web

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/browser"
	"convene/internal/convene"
	"convene/internal/paths"
	"convene/static"
	"convene/views"
)

// Letters (issue 18): visa-support letters for accredited people who need
// a visa, invitation letters for delegations, each printed once to PDF by
// Chromium with the served Noto fonts and stored as issued.

// letterRows are issued letters as lists show them.
func letterRows(m convene.Meeting, ls []convene.Letter) []views.LetterRow {
	var out []views.LetterRow
	for _, l := range ls {
		by := l.IssuedByName
		if by == "" {
			by = "(account removed)"
		}
		out = append(out, views.LetterRow{Reference: l.Reference, Kind: l.Kind.Label(), Addressee: l.Addressee,
			Country: l.Country.Name, IssuedAt: convene.FormatInZone(l.IssuedAt, m.Location(), "2 Jan 2006 15:04"),
			IssuedBy: by, Href: paths.Letter(m.Code, l.ID)})
	}
	return out
}

// hostISO3 is the code of the meeting's host country, which the visa rules
// are recorded for.
func (s *Server) hostISO3(ctx context.Context, m convene.Meeting) (string, error) {
	cs, err := s.db.FindCountries(ctx)
	for _, c := range cs {
		if c.ID == m.HostCountryID {
			return c.ISO3, err
		}
	}
	return "", err
}

// letterDoc fills a template into the letter's page: the letterhead as a
// data: URI (Chromium gets the page alone), paragraphs and signatory.
func letterDoc(t convene.LetterTemplate, x convene.LetterContext, back string) (views.LetterDoc, error) {
	text, err := convene.FillLetter(t.Kind, t.Body, x.Values(t.Kind))
	if err != nil {
		return views.LetterDoc{}, err
	}
	d := views.LetterDoc{Title: t.Kind.Label(), Reference: x.Reference, BackHref: back}
	for _, p := range convene.Paragraphs(text) {
		heading := !strings.Contains(p, "\n") && len([]rune(p)) <= 60 && p == strings.ToUpper(p) && p != strings.ToLower(p)
		d.Paragraphs = append(d.Paragraphs, views.LetterPara{Text: p, Heading: heading})
	}
	if sig := strings.TrimSpace(t.Signatory); sig != "" {
		d.Signatory = strings.Split(sig, "\n")
	}
	if len(t.Letterhead) > 0 {
		d.Letterhead = "data:" + t.LetterheadType + ";base64," + base64.StdEncoding.EncodeToString(t.Letterhead)
	}
	return d, nil
}

// nationalityNames names the nationality codes of the countries Convene
// knows, for the letters' {{nationality}}.
func (s *Server) nationalityNames(ctx context.Context) (map[string]string, error) {
	cs, err := s.db.FindCountries(ctx)
	out := map[string]string{}
	for _, c := range cs {
		out[c.ISO3] = c.Name
	}
	return out, err
}

// errNoPrinter is answered when Chromium cannot print: nothing is issued.
var errNoPrinter = errors.New("no PDF printer")

// printLetter prints a filled letter to PDF with the fonts and print.css
// inline.
func (s *Server) printLetter(c echo.Context, d views.LetterDoc) ([]byte, error) {
	d.InlineCSS = static.InlineFontCSS()
	if a, _, ok := static.Lookup("css/print.css"); ok {
		d.InlineCSS += string(a.Body)
	}
	html, err := s.renderHTML(c, views.LetterDocument(d))
	if err != nil {
		return nil, err
	}
	pdf, err := s.cfg.Printer.PrintHTML(c.Request().Context(), html)
	if errors.Is(err, browser.ErrNoChromium) || errors.Is(err, browser.ErrUnreachable) {
		s.log.Warn("letter not printed", "err", err)
		return nil, errNoPrinter
	}
	return pdf, err
}

// noPrinterPage says that no letter could be printed, and so none issued.
func (s *Server) noPrinterPage(c echo.Context) error {
	return s.render(c, http.StatusServiceUnavailable, views.ErrorPage(http.StatusServiceUnavailable, "Letter not issued",
		"This server cannot print PDFs now (Chromium is missing or its service does not answer), so no letter was issued and no reference taken. Try again once Chromium runs.",
		s.wayBack(c, http.StatusServiceUnavailable)))
}

// issue prints and stores a letter: the next reference of its kind, the
// values from x, the PDF; a conflict (another letter took the number, or
// the person's record changed meanwhile) prints again from fresh data, a
// few times at most. fresh re-reads what the letter is made of.
func (s *Server) issue(c echo.Context, m convene.Meeting, l convene.Letter, fresh func() (convene.LetterContext, convene.Delegate, error)) (convene.Letter, error) {
	ctx := c.Request().Context()
	t, err := s.db.FindLetterTemplate(ctx, m.ID, l.Kind)
	if err != nil {
		return l, err
	}
	names, err := s.nationalityNames(ctx)
	if err != nil {
		return l, err
	}
	for attempt := 0; ; attempt++ {
		x, p, err := fresh()
		if err != nil {
			return l, err
		}
		if l.Seq, err = s.db.NextLetterSeq(ctx, m.ID, l.Kind); err != nil {
			return l, err
		}
		l.Reference = convene.LetterReference(m.Code, l.Kind, l.Seq)
		x.Reference, x.Date = l.Reference, convene.DateOf(s.db.Now().In(m.Location()))
		x.Signatory, x.Nationalities = t.Signatory, names
		d, err := letterDoc(t, x, "")
		if err != nil {
			return l, err
		}
		if l.PDF, err = s.printLetter(c, d); err != nil {
			return l, err
		}
		err = s.db.IssueLetter(ctx, &l, p.UpdatedAt)
		if convene.ErrorCode(err) != convene.ECONFLICT || attempt == 2 {
			return l, err
		}
	}
}

// delegateLettersPage is a person's letters page with what can be done.
func (s *Server) delegateLettersPage(c echo.Context, m convene.Meeting, r convene.Registration, f views.Form) (templ.Component, error) {
	ctx := c.Request().Context()
	ls, err := s.db.FindLetters(ctx, convene.LetterFilter{MeetingID: m.ID, Kind: convene.LetterVisa, DelegateID: r.ID})
	if err != nil {
		return nil, err
	}
	may, err := s.mayIssueVisaLetter(c, m)
	if err != nil {
		return nil, err
	}
	d := views.DelegateLettersData{Meeting: m, PersonHref: paths.Person(m.Code, r.ID), Name: r.DisplayName(),
		CanIssue: may, IssueHref: paths.DelegateLetters(m.Code, r.ID), Letters: letterRows(m, ls), Form: f}
	if err := s.visaVerdict(ctx, m, r.Delegate); err != nil {
		d.Verdict = convene.ErrorMessage(err)
	}
	return views.DelegateLettersPage(d), nil
}

// visaVerdict is nil when the person may have a visa-support letter, else
// the reason in plain words.
func (s *Server) visaVerdict(ctx context.Context, m convene.Meeting, p convene.Delegate) error {
	host, err := s.hostISO3(ctx, m)
	if err != nil {
		return err
	}
	rules, err := s.db.FindVisaRules(ctx, m.HostCountryID)
	if err != nil {
		return err
	}
	return convene.CanIssueVisaLetter(p, rules, host)
}

// mayIssueVisaLetter: the secretariat always, a focal point if the meeting's
// visa template allows it (their own people only: loadPerson scopes them).
func (s *Server) mayIssueVisaLetter(c echo.Context, m convene.Meeting) (bool, error) {
	a := actor(c)
	if a.Role.IsSecretariat() {
		return true, nil
	}
	if a.Role != convene.RoleFocal {
		return false, nil
	}
	t, err := s.db.FindLetterTemplate(c.Request().Context(), m.ID, convene.LetterVisa)
	return t.FocalMayIssue, err
}

func (s *Server) handleDelegateLetters(c echo.Context) error {
	m, r, err := s.loadPerson(c)
	if err != nil {
		return err
	}
	page, err := s.delegateLettersPage(c, m, r, views.Form{})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, page)
}

// handleVisaLetterIssue issues a visa-support letter from the person's
// approved record: refused, with the reason and nothing written, for a
// person not accredited or not needing a visa.
func (s *Server) handleVisaLetterIssue(c echo.Context) error {
	m, r, err := s.loadPerson(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	refuse := func(err error) error {
		page, perr := s.delegateLettersPage(c, m, r, views.Form{Message: convene.ErrorMessage(err)})
		if perr != nil {
			return perr
		}
		return s.render(c, http.StatusUnprocessableEntity, page)
	}
	// A focal point reaches their own person (loadPerson scoped them) and
	// is told, nothing written, when the meeting leaves letters to the
	// secretariat.
	if may, err := s.mayIssueVisaLetter(c, m); err != nil {
		return err
	} else if !may {
		return refuse(convene.Errorf(convene.ECONFLICT, "The secretariat issues the visa-support letters of this meeting."))
	}
	if err := s.visaVerdict(ctx, m, r.Delegate); err != nil {
		if convene.ErrorCode(err) == convene.ECONFLICT {
			return refuse(err)
		}
		return err
	}
	gs, err := s.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID, CountryID: r.Country.ID})
	if err != nil || len(gs) == 0 {
		return convene.NotFound("Delegation")
	}
	l := convene.Letter{MeetingID: m.ID, Kind: convene.LetterVisa, DelegationID: r.DelegationID, DelegateID: r.ID,
		Addressee: r.DisplayName()}
	l, err = s.issue(c, m, l, func() (convene.LetterContext, convene.Delegate, error) {
		// The approved record: a change waiting for approval lives in
		// pending_changes, not in the person's row.
		fresh, err := s.db.FindRegistrationByID(ctx, r.ID)
		if err == nil {
			err = s.visaVerdict(ctx, m, fresh.Delegate)
		}
		return convene.LetterContext{Meeting: m, Country: gs[0].Country, Head: gs[0].HeadName, Person: fresh.Delegate},
			fresh.Delegate, err
	})
	switch {
	case errors.Is(err, errNoPrinter):
		return s.noPrinterPage(c)
	case convene.ErrorCode(err) == convene.ECONFLICT:
		return refuse(err)
	case err != nil:
		return err
	}
	return s.redirect(c, paths.DelegateLetters(m.Code, r.ID), fmt.Sprintf("Visa-support letter %s issued.", l.Reference))
}

// handleInvitationLetterIssue issues a delegation's invitation letter,
// addressed to its head of delegation if named, else to its ministry.
func (s *Server) handleInvitationLetterIssue(c echo.Context) error {
	m, g, err := s.loadDelegation(c)
	if err != nil {
		return err
	}
	addressee := g.HeadName
	if addressee == "" {
		addressee = convene.MinistryOf(g.Country)
	}
	l := convene.Letter{MeetingID: m.ID, Kind: convene.LetterInvitation, DelegationID: g.ID, Addressee: addressee}
	l, err = s.issue(c, m, l, func() (convene.LetterContext, convene.Delegate, error) {
		return convene.LetterContext{Meeting: m, Country: g.Country, Head: g.HeadName}, convene.Delegate{}, nil
	})
	if errors.Is(err, errNoPrinter) {
		return s.noPrinterPage(c)
	} else if err != nil {
		return err
	}
	return s.redirect(c, paths.Letters(m.Code), fmt.Sprintf("Invitation letter %s to %s issued.", l.Reference, g.Country.Name))
}

// handleLetters is the secretariat's letters page of a meeting.
func (s *Server) handleLetters(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	gs, err := s.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
	if err != nil {
		return err
	}
	all, err := s.db.FindLetters(ctx, convene.LetterFilter{MeetingID: m.ID})
	if err != nil {
		return err
	}
	d := views.LettersData{Meeting: m, Letters: letterRows(m, all)}
	for _, k := range convene.LetterKinds {
		t, err := s.db.FindLetterTemplate(ctx, m.ID, k)
		if err != nil {
			return err
		}
		d.Templates = append(d.Templates, views.LetterTemplateRow{Kind: k, Default: t.Default})
	}
	for _, g := range gs {
		row := views.InvitationRow{Country: g.Country, Addressee: g.HeadName, IssueHref: paths.InvitationLetter(m.Code, g.Country.ISO3)}
		if row.Addressee == "" {
			row.Addressee = convene.MinistryOf(g.Country)
		}
		for _, l := range all {
			if l.Kind == convene.LetterInvitation && l.DelegationID == g.ID {
				row.Letters = append(row.Letters, letterRows(m, []convene.Letter{l})...)
			}
		}
		d.Delegations = append(d.Delegations, row)
	}
	return s.render(c, http.StatusOK, views.LettersPage(d))
}

// handleLetter downloads an issued letter as it was issued. A focal point
// gets their own delegation's letters only; another's answers 404.
func (s *Server) handleLetter(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	id, err := pathID(c, "id", "Letter")
	if err != nil {
		return err
	}
	l, err := s.db.FindLetter(c.Request().Context(), m.ID, id)
	if err != nil {
		return err
	}
	if !convene.CanSeeCountry(actor(c), l.Country.ID) {
		return convene.NotFound("Letter")
	}
	name := strings.ReplaceAll(l.Reference, "/", "-") + ".pdf"
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename=%q`, name))
	c.Response().Header().Set(echo.HeaderCacheControl, "private, no-store")
	return c.Blob(http.StatusOK, "application/pdf", l.PDF)
}
