package convene

import (
	"strings"
	"testing"
)

func adsom2025() Meeting {
	return Meeting{ID: 3, Title: "ADSOM 2025", Kind: KindADSOM, DatePrecision: PrecisionMonth, Status: StatusProposed,
		StartDate: day(2025, 9, 1), EndDate: day(2025, 9, 30), LengthDays: 2, TimeZone: "Asia/Kuala_Lumpur"}
}

// TestNewPoll: a poll needs candidates inside the meeting's month, none
// twice, at most MaxPollCandidates, and a closing day not in the past;
// each refusal names its field.
func TestNewPoll(t *testing.T) {
	today := day(2025, 6, 10)
	tests := []struct {
		name   string
		starts []Date
		closes Date
		field  string
	}{
		{"good", []Date{day(2025, 9, 17), day(2025, 9, 3)}, day(2025, 6, 30), ""},
		{"closing today", []Date{day(2025, 9, 3)}, today, ""},
		{"no candidates", nil, day(2025, 6, 30), "candidates"},
		{"outside the month", []Date{day(2025, 10, 1)}, day(2025, 6, 30), "candidates"},
		{"running into the next month", []Date{day(2025, 9, 30)}, day(2025, 6, 30), "candidates"},
		{"twice", []Date{day(2025, 9, 3), day(2025, 9, 3)}, day(2025, 6, 30), "candidates"},
		{"too many", []Date{day(2025, 9, 1), day(2025, 9, 2), day(2025, 9, 3), day(2025, 9, 4), day(2025, 9, 5),
			day(2025, 9, 8), day(2025, 9, 9), day(2025, 9, 10), day(2025, 9, 11)}, day(2025, 6, 30), "candidates"},
		{"closing in the past", []Date{day(2025, 9, 3)}, day(2025, 6, 9), "closes_on"},
		{"no closing day", []Date{day(2025, 9, 3)}, Date{}, "closes_on"},
	}
	for _, tc := range tests {
		p, err := NewPoll(adsom2025(), tc.starts, tc.closes, today)
		fields := ErrorFields(err)
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if fields[tc.field] == "" {
			t.Errorf("%s: problems %v, want one for %q", tc.name, fields, tc.field)
		}
		if len(p.Candidates) != 0 {
			t.Errorf("%s: a refused poll has candidates", tc.name)
		}
	}
	p, _ := NewPoll(adsom2025(), []Date{day(2025, 9, 17), day(2025, 9, 3)}, day(2025, 6, 30), today)
	if len(p.Candidates) != 2 || p.Candidates[0].Label() != "3–4 September 2025" || p.Candidates[1].End != day(2025, 9, 18) {
		t.Errorf("candidates %+v", p.Candidates)
	}
	confirmed := adsom2025()
	confirmed.DatePrecision = PrecisionDay
	if _, err := NewPoll(confirmed, []Date{day(2025, 9, 3)}, day(2025, 6, 30), today); ErrorCode(err) != EINVALID {
		t.Errorf("a poll on a confirmed meeting: %v", err)
	}
}

// TestCheckPollAnswers: every candidate needs an answer while the poll is
// open; after its closing day, or once confirmed, nothing is taken.
func TestCheckPollAnswers(t *testing.T) {
	p := Poll{ID: 1, Status: PollOpen, ClosesOn: day(2025, 6, 30),
		Candidates: []PollCandidate{{ID: 10, Start: day(2025, 9, 3), End: day(2025, 9, 4)}, {ID: 11, Start: day(2025, 9, 17), End: day(2025, 9, 18)}}}
	full := []PollResponse{{CandidateID: 10, Answer: AnswerAvailable}, {CandidateID: 11, Answer: AnswerUnavailable, Comment: "ថ្ងៃបុណ្យ"}}
	if err := CheckPollAnswers(p, day(2025, 6, 30), full); err != nil {
		t.Errorf("on the closing day: %v", err)
	}
	err := CheckPollAnswers(p, day(2025, 7, 1), full)
	if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), "closed on 30 June 2025") || len(ErrorFields(err)) != 0 {
		t.Errorf("after the closing day: %v", err)
	}
	confirmed := p
	confirmed.Status, confirmed.ConfirmedStart = PollConfirmed, day(2025, 9, 3)
	if err := CheckPollAnswers(confirmed, day(2025, 6, 20), full); !strings.Contains(ErrorMessage(err), "3 September 2025") {
		t.Errorf("confirmed: %v", err)
	}
	err = CheckPollAnswers(p, day(2025, 6, 20), full[:1])
	if ErrorFields(err)[PollAnswerField(11)] == "" {
		t.Errorf("a candidate left unanswered: %v", err)
	}
	bad := []PollResponse{{CandidateID: 10, Answer: "maybe"}, {CandidateID: 11, Answer: AnswerIfNeedBe, Comment: strings.Repeat("x", 501)}}
	fields := ErrorFields(CheckPollAnswers(p, day(2025, 6, 20), bad))
	if fields[PollAnswerField(10)] == "" || fields[PollCommentField(11)] == "" {
		t.Errorf("bad answer and long comment: %v", fields)
	}
	if err := CheckPollAnswers(p, day(2025, 6, 20), append(full, PollResponse{CandidateID: 99, Answer: AnswerAvailable})); ErrorCode(err) != EINVALID {
		t.Errorf("an answer to a candidate of another poll: %v", err)
	}
}

// TestRankPoll: the candidates are weighed by holidays and answers
// together, and the ranking changes with the answers; who cannot come is
// named with why, a country that says it is available despite its holiday
// is taken at its word.
func TestRankPoll(t *testing.T) {
	khm, mys, vnm := Country{ID: 1, Name: "Cambodia"}, Country{ID: 2, Name: "Malaysia"}, Country{ID: 3, Name: "Viet Nam"}
	in := PlanInput{Meeting: adsom2025(), Countries: map[int64]string{1: "Cambodia", 2: "Malaysia", 3: "Viet Nam"},
		Holidays: []Holiday{{CountryID: 2, Country: "Malaysia", Date: day(2025, 9, 16), Name: "Malaysia Day"}}}
	p := Poll{Status: PollOpen, Candidates: []PollCandidate{{ID: 10, Start: day(2025, 9, 3)}, {ID: 11, Start: day(2025, 9, 16)}}}
	order := func(rs []RankedCandidate) string {
		var s []string
		for _, r := range rs {
			s = append(s, r.Label())
		}
		return strings.Join(s, " | ")
	}
	delegations := []Country{khm, mys, vnm}
	rs := RankPoll(in, p, delegations, nil)
	if order(rs) != "3–4 September 2025 | 16–17 September 2025" || len(rs[0].Unanswered) != 3 ||
		strings.Join(rs[1].CannotCome, ";") != "Malaysia (public holiday: Malaysia Day)" {
		t.Errorf("before answers: %s %+v", order(rs), rs)
	}
	answers := []PollResponse{
		{CandidateID: 10, CountryID: 1, Answer: AnswerUnavailable, Comment: "Pchum Ben preparations"},
		{CandidateID: 10, CountryID: 3, Answer: AnswerIfNeedBe},
		{CandidateID: 11, CountryID: 1, Answer: AnswerAvailable},
		{CandidateID: 11, CountryID: 2, Answer: AnswerAvailable},
		{CandidateID: 11, CountryID: 3, Answer: AnswerAvailable},
	}
	rs = RankPoll(in, p, delegations, answers)
	if order(rs) != "16–17 September 2025 | 3–4 September 2025" {
		t.Errorf("after answers: %s", order(rs))
	}
	if len(rs[0].CannotCome) != 0 || len(rs[0].Available) != 3 {
		t.Errorf("Malaysia answered available despite Malaysia Day: %+v", rs[0])
	}
	if strings.Join(rs[1].CannotCome, ";") != "Cambodia (unavailable: Pchum Ben preparations)" ||
		strings.Join(rs[1].IfNeedBe, ";") != "Viet Nam" || strings.Join(rs[1].Unanswered, ";") != "Malaysia" ||
		strings.Join(rs[1].Comments, ";") != "Cambodia: Pchum Ben preparations" {
		t.Errorf("3 September: %+v", rs[1])
	}
	// A regional holiday counts only where the venue is.
	in.Holidays = []Holiday{{CountryID: 2, Country: "Malaysia", Date: day(2025, 9, 3), Name: "Thaipusam", Region: "MY-07"}}
	if rs := RankPoll(in, p, delegations, nil); len(rs[0].CannotCome) != 0 || rs[0].Start != day(2025, 9, 3) {
		t.Errorf("a regional holiday away from the venue counted: %+v", rs[0])
	}
	in.Region = "MY-07"
	if rs := RankPoll(in, p, delegations, nil); rs[0].Start != day(2025, 9, 16) || len(rs[1].CannotCome) != 1 {
		t.Errorf("a regional holiday at the venue not counted: %s", order(rs))
	}
}

// TestPollMail: each message names the meeting, its dates and the link.
func TestPollMail(t *testing.T) {
	p := Poll{ClosesOn: day(2025, 6, 30), Candidates: []PollCandidate{{Start: day(2025, 9, 3), End: day(2025, 9, 4)}}}
	for _, kind := range []string{MailPollReminder, MailPollConfirmed} {
		m := PollMail(kind, "focal@example.org", "Nguyễn Thị Ánh", adsom2025(), p, "https://convene.test/x")
		if m.Kind != kind || m.To != "focal@example.org" || !strings.Contains(m.Subject, "ADSOM 2025") ||
			!strings.Contains(m.Body, "Dear Nguyễn Thị Ánh,") || !strings.Contains(m.Body, "https://convene.test/x") {
			t.Errorf("%s: %+v", kind, m)
		}
		if kind != MailPollConfirmed && !strings.Contains(m.Body, "3–4 September 2025") {
			t.Errorf("%s: no dates: %s", kind, m.Body)
		}
	}
}
