package web

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/internal/sqlite"
	"convene/internal/stamp"
	"convene/views"
)

// The upload forms of meeting documents and their size limits. The store
// decides type (from the content), size (the meeting's limit) and fields;
// this layer reads the file and checks that a PDF can be read, so that it
// can be stamped when downloaded.

// uploadBodyLimit is the body limit of the upload routes: the largest
// limit the secretariat may set, plus room for the form around the file. A
// file under it but over the meeting's own limit reaches the store, which
// refuses it with the form kept; a body over it is answered by the route's
// tooLarge handler with the form and the message (too_large.go).
const uploadBodyLimit = convene.MaxDocumentLimit + 1<<20

// readUpload reads the form's file. A missing file or a PDF that cannot be
// read is a message for the field.
func readDocumentUpload(c echo.Context) (sqlite.UploadedFile, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		p := convene.Problems{}
		p.Add("file", "Choose the file to upload.")
		return sqlite.UploadedFile{}, p.Err()
	}
	f, err := fh.Open()
	if err != nil {
		return sqlite.UploadedFile{}, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, uploadBodyLimit))
	if err != nil {
		return sqlite.UploadedFile{}, err
	}
	if bytes.HasPrefix(b, []byte("%PDF-")) {
		if err := stamp.Check(b); err != nil {
			p := convene.Problems{}
			p.Add("file", "This PDF cannot be read: it may be damaged or protected by a password. Save it again as a plain PDF and upload that.")
			return sqlite.UploadedFile{}, p.Err()
		}
	}
	return sqlite.UploadedFile{Name: fh.Filename, Content: b}, nil
}

// tooLargeMessage is the message next to the file field for a body over
// the route's limit.
func (s *Server) tooLargeMessage(c echo.Context, m convene.Meeting) (string, error) {
	limits, err := s.db.FindDocumentLimits(c.Request().Context(), m.ID)
	if err != nil {
		return "", err
	}
	return "This file is larger than " + convene.FormatBytes(limits.Effective()) +
		", the limit for this meeting's documents. Upload a smaller file (compress the PDF, or split it).", nil
}

// documentForm renders the new-paper form.
func (s *Server) documentForm(c echo.Context, m convene.Meeting, f views.Form, status int) error {
	ctx := c.Request().Context()
	gs, err := s.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
	if err != nil {
		return err
	}
	limits, err := s.db.FindDocumentLimits(ctx, m.ID)
	if err != nil {
		return err
	}
	return s.render(c, status, views.DocumentFormPage(views.DocumentFormData{Meeting: m, Delegations: gs,
		Limit: convene.FormatBytes(limits.Effective()), Form: f}))
}

func (s *Server) handleDocumentNewForm(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	return s.documentForm(c, m, views.Form{Values: map[string]string{"audience": string(convene.AudienceDelegations)}}, http.StatusOK)
}

// handleDocumentCreate uploads a new paper with its first version.
func (s *Server) handleDocumentCreate(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, "title", "reference", "kind", "audience")}
	form, _ := c.FormParams()
	doc := convene.Document{MeetingID: m.ID, Title: f.Values["title"], Reference: f.Values["reference"],
		Kind: convene.DocumentKind(f.Values["kind"]), Audience: convene.Audience(f.Values["audience"])}
	var named []string
	for _, v := range form["named"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			doc.Named = append(doc.Named, id)
			named = append(named, v)
		}
	}
	f.Values["named"] = strings.Join(named, ",")
	if doc.Audience != convene.AudienceNamed {
		doc.Named = nil
	}
	file, err := readDocumentUpload(c)
	if err == nil {
		err = s.db.CreateDocument(c.Request().Context(), &doc, file)
	} else if convene.ErrorCode(err) == convene.EINVALID {
		// The other fields are checked too, so that every problem shows at once.
		fields := convene.ErrorFields(err)
		if verr := convene.ValidateDocument(doc); verr != nil {
			for k, v := range convene.ErrorFields(verr) {
				if _, ok := fields[k]; !ok {
					fields[k] = v
				}
			}
		}
		err = &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.", Fields: fields}
	}
	if err != nil {
		if convene.ErrorCode(err) != convene.EINVALID {
			return err
		}
		f.Errors = convene.ErrorFields(err)
		return s.documentForm(c, m, f, http.StatusUnprocessableEntity)
	}
	return s.redirect(c, paths.Document(m.Code, doc.ID), "“"+doc.Title+"” uploaded.")
}

// handleDocumentNewTooLarge answers an upload over the route's limit with
// the form and the message next to the file (the body, with what was
// typed, was not read).
func (s *Server) handleDocumentNewTooLarge(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	msg, err := s.tooLargeMessage(c, m)
	if err != nil {
		return err
	}
	return s.documentForm(c, m, views.Form{Values: map[string]string{}, Errors: map[string]string{"file": msg}},
		http.StatusRequestEntityTooLarge)
}

// versionForm renders the new-version form of a paper.
func (s *Server) versionForm(c echo.Context, m convene.Meeting, doc convene.Document, f views.Form, status int) error {
	limits, err := s.db.FindDocumentLimits(c.Request().Context(), m.ID)
	if err != nil {
		return err
	}
	return s.render(c, status, views.DocumentVersionFormPage(views.DocumentFormData{Meeting: m, Document: doc,
		Limit: convene.FormatBytes(limits.Effective()), Form: f}))
}

func (s *Server) handleDocumentVersionForm(c echo.Context) error {
	m, doc, err := s.loadDocument(c)
	if err != nil {
		return err
	}
	return s.versionForm(c, m, doc, views.Form{}, http.StatusOK)
}

// handleDocumentVersionCreate uploads a new version: the earlier ones stay
// listed as superseded.
func (s *Server) handleDocumentVersionCreate(c echo.Context) error {
	m, doc, err := s.loadDocument(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, "changes")}
	file, err := readDocumentUpload(c)
	var n int
	if err == nil {
		n, err = s.db.AddDocumentVersion(c.Request().Context(), m.ID, doc.ID, f.Values["changes"], file)
	} else if convene.ErrorCode(err) == convene.EINVALID && strings.TrimSpace(f.Values["changes"]) == "" {
		fields := convene.ErrorFields(err)
		fields["changes"] = "Say in a sentence what changed since version " + strconv.Itoa(doc.Current.Number) + "."
	}
	if err != nil {
		if convene.ErrorCode(err) != convene.EINVALID {
			return err
		}
		f.Errors = convene.ErrorFields(err)
		return s.versionForm(c, m, doc, f, http.StatusUnprocessableEntity)
	}
	return s.redirect(c, paths.Document(m.Code, doc.ID), "Version "+strconv.Itoa(n)+" of “"+doc.Title+"” uploaded.")
}

func (s *Server) handleDocumentVersionTooLarge(c echo.Context) error {
	m, doc, err := s.loadDocument(c)
	if err != nil {
		return err
	}
	msg, err := s.tooLargeMessage(c, m)
	if err != nil {
		return err
	}
	return s.versionForm(c, m, doc, views.Form{Errors: map[string]string{"file": msg}}, http.StatusRequestEntityTooLarge)
}

func (s *Server) handleDocumentSettingsForm(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	l, err := s.db.FindDocumentLimits(c.Request().Context(), m.ID)
	if err != nil {
		return err
	}
	f := views.Form{Values: map[string]string{"default_mb": strconv.FormatInt(l.Default>>20, 10)}}
	if l.Meeting > 0 {
		f.Values["meeting_mb"] = strconv.FormatInt(l.Meeting>>20, 10)
	}
	return s.render(c, http.StatusOK, views.DocumentSettingsPage(views.DocumentSettingsData{Meeting: m, Form: f}))
}

// handleDocumentSettings saves the size limits, in whole megabytes.
func (s *Server) handleDocumentSettings(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, "default_mb", "meeting_mb")}
	p := convene.Problems{}
	def, err := strconv.ParseInt(strings.TrimSpace(f.Values["default_mb"]), 10, 64)
	if err != nil {
		p.Add("default_mb", "Give a whole number of megabytes, e.g. 20.")
	}
	var own int64
	if v := strings.TrimSpace(f.Values["meeting_mb"]); v != "" {
		if own, err = strconv.ParseInt(v, 10, 64); err != nil || own == 0 {
			p.Add("meeting_mb", "Give a whole number of megabytes, or leave it empty.")
		}
	}
	err = p.Err()
	if err == nil {
		err = s.db.SetDocumentLimits(c.Request().Context(), m.ID, def, own)
	}
	if err != nil {
		return s.renderForm(c, err, func(f views.Form) templ.Component {
			return views.DocumentSettingsPage(views.DocumentSettingsData{Meeting: m, Form: f})
		}, f)
	}
	return s.redirect(c, paths.Documents(m.Code), "Document size limit saved.")
}
