package web

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"strconv"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// maxLetterhead is the largest letterhead image accepted.
const maxLetterhead = 2 << 20

// pathLetterKind reads the template kind of the path; an unknown one is
// a missing page.
func pathLetterKind(c echo.Context) (convene.LetterKind, error) {
	k := convene.LetterKind(c.Param("kind"))
	if !k.Valid() {
		return "", convene.NotFound("Letter template")
	}
	return k, nil
}

// letterTemplatePage is the template form with the accredited people a
// preview may use.
func (s *Server) letterTemplatePage(c echo.Context, m convene.Meeting, k convene.LetterKind, f views.Form) (templ.Component, error) {
	ctx := c.Request().Context()
	t, err := s.db.FindLetterTemplate(ctx, m.ID, k)
	if err != nil {
		return nil, err
	}
	d := views.LetterTemplateData{Meeting: m, Kind: k, Form: f, Placeholders: convene.LetterPlaceholders(k),
		HasLetterhead: len(t.Letterhead) > 0}
	people, err := s.accredited(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	for _, p := range people {
		d.People = append(d.People, views.Option{Value: strconv.FormatInt(p.ID, 10), Label: p.Country.Name + ": " + p.DisplayName()})
	}
	return views.LetterTemplatePage(d), nil
}

func (s *Server) handleLetterTemplateForm(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	k, err := pathLetterKind(c)
	if err != nil {
		return err
	}
	t, err := s.db.FindLetterTemplate(c.Request().Context(), m.ID, k)
	if err != nil {
		return err
	}
	f := views.Form{Values: map[string]string{"body": t.Body, "signatory": t.Signatory,
		"focal_may_issue": boolValue(t.FocalMayIssue)}}
	page, err := s.letterTemplatePage(c, m, k, f)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, page)
}

// handleLetterTemplate saves a template: an unknown placeholder or a
// letterhead that is not a PNG or JPEG (by its content) is refused with
// the message next to the field, what was typed kept and nothing written.
func (s *Server) handleLetterTemplate(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	k, err := pathLetterKind(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, "body", "signatory", "focal_may_issue", "remove_letterhead")}
	page := func(f views.Form) (templ.Component, error) { return s.letterTemplatePage(c, m, k, f) }
	t := convene.LetterTemplate{MeetingID: m.ID, Kind: k, Body: f.Get("body"), Signatory: f.Get("signatory"),
		FocalMayIssue: k == convene.LetterVisa && f.Get("focal_may_issue") == "1"}
	if fh, err := c.FormFile("letterhead"); err == nil && fh.Size > 0 {
		if fh.Size > maxLetterhead {
			return s.renderFormOf(c, convene.Problems{"letterhead": "This image is larger than 2 MB. Choose a smaller PNG or JPEG."}.Err(), page, f)
		}
		file, err := fh.Open()
		if err != nil {
			return err
		}
		defer file.Close()
		if t.Letterhead, t.LetterheadType, err = cleanLetterhead(file); err != nil {
			return s.renderFormOf(c, err, page, f)
		}
	}
	if err := s.db.SaveLetterTemplate(c.Request().Context(), &t, f.Get("remove_letterhead") == "1"); err != nil {
		return s.renderFormOf(c, err, page, f)
	}
	return s.redirect(c, paths.LetterTemplate(m.Code, string(k)), k.Label()+" template saved.")
}

// cleanLetterhead accepts a PNG or JPEG by its content (not its name or
// declared type) and re-encodes it in its own format, so that nothing but
// the pixels is kept (no metadata, no appended payload).
func cleanLetterhead(r io.Reader) ([]byte, string, error) {
	refuse := convene.Problems{"letterhead": "Choose a PNG or JPEG image: this file is not one."}.Err()
	data, err := io.ReadAll(io.LimitReader(r, maxLetterhead+1))
	if err != nil || len(data) > maxLetterhead {
		return nil, "", refuse
	}
	ct := http.DetectContentType(data)
	if ct != "image/png" && ct != "image/jpeg" {
		return nil, "", refuse
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width > 8000 || cfg.Height > 8000 || "image/"+format != ct {
		return nil, "", refuse
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, "", refuse
	}
	var out bytes.Buffer
	if ct == "image/png" {
		err = png.Encode(&out, img)
	} else {
		err = jpeg.Encode(&out, img, &jpeg.Options{Quality: 92})
	}
	return out.Bytes(), ct, err
}

// handleLetterPreview shows the saved template filled with sample data, or
// with a chosen accredited person's approved data (?delegate=ID).
func (s *Server) handleLetterPreview(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	k, err := pathLetterKind(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	t, err := s.db.FindLetterTemplate(ctx, m.ID, k)
	if err != nil {
		return err
	}
	x := convene.LetterContext{Meeting: m, Country: convene.Country{ISO3: "VNM", Name: "Viet Nam"}, Head: "H.E. General Phan Văn Giang",
		Person: convene.SampleLetterPerson, Reference: convene.LetterReference(m.Code, k, 0) + " (given on issue)",
		Date: convene.DateOf(s.db.Now().In(m.Location())), Signatory: t.Signatory}
	if x.Nationalities, err = s.nationalityNames(ctx); err != nil {
		return err
	}
	if c.QueryParam("delegate") != "" {
		id, err := queryID(c, "delegate", "Choose a person.")
		if err != nil {
			return err
		}
		r, err := s.db.FindRegistrationByID(ctx, id)
		if err != nil || r.MeetingID != m.ID {
			return convene.NotFound("Delegate")
		}
		gs, err := s.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID, CountryID: r.Country.ID})
		if err != nil || len(gs) == 0 {
			return convene.NotFound("Delegation")
		}
		x.Person, x.Country, x.Head = r.Delegate, gs[0].Country, gs[0].HeadName
	}
	d, err := letterDoc(t, x, paths.LetterTemplate(m.Code, string(k)))
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "private, no-store")
	return s.render(c, http.StatusOK, views.LetterDocument(d))
}
