package convene

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// An availability poll asks each participating delegation's focal point
// which of some candidate date ranges of a tentative meeting suit their
// country, before the secretariat fixes the dates. A meeting has at most
// one poll. It is open until the end of its closing day in the meeting's
// zone, or until a candidate is confirmed (which closes it); answers can be
// changed while it is open. The planner weighs the answers together with
// holidays and other meetings (RankPoll).

// PollStatus is where a poll is in its life.
type PollStatus string

// Poll statuses: open takes answers until the closing day has passed;
// confirmed is closed by fixing the meeting's dates.
const (
	PollOpen      PollStatus = "open"
	PollConfirmed PollStatus = "confirmed"
)

// PollAnswer is one delegation's answer to one candidate.
type PollAnswer string

// The answers a focal point can give.
const (
	AnswerAvailable   PollAnswer = "available"
	AnswerIfNeedBe    PollAnswer = "if_need_be"
	AnswerUnavailable PollAnswer = "unavailable"
)

// PollAnswers lists the answers in the order the page offers them.
var PollAnswers = []PollAnswer{AnswerAvailable, AnswerIfNeedBe, AnswerUnavailable}

// Label is the answer in plain words.
func (a PollAnswer) Label() string {
	switch a {
	case AnswerAvailable:
		return "Available"
	case AnswerIfNeedBe:
		return "If need be"
	case AnswerUnavailable:
		return "Unavailable"
	}
	return "No answer"
}

// MaxPollCandidates is how many candidates a poll may ask about: enough to
// choose from, few enough to answer on one page.
const MaxPollCandidates = 8

// MaxPollComment is the longest comment on an answer, in characters.
const MaxPollComment = 500

// Poll is a meeting's availability poll.
type Poll struct {
	ID             int64
	MeetingID      int64
	ClosesOn       Date // the last day answers are taken, in the meeting's zone
	Status         PollStatus
	ConfirmedStart Date // the first day confirmed, once Status is PollConfirmed
	Candidates     []PollCandidate
	CreatedAt      time.Time
	ClosedAt       time.Time
}

// PollCandidate is one date range a poll asks about.
type PollCandidate struct {
	ID         int64
	Start, End Date
}

// Label is the candidate's dates, e.g. "16–17 September 2025".
func (c PollCandidate) Label() string { return Candidate{Start: c.Start, End: c.End}.Label() }

// OpenOn reports whether the poll takes answers on today (a day in the
// meeting's zone): it is not confirmed and its closing day has not passed.
func (p Poll) OpenOn(today Date) bool { return p.Status == PollOpen && !today.After(p.ClosesOn) }

// ClosedMessage says why a closed poll takes no more answers.
func (p Poll) ClosedMessage() string {
	if p.Status == PollConfirmed {
		return fmt.Sprintf("The poll is closed: the meeting's dates were fixed, from %s. Answers can no longer be changed.",
			p.ConfirmedStart.Long())
	}
	return fmt.Sprintf("The poll closed on %s. Answers can no longer be changed.", p.ClosesOn.Long())
}

// PollResponse is one delegation's answer to one candidate.
type PollResponse struct {
	CandidateID  int64
	DelegationID int64
	CountryID    int64
	Answer       PollAnswer
	Comment      string
	AnsweredAt   time.Time
}

// PollAnswerField is the form field of a candidate's answer on the answer
// page: "answer-12".
func PollAnswerField(candidateID int64) string { return "answer-" + strconv.FormatInt(candidateID, 10) }

// PollCommentField is the form field of a candidate's comment.
func PollCommentField(candidateID int64) string {
	return "comment-" + strconv.FormatInt(candidateID, 10)
}

// NewPoll checks a poll the secretariat opens on meeting m on today (a day
// in the meeting's zone) and returns it: one to MaxPollCandidates
// candidates (first days), each a range of the meeting's length inside its
// month, and a closing day not in the past. Problems are for the fields
// "candidates" and "closes_on".
func NewPoll(m Meeting, starts []Date, closesOn, today Date) (Poll, error) {
	p := Problems{}
	if !m.Tentative() {
		return Poll{}, Errorf(EINVALID, "The dates of %s are already confirmed: there is nothing to poll.", m.Title)
	}
	n := max(m.LengthDays, 1)
	var cands []PollCandidate
	for _, s := range starts {
		c := PollCandidate{Start: s, End: s.AddDays(n - 1)}
		switch {
		case s.MonthStart() != m.StartDate.MonthStart() || c.End.After(m.StartDate.MonthEnd()):
			p.Add("candidates", fmt.Sprintf("%s is not inside %s %d: choose ranges of the meeting's month.",
				c.Label(), m.StartDate.Month, m.StartDate.Year))
		case slices.ContainsFunc(cands, func(x PollCandidate) bool { return x.Start == s }):
			p.Add("candidates", fmt.Sprintf("%s is chosen twice.", c.Label()))
		}
		cands = append(cands, c)
	}
	switch {
	case len(starts) == 0:
		p.Add("candidates", "Tick at least one range of dates to ask about.")
	case len(starts) > MaxPollCandidates:
		p.Add("candidates", fmt.Sprintf("Ask about %d ranges at most, so that one page answers them all.", MaxPollCandidates))
	}
	switch {
	case closesOn.IsZero():
		p.Add("closes_on", "Enter the day the poll closes, as YYYY-MM-DD.")
	case closesOn.Before(today):
		p.Add("closes_on", fmt.Sprintf("%s is in the past: the poll must close today or later.", closesOn.Long()))
	}
	if err := p.Err(); err != nil {
		return Poll{}, err
	}
	slices.SortFunc(cands, func(a, b PollCandidate) int { return a.Start.Compare(b.Start) })
	return Poll{MeetingID: m.ID, ClosesOn: closesOn, Status: PollOpen, Candidates: cands}, nil
}

// CheckPollAnswers checks one delegation's answers before they are stored:
// the poll must be open on today, and every candidate needs an answer (a
// comment is optional and short). Problems are for each candidate's fields
// (PollAnswerField, PollCommentField); a closed poll is an error with a
// message only.
func CheckPollAnswers(p Poll, today Date, answers []PollResponse) error {
	if !p.OpenOn(today) {
		return Errorf(EINVALID, "%s", p.ClosedMessage())
	}
	probs := Problems{}
	for _, c := range p.Candidates {
		i := slices.IndexFunc(answers, func(r PollResponse) bool { return r.CandidateID == c.ID })
		if i < 0 || !slices.Contains(PollAnswers, answers[i].Answer) {
			probs.Add(PollAnswerField(c.ID), "Choose available, if need be or unavailable for "+c.Label()+".")
			continue
		}
		if utf8.RuneCountInString(answers[i].Comment) > MaxPollComment {
			probs.Add(PollCommentField(c.ID), fmt.Sprintf("The comment is longer than %d characters.", MaxPollComment))
		}
	}
	for _, r := range answers {
		if !slices.ContainsFunc(p.Candidates, func(c PollCandidate) bool { return c.ID == r.CandidateID }) {
			return Errorf(EINVALID, "The poll's dates changed; reload the page.")
		}
	}
	return probs.Err()
}

// RankedCandidate is a poll candidate weighed by everything the planner
// knows: its collisions (Candidate) and the delegations' answers.
type RankedCandidate struct {
	Candidate
	ID int64 // the poll candidate's id
	// Countries by answer, in protocol order; Unanswered have not answered
	// this candidate yet.
	Available, IfNeedBe, Unavailable, Unanswered []string
	// CannotCome names who cannot come, in protocol order, with why:
	// "Myanmar (unavailable: Armed Forces Day parade)", "Cambodia (public
	// holiday: Pchum Ben Festival)".
	CannotCome []string
	Comments   []string // "Viet Nam: Prefer the Tuesday"
	Score      int      // lower is better
}

// RankPoll weighs each candidate of the poll for the meeting planned by in
// (its participants, holidays, other meetings, weekends and lead time) and
// the answers of the delegations (their countries in protocol order), and
// returns them best first. Who cannot come: a country that answered
// unavailable, and a country with a public holiday in the range that has
// not answered available (a country that says it can come despite its
// holiday is taken at its word). The score adds 12 for each country that
// cannot come, 4 for each "if need be", 8 for each other meeting, 3 for
// each weekend day and 20 when too soon for invitations; ties keep the
// candidates in date order.
func RankPoll(in PlanInput, p Poll, delegations []Country, answers []PollResponse) []RankedCandidate {
	type key struct{ cand, country int64 }
	byKey := make(map[key]PollResponse, len(answers))
	for _, a := range answers {
		byKey[key{a.CandidateID, a.CountryID}] = a
	}
	out := make([]RankedCandidate, 0, len(p.Candidates))
	for _, pc := range p.Candidates {
		r := RankedCandidate{Candidate: in.Evaluate(pc.Start), ID: pc.ID}
		holiday := map[int64]string{}
		for _, h := range r.Holidays {
			if _, seen := holiday[h.CountryID]; !seen {
				holiday[h.CountryID] = h.Name
			}
		}
		for _, c := range delegations {
			a, answered := byKey[key{pc.ID, c.ID}]
			if answered && a.Comment != "" {
				r.Comments = append(r.Comments, c.Name+": "+a.Comment)
			}
			switch {
			case !answered:
				r.Unanswered = append(r.Unanswered, c.Name)
			case a.Answer == AnswerAvailable:
				r.Available = append(r.Available, c.Name)
			case a.Answer == AnswerIfNeedBe:
				r.IfNeedBe = append(r.IfNeedBe, c.Name)
			case a.Answer == AnswerUnavailable:
				r.Unavailable = append(r.Unavailable, c.Name)
			}
			switch {
			case answered && a.Answer == AnswerUnavailable && a.Comment != "":
				r.CannotCome = append(r.CannotCome, c.Name+" (unavailable: "+a.Comment+")")
			case answered && a.Answer == AnswerUnavailable:
				r.CannotCome = append(r.CannotCome, c.Name+" (unavailable)")
			case holiday[c.ID] != "" && !(answered && a.Answer == AnswerAvailable):
				r.CannotCome = append(r.CannotCome, c.Name+" (public holiday: "+holiday[c.ID]+")")
			}
		}
		r.Score = 12*len(r.CannotCome) + 4*len(r.IfNeedBe) + 8*len(r.Meetings) + 3*len(r.Weekend)
		if r.TooSoon {
			r.Score += 20
		}
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(a, b RankedCandidate) int {
		if a.Score != b.Score {
			return a.Score - b.Score
		}
		return a.Start.Compare(b.Start)
	})
	return out
}

// PollMail is the message a poll sends a delegation's focal point (name,
// at email) about meeting m: the request to answer, sent to those who have
// not answered every date each time the secretariat asks
// (MailPollReminder), or the dates fixed (MailPollConfirmed). link is the
// absolute address of the delegation's answer page, or for a confirmation
// the meeting's page. Opening a poll sends nothing by itself: the
// secretariat sends the first request with the same button as the
// reminders, when it is ready.
func PollMail(kind, email, name string, m Meeting, p Poll, link string) Mail {
	greet := "Dear " + strings.TrimSpace(name) + ","
	if strings.TrimSpace(name) == "" {
		greet = "Dear colleague,"
	}
	var dates []string
	for _, c := range p.Candidates {
		dates = append(dates, "- "+c.Label())
	}
	mail := Mail{Kind: kind, To: email}
	switch kind {
	case MailPollReminder:
		mail.Subject = "Which dates suit you for " + m.Title + "?"
		mail.Body = fmt.Sprintf("%s\n\nThe host's secretariat is choosing the dates of %s, and your delegation has not yet "+
			"answered every one it asks about:\n\n%s\n\nPlease answer each of them on one page, by %s:\n\n%s\n\n"+
			"You can change your answers until then.\n", greet, m.Title, strings.Join(dates, "\n"), p.ClosesOn.Long(), link)
	case MailPollConfirmed:
		mail.Subject = m.Title + " is set for " + m.DatesLabel()
		mail.Body = fmt.Sprintf("%s\n\nThank you for your answers. The dates of %s are now fixed: %s. The poll is closed.\n\n%s\n",
			greet, m.Title, m.DatesLabel(), link)
	}
	return mail
}

// Outbox kinds of the availability polls (migration 01411 adds them to the
// outbox's CHECK constraint).
const (
	MailPollReminder  = "poll_reminder"
	MailPollConfirmed = "poll_confirmed"
)
