package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/internal/photo"
	"convene/views"
)

// handleDelegatePhotoUpload stores a badge photo: only a real JPEG or PNG,
// at most 5 MB, re-encoded on the server so that no EXIF survives. A
// refused upload stores nothing. For an accredited person the photo waits
// for the secretariat's approval; the approved one stays on the badge.
func (s *Server) handleDelegatePhotoUpload(c echo.Context) error {
	m, r, err := s.loadPerson(c)
	if err != nil {
		return err
	}
	fh, err := c.FormFile("photo")
	if err != nil {
		return s.renderPerson(c, m, r, views.Form{Errors: map[string]string{"photo": "Choose a photo to upload."}},
			http.StatusUnprocessableEntity)
	}
	if fh.Size > photo.MaxBytes {
		return s.handleDelegatePhotoTooLarge(c)
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	jpeg, w, h, err := photo.Clean(f)
	if convene.ErrorCode(err) == convene.EINVALID {
		return s.renderPerson(c, m, r, views.Form{Errors: convene.ErrorFields(err)}, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	change, err := s.db.UploadDelegatePhoto(c.Request().Context(), r.ID, jpeg, w, h)
	if err != nil {
		return err
	}
	return s.redirect(c, paths.Person(m.Code, r.ID), "Photo of "+r.FullName()+" saved."+pendingFlash(change))
}

// handleDelegatePhotoTooLarge answers a photo over 5 MB (or a body over the
// route's limit, see too_large.go) with the person's page, the message next
// to the photo field and nothing stored.
func (s *Server) handleDelegatePhotoTooLarge(c echo.Context) error {
	m, r, err := s.loadPerson(c)
	if err != nil {
		return err
	}
	return s.renderPerson(c, m, r, views.Form{Errors: map[string]string{
		"photo": "This photo is larger than 5 MB. Choose a smaller one: a JPEG or PNG up to 5 MB (a passport-style photo is usually well under 1 MB)."}},
		http.StatusRequestEntityTooLarge)
}

// handleDelegatePhoto serves a badge photo to those who may see the person.
func (s *Server) handleDelegatePhoto(c echo.Context) error {
	_, r, err := s.loadPerson(c)
	if err != nil {
		return err
	}
	b, err := s.db.FindDelegatePhoto(c.Request().Context(), r.ID)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "private, no-store")
	// An uploaded file is never shown as a page of Convene: attachment (an
	// <img> still shows it) plus the sandboxing policy secureHeaders adds.
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="delegate-%d.jpg"`, r.ID))
	return c.Blob(http.StatusOK, "image/jpeg", b)
}
