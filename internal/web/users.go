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

func (s *Server) handleUsers(c echo.Context) error {
	ctx := c.Request().Context()
	users, _, err := s.db.FindUsers(ctx, convene.UserFilter{Limit: 500})
	if err != nil {
		return err
	}
	countries, err := s.db.FindCountries(ctx)
	if err != nil {
		return err
	}
	byID := make(map[int64]convene.Country, len(countries))
	for _, ct := range countries {
		byID[ct.ID] = ct
	}
	return s.render(c, http.StatusOK, views.UsersPage(users, byID))
}

// userFormOptions returns the role and country choices, countries in protocol order.
func (s *Server) userFormOptions(c echo.Context) ([]views.Option, []views.Option, error) {
	roles := make([]views.Option, 0, len(convene.Roles))
	for _, r := range convene.Roles {
		roles = append(roles, views.Option{Value: string(r), Label: r.Label()})
	}
	countries, err := s.db.FindCountries(c.Request().Context())
	if err != nil {
		return nil, nil, err
	}
	opts := []views.Option{{Value: "", Label: "None"}}
	for _, ct := range countries {
		opts = append(opts, views.Option{Value: ct.ISO3, Label: ct.Name})
	}
	return roles, opts, nil
}

// countryID resolves a country code from a form; unknown codes are a field error.
func (s *Server) countryID(c echo.Context, iso3 string, p convene.Problems) int64 {
	if iso3 == "" {
		return 0
	}
	ct, err := s.db.FindCountryByISO3(c.Request().Context(), iso3)
	if err != nil {
		p.Add("country", "Choose a country from the list.")
		return 0
	}
	return ct.ID
}

func (s *Server) handleUserNewForm(c echo.Context) error {
	roles, countries, err := s.userFormOptions(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: map[string]string{"role": string(convene.RoleOfficer)}}
	return s.render(c, http.StatusOK, views.UserFormPage(0, f, roles, countries, views.UserAccess{}))
}

func (s *Server) handleUserCreate(c echo.Context) error {
	ctx := c.Request().Context()
	roles, countries, err := s.userFormOptions(c)
	if err != nil {
		return err
	}
	page := func(f views.Form) templ.Component {
		return views.UserFormPage(0, f, roles, countries, views.UserAccess{})
	}
	f := views.Form{Values: formValues(c, "email", "name", "role", "country")}

	p := convene.Problems{}
	u := convene.User{Email: f.Get("email"), Name: f.Get("name"), Role: convene.Role(f.Get("role"))}
	u.CountryID = s.countryID(c, f.Get("country"), p)
	if err := u.Validate(); err != nil {
		for k, v := range convene.ErrorFields(err) {
			p.Add(k, v)
		}
	}
	pw := c.FormValue("password")
	if err := convene.ValidatePassword(pw); err != nil {
		p.Add("password", convene.ErrorFields(err)["password"])
	}
	if err := p.Err(); err != nil {
		return s.renderForm(c, err, page, f)
	}
	if u.PasswordHash, err = password.Hash(ctx, pw); err != nil {
		return err
	}
	if err := s.db.CreateUser(ctx, &u); err != nil {
		return s.renderForm(c, err, page, f)
	}
	return s.redirect(c, paths.Users(), "Account created for "+u.Name+".")
}

func (s *Server) handleUserEditForm(c echo.Context) error {
	id, err := pathID(c, "id", "User")
	if err != nil {
		return err
	}
	u, err := s.db.FindUserByID(c.Request().Context(), id)
	if err != nil {
		return err
	}
	roles, countries, err := s.userFormOptions(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: map[string]string{"name": u.Name, "role": string(u.Role), "disabled": boolValue(u.Disabled)}}
	if u.CountryID != 0 {
		all, err := s.db.FindCountries(c.Request().Context())
		if err != nil {
			return err
		}
		for _, ct := range all {
			if ct.ID == u.CountryID {
				f.Values["country"] = ct.ISO3
			}
		}
	}
	return s.render(c, http.StatusOK, views.UserFormPage(id, f, roles, countries, userAccess(u)))
}

// handleUserUpdate changes an account's name, role, country or state. A role
// or country change signs the person out everywhere (see sqlite.UpdateUser).
func (s *Server) handleUserUpdate(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := pathID(c, "id", "User")
	if err != nil {
		return err
	}
	old, err := s.db.FindUserByID(ctx, id)
	if err != nil {
		return err
	}
	roles, countries, err := s.userFormOptions(c)
	if err != nil {
		return err
	}
	page := func(f views.Form) templ.Component {
		return views.UserFormPage(id, f, roles, countries, userAccess(old))
	}
	f := views.Form{Values: formValues(c, "name", "role", "country", "disabled")}
	p := convene.Problems{}
	name, role := f.Get("name"), convene.Role(f.Get("role"))
	countryID := s.countryID(c, f.Get("country"), p)
	disabled := f.Get("disabled") == "1"
	if id == actor(c).UserID && (role != actor(c).Role || disabled) {
		p.Add("role", "You cannot change your own role or disable yourself; ask another administrator.")
	}
	if err := p.Err(); err != nil {
		return s.renderForm(c, err, page, f)
	}
	u, err := s.db.UpdateUser(ctx, id, convene.UserUpdate{Name: &name, Role: &role, CountryID: &countryID, Disabled: &disabled})
	if err != nil {
		return s.renderForm(c, err, page, f)
	}
	return s.redirect(c, paths.Users(), "Account of "+u.Name+" saved.")
}

// userAccess is the sign-in part of the user page.
func userAccess(u convene.User) views.UserAccess {
	return views.UserAccess{Email: u.Email, TwoFactorOn: u.TwoFactorOn()}
}
