package convene

import "fmt"

// FocalAssignmentProblem returns why u cannot become the focal point of
// delegation g, or "" when they can: a focal point acts for one country,
// so only an enabled focal account of the delegation's own country may
// nominate for it. The secretariat assigns such an account directly, with
// no invitation round trip, when the country's focal point already has one.
func FocalAssignmentProblem(u User, g Delegation) string {
	switch {
	case u.Role != RoleFocal:
		return fmt.Sprintf("%s is not a focal point's account.", u.Name)
	case u.CountryID != g.CountryID:
		return fmt.Sprintf("%s is a focal point of another country.", u.Name)
	case u.Disabled:
		return fmt.Sprintf("%s's account is disabled.", u.Name)
	case u.ID == g.FocalUserID:
		return fmt.Sprintf("%s is already this delegation's focal point.", u.Name)
	}
	return ""
}
