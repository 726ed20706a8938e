package web

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// A meeting's participants: chosen on the new meeting's form, added and
// removed on its edit page. Each participant is one delegation.

// participantCountries returns every country with its standing on day, in
// protocol order: what the participants' checkboxes offer. When the dated
// standings land (branch h15-ref) this reads s.db.FindCountriesOn(ctx, day)
// and convene.StandingOnDay reads the standing it set.
func (s *Server) participantCountries(ctx context.Context, day convene.Date) ([]convene.Country, error) {
	return s.db.FindCountriesOn(ctx, day)
}

// participantDay is the day whose standings group a meeting's choices: its
// first day (the first of its month while only the month is known), or
// today for a meeting whose dates are not typed yet.
func (s *Server) participantDay(m convene.Meeting) convene.Date {
	if m.StartDate.IsZero() {
		return convene.DateOf(s.db.Now().In(s.cfg.TimeZone))
	}
	return m.ProtocolDate()
}

// participantGroups builds the checkboxes of the countries not in exclude,
// grouped by standing on day: ticked as chosen says, or, when chosen is
// nil (a blank form), as a meeting of the kind expects.
func (s *Server) participantGroups(ctx context.Context, day convene.Date, kind convene.MeetingKind,
	chosen map[string]bool, exclude map[int64]bool) ([]views.CountryChoiceGroup, error) {
	cs, err := s.participantCountries(ctx, day)
	if err != nil {
		return nil, err
	}
	cs = slices.DeleteFunc(cs, func(c convene.Country) bool { return exclude[c.ID] })
	standing := func(c convene.Country) convene.Standing { return convene.StandingOnDay(c, day) }
	var out []views.CountryChoiceGroup
	for _, g := range convene.GroupParticipants(cs, standing, kind) {
		vg := views.CountryChoiceGroup{Heading: g.Standing.Plural()}
		for _, ch := range g.Choices {
			checked := ch.Default
			if chosen != nil {
				checked = chosen[ch.Country.ISO3]
			}
			vg.Choices = append(vg.Choices, views.CountryChoice{ISO3: ch.Country.ISO3, Name: ch.Country.Name, Checked: checked})
		}
		out = append(out, vg)
	}
	return out, nil
}

// tickedParticipants is the form's ticked countries as typed, for the
// round trip: their codes, upper case, space-separated.
func tickedParticipants(c echo.Context) string {
	var codes []string
	for _, v := range c.Request().PostForm["participants"] {
		if v = strings.ToUpper(strings.TrimSpace(v)); v != "" && !slices.Contains(codes, v) {
			codes = append(codes, v)
		}
	}
	return strings.Join(codes, " ")
}

// chosenSet is the set of codes a form ticked.
func chosenSet(f views.Form) map[string]bool {
	out := map[string]bool{}
	for _, code := range strings.Fields(f.Get("participants")) {
		out[code] = true
	}
	return out
}

// participantIDs turns the ticked codes into country ids; a code that names
// no country is a problem for the "participants" field.
func (s *Server) participantIDs(ctx context.Context, day convene.Date, f views.Form, p convene.Problems) ([]int64, error) {
	cs, err := s.participantCountries(ctx, day)
	if err != nil {
		return nil, err
	}
	byCode := make(map[string]int64, len(cs))
	for _, c := range cs {
		byCode[c.ISO3] = c.ID
	}
	var ids []int64
	for _, code := range strings.Fields(f.Get("participants")) {
		id, ok := byCode[code]
		if !ok {
			p.Add("participants", "Tick participants from the list.")
			continue
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// quotaValue reads a number of places; a bad one is a problem for field.
func quotaValue(f views.Form, field string, p convene.Problems) int {
	return formInt(strings.TrimSpace(f.Get(field)), field,
		fmt.Sprintf("Enter a number of places from 0 to %d.", convene.MaxQuota), p)
}

// newMeetingPage is the form that adds a meeting with its participants'
// checkboxes, grouped by standing on the meeting's day as typed.
func (s *Server) newMeetingPage(c echo.Context, m convene.Meeting, f views.Form) (templ.Component, error) {
	o, err := s.meetingOptions(c, "")
	if err != nil {
		return nil, err
	}
	var chosen map[string]bool
	if _, typed := f.Values["participants"]; typed {
		chosen = chosenSet(f)
	}
	if o.Participants, err = s.participantGroups(c.Request().Context(), s.participantDay(m), m.Kind, chosen, nil); err != nil {
		return nil, err
	}
	return views.MeetingFormPage("Add a meeting", paths.MeetingNew(), nil, f, o), nil
}

// meetingEditPage is a meeting's edit page: the meeting form f and the
// participants section, with add the form that adds participants and
// remove a refused removal's message.
func (s *Server) meetingEditPage(c echo.Context, m convene.Meeting, f, add, remove views.Form) (templ.Component, error) {
	ctx := c.Request().Context()
	o, err := s.meetingOptions(c, m.Status)
	if err != nil {
		return nil, err
	}
	gs, err := s.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
	if err != nil {
		return nil, err
	}
	taking := map[int64]bool{}
	for _, g := range gs {
		taking[g.CountryID] = true
	}
	if add.Values == nil {
		q, err := s.db.FindDefaultQuota(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		add.Values = map[string]string{"quota": strconv.Itoa(q)}
	}
	groups, err := s.participantGroups(ctx, s.participantDay(m), m.Kind, chosenSet(add), taking)
	if err != nil {
		return nil, err
	}
	o.Panel = &views.ParticipantsPanel{Meeting: m, Delegations: gs, Groups: groups, Add: add, Remove: remove}
	return views.MeetingFormPage("Change "+m.Title, paths.MeetingEdit(m.Code), nil, f, o), nil
}

// storedMeetingForm is the edit form filled from the stored meeting.
func (s *Server) storedMeetingForm(c echo.Context, m convene.Meeting) (views.Form, error) {
	codes, err := s.countryCodes(c)
	return views.Form{Values: meetingValues(m, codes)}, err
}

// handleParticipantsAdd gives the meeting one delegation for each country
// ticked on its edit page, with the quota typed.
func (s *Server) handleParticipantsAdd(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	mf, err := s.storedMeetingForm(c, m)
	if err != nil {
		return err
	}
	add := views.Form{Values: map[string]string{"participants": tickedParticipants(c), "quota": c.FormValue("quota")}}
	page := func(add views.Form) (templ.Component, error) { return s.meetingEditPage(c, m, mf, add, views.Form{}) }
	p := convene.Problems{}
	quota := quotaValue(add, "quota", p)
	ids, err := s.participantIDs(ctx, s.participantDay(m), add, p)
	if err != nil {
		return err
	}
	if err := p.Err(); err != nil {
		return s.renderFormOf(c, err, page, add)
	}
	n, err := s.db.AddParticipants(ctx, m.ID, ids, quota)
	if err != nil {
		return s.renderFormOf(c, err, page, add)
	}
	return s.redirect(c, paths.MeetingEditParticipants(m.Code),
		fmt.Sprintf("%d %s added, with %d places each.", n, pluralWord(n, "participant", "participants"), quota))
}

// handleParticipantRemove removes a participant whose delegation nobody
// is in; otherwise the edit page says why, next to the delegation.
func (s *Server) handleParticipantRemove(c echo.Context) error {
	m, g, err := s.loadDelegation(c)
	if err != nil {
		return err
	}
	err = s.db.RemoveParticipant(c.Request().Context(), m.ID, g.ID)
	if convene.ErrorCode(err) == convene.EINVALID {
		mf, ferr := s.storedMeetingForm(c, m)
		if ferr != nil {
			return ferr
		}
		err = &convene.Error{Code: convene.EINVALID, Message: convene.ErrorMessage(err),
			Fields: map[string]string{views.RemoveField(g.Country.ISO3): convene.ErrorMessage(err)}}
		return s.renderFormOf(c, err, func(remove views.Form) (templ.Component, error) {
			return s.meetingEditPage(c, m, mf, views.Form{}, remove)
		}, views.Form{})
	} else if err != nil {
		return err
	}
	return s.redirect(c, paths.MeetingEditParticipants(m.Code), g.Country.Name+" no longer takes part in "+m.Title+".")
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
