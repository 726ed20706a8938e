package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/views"
)

// handleCatering gives the caterer each meal of the programme with its
// headcount from the session's attendance rule and the delegates still
// coming, broken down by dietary requirement and by delegation.
func (s *Server) handleCatering(c echo.Context) error {
	t, err := s.loadLogistics(c, needSessions|needDelegates)
	if err != nil {
		return err
	}
	loc := t.meeting.Location()
	var meals []views.Meal
	for _, ses := range t.sessions {
		if ses.Kind != convene.SessionMeal {
			continue
		}
		m := views.Meal{Session: ses, When: convene.FormatInZone(ses.StartsAt, loc, "Monday 2 January 2006, 15:04")}
		diets := map[string]int{}
		index := map[string]int{} // delegation name -> row; attendees come in protocol order
		for _, p := range convene.Attendees(ses, t.delegates) {
			m.Total++
			diets[p.Dietary]++
			i, ok := index[p.Country.Name]
			if !ok {
				i = len(m.Delegations)
				index[p.Country.Name] = i
				m.Delegations = append(m.Delegations, views.LabelCount{Label: p.Country.Name})
			}
			m.Delegations[i].Count++
			if p.Dietary == "other" && p.DietaryOther != "" {
				m.Notes = append(m.Notes, p.Country.ISO3+": "+p.DietaryOther)
			}
		}
		for _, diet := range convene.DietaryChoices {
			m.Diets = append(m.Diets, views.LabelCount{Label: convene.DietaryLabel(diet, ""), Count: diets[diet]})
		}
		meals = append(meals, m)
	}
	return s.render(c, http.StatusOK, views.CateringPage(t.meeting, meals))
}
