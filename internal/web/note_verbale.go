package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// A delegation's Note Verbale confirming its composition (issue 18): the
// focal point or the secretariat uploads it (PDF) against the delegation;
// the secretariat sees it with the accreditation queue. Another country's
// delegation answers 404 (loadDelegation).

// noteVerbalePage renders the delegation's Note Verbale page.
func (s *Server) noteVerbalePage(c echo.Context, m convene.Meeting, g convene.Delegation, f views.Form, status int) error {
	ctx := c.Request().Context()
	d := views.NoteVerbaleData{Meeting: m, Delegation: g, Form: f}
	n, _, err := s.db.FindNoteVerbale(ctx, g.ID)
	if err == nil {
		d.Note = n
	} else if convene.ErrorCode(err) != convene.ENOTFOUND {
		return err
	}
	limits, err := s.db.FindDocumentLimits(ctx, m.ID)
	if err != nil {
		return err
	}
	d.Limit = convene.FormatBytes(limits.Effective())
	return s.render(c, status, views.NoteVerbalePage(d))
}

func (s *Server) handleNoteVerbaleForm(c echo.Context) error {
	m, g, err := s.loadDelegation(c)
	if err != nil {
		return err
	}
	return s.noteVerbalePage(c, m, g, views.Form{}, http.StatusOK)
}

// handleNoteVerbaleUpload stores the delegation's Note Verbale, replacing
// an earlier one.
func (s *Server) handleNoteVerbaleUpload(c echo.Context) error {
	m, g, err := s.loadDelegation(c)
	if err != nil {
		return err
	}
	file, err := readDocumentUpload(c)
	if err == nil {
		err = s.db.SetNoteVerbale(c.Request().Context(), m.ID, g.ID, file)
	}
	if err != nil {
		if convene.ErrorCode(err) != convene.EINVALID {
			return err
		}
		return s.noteVerbalePage(c, m, g, views.Form{Errors: convene.ErrorFields(err)}, http.StatusUnprocessableEntity)
	}
	return s.redirect(c, paths.NoteVerbale(m.Code, g.Country.ISO3), "Note Verbale of "+g.Country.Name+" uploaded.")
}

func (s *Server) handleNoteVerbaleTooLarge(c echo.Context) error {
	m, g, err := s.loadDelegation(c)
	if err != nil {
		return err
	}
	msg, err := s.tooLargeMessage(c, m)
	if err != nil {
		return err
	}
	return s.noteVerbalePage(c, m, g, views.Form{Errors: map[string]string{"file": msg}}, http.StatusRequestEntityTooLarge)
}

// handleNoteVerbalePDF serves the delegation's Note Verbale as an attachment.
func (s *Server) handleNoteVerbalePDF(c echo.Context) error {
	m, g, err := s.loadDelegation(c)
	if err != nil {
		return err
	}
	_, b, err := s.db.FindNoteVerbale(c.Request().Context(), g.ID)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "private, no-store")
	h.Set(echo.HeaderXContentTypeOptions, "nosniff")
	h.Set(echo.HeaderContentDisposition, attachment("note-verbale-"+m.Code+"-"+g.Country.ISO3+".pdf"))
	return c.Blob(http.StatusOK, "application/pdf", b)
}
