package demo

import (
	"context"
	"fmt"

	"convene/internal/convene"
)

// pollAnswers are the demo answers to ADSOM 2025's availability poll, by
// country and candidate (its first day): four focal points answered, the
// others have not yet. The comments are fictitious.
var pollAnswers = map[string]map[string]convene.PollResponse{
	"IDN": {
		"2025-09-03": {Answer: convene.AnswerAvailable},
		"2025-09-10": {Answer: convene.AnswerAvailable},
		"2025-09-24": {Answer: convene.AnswerIfNeedBe, Comment: "Our Minister travels that week; the head of delegation could come."},
	},
	"PHL": {
		"2025-09-03": {Answer: convene.AnswerIfNeedBe},
		"2025-09-10": {Answer: convene.AnswerAvailable},
		"2025-09-24": {Answer: convene.AnswerAvailable},
	},
	"THA": {
		"2025-09-03": {Answer: convene.AnswerUnavailable, Comment: "Defence budget hearings in the National Assembly."},
		"2025-09-10": {Answer: convene.AnswerAvailable},
		"2025-09-24": {Answer: convene.AnswerAvailable},
	},
	"VNM": {
		"2025-09-03": {Answer: convene.AnswerAvailable},
		"2025-09-10": {Answer: convene.AnswerAvailable},
		"2025-09-24": {Answer: convene.AnswerUnavailable, Comment: "Bận diễn tập quốc phòng (national defence exercise)."},
	},
}

// loadPoll opens ADSOM 2025's availability poll on three ranges of
// September, closing a month after the demo is loaded so that it is open
// whenever the demo runs, and records the answers of four delegations,
// through the methods the planner's and the focal points' pages call.
func loadPoll(ctx context.Context, s Store, adsom *convene.Meeting, countryID map[string]int64) error {
	closes := convene.DateOf(s.Now().In(adsom.Location())).AddDays(30)
	p, err := s.OpenPoll(ctx, adsom.ID, []convene.Date{date(2025, 9, 3), date(2025, 9, 10), date(2025, 9, 24)}, closes)
	if err != nil {
		return err
	}
	for _, iso3 := range []string{"IDN", "PHL", "THA", "VNM"} {
		g, err := s.DelegationID(ctx, adsom.ID, countryID[iso3])
		if err != nil {
			return err
		}
		var answers []convene.PollResponse
		for _, c := range p.Candidates {
			a := pollAnswers[iso3][c.Start.String()]
			a.CandidateID, a.DelegationID, a.CountryID = c.ID, g, countryID[iso3]
			answers = append(answers, a)
		}
		if err := s.AnswerPoll(ctx, adsom.ID, g, answers); err != nil {
			return fmt.Errorf("%s: %w", iso3, err)
		}
	}
	return nil
}

// LoadNextCycle generates the demo's 2026 cycle from its 2025 meetings and
// creates all of it, as the calendar's review page does when everything
// is ticked: proposed meetings known only to the month, hosted by the
// Philippines, the chair of 2026. `convene demo` loads it after Load; the
// web tests' dataset stops at Load, so that they generate it themselves.
func LoadNextCycle(ctx context.Context, s Store) error {
	props, err := s.ProposeNextCycle(ctx, 2025)
	if err != nil {
		return err
	}
	var codes []string
	for _, p := range props {
		if !p.Exists {
			codes = append(codes, p.Meeting.Code)
		}
	}
	if _, err := s.CreateNextCycle(ctx, 2025, codes); err != nil {
		return fmt.Errorf("2026 cycle: %w", err)
	}
	return nil
}
