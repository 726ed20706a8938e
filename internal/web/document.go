package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/internal/stamp"
	"convene/views"
)

// Meeting documents (issue 18): the Documents page, one paper's page, the
// download (stamped for restricted PDFs, recorded every time) and the
// deletes. Who may read which paper is convene.CanRead, applied by the
// store: another audience's paper answers 404 exactly like a missing one.
// The uploads are in document_upload.go.

// documentReader is who the actor is for the meeting's papers.
func (s *Server) documentReader(c echo.Context, m convene.Meeting) (convene.DocumentReader, error) {
	return s.db.DocumentReaderFor(c.Request().Context(), m.ID, actor(c))
}

// loadDocument reads the paper of the path for the actor: ENOTFOUND when
// it is missing or not for them.
func (s *Server) loadDocument(c echo.Context) (convene.Meeting, convene.Document, error) {
	m, err := s.pathMeeting(c)
	if err != nil {
		return m, convene.Document{}, err
	}
	id, err := pathID(c, "id", "Document")
	if err != nil {
		return m, convene.Document{}, err
	}
	r, err := s.documentReader(c, m)
	if err != nil {
		return m, convene.Document{}, err
	}
	doc, err := s.db.FindDocument(c.Request().Context(), m.ID, id, r)
	return m, doc, err
}

// pathVersion parses the version number of the path; anything else is
// "not found", like a version that does not exist.
func pathVersion(c echo.Context) (int, error) {
	n, err := strconv.Atoi(c.Param("number"))
	if err != nil || n <= 0 {
		return 0, convene.NotFound("Document")
	}
	return n, nil
}

// handleDocuments lists the meeting's papers the reader may read.
func (s *Server) handleDocuments(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	r, err := s.documentReader(c, m)
	if err != nil {
		return err
	}
	docs, err := s.db.FindDocuments(ctx, m.ID, r)
	if err != nil {
		return err
	}
	limits, err := s.db.FindDocumentLimits(ctx, m.ID)
	if err != nil {
		return err
	}
	reader := r.Stamp()
	switch {
	case r.CountryID != 0:
		reader = "the delegation of " + r.Delegation
	case reader == "Public" || reader == "Organiser":
		reader = "everyone you may read for"
	}
	return s.render(c, http.StatusOK, views.DocumentsPage(views.DocumentsData{Meeting: m, Documents: docs, Reader: reader,
		CanManage: convene.Allow(actor(c).Role, convene.PermManageMeetings), Limit: convene.FormatBytes(limits.Effective())}))
}

// handleDocument shows one paper with its versions and, to the
// secretariat, who opened it.
func (s *Server) handleDocument(c echo.Context) error {
	m, doc, err := s.loadDocument(c)
	if err != nil {
		return err
	}
	d := views.DocumentData{Meeting: m, Document: doc, CanManage: convene.Allow(actor(c).Role, convene.PermManageMeetings)}
	if d.CanManage {
		if d.Openings, err = s.db.FindDocumentOpenings(c.Request().Context(), doc.ID); err != nil {
			return err
		}
	}
	return s.render(c, http.StatusOK, views.DocumentPage(d))
}

// handleDocumentFile serves one version of a paper as an attachment and
// records the download. A restricted PDF is stamped on every page with the
// reader (the delegation, or "Secretariat") and the time, from the store's
// clock. A HEAD answers the headers without recording a download.
func (s *Server) handleDocumentFile(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	id, err := pathID(c, "id", "Document")
	if err != nil {
		return err
	}
	number, err := pathVersion(c)
	if err != nil {
		return err
	}
	r, err := s.documentReader(c, m)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "private, no-store")
	h.Set(echo.HeaderXContentTypeOptions, "nosniff")
	if c.Request().Method == http.MethodHead {
		doc, err := s.db.FindDocument(ctx, m.ID, id, r)
		if err != nil {
			return err
		}
		for _, v := range doc.Versions {
			if v.Number == number {
				h.Set(echo.HeaderContentDisposition, attachment(v.DownloadName()))
				h.Set(echo.HeaderContentType, v.Type.ContentType())
				return c.NoContent(http.StatusOK)
			}
		}
		return convene.NotFound("Document")
	}
	doc, v, content, err := s.db.DownloadDocument(ctx, m.ID, id, number, r)
	if err != nil {
		return err
	}
	if v.Type == convene.FilePDF && doc.Audience.Restricted() {
		text := fmt.Sprintf("%s - downloaded by %s on %s - %s version %d", doc.Audience.Label(), r.Stamp(),
			convene.FormatInZone(s.db.Now(), m.Location(), "2 January 2006 15:04")+" ("+m.TimeZone+")",
			docRef(doc), v.Number)
		if content, err = stamp.Stamp(content, text); err != nil {
			return err
		}
	}
	h.Set(echo.HeaderContentDisposition, attachment(v.DownloadName()))
	return c.Blob(http.StatusOK, v.Type.ContentType(), content)
}

// docRef names a paper in its stamp: its reference number, or its title.
func docRef(doc convene.Document) string {
	if doc.Reference != "" {
		return doc.Reference
	}
	return doc.Title
}

func (s *Server) askDocumentDelete(c echo.Context) (views.Confirm, error) {
	m, doc, err := s.loadDocument(c)
	if err != nil {
		return views.Confirm{}, err
	}
	return views.Confirm{Title: fmt.Sprintf("Delete %q?", doc.Title),
		Detail: fmt.Sprintf("Its %d versions and the record of who downloaded them are deleted; readers can no longer download it.", len(doc.Versions)),
		Button: "Delete the document", Fallback: paths.Document(m.Code, doc.ID)}, nil
}

func (s *Server) handleDocumentDelete(c echo.Context) error {
	m, doc, err := s.loadDocument(c)
	if err != nil {
		return err
	}
	if err := s.db.DeleteDocument(c.Request().Context(), m.ID, doc.ID); err != nil {
		return err
	}
	return s.redirect(c, paths.Documents(m.Code), fmt.Sprintf("%q deleted.", doc.Title))
}

func (s *Server) askDocumentVersionDelete(c echo.Context) (views.Confirm, error) {
	m, doc, err := s.loadDocument(c)
	if err != nil {
		return views.Confirm{}, err
	}
	n, err := pathVersion(c)
	if err != nil {
		return views.Confirm{}, err
	}
	return views.Confirm{Title: fmt.Sprintf("Delete version %d of %q?", n, doc.Title),
		Detail: "The file of this version and the record of who downloaded it are deleted; the other versions stay.",
		Button: fmt.Sprintf("Delete version %d", n), Fallback: paths.Document(m.Code, doc.ID)}, nil
}

func (s *Server) handleDocumentVersionDelete(c echo.Context) error {
	m, doc, err := s.loadDocument(c)
	if err != nil {
		return err
	}
	n, err := pathVersion(c)
	if err != nil {
		return err
	}
	if err := s.db.DeleteDocumentVersion(c.Request().Context(), m.ID, doc.ID, n); err != nil {
		if convene.ErrorCode(err) == convene.ECONFLICT {
			return s.redirectError(c, paths.Document(m.Code, doc.ID), convene.ErrorMessage(err))
		}
		return err
	}
	return s.redirect(c, paths.Document(m.Code, doc.ID), fmt.Sprintf("Version %d of %q deleted.", n, doc.Title))
}
