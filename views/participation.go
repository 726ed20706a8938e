package views

import (
	"strings"

	"convene/internal/convene"
)

// CountryChoiceGroup is one heading of the participants' checkboxes: the
// countries of one standing on the meeting's first day, in protocol order.
type CountryChoiceGroup struct {
	Heading string
	Choices []CountryChoice
}

// CountryChoice is one country's checkbox (name "participants", value
// its ISO 3166 code, id "f-participant-<code>").
type CountryChoice struct {
	ISO3    string
	Name    string
	Checked bool
}

// ParticipantsPanel is the participants section of a meeting's edit page:
// who takes part, a remove button for each (Remove carries a refusal's
// message under the field "remove-<code>"), and the form that adds the
// countries that do not take part yet (Add: "participants" and "quota").
type ParticipantsPanel struct {
	Meeting     convene.Meeting
	Delegations []convene.Delegation
	Groups      []CountryChoiceGroup
	Add         Form
	Remove      Form
}

// RemoveField is the field a refused removal's message is shown at.
func RemoveField(iso3 string) string { return "remove-" + strings.ToLower(iso3) }
