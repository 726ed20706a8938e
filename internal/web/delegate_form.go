package web

import (
	"strings"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/views"
)

// delegateFormFields are the fields of the delegate form, for the round trip.
var delegateFormFields = append([]string{"honorific", "given_name", "family_name", "family_name_first", "badge_name",
	"position", "role", "gender", "nationality", "passport_type", "passport_name", "passport_number", "passport_expiry", "date_of_birth", "email",
	"mobile", "dietary", "dietary_other", "medical", "consent"}, travelFields...)

// delegateFormOptions are the choices of the delegate form; the airports
// come from the store.
func (s *Server) delegateFormOptions(c echo.Context, m convene.Meeting) (views.DelegateFormOptions, error) {
	airports, err := s.db.FindAirports(c.Request().Context())
	if err != nil {
		return views.DelegateFormOptions{}, err
	}
	o := views.DelegateFormOptions{Airports: airportOptions(airports)}
	for _, r := range convene.DelegateRoles {
		o.Roles = append(o.Roles, views.Option{Value: string(r), Label: r.Label()})
	}
	o.Genders = []views.Option{{Value: "", Label: "Not given"}, {Value: "female", Label: "Female"},
		{Value: "male", Label: "Male"}, {Value: "other", Label: "Other"}}
	o.PassportTypes = []views.Option{{Value: "", Label: convene.PassportType("").Label()}}
	for _, t := range convene.PassportTypes {
		o.PassportTypes = append(o.PassportTypes, views.Option{Value: string(t), Label: t.Label()})
	}
	for _, d := range convene.DietaryChoices {
		o.Dietary = append(o.Dietary, views.Option{Value: d, Label: convene.DietaryLabel(d, "")})
	}
	return o, nil
}

// registrationFromForm reads the delegate form into a registration and
// validates it with the rules every path shares (convene.Registration.Validate,
// and convene.ReadTravel for the flights, as the travel form does); problems
// with dates that do not parse are added to the same list, so the person
// sees every problem at once.
func (s *Server) registrationFromForm(c echo.Context, f views.Form, m convene.Meeting) (convene.Registration, error) {
	airports, err := s.db.FindAirports(c.Request().Context())
	if err != nil {
		return convene.Registration{}, err
	}
	p := convene.Problems{}
	r := convene.Registration{Delegate: convene.Delegate{Honorific: f.Get("honorific"), GivenName: f.Get("given_name"),
		FamilyName: f.Get("family_name"), FamilyNameFirst: f.Get("family_name_first") == "1",
		BadgeName: f.Get("badge_name"), Position: f.Get("position"), Role: convene.DelegateRole(f.Get("role")),
		Gender: f.Get("gender"), Nationality: f.Get("nationality"), PassportNumber: f.Get("passport_number"),
		PassportType: convene.PassportType(f.Get("passport_type")), PassportName: f.Get("passport_name"),
		Email: f.Get("email"), Mobile: f.Get("mobile"), Dietary: f.Get("dietary"), DietaryOther: f.Get("dietary_other"),
		Medical: f.Get("medical")}}
	date := func(field string) convene.Date {
		v := strings.TrimSpace(f.Get(field))
		if v == "" {
			return convene.Date{}
		}
		d, err := convene.ParseDate(v)
		if err != nil {
			p.Add(field, "Enter a date such as 2031-05-31.")
		}
		return d
	}
	r.PassportExpiry = date("passport_expiry")
	r.DateOfBirth = date("date_of_birth")
	if err := r.Validate(m, convene.DateOf(s.db.Now().In(m.Location()))); err != nil {
		mergeProblems(p, err)
	}
	if r.Arrival, r.Departure, err = convene.ReadTravel(airports, travelInput(f, "a_"), travelInput(f, "d_")); err != nil {
		mergeProblems(p, err)
	}
	return r, p.Err()
}

// registrationForm fills the form from a stored registration for editing.
// The passport number is filled only for the secretariat; everyone else sees
// a masked hint and leaves the field empty to keep the number on file.
func registrationForm(a convene.Actor, m convene.Meeting, r convene.Registration) views.Form {
	v := map[string]string{"honorific": r.Honorific, "given_name": r.GivenName, "family_name": r.FamilyName,
		"family_name_first": boolValue(r.FamilyNameFirst), "badge_name": r.BadgeName, "position": r.Position,
		"role": string(r.Role), "gender": r.Gender, "nationality": r.Nationality,
		"passport_type": string(r.PassportType), "passport_name": r.PassportName,
		"passport_expiry": r.PassportExpiry.String(), "email": r.Email, "mobile": r.Mobile, "dietary": r.Dietary,
		"dietary_other": r.DietaryOther}
	setTravelValues(v, r.Arrival, r.Departure)
	if a.Role.IsSecretariat() {
		v["passport_number"] = r.PassportNumber
	}
	if convene.CanSeePersonalData(a, r.Country.ID) || a.Role == convene.RoleAnonymous {
		v["date_of_birth"] = r.DateOfBirth.String()
		v["medical"] = r.Medical
	}
	return views.Form{Values: v}
}

// passportHint tells the form what is on file: the secretariat sees the
// number itself, everyone else a masked hint and the way to keep it.
func passportHint(a convene.Actor, r convene.Registration) string {
	if r.PassportNumber == "" || a.Role.IsSecretariat() {
		return "Letters and digits, as printed in the passport."
	}
	return "On file: " + convene.MaskPassport(r.PassportNumber) + ". Leave empty to keep it; type a new number to replace it."
}
