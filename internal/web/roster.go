package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/internal/roster"
	"convene/internal/sqlite"
	"convene/views"
)

// exportPeople returns the meeting's people the actor may export: every
// delegation for the secretariat and organisers, only their own country for
// a focal point. Personal data columns are for the secretariat only.
func (s *Server) exportPeople(c echo.Context) (convene.Meeting, []convene.Registration, bool, error) {
	ctx := c.Request().Context()
	m, err := s.pathMeeting(c)
	if err != nil {
		return m, nil, false, err
	}
	a := actor(c)
	f := convene.RegistrationFilter{MeetingID: m.ID, Limit: 5000}
	if !a.Role.IsSecretariat() && a.Role != convene.RoleOrganiser {
		if a.CountryID == 0 {
			return m, nil, false, convene.NotFound("Meeting")
		}
		f.CountryID = a.CountryID
	}
	people, _, err := s.db.FindRegistrations(ctx, f)
	return m, people, a.Role.IsSecretariat(), err
}

// sendFile answers a download whose body was written in full first, so that
// a failure never sends half a file.
func sendFile(c echo.Context, contentType, name string, body []byte) error {
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, attachment(name))
	h.Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, contentType, body)
}

func (s *Server) handleRosterCSV(c echo.Context) error {
	m, people, pii, err := s.exportPeople(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := roster.WriteCSV(&buf, people, m.Location(), pii); err != nil {
		return err
	}
	if err := s.db.RecordExport(c.Request().Context(), m.ID, "csv", len(people), pii); err != nil {
		return err
	}
	return sendFile(c, "text/csv; charset=utf-8", m.Code+"-delegates.csv", buf.Bytes())
}

func (s *Server) handleRosterXLSX(c echo.Context) error {
	m, people, pii, err := s.exportPeople(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := roster.WriteXLSX(&buf, m.Title+" delegates", people, m.Location(), pii); err != nil {
		return err
	}
	if err := s.db.RecordExport(c.Request().Context(), m.ID, "xlsx", len(people), pii); err != nil {
		return err
	}
	return sendFile(c, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", m.Code+"-delegates.xlsx", buf.Bytes())
}

func (s *Server) handleImportTemplate(c echo.Context) error {
	m, g, err := s.loadDelegation(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := roster.WriteTemplate(&buf, g.Country.Name); err != nil {
		return err
	}
	return sendFile(c, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		m.Code+"-"+strings.ToLower(g.Country.ISO3)+"-nominations.xlsx", buf.Bytes())
}

func (s *Server) handleImportForm(c echo.Context) error {
	m, g, err := s.loadDelegation(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.ImportPage(m, g, nil, views.Form{}))
}

// importTooLarge is the message next to the import form's file field for a
// file over roster.MaxImportBytes.
const importTooLarge = "This file is larger than 1 MB. Upload the filled-in template itself: one with a delegation's people is a few kilobytes."

// handleImportTooLarge answers an upload over the route's body limit with
// the import form and the message next to its field (too_large.go); it
// reads and renders only.
func (s *Server) handleImportTooLarge(c echo.Context) error {
	m, g, err := s.loadDelegation(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusRequestEntityTooLarge, views.ImportPage(m, g, nil,
		views.Form{Errors: map[string]string{"file": importTooLarge}}))
}

// handleImport nominates everyone in an uploaded template, or nobody: every
// row is validated first and the problems are listed by row and column.
func (s *Server) handleImport(c echo.Context) error {
	ctx := c.Request().Context()
	m, g, err := s.loadDelegation(c)
	if err != nil {
		return err
	}
	refuse := func(errs []string) error {
		return s.render(c, http.StatusUnprocessableEntity, views.ImportPage(m, g, errs, views.Form{}))
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return s.render(c, http.StatusUnprocessableEntity, views.ImportPage(m, g, nil,
			views.Form{Errors: map[string]string{"file": "Choose the filled-in template to upload."}}))
	}
	if fh.Size > roster.MaxImportBytes {
		return s.handleImportTooLarge(c)
	}
	file, err := fh.Open()
	if err != nil {
		return err
	}
	defer file.Close()
	airports, err := s.db.FindAirports(c.Request().Context())
	if err != nil {
		return err
	}
	people, rowErrs, err := roster.ReadTemplate(file, m, convene.DateOf(s.db.Now().In(m.Location())), airports)
	if err != nil {
		return err
	}
	if len(rowErrs) > 0 {
		msgs := make([]string, len(rowErrs))
		for i, e := range rowErrs {
			msgs[i] = e.String()
		}
		return refuse(msgs)
	}
	if err := s.db.ImportRegistrations(ctx, g.ID, g.Country, people); err != nil {
		var ie *sqlite.ImportError
		if errors.As(err, &ie) && convene.ErrorCode(ie.Err) == convene.EINVALID {
			var msgs []string
			for field, msg := range convene.ErrorFields(ie.Err) {
				// Data rows start at row 3, after the header and the hints.
				msgs = append(msgs, roster.RowError{Row: ie.Index + 3, Column: roster.ColumnTitle(field), Message: msg}.String())
			}
			slices.Sort(msgs) // a map has no order: the same file gets the same page
			return refuse(msgs)
		}
		return err
	}
	return s.redirect(c, paths.Delegation(m.Code, g.Country.ISO3), fmt.Sprintf("%d people imported from the template.", len(people)))
}
