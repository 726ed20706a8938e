package web

import (
	"net/http"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/password"
	"convene/internal/paths"
	"convene/views"
)

func (s *Server) handleAccount(c echo.Context) error {
	u, err := s.db.FindUserByID(c.Request().Context(), actor(c).UserID)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.AccountPage(u, views.Form{}))
}

// handleAccountPassword changes the signed-in user's password after checking
// the current one, and signs out every other browser of that user.
func (s *Server) handleAccountPassword(c echo.Context) error {
	ctx := c.Request().Context()
	u, err := s.db.FindUserByID(ctx, actor(c).UserID)
	if err != nil {
		return err
	}
	page := func(f views.Form) templ.Component { return views.AccountPage(u, f) }
	current, pw, confirm := c.FormValue("current_password"), c.FormValue("password"), c.FormValue("password_confirm")

	p := convene.Problems{}
	if ok, err := password.Verify(ctx, current, u.PasswordHash); err != nil {
		return err
	} else if !ok {
		p.Add("current_password", "This is not your current password.")
	}
	if err := convene.ValidatePassword(pw); err != nil {
		p.Add("password", convene.ErrorFields(err)["password"])
	} else if pw != confirm {
		p.Add("password_confirm", "The two new passwords are not the same.")
	}
	if err := p.Err(); err != nil {
		// Passwords are never sent back into the form.
		return s.renderForm(c, err, page, views.Form{})
	}
	hash, err := password.Hash(ctx, pw)
	if err != nil {
		return err
	}
	loginID, _ := c.Get(ctxLoginID).(int64)
	if err := s.db.UpdateUserPassword(ctx, u.ID, hash, loginID); err != nil {
		return err
	}
	return s.redirect(c, paths.Account(), "Your password is changed. Other browsers signed in as you are signed out.")
}
