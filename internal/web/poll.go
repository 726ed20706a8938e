package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// A meeting's availability poll: the secretariat opens it from the planner
// on some of its candidate dates, follows the answers and reminds or
// confirms on its page; each delegation's focal point answers every
// candidate on one page of its own (another delegation's answers 404, like
// a missing one).

// handlePollNew opens the poll on the dates ticked on the planner. A
// refusal (no date ticked, a date outside the month, a closing day in the
// past) shows the planner again with the message next to the field and the
// ticks kept (422); nothing is written.
func (s *Server) handlePollNew(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: map[string]string{"closes_on": strings.TrimSpace(c.FormValue("closes_on"))}}
	p := convene.Problems{}
	var starts []convene.Date
	var typed []string
	for _, v := range c.Request().PostForm["start"] {
		d, err := convene.ParseDate(strings.TrimSpace(v))
		if err != nil {
			p.Add("candidates", "Tick dates from the list.")
			continue
		}
		starts = append(starts, d)
		typed = append(typed, d.String())
	}
	f.Values["start"] = strings.Join(typed, " ")
	var closes convene.Date
	if v := f.Get("closes_on"); v != "" {
		closes = formDate(v, "closes_on", "Enter the day the poll closes as YYYY-MM-DD.", p)
	}
	page := func(f views.Form) (templ.Component, error) {
		v, err := s.plannerView(c, m, f)
		return views.PlannerPage(v), err
	}
	if err := p.Err(); err != nil {
		return s.renderFormOf(c, err, page, f)
	}
	poll, err := s.db.OpenPoll(c.Request().Context(), m.ID, starts, closes)
	if err != nil {
		return s.renderFormOf(c, err, page, f)
	}
	return s.redirect(c, paths.Poll(m.Code), fmt.Sprintf("Poll opened on %d %s until %s. Ask the focal points with "+
		"“Ask those who have not answered”: it writes to each of them.", len(poll.Candidates),
		pluralWord(len(poll.Candidates), "range of dates", "ranges of dates"), poll.ClosesOn.Long()))
}

// pollSummary ranks the meeting's poll by holidays, clashes and every
// delegation's answers (convene.RankPoll), or returns nil when the meeting
// has no poll. in is the planner's input for the meeting.
func (s *Server) pollSummary(c echo.Context, m convene.Meeting, in convene.PlanInput) (*views.PollSummary, error) {
	ctx := c.Request().Context()
	poll, err := s.db.FindPoll(ctx, m.ID)
	if convene.ErrorCode(err) == convene.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	answers, err := s.db.FindPollAnswers(ctx, poll.ID, 0)
	if err != nil {
		return nil, err
	}
	answered := map[int64]bool{}
	for _, a := range answers {
		answered[a.DelegationID] = true
	}
	return &views.PollSummary{Poll: poll, Ranked: convene.RankPoll(in, poll, in.Participants, answers),
		Open: poll.OpenOn(s.meetingToday(m)), Answered: len(answered), Delegations: len(in.Participants)}, nil
}

// meetingToday is today in the meeting's zone, by the store's clock.
func (s *Server) meetingToday(m convene.Meeting) convene.Date {
	return convene.DateOf(s.db.Now().In(m.Location()))
}

// handlePoll shows the secretariat the poll ranked with the answers, every
// delegation's answers, and the reminder and confirm buttons.
func (s *Server) handlePoll(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	in, err := s.db.PlannerInput(ctx, m)
	if err != nil {
		return err
	}
	in.Today, in.LeadDays = s.meetingToday(m), defaultLeadDays
	sum, err := s.pollSummary(c, m, in)
	if err != nil {
		return err
	}
	if sum == nil {
		return convene.NotFound("Poll")
	}
	gs, err := s.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
	if err != nil {
		return err
	}
	answers, err := s.db.FindPollAnswers(ctx, sum.Poll.ID, 0)
	if err != nil {
		return err
	}
	rows := make([]views.PollRow, len(gs))
	for i, g := range gs {
		rows[i] = views.PollRow{Delegation: g, Href: paths.PollAnswer(m.Code, g.Country.ISO3),
			Answers: map[int64]convene.PollResponse{}}
		for _, a := range answers {
			if a.DelegationID == g.ID {
				rows[i].Answers[a.CandidateID] = a
			}
		}
	}
	return s.render(c, http.StatusOK, views.PollPage(m, *sum, rows))
}

// handlePollRemind queues one reminder to each focal point whose delegation
// has not answered every date; the poll page says how many.
func (s *Server) handlePollRemind(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	n, err := s.db.RemindPoll(c.Request().Context(), m.ID)
	if convene.ErrorCode(err) == convene.EINVALID {
		return s.redirectError(c, paths.Poll(m.Code), convene.ErrorMessage(err))
	} else if err != nil {
		return err
	}
	if n == 0 {
		return s.redirect(c, paths.Poll(m.Code), "Every delegation with a focal point has answered: nobody to remind.")
	}
	return s.redirect(c, paths.Poll(m.Code), fmt.Sprintf("%d %s queued to the focal points who have not answered.",
		n, pluralWord(n, "reminder", "reminders")))
}

// handlePollConfirm fixes the meeting's dates to one of the poll's
// candidates: the poll closes and the focal points are told.
func (s *Server) handlePollConfirm(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(c.FormValue("candidate"), 10, 64)
	if err != nil || id <= 0 {
		return s.redirectError(c, paths.Poll(m.Code), "Choose one of the poll's dates.")
	}
	fixed, err := s.db.ConfirmPollCandidate(c.Request().Context(), m.ID, id)
	if convene.ErrorCode(err) == convene.EINVALID {
		return s.redirectError(c, paths.Poll(m.Code), convene.ErrorMessage(err))
	} else if err != nil {
		return err
	}
	return s.redirect(c, paths.Meeting(fixed.Code), fixed.Title+" is now set for "+fixed.DatesLabel()+
		"; the poll is closed and the focal points are told.")
}

// pollAnswerPage loads what a delegation's answer page shows: the meeting,
// the delegation the path names (404 for a delegation the actor may not
// see, exactly as for a missing one), the poll and the delegation's own
// answers.
func (s *Server) pollAnswerPage(c echo.Context) (convene.Meeting, convene.Delegation, convene.Poll, []convene.PollResponse, error) {
	m, g, err := s.loadDelegation(c)
	if err != nil {
		return m, g, convene.Poll{}, nil, err
	}
	p, err := s.db.FindPoll(c.Request().Context(), m.ID)
	if err != nil {
		return m, g, p, nil, err
	}
	answers, err := s.db.FindPollAnswers(c.Request().Context(), p.ID, g.ID)
	return m, g, p, answers, err
}

// handlePollAnswerForm shows a delegation's answer page with its answers so
// far.
func (s *Server) handlePollAnswerForm(c echo.Context) error {
	m, g, p, answers, err := s.pollAnswerPage(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: map[string]string{}}
	for _, a := range answers {
		f.Values[convene.PollAnswerField(a.CandidateID)] = string(a.Answer)
		f.Values[convene.PollCommentField(a.CandidateID)] = a.Comment
	}
	return s.render(c, http.StatusOK, views.PollAnswerPage(m, g, p, p.OpenOn(s.meetingToday(m)), f))
}

// handlePollAnswer saves a delegation's answers to every date while the
// poll is open. A date left unanswered comes back next to it (422, what was
// chosen kept); after the poll closes the page says so and nothing is
// written.
func (s *Server) handlePollAnswer(c echo.Context) error {
	m, g, p, _, err := s.pollAnswerPage(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: map[string]string{}}
	var answers []convene.PollResponse
	for _, cand := range p.Candidates {
		a, cm := convene.PollAnswerField(cand.ID), convene.PollCommentField(cand.ID)
		f.Values[a], f.Values[cm] = c.FormValue(a), c.FormValue(cm)
		if f.Values[a] != "" || f.Values[cm] != "" {
			answers = append(answers, convene.PollResponse{CandidateID: cand.ID, DelegationID: g.ID, CountryID: g.CountryID,
				Answer: convene.PollAnswer(f.Values[a]), Comment: f.Values[cm]})
		}
	}
	page := func(f views.Form) templ.Component {
		return views.PollAnswerPage(m, g, p, p.OpenOn(s.meetingToday(m)), f)
	}
	if err := s.db.AnswerPoll(c.Request().Context(), m.ID, g.ID, answers); err != nil {
		return s.renderForm(c, err, page, f)
	}
	return s.redirect(c, paths.PollAnswer(m.Code, g.Country.ISO3), fmt.Sprintf("The answers of %s are saved. You can change them until %s.",
		g.Country.Name, p.ClosesOn.Long()))
}

// meetingPollLink is the meeting page's link to its poll: the poll's page
// for the secretariat, the answer page of a focal point's own delegation
// (delegations holds only it), nothing for others or without a poll.
func (s *Server) meetingPollLink(c echo.Context, m convene.Meeting, delegations []convene.Delegation) (views.MeetingPoll, error) {
	a := actor(c)
	if !convene.Allow(a.Role, convene.PermAnswerPoll) || !m.Tentative() && !a.Role.IsSecretariat() {
		return views.MeetingPoll{}, nil
	}
	p, err := s.db.FindPoll(c.Request().Context(), m.ID)
	if convene.ErrorCode(err) == convene.ENOTFOUND {
		return views.MeetingPoll{}, nil
	} else if err != nil {
		return views.MeetingPoll{}, err
	}
	if a.Role.IsSecretariat() {
		return views.MeetingPoll{Href: paths.Poll(m.Code), Label: "Availability poll"}, nil
	}
	for _, g := range delegations {
		if convene.CanSeeCountry(a, g.CountryID) && p.OpenOn(s.meetingToday(m)) {
			return views.MeetingPoll{Href: paths.PollAnswer(m.Code, g.Country.ISO3),
				Label: "Answer the date poll for " + g.Country.Name}, nil
		}
	}
	return views.MeetingPoll{}, nil
}
