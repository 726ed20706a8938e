package web

import (
	"net/http"
	"strconv"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// needLiaisonPage is what the liaison officers' page reads.
const needLiaisonPage = needDelegations | needOfficers

// liaisonPage assembles the liaison officers' page with the form as given.
func (l logistics) liaisonPage(f views.Form, canEdit bool) templ.Component {
	opts := []views.Option{{Value: "", Label: "Not assigned"}}
	for _, g := range l.delegations {
		opts = append(opts, views.Option{Value: strconv.FormatInt(g.ID, 10), Label: g.Country.Name})
	}
	return views.LiaisonPage(l.meeting, l.officers, l.delegations, opts, f, canEdit)
}

func (s *Server) handleLiaison(c echo.Context) error {
	l, err := s.loadLogistics(c, needLiaisonPage)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, l.liaisonPage(views.Form{}, s.canManage(c)))
}

// handleLiaisonCreate adds a liaison officer, assigned to a delegation or not.
func (s *Server) handleLiaisonCreate(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, "name", "mobile", "email", "languages", "delegation_id", "notes")}
	o := convene.LiaisonOfficer{MeetingID: m.ID, Name: f.Get("name"), Mobile: f.Get("mobile"),
		Email: f.Get("email"), Languages: f.Get("languages"), Notes: f.Get("notes")}
	p := convene.Problems{}
	o.DelegationID = formID(f.Get("delegation_id"), "delegation_id", "Choose one of this meeting's delegations.", p)
	if len(p) > 0 {
		// Show every problem at once, the store's rules with the parse error.
		mergeProblems(p, o.Validate())
	}
	err = p.Err()
	if err == nil {
		err = s.db.CreateLiaisonOfficer(c.Request().Context(), &o)
	}
	if err != nil {
		return s.renderFormOf(c, err, func(f views.Form) (templ.Component, error) {
			l, err := s.logisticsOf(c.Request().Context(), m, needLiaisonPage)
			return l.liaisonPage(f, true), err
		}, f)
	}
	return s.redirect(c, paths.Liaison(m.Code), "Liaison officer "+o.Name+" added.")
}

// handleLiaisonAssign gives a liaison officer a delegation, or none.
func (s *Server) handleLiaisonAssign(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	id, err := pathID(c, "id", "Liaison officer")
	if err != nil {
		return err
	}
	const choose = "Choose one of this meeting's delegations."
	p := convene.Problems{}
	g := formID(c.FormValue("delegation_id"), "delegation_id", choose, p)
	err = p.Err()
	if err == nil {
		err = s.db.AssignLiaisonOfficer(c.Request().Context(), m.ID, id, g)
	}
	if convene.ErrorCode(err) == convene.EINVALID {
		return s.redirectError(c, paths.Liaison(m.Code), choose)
	} else if err != nil {
		return err
	}
	return s.redirect(c, paths.Liaison(m.Code), "Liaison officer assigned.")
}
